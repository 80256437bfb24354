//! `--base-url` is checked before anything runs: a URL with credentials, a query or no scheme
//! is a usage error (exit 2) that says how to fix it, and the password of a URL with
//! credentials is found in no output (stdout, stderr, and no report is written).

use std::process::Command;

/// `conformance run` with `args`, reports asked for in a temporary folder: the exit code, what
/// it printed, and the reports it left.
fn run(args: &[&str]) -> (i32, String, Vec<String>) {
    let out = tempfile::tempdir().expect("a temporary folder");
    let report = |name: &str| out.path().join(name).to_string_lossy().into_owned();
    let (junit, json, html) = (report("j.xml"), report("c.json"), report("r.html"));
    let o = Command::new(env!("CARGO_BIN_EXE_conformance"))
        .arg("run")
        .args(args)
        .args(["--junit", &junit, "--json", &json, "--html", &html])
        .output()
        .expect("the binary runs");
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let left = std::fs::read_dir(out.path()).expect("listed").flatten();
    (o.status.code().expect("exited"), text, left.map(|e| e.file_name().to_string_lossy().into_owned()).collect())
}

#[test]
fn a_base_url_with_credentials_is_a_usage_error_that_never_shows_the_password() {
    for url in ["http://user:s3cretpw@127.0.0.1:1/", "user:s3cretpw@gateway.example.com", "http://user:s3cretpw@h/?q=1"]
    {
        let (code, text, left) = run(&["--base-url", url]);
        assert_eq!(code, 2, "{url}: {text}");
        assert!(text.contains("credentials belong in the profile"), "{url}: {text}");
        assert!(!text.contains("s3cretpw"), "{url}: the password is shown:\n{text}");
        assert!(left.is_empty(), "{url}: reports written: {left:?}");
    }
}

#[test]
fn a_base_url_with_a_query_or_without_a_scheme_is_a_usage_error_with_the_fix() {
    let (code, text, _) = run(&["--base-url", "http://127.0.0.1:1/?x=1"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("the base URL has a query"), "{text}");
    let (code, text, _) = run(&["--base-url", "gateway.example.com"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("did you mean https://gateway.example.com?"), "{text}");
}
