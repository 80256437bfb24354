//! The suite the `conformance` binary carries: `features/` and `fixtures/` as they were when it
//! was built (`include_dir!`; `build.rs` rebuilds it when either changes). At run time they are
//! written to a fresh temporary folder, removed when the command ends, so that an installed
//! binary runs from any folder with no checkout. `--features` and `--fixtures` still win.

use std::io;
use std::path::PathBuf;

use conformance_cli::Folders;
use include_dir::{Dir, include_dir};
use tempfile::TempDir;

static FEATURES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../features");
static FIXTURES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../fixtures");

/// The carried suite, written out; the folder goes when this is dropped.
#[derive(Debug)]
pub struct CarriedSuite {
    /// Holds the temporary folder.
    dir: TempDir,
}

impl CarriedSuite {
    /// Writes the carried `features/` and `fixtures/` to a new temporary folder.
    pub fn extract() -> io::Result<Self> {
        let dir = tempfile::Builder::new().prefix("conformance-suite-").tempdir()?;
        for (name, tree) in [("features", &FEATURES), ("fixtures", &FIXTURES)] {
            let to = dir.path().join(name);
            std::fs::create_dir_all(&to)?;
            tree.extract(&to)?;
        }
        Ok(CarriedSuite { dir })
    }

    /// The written folders as the commands' defaults; outputs go under `out`.
    pub fn folders(&self, out: PathBuf) -> Folders {
        Folders { features: self.dir.path().join("features"), fixtures: self.dir.path().join("fixtures"), out }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_carried_suite_is_written_whole_and_removed_after() {
        let suite = CarriedSuite::extract().expect("extracts");
        let folders = suite.folders(PathBuf::from("."));
        let count = |dir: &std::path::Path, ext: &str| {
            fn walk(dir: &std::path::Path, ext: &str) -> usize {
                std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).fold(0, |n, p| {
                    n + if p.is_dir() { walk(&p, ext) } else { usize::from(p.extension().is_some_and(|x| x == ext)) }
                })
            }
            walk(dir, ext)
        };
        fn carried(d: &Dir<'_>, ext: &str) -> usize {
            let here = d.files().filter(|f| f.path().extension().is_some_and(|x| x == ext)).count();
            here + d.dirs().map(|d| carried(d, ext)).sum::<usize>()
        }
        assert_eq!(count(&folders.features, "feature"), carried(&FEATURES, "feature"));
        assert_eq!(count(&folders.fixtures, "json"), carried(&FIXTURES, "json"));
        assert!(count(&folders.features, "feature") >= 5, "every operation has a feature file");
        assert!(count(&folders.fixtures, "json") >= 5, "every operation has a contract");
        let root = suite.dir.path().to_path_buf();
        drop(suite);
        assert!(!root.exists(), "{} is left behind", root.display());
    }
}
