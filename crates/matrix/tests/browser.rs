//! The HTML matrix in real headless Chromium: it renders, the DOM has one `data-scenario` row
//! per scenario and one `data-target` header per target, and a screenshot is written (copied
//! to `target/compat-test/matrix.png`). Without Chromium the test fails under CI (`CI` set;
//! `.ci/run` installs Debian's `chromium`) and is skipped with a note elsewhere.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::count;

/// Longest a Chromium invocation may take.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

fn chromium() -> Option<PathBuf> {
    let fixed = Path::new("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("chromium")).find(|p| p.is_file())
}

/// Runs Chromium headless on `page` with `extra` flags; its stdout.
fn headless(chromium: &Path, profile_dir: &Path, page: &Path, extra: &[String]) -> String {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ])
    .arg(format!("--user-data-dir={}", profile_dir.display()))
    .args(extra)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("chromium starts");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if start.elapsed() > CHROMIUM_TIMEOUT {
            let _ = child.kill();
            panic!("chromium did not finish within {CHROMIUM_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("chromium output");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "chromium failed: {}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    stdout
}

#[test]
fn the_html_matrix_renders_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium is not installed, and CI must test the HTML matrix in it: `apt-get install -y chromium`");
        }
        eprintln!(
            "NOTE: chromium is not installed: the HTML matrix was not tested in a browser (apt-get install -y chromium)"
        );
        return;
    };
    let matrix = common::matrix();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("compat.html");
    std::fs::write(&page, matrix.to_html()).unwrap();

    let dom = headless(&chromium, &dir.path().join("profile-dom"), &page, &["--dump-dom".into()]);
    assert!(dom.contains("<table id=\"matrix\">"), "no matrix in the rendered DOM:\n{dom}");
    assert_eq!(count(&dom, "<tr data-scenario="), matrix.rows.len(), "{dom}");
    assert_eq!(count(&dom, "<th data-target="), matrix.columns.len(), "{dom}");
    for c in &matrix.columns {
        assert!(dom.contains(&format!("data-target=\"{}\"", c.name)), "no column {}", c.name);
    }
    // markup in a reason stayed text: the parser made no element of it
    assert!(!dom.contains("<script>alert(1)</script>"), "{dom}");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{dom}");

    let shot = dir.path().join("matrix.png");
    headless(
        &chromium,
        &dir.path().join("profile-shot"),
        &page,
        &[format!("--screenshot={}", shot.display()), "--window-size=1280,900".into(), "--hide-scrollbars".into()],
    );
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.len() > 1000, "the screenshot is only {} bytes", png.len());
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot is not a PNG");
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/compat-test");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::write(keep.join("matrix.png"), &png).unwrap();
}
