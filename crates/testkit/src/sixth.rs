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

/// The checkout the test runs in, found at run time from the current directory (cargo runs a
/// test in its crate's folder): the nearest folder with a `Cargo.toml` and a `fixtures/`, as
/// `conformance_contract::current_workspace` finds it (this crate sits below the contract's).
/// Never from where this crate was built.
pub(crate) fn workspace() -> PathBuf {
    let here = std::env::current_dir().unwrap_or_default();
    let found = here.ancestors().find(|d| d.join("Cargo.toml").is_file() && d.join("fixtures").is_dir());
    found.map_or(here.clone(), Path::to_path_buf)
}

/// The sixth operation's data, `crates/testkit/data/sixth/` of that checkout.
fn data() -> PathBuf {
    workspace().join("crates/testkit/data/sixth")
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
            let data = workspace().join("crates/testkit/data").join(name);
            copy_tree(&data.join("fixtures"), &fixtures);
            copy_tree(&data.join("features"), &features);
        }
        Suite { _dir: dir, fixtures, features }
    }

    /// The sixth operation's vendor page.
    pub fn page() -> String {
        let path = data().join("pages/nimbus-edge-resize-cache.txt");
        std::fs::read_to_string(path).unwrap()
    }
}

impl Default for Suite {
    fn default() -> Self {
        Suite::new()
    }
}
