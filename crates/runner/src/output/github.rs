//! GitHub Actions, where the users' CI lives: what its environment asks of a run ([`CiEnv`],
//! read by the caller — the CLI reads the real variables — and handed over in
//! [`crate::RunOptions::ci`], so that a library caller and a test decide it without touching the
//! process environment), and each failure as an `::error` workflow command
//! ([`annotations`]), escaped as GitHub's workflow commands require, at the failing step's
//! feature file and line relative to the repository root.

use std::path::PathBuf;

use conformance_contract::Redacted;

use crate::report::Report;

/// The environment variables that turn the CI outputs on.
pub const GITHUB_ACTIONS: &str = "GITHUB_ACTIONS";
/// The file GitHub gives each step for its job summary (Markdown, appended to).
pub const GITHUB_STEP_SUMMARY: &str = "GITHUB_STEP_SUMMARY";
/// Where the README of the harness that runs is published (the action sets it to its own
/// repository and ref): the SARIF rules' `helpUri` point into it.
pub const CONFORMANCE_README_URL: &str = "CONFORMANCE_README_URL";

/// What the CI environment asks of a run; [`CiEnv::default`] asks nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiEnv {
    /// `GITHUB_ACTIONS=true`: print each failure as an `::error file=…,line=…,title=…::reason`
    /// workflow command. Off elsewhere.
    pub annotations: bool,
    /// `GITHUB_STEP_SUMMARY`: append the run's Markdown summary to this file.
    pub step_summary: Option<PathBuf>,
    /// `CONFORMANCE_README_URL`: where the README is published (the action sets it to its own
    /// repository and ref); `None`: the SARIF rules name the README's section, with no link.
    pub readme_url: Option<String>,
}

impl CiEnv {
    /// The CI environment as `var` gives the variables (an unset or empty one is absent).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> CiEnv {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        CiEnv {
            annotations: set(GITHUB_ACTIONS).is_some_and(|v| v.trim() == "true"),
            step_summary: set(GITHUB_STEP_SUMMARY).map(PathBuf::from),
            readme_url: set(CONFORMANCE_README_URL)
                .map(|u| u.trim().to_string())
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        }
    }

    /// The CI environment of this process.
    pub fn from_env() -> CiEnv {
        CiEnv::from_vars(|name| std::env::var(name).ok())
    }
}

/// Appends `markdown` and a newline to the job summary file at `path` (created when missing),
/// as every step that writes one does.
pub fn append_step_summary(path: &std::path::Path, markdown: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().append(true).create(true).open(path)?;
    std::io::Write::write_all(&mut file, format!("{markdown}\n").as_bytes())
}

/// A workflow command's message: `%`, CR and LF escaped.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: as [`escape_data`], and `:` and `,` too.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error` line per failed or errored scenario, in report order: at the failing step's
/// file (`features` as `root` names it, relative to the repository root) and line, titled by
/// the outcome, the kind of check and the scenario, with the one-line reason as the message.
pub fn annotations(report: &Redacted<Report>, root: &str) -> Vec<String> {
    report
        .scenarios
        .iter()
        .filter_map(|s| {
            let f = s.outcome.failure()?;
            let (file, line) = super::place(root, s, f);
            let word = if f.is_error() { "errored" } else { "failed" };
            let title = format!("conformance {word} ({}): {}", f.kind.id(), s.id);
            Some(format!(
                "::error file={},line={line},title={}::{}",
                escape_property(&file),
                escape_property(&title),
                escape_data(&f.headline())
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variables_turn_the_outputs_on_and_nothing_else_does() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(CiEnv::from_vars(vars(&[])), CiEnv::default());
        let on = CiEnv::from_vars(vars(&[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_STEP_SUMMARY", "/tmp/summary.md"),
            ("CONFORMANCE_README_URL", "https://example.com/h/README.md"),
        ]));
        assert!(on.annotations);
        assert_eq!(on.step_summary, Some(PathBuf::from("/tmp/summary.md")));
        assert_eq!(on.readme_url.as_deref(), Some("https://example.com/h/README.md"));
        let off = CiEnv::from_vars(vars(&[
            ("GITHUB_ACTIONS", "false"),
            ("GITHUB_STEP_SUMMARY", ""),
            ("CONFORMANCE_README_URL", "README.md"),
        ]));
        assert_eq!(off, CiEnv::default(), "false, empty and a relative URL turn nothing on");
    }

    #[test]
    fn workflow_commands_escape_what_github_requires() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
