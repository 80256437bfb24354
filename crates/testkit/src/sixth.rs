//! The sixth operation: a resize answered 202 with a job id, on a fictional vendor (Nimbus
//! Edge, `data/sixth/`: its page, fixture and feature), added to the workspace's five as data
//! only. [`Suite::new`] copies `fixtures/` and `features/` into a temporary folder and adds it,
//! so a test runs the whole harness — the runner, the embedded or standalone stub, the strength
//! check, the OpenAPI export — on six operations without one line of Rust for the sixth.

use std::path::{Path, PathBuf};

/// The sixth operation's contract id.
pub const ID: &str = "nimbus-edge/resize-cache";

/// A secret key the sixth operation's fixture declares: no output of a run may show its value.
pub const SECRET_KEY: &str = "nimbus.token";

/// Fixtures and features: the workspace's and the sixth operation's.
pub struct Suite {
    _dir: tempfile::TempDir,
    /// The fixtures folder.
    pub fixtures: PathBuf,
    /// The features folder.
    pub features: PathBuf,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl Suite {
    /// The workspace's fixtures and features with the sixth operation added.
    pub fn new() -> Suite {
        Suite::with(&["sixth"])
    }

    /// The workspace's fixtures and features with the operations of `data/<name>/` added, for
    /// each name (`sixth`; `seventh`: the second fictional vendor, `crate::seventh`).
    pub fn with(names: &[&str]) -> Suite {
        let dir = tempfile::tempdir().unwrap();
        let (fixtures, features) = (dir.path().join("fixtures"), dir.path().join("features"));
        copy_tree(&workspace().join("fixtures"), &fixtures);
        copy_tree(&workspace().join("features"), &features);
        for name in names {
            let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(name);
            copy_tree(&data.join("fixtures"), &fixtures);
            copy_tree(&data.join("features"), &features);
        }
        Suite { _dir: dir, fixtures, features }
    }

    /// The sixth operation's vendor page.
    pub fn page() -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sixth/pages/nimbus-edge-resize-cache.txt");
        std::fs::read_to_string(path).unwrap()
    }
}

impl Default for Suite {
    fn default() -> Self {
        Suite::new()
    }
}
