//! `bench-run` as a user runs it (what `cargo xtask bench stub` calls): usage errors exit 2 with
//! a message naming the option; a tiny run exits 0, writes both reports and prints both tables.
//! Debug builds: no timing is asserted.

use std::process::{Command, Output};

fn bench_run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bench-run")).args(args).output().expect("bench-run runs")
}

#[test]
fn bad_options_are_usage_errors() {
    for (args, names) in [
        (&["--latency-rate", "0"][..], "--latency-rate"),
        (&["--latency-rate", "fast"][..], "--latency-rate"),
        (&["--connections", "0"][..], "--connections"),
        (&["--requests", "0"][..], "--requests"),
        (&["--latency-requests", "lots"][..], "--latency-requests"),
    ] {
        let out = bench_run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(names), "{args:?} names the option: {err}");
    }
}

#[test]
fn a_tiny_run_writes_both_reports() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let dir = out_dir.path().to_str().expect("utf-8 path");
    let out = bench_run(&["--connections", "2", "--requests", "300", "--latency-requests", "60", "--out", dir]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stderr.contains("debug build"), "a debug build warns that its figures mean nothing: {stderr}");
    for table in ["**Saturation**", "**Latency at a fixed rate**", "| stub | 300 |", "| stub | 60 |"] {
        assert!(stdout.contains(table), "{table} in:\n{stdout}");
    }
    let md = std::fs::read_to_string(out_dir.path().join("stub.md")).expect("stub.md");
    assert!(md.contains("p99 ≤ 2 ms at a fixed rate"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.path().join("stub.json")).expect("stub.json"))
            .expect("JSON");
    assert_eq!(json["latency"]["requests"], 60);
    assert_eq!(json["runs"][1]["paced"]["requests"], 60);
    // The token the stub handed out never reaches the reports.
    assert!(!stdout.contains("stub-iam-token") && !md.contains("stub-iam-token"), "{stdout}");
}

/// `bench-server --nice N` runs every thread of the server at nice N (the driver passes 5, so
/// the load generator on the same cores runs first); out of range is a usage error.
#[cfg(target_os = "linux")]
#[test]
fn the_server_runs_at_the_nice_value_asked() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let bin = env!("CARGO_BIN_EXE_bench-server");
    let bad = Command::new(bin).args(["--kind", "bare", "--nice", "20"]).output().expect("runs");
    assert_eq!(bad.status.code(), Some(2), "{}", String::from_utf8_lossy(&bad.stderr));

    let mut child = Command::new(bin)
        .args(["--kind", "stub", "--nice", "7", "--watch-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("address");
    assert!(first.trim().parse::<std::net::SocketAddr>().is_ok(), "prints its address first: {first:?}");
    // Field 19 of /proc/<pid>/task/<tid>/stat is the nice value; the comm field (2) has no spaces here.
    let tasks = std::fs::read_dir(format!("/proc/{}/task", child.id())).expect("tasks");
    let nice: Vec<String> = tasks
        .map(|t| std::fs::read_to_string(t.expect("task").path().join("stat")).expect("stat"))
        .map(|stat| stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(16)).unwrap_or("?").to_string())
        .collect();
    drop(child.stdin.take());
    let _ = child.wait();
    assert!(nice.len() > 1, "the runtime's threads are there: {nice:?}");
    assert!(nice.iter().all(|n| n == "7"), "every thread at nice 7: {nice:?}");
}
