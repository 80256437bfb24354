//! Reporters of the run's events (`crate::events`; never cucumber's). While the run goes, the
//! terminal's lines and live display (`live`). At its end, with the last event, which carries
//! the [`crate::Report`], the outputs (`files`): the terminal summary grouped by vendor and
//! operation, JUnit XML, cucumber JSON and SARIF for CI, a Markdown summary (a GitHub job
//! summary, or any file) and `::error` annotations, and a self-contained HTML page for people.
//! Each renderer here takes a `Redacted<Report>`, made once per run with the profile's
//! `Redactor`: a reporter cannot be handed a report that still holds secrets.
//!
//! The reports a repository reads (SARIF, annotations) name a feature file relative to the
//! repository root: [`repository_root`] says how they name the features folder.

pub(crate) mod files;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub(crate) mod live;
pub mod sarif;
pub mod summary;
pub mod terminal;

use std::path::Path;

use crate::RunOptions;
use crate::failure::Failure;
use crate::report::ScenarioResult;

/// How the reports a repository reads name the features folder, relative to the repository
/// root: the label of the default folder as it is (`features`: the harness's own, or the copy
/// the binary carries), else `--features DIR` relative to the root of the git work tree that
/// holds it (found by its `.git`), else the folder as given.
pub fn repository_root(opts: &RunOptions) -> String {
    if let Some(label) = &opts.features_label {
        return slashes(label);
    }
    relative_to_work_tree(&opts.features_dir).unwrap_or_else(|| slashes(&opts.features_dir.display().to_string()))
}

/// `dir` relative to the git work tree that holds it; `None` when no work tree does.
fn relative_to_work_tree(dir: &Path) -> Option<String> {
    let abs = dir.canonicalize().ok()?;
    let root = abs.ancestors().find(|a| a.join(".git").exists())?;
    let rel = abs.strip_prefix(root).ok()?;
    Some(slashes(&rel.to_string_lossy()))
}

/// Forward slashes, no `./` in front, no slash at the end.
fn slashes(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    p.trim_end_matches('/').to_string()
}

/// The file (under `root`) and line a failure is reported at: the failing step's, else the
/// scenario's.
pub(crate) fn place(root: &str, s: &ScenarioResult, f: &Failure) -> (String, usize) {
    let (file, line) = f.location.as_ref().map_or((s.feature.as_str(), s.line), |l| (l.file.as_str(), l.line));
    let file = if root.is_empty() { file.to_string() } else { format!("{root}/{file}") };
    (file, line)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_features_folder_is_named_relative_to_its_work_tree() {
        let labelled = RunOptions::default();
        assert_eq!(repository_root(&labelled), "features");
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
        std::fs::create_dir_all(dir.path().join("repo/qa/features")).unwrap();
        let given = RunOptions {
            features_dir: dir.path().join("repo/qa/sub/../features/"),
            features_label: None,
            ..RunOptions::default()
        };
        std::fs::create_dir_all(dir.path().join("repo/qa/sub")).unwrap();
        assert_eq!(repository_root(&given), "qa/features");
        std::fs::create_dir_all(dir.path().join("loose/features")).unwrap();
        let outside = RunOptions {
            features_dir: dir.path().join("loose/features"),
            features_label: None,
            ..RunOptions::default()
        };
        let root = repository_root(&outside);
        assert!(root.ends_with("/loose/features") && root.starts_with('/'), "no work tree: as given: {root}");
        assert_eq!(slashes(".\\a\\b\\"), "a/b");
    }
}
