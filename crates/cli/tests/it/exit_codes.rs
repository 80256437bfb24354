//! A CI can trust the exit code: a `--tags` that matches no scenario is a usage error (exit
//! 2) that names the closest tag and lists the known ones, before anything is sent or
//! written; a run in which no scenario ran is exit 4, never 0, with one line saying which
//! profile is needed.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

/// `conformance run` with `args`, a JUnit report asked for in a temporary folder: the exit
/// code, what it printed, and the files it left.
fn run(args: &[&str]) -> (i32, String, Vec<String>) {
    let out = tempfile::tempdir().expect("a temporary folder");
    let junit = out.path().join("j.xml").to_string_lossy().into_owned();
    let o = Command::new(env!("CARGO_BIN_EXE_conformance"))
        .arg("run")
        .args(args)
        .args(["--junit", &junit])
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let left = std::fs::read_dir(out.path()).expect("listed").flatten();
    (o.status.code().expect("exited"), text, left.map(|e| e.file_name().to_string_lossy().into_owned()).collect())
}

/// A loopback server answering every request `404` and counting them; its base URL.
fn counting_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = std::sync::Arc::clone(&count);
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf);
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = conn.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (url, count)
}

#[test]
fn a_tag_that_matches_no_scenario_is_a_usage_error_listing_the_known_tags() {
    let (url, count) = counting_server();
    let (code, text, left) = run(&["--base-url", &url, "--tags", "@huawei-apgi"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--tags \"@huawei-apgi\" matches no scenario"), "{text}");
    assert!(text.contains("did you mean @huawei-apig?") && text.contains("The known tags:"), "{text}");
    assert!(text.contains("@status-202") && text.contains("@effect-billable"), "{text}");
    assert!(left.is_empty(), "nothing written: {left:?}");
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 0, "nothing sent, not even the probe");
}

#[test]
fn a_run_in_which_nothing_ran_exits_4_and_says_which_profile_is_needed() {
    let (url, _) = counting_server();
    let (code, text, _) = run(&["--base-url", &url]);
    assert_eq!(code, 4, "{text}");
    assert_eq!(text.matches("hint: no --profile was given").count(), 1, "{text}");
    assert!(text.contains("Result: NOTHING RAN"), "{text}");
}
