//! Interrupted runs restore (issue 24, item 1), on the installed binary as a subprocess, against
//! the standalone stub with a settle time: a real SIGINT during a settle wait ends the run with
//! exit 130 after it set the gateway back, with every report and the account section; a SIGKILL
//! there leaves a journal, which stops the next run before its first request, and `conformance
//! restore` sets back what it names. Each time the stub's state (its admin API) is as found.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use conformance_stub::{ServeHandle, StubConfig};

const TAGS: &str = "@postpaid-resize and @status-202";

/// The standalone stub, its profile (the gateway settles `settle` seconds) written in `dir`.
async fn stub(dir: &Path, settle: u64) -> (ServeHandle, PathBuf) {
    let handle = conformance_stub::serve(StubConfig::deterministic(), "127.0.0.1:0".parse().expect("an address"))
        .await
        .expect("the stub serves");
    let toml = conformance_stub::profile::profile_file(&handle.profile());
    assert!(toml.contains("[huawei.apig]\n"), "{toml}");
    let toml = toml.replace("[huawei.apig]\n", &format!("[huawei.apig]\nsettle_seconds = {settle}\n"));
    let path = dir.join("stub.toml");
    std::fs::write(&path, toml).expect("the profile");
    (handle, path)
}

/// The stub's resources, as its admin API reports them.
async fn resources(handle: &ServeHandle) -> serde_json::Value {
    let url = format!("{}/__stub/state", handle.base_url());
    let state: serde_json::Value = reqwest::get(url).await.expect("answers").json().await.expect("JSON");
    state["resources"].clone()
}

fn conformance(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conformance"));
    cmd.current_dir(dir).env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS").env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// `conformance run` with `args`, its output collected as it comes.
fn spawn(dir: &Path, args: &[&str]) -> (Child, Arc<Mutex<String>>) {
    let mut child = conformance(dir)
        .arg("run")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let out = Arc::new(Mutex::new(String::new()));
    let streams: [Box<dyn std::io::Read + Send>; 2] =
        [Box::new(child.stdout.take().expect("stdout")), Box::new(child.stderr.take().expect("stderr"))];
    for stream in streams {
        let out = Arc::clone(&out);
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let mut o = out.lock().expect("not poisoned");
                o.push_str(&line);
                o.push('\n');
            }
        });
    }
    (child, out)
}

