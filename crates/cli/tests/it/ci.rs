//! `conformance run` reads the CI environment itself (issue 18): run as a subprocess with
//! `GITHUB_ACTIONS=true` and `GITHUB_STEP_SUMMARY` set, against a target that fails a check,
//! it writes `--sarif` and `--summary`, appends the summary to the job summary and prints
//! `::error` lines; without those variables it prints none and writes no job summary. A run
//! that could not run says so in the job summary.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

const PROFILE: &str = r#"
[huawei]
project_id = "p1"
token = "tok-permitted-123"
[huawei.apig]
instance_id = "6a7d71827fd54572b1f31aa9548fcc81"
target_spec_id = "PROFESSIONAL"
current_spec_id = "BASIC"
[safety]
allow = ["billable"]
"#;

/// A loopback server answering every request `404`: every documented success fails its check.
fn not_found_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = [0u8; 8192];
            let _ = conn.read(&mut buf);
            let _ = conn.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    url
}

/// `conformance run` in `dir` with `args`, and the GitHub variables given (`None`: unset).
fn run(dir: &Path, args: &[&str], github: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conformance"));
    cmd.current_dir(dir).arg("run").args(args).env("NO_COLOR", "1");
    for var in ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "CONFORMANCE_README_URL"] {
        cmd.env_remove(var);
    }
    if let Some(summary) = github {
        cmd.env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary);
    }
    cmd.output().expect("the binary runs")
}

#[test]
fn under_github_actions_the_run_writes_sarif_summaries_and_error_lines() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("target.toml"), PROFILE).expect("the profile");
    let url = not_found_server();
    let job = dir.path().join("job-summary.md");
    let args = [
        "--base-url",
        &url,
        "--profile",
        "target.toml",
        "--tags",
        "@postpaid-resize and @status-202",
        "--sarif",
        "out/c.sarif",
        "--summary",
        "out/c.md",
    ];
    let o = run(dir.path(), &args, Some(&job));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}{}", String::from_utf8_lossy(&o.stderr));
    let errors: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::error file=features/")).collect();
    assert!(!errors.is_empty(), "{stdout}");
    assert!(errors.iter().all(|l| l.contains(".feature,line=") && l.contains("::expected status 202")), "{errors:?}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/c.sarif")).expect("the SARIF"))
            .expect("JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), errors.len(), "one result per annotation");
    let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert!(uri.as_str().is_some_and(|u| u.starts_with("features/huawei-apig/")), "{uri}");
    let summary = std::fs::read_to_string(dir.path().join("out/c.md")).expect("the summary");
    assert!(summary.starts_with("## Conformance: FAILED") && summary.contains("expected status 202"), "{summary}");
    assert_eq!(std::fs::read_to_string(&job).expect("the job summary"), format!("{summary}\n"));
    assert!(!stdout.contains("tok-permitted-123") && !summary.contains("tok-permitted-123"));

    // Elsewhere: no annotation, and the job summary is not written to.
    let o = run(dir.path(), &args[..6], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("::error"));
    assert_eq!(std::fs::read_to_string(&job).expect("the job summary"), format!("{summary}\n"), "unchanged");
}

#[test]
fn a_run_that_could_not_run_says_so_in_the_job_summary() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let job = dir.path().join("job-summary.md");
    let o = run(dir.path(), &["--profile", "missing.toml"], Some(&job));
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(&job).expect("the job summary");
    assert!(page.starts_with("## Conformance: COULD NOT RUN") && page.contains("missing.toml"), "{page}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.lines().any(|l| l.starts_with("::error title=conformance%3A could not run::")), "{stdout}");
}
