//! Headless Chromium, which renders the HTML pages (the compatibility matrix, the single-run
//! report) the way a user's browser does. Without Chromium a browser test fails under CI (`CI`
//! set; `.ci/run` installs Debian's `chromium`) and is skipped with a note elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a Chromium invocation may take.
pub const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

/// Debian's Chromium, or one on `PATH`; `None` (a note printed) where there is none and `CI`
/// is not set; a panic under CI, which must test the pages in a browser.
pub fn chromium_or_skip(what: &str) -> Option<PathBuf> {
    let fixed = Path::new("/usr/bin/chromium");
    let found = if fixed.is_file() {
        Some(fixed.to_path_buf())
    } else {
        std::env::var_os("PATH")
            .and_then(|path| std::env::split_paths(&path).map(|d| d.join("chromium")).find(|p| p.is_file()))
    };
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed, and CI must test {what} in it: `apt-get install -y chromium`"
        );
        eprintln!("NOTE: chromium is not installed: {what} was not tested in a browser (apt-get install -y chromium)");
    }
    found
}

/// Runs Chromium headless on the file `page` with `extra` flags and a profile under
/// `profile_dir`; its stdout (the DOM with `--dump-dom`).
pub fn headless(chromium: &Path, profile_dir: &Path, page: &Path, extra: &[String]) -> String {
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
    while child.try_wait().expect("wait for chromium").is_none() {
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

/// A screenshot of `page` at `width`×`height`, checked to be a PNG, copied to `keep`.
pub fn screenshot(chromium: &Path, dir: &Path, page: &Path, (width, height): (u32, u32), keep: &Path) -> Vec<u8> {
    let shot = dir.join("shot.png");
    headless(
        chromium,
        &dir.join("profile-shot"),
        page,
        &[
            format!("--screenshot={}", shot.display()),
            format!("--window-size={width},{height}"),
            "--hide-scrollbars".into(),
        ],
    );
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.len() > 1000, "the screenshot is only {} bytes", png.len());
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot is not a PNG");
    if let Some(parent) = keep.parent() {
        std::fs::create_dir_all(parent).expect("create the screenshot's folder");
    }
    std::fs::write(keep, &png).expect("keep the screenshot");
    png
}