/// Waits until the output shows a settle wait.
async fn until_waiting(out: &Arc<Mutex<String>>) {
    let start = Instant::now();
    while !out.lock().expect("not poisoned").contains("  waiting ") {
        assert!(start.elapsed() < Duration::from_secs(120), "no settle wait:\n{}", out.lock().expect("not poisoned"));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn exited(mut child: Child) -> std::process::ExitStatus {
    tokio::task::spawn_blocking(move || child.wait().expect("waits")).await.expect("joins")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigint_during_a_settle_wait_sets_back_what_the_run_changed_and_exits_130() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (handle, profile) = stub(dir.path(), 4).await;
    let before = resources(&handle).await;
    let junit = dir.path().join("junit.xml");
    let p = profile.to_str().expect("utf-8");
    let args = ["--profile", p, "--tags", TAGS, "--junit", "junit.xml", "--summary", "summary.md"];
    let (child, out) = spawn(dir.path(), &args);
    until_waiting(&out).await;
    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().expect("kill runs");
    assert!(sent.success());
    let status = exited(child).await;
    let text = out.lock().expect("not poisoned").clone();
    assert_eq!(status.code(), Some(i32::from(conformance_cli::EXIT_INTERRUPTED)), "{text}");
    assert!(text.contains("interrupted (SIGINT): starting nothing new"), "{text}");
    assert!(text.contains("the wait for gateway") && text.contains("the restore waits out the rest"), "{text}");
    assert!(text.contains("restored gateway /v2/"), "the account section: {text}");
    assert!(text.contains("Result: INTERRUPTED (SIGINT"), "{text}");
    assert!(text.contains("interrupted (SIGINT) before it finished"), "the stopped scenario is skipped: {text}");
    let xml = std::fs::read_to_string(&junit).expect("the JUnit report is written");
    assert!(xml.contains("restored gateway"), "{xml}");
    let summary = std::fs::read_to_string(dir.path().join("summary.md")).expect("the summary is written");
    assert!(summary.starts_with("## Conformance: INTERRUPTED"), "{summary}");
    assert_eq!(resources(&handle).await, before, "the stub's state is as the run found it\n{text}");
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_sigkill_in_a_settle_wait_the_journal_stops_the_next_run_and_restore_sets_the_account_back() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (handle, profile) = stub(dir.path(), 4).await;
    let before = resources(&handle).await;
    let p = profile.to_str().expect("utf-8");
    let args = ["--profile", p, "--tags", TAGS, "--journal", "run.jsonl"];
    let (mut child, out) = spawn(dir.path(), &args);
    until_waiting(&out).await;
    child.kill().expect("SIGKILL");
    let _ = exited(child).await;
    assert_ne!(resources(&handle).await, before, "the run changed the gateway and was killed before it set it back");

    // The next run with that journal stops before its first request, and says what to do.
    let next: Output = conformance(dir.path()).arg("run").args(args).output().expect("runs");
    let text = String::from_utf8_lossy(&next.stderr);
    assert_eq!(next.status.code(), Some(i32::from(conformance_cli::EXIT_COULD_NOT_RUN)), "{text}");
    assert!(text.contains("an unfinished run"), "{text}");
    assert!(text.contains("conformance restore --journal run.jsonl"), "{text}");
    assert!(text.contains("spec_id PROFESSIONAL; it should have spec_id BASIC"), "{text}");

    let restore: Output =
        conformance(dir.path()).args(["restore", "--journal", "run.jsonl", "--profile", p]).output().expect("runs");
    let said = String::from_utf8_lossy(&restore.stdout);
    assert_eq!(restore.status.code(), Some(0), "{said}\n{}", String::from_utf8_lossy(&restore.stderr));
    assert!(said.contains("restored gateway /v2/"), "{said}");
    assert_eq!(resources(&handle).await, before, "restore set the stub's state back as the run found it");
    let journal = std::fs::read_to_string(dir.path().join("run.jsonl")).expect("the journal");
    let secrets = handle.profile().secrets();
    assert!(!secrets.is_empty());
    for secret in secrets {
        assert!(!journal.contains(secret.as_str()), "no secret in the journal:\n{journal}");
    }
    assert!(journal.contains("\"intent\"") && journal.contains("\"done\":true"), "{journal}");

    // Done: the journal is finished, and the next run goes ahead.
    let again: Output =
        conformance(dir.path()).args(["restore", "--journal", "run.jsonl", "--profile", p]).output().expect("runs");
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("every resource it names is back"));
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sigint_stops_at_once_and_says_what_it_left_changed() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (handle, profile) = stub(dir.path(), 8).await;
    let before = resources(&handle).await;
    let p = profile.to_str().expect("utf-8");
    let (child, out) = spawn(dir.path(), &["--profile", p, "--tags", TAGS, "--journal", "run.jsonl"]);
    until_waiting(&out).await;
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().expect("kill runs").success());
    let start = Instant::now();
    while !out.lock().expect("not poisoned").contains("the restore waits out the rest") {
        assert!(start.elapsed() < Duration::from_secs(30), "{}", out.lock().expect("not poisoned"));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(Command::new("kill").args(["-INT", &pid]).status().expect("kill runs").success());
    let status = exited(child).await;
    let took = start.elapsed();
    let text = out.lock().expect("not poisoned").clone();
    assert_eq!(status.code(), Some(i32::from(conformance_cli::EXIT_INTERRUPTED)), "{text}");
    assert!(took < Duration::from_secs(7), "at once, not after the restore's settle wait: {took:?}\n{text}");
    assert!(text.contains("stopped at once: it left these resources of the account changed:"), "{text}");
    assert!(text.contains("spec_id PROFESSIONAL; it should have spec_id BASIC"), "{text}");
    assert!(text.contains("conformance restore --journal run.jsonl --profile"), "{text}");
    assert_ne!(resources(&handle).await, before, "left changed, and said so");
    let restore: Output =
        conformance(dir.path()).args(["restore", "--journal", "run.jsonl", "--profile", p]).output().expect("runs");
    assert_eq!(restore.status.code(), Some(0), "{}", String::from_utf8_lossy(&restore.stdout));
    assert_eq!(resources(&handle).await, before);
    handle.shutdown().await;
}
