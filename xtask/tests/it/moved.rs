//! A copied clone reads and writes only itself. The copy carries the built `xtask` in its own
//! `target/` (the binary built here, bytes unchanged, as a copy of a clone with its `target/`
//! would: cargo rebuilds nothing) and is run as `cargo xtask` runs it there — in the copy, with
//! the `CARGO_MANIFEST_DIR` cargo gives the process — and, without cargo, from a folder inside
//! the copy. Its scaffold writes into the copy, its run reads the copy's features, its default
//! outputs land in the copy's `target/`; the original checkout is left as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The original checkout, found as the binary under test finds one: from the test's folder.
fn original() -> PathBuf {
    conformance_contract::current_workspace()
}

/// A copy of the checkout's data and manifests, with the built `xtask` in its `target/debug/`.
fn clone_with_target(dir: &Path) -> PathBuf {
    let (from, to) = (original(), dir.join("clone"));
    for folder in ["fixtures", "features", "ci"] {
        copy_tree(&from.join(folder), &to.join(folder));
    }
    for file in ["Cargo.toml", "Cargo.lock", "xtask/Cargo.toml"] {
        std::fs::create_dir_all(to.join(file).parent().unwrap()).unwrap();
        std::fs::copy(from.join(file), to.join(file)).unwrap();
    }
    std::fs::create_dir_all(to.join("target/debug")).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_xtask"), to.join("target/debug/xtask")).unwrap();
    to
}

/// Runs the copy's xtask in `cwd`, with `CARGO_MANIFEST_DIR` as cargo would give it (or none).
fn xtask(clone: &Path, cwd: &Path, manifest: Option<&Path>, args: &[&str]) -> Output {
    let mut c = Command::new(clone.join("target/debug/xtask"));
    c.current_dir(cwd).args(args).env_remove("CARGO_MANIFEST_DIR");
    if let Some(m) = manifest {
        c.env("CARGO_MANIFEST_DIR", m);
    }
    c.output().expect("the copy's xtask runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn a_copied_clone_reads_and_writes_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let clone = clone_with_target(dir.path());
    let manifest = clone.join("xtask");
    let orig = original();
    assert_ne!(clone, orig);

    // scaffold writes into the copy
    let id = "moved-clone/resize-thing";
    let o = xtask(
        &clone,
        &clone,
        Some(&manifest),
        &["scaffold", id, "--method", "POST", "--path", "/v1/things/{thing_id}/resize", "--scheme", "huawei-sdk-hmac"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        clone.join(format!("fixtures/{id}.json")).is_file() && clone.join(format!("features/{id}.feature")).is_file()
    );
    assert!(!orig.join("fixtures/moved-clone").exists() && !orig.join("features/moved-clone").exists(), "{}", text(&o));

    // a run reads the copy's features: a scenario renamed there only is the one reported
    let feature = clone.join("features/huawei-apig/postpaid-resize.feature");
    let original_text = std::fs::read_to_string(&feature).unwrap();
    let renamed = original_text.replacen("  Scenario: ", "  Scenario: Only in the copy: ", 1);
    assert_ne!(renamed, original_text);
    std::fs::write(&feature, renamed).unwrap();
    let json = dir.path().join("run.json");
    let args = ["conformance", "-q", "--tags", "@huawei-apig", "--json", json.to_str().unwrap()];
    for (cwd, manifest) in [(clone.clone(), Some(manifest.as_path())), (clone.join("features/huawei-apig"), None)] {
        let _ = std::fs::remove_file(&json);
        let o = xtask(&clone, &cwd, manifest, &args);
        assert!(o.status.success(), "{}", text(&o));
        let report = std::fs::read_to_string(&json).unwrap();
        assert!(report.contains("Only in the copy: "), "run from {} read another features folder", cwd.display());
    }

    // default outputs land in the copy's target/, not the original's
    let theirs = orig.join("target/openapi/openapi.json");
    let before = std::fs::metadata(&theirs).and_then(|m| m.modified()).ok();
    let o = xtask(&clone, &clone, Some(&manifest), &["openapi"]);
    assert!(o.status.success(), "{}", text(&o));
    let ours = std::fs::read_to_string(clone.join("target/openapi/openapi.json")).expect("written in the copy");
    assert!(ours.contains("/v1/things/{thing_id}/resize"), "the copy's fixtures, the scaffolded one included");
    assert_eq!(std::fs::metadata(&theirs).and_then(|m| m.modified()).ok(), before, "the original's output untouched");
}

/// The source files (not tests) that take a folder from where they were built
/// (`env!("CARGO_MANIFEST_DIR")`), the installed binary's embedded copies (`include_dir!`) aside.
fn built_in_paths(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in files.iter().filter(|(p, _)| p.components().any(|c| c.as_os_str() == "src")) {
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (i, line) in code.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
            if line.contains("env!(\"CARGO_MANIFEST_DIR\")") {
                out.push(format!(
                    "{}:{}: a folder from where it was built: find it at run time",
                    path.display(),
                    i + 1
                ));
            }
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() && p.file_name().is_some_and(|n| n != "target") {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push((p.clone(), std::fs::read_to_string(&p).unwrap_or_default()));
        }
    }
}

#[test]
fn no_source_finds_a_folder_from_where_it_was_built() {
    let root = original();
    let mut files = Vec::new();
    for dir in ["crates", "xtask"] {
        sources(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "the walk found {} files", files.len());
    assert_eq!(built_in_paths(&files), Vec::<String>::new());
    let seeded = vec![(
        PathBuf::from("crates/x/src/lib.rs"),
        "//! X.\n// env!(\"CARGO_MANIFEST_DIR\") in a comment\nlet d = env!(\"CARGO_MANIFEST_DIR\");\n".to_string(),
    )];
    assert_eq!(
        built_in_paths(&seeded),
        ["crates/x/src/lib.rs:3: a folder from where it was built: find it at run time"]
    );
}
