//! What a run checks before its first request, so a mistake is found before anything is sent
//! and no report is lost at the end: every output path (`--junit`, `--json`, `--html`,
//! `--sarif`, `--summary`, `--record`) can be written. (The features parse and every step matches a definition: the
//! plan; every credential is set and not empty, every base URL sound: the target.) Each
//! failure is "could not run" (exit 3) and names the path.

use std::path::Path;

use crate::RunOptions;
use crate::error::RunError;

/// Checks that every output file of `opts` can be written and the recording folder made.
pub(crate) fn outputs(opts: &RunOptions) -> Result<(), RunError> {
    let files = [
        ("--junit", &opts.junit),
        ("--json", &opts.json),
        ("--html", &opts.html),
        ("--sarif", &opts.sarif),
        ("--summary", &opts.summary),
    ];
    for (flag, path) in files {
        if let Some(path) = path {
            writable_file(flag, path)?;
        }
    }
    if let Some(dir) = &opts.record {
        writable_dir("--record", dir)?;
    }
    Ok(())
}

fn refused(flag: &str, path: &Path, why: impl std::fmt::Display) -> RunError {
    RunError::Config(format!("{flag} {}: cannot be written: {why}", path.display()))
}

/// `path` is a file that can be created or written: its folder is made; a file that was not
/// there is removed again.
fn writable_file(flag: &str, path: &Path) -> Result<(), RunError> {
    if path.is_dir() {
        return Err(refused(flag, path, "it is a folder; give a file name"));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| refused(flag, path, e))?;
    }
    let existed = path.exists();
    std::fs::OpenOptions::new().append(true).create(true).open(path).map_err(|e| refused(flag, path, e))?;
    if !existed {
        std::fs::remove_file(path).map_err(|e| refused(flag, path, e))?;
    }
    Ok(())
}

/// `dir` is a folder that can be made and written in.
fn writable_dir(flag: &str, dir: &Path) -> Result<(), RunError> {
    std::fs::create_dir_all(dir).map_err(|e| refused(flag, dir, e))?;
    let probe = dir.join(".conformance-write-check");
    std::fs::write(&probe, b"").map_err(|e| refused(flag, dir, e))?;
    std::fs::remove_file(&probe).map_err(|e| refused(flag, dir, e))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_or_an_unwritable_place_is_refused_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let opts = RunOptions { junit: Some(dir.path().to_path_buf()), ..RunOptions::default() };
        let e = outputs(&opts).unwrap_err().to_string();
        assert!(e.contains("--junit") && e.contains("it is a folder"), "{e}");
        let fine = dir.path().join("out/r.xml");
        let opts =
            RunOptions { json: Some(fine.clone()), record: Some(dir.path().join("rec")), ..RunOptions::default() };
        outputs(&opts).unwrap();
        assert!(!fine.exists() && fine.parent().unwrap().is_dir(), "the check leaves no file behind");
        let under_a_file = RunOptions { html: Some(fine.parent().unwrap().join("x")), ..RunOptions::default() };
        std::fs::write(fine.parent().unwrap().join("x"), b"").unwrap();
        outputs(&under_a_file).unwrap();
        let blocked = RunOptions { html: Some(dir.path().join("out/x/y.html")), ..RunOptions::default() };
        assert!(outputs(&blocked).unwrap_err().to_string().contains("--html"));
    }
}
