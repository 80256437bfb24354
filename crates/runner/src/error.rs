//! Why a run could not happen at all: a usage error (exit 2: a bad tag expression, or one that
//! matches no scenario), or could not run (exit 3: a bad profile, unreadable fixtures or
//! features, options that name no usable target, an unreachable target or one whose answer is
//! unusable, a stub that would not start, a folder that is no recording, a report file that
//! could not be written); [`RunError::exit_code`] says which. Scenario failures are not
//! errors: they are in the [`crate::Report`].

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::exit::{EXIT_COULD_NOT_RUN, EXIT_USAGE};

/// A run that could not happen; its `Display` is the one clear message to print.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The target profile could not be read.
    #[error(transparent)]
    Profile(#[from] conformance_contract::ProfileError),
    /// The fixtures could not be loaded.
    #[error("cannot load the fixtures: {0}")]
    Fixtures(#[from] conformance_contract::LoadError),
    /// The features could not be read, or do not hold together with the fixtures.
    #[error("cannot use the features: {0}")]
    Features(String),
    /// `--tags` is not a tag expression.
    #[error("--tags {expr:?} is not a tag expression: {message}")]
    Tags {
        /// The expression given.
        expr: String,
        /// The parser's complaint.
        message: String,
    },
    /// `--tags` matches no scenario of the suite (a typo, a tag no feature carries).
    #[error("{}", no_scenario(expr, known))]
    NoScenario {
        /// The expression given.
        expr: String,
        /// Every tag of the suite, without `@`, by group (`vendors`, `operations`, `statuses`,
        /// `examples`, the derived ones), each group sorted.
        known: Vec<(String, Vec<String>)>,
    },
    /// The options and the profile do not say what to run against: no base URL, a vendor
    /// without one, a base URL that is not http(s).
    #[error("{0}")]
    Config(String),
    /// `--record DIR` names a folder that is no recording, or `--replay DIR` one that cannot
    /// be replayed.
    #[error("{0}")]
    Recording(String),
    /// The runner could not set itself up: the async runtime or the HTTP client.
    #[error("{0}")]
    Setup(String),
    /// A report could not be rendered.
    #[error("{0}")]
    Render(String),
    /// Nothing answered the probe sent before any scenario: refused, DNS, connect timeout.
    #[error("cannot reach the target {url}: {error}")]
    Unreachable {
        /// The base URL probed.
        url: String,
        /// Its class, cause chain and hint.
        error: crate::wire::TransportError,
    },
    /// Something accepted the connection, but gave no usable HTTP answer to the probe: TLS,
    /// not HTTP, a reset, a head too large, no answer in time.
    #[error("the target {url} accepted the connection, but: {error}")]
    Answered {
        /// The base URL probed.
        url: String,
        /// Its class, cause chain and hint.
        error: crate::wire::TransportError,
    },
    /// The embedded stub did not start.
    #[error("cannot start the embedded stub: {0}")]
    Stub(String),
    /// The run's journal says an unfinished run may have left the account changed, or it
    /// cannot be read (`conformance restore` sets it back).
    #[error("{0}")]
    Journal(String),
    /// A second signal stopped the run at once; what it left changed.
    #[error("{left}")]
    Aborted {
        /// The first signal.
        signal: crate::interrupt::Signal,
        /// What it left changed, in words.
        left: String,
    },
    /// A report file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl RunError {
    /// [`EXIT_USAGE`] for a `--tags` that is no expression or matches nothing, the signal's
    /// code for a run stopped at once (130, 143), else [`EXIT_COULD_NOT_RUN`].
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Tags { .. } | RunError::NoScenario { .. } => EXIT_USAGE,
            RunError::Aborted { signal, .. } => signal.exit_code(),
            _ => EXIT_COULD_NOT_RUN,
        }
    }
}

/// `--tags EXPR matches no scenario`, the closest known tag to each unknown one in it, then
/// every known tag, group by group.
fn no_scenario(expr: &str, known: &[(String, Vec<String>)]) -> String {
    let all: Vec<&String> = known.iter().flat_map(|(_, tags)| tags).collect();
    let mut out = format!("--tags {expr:?} matches no scenario");
    let words = expr.split(|c: char| c.is_whitespace() || "()".contains(c)).filter_map(|w| w.strip_prefix('@'));
    for word in words.filter(|w| !all.iter().any(|k| k == w)) {
        let closest = all.iter().min_by_key(|k| strsim::levenshtein(word, k));
        if let Some(c) = closest.filter(|c| strsim::levenshtein(word, c) <= word.len().div_ceil(3).max(2)) {
            let _ = write!(out, "; @{word} is no tag of the suite: did you mean @{c}?");
        } else {
            let _ = write!(out, "; @{word} is no tag of the suite");
        }
    }
    out.push_str("\nThe known tags:");
    for (group, tags) in known.iter().filter(|(_, tags)| !tags.is_empty()) {
        let tags: Vec<String> = tags.iter().map(|t| format!("@{t}")).collect();
        let _ = write!(out, "\n  {group}: {}", tags.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_that_matches_nothing_names_the_closest_and_lists_the_known_ones() {
        let group = |name: &str, tags: &[&str]| (name.to_string(), tags.iter().map(|t| t.to_string()).collect());
        let known = vec![
            group("vendors", &["huawei-apig"]),
            group("operations", &["postpaid-resize"]),
            group("statuses", &["status-202"]),
            group("examples", &[]),
            group("effects (derived)", &["effect-none"]),
        ];
        let e = RunError::NoScenario { expr: "@huawei-apgi and not @status-500".into(), known };
        let text = e.to_string();
        assert!(text.contains("did you mean @huawei-apig?"), "{text}");
        assert!(text.contains("@status-500 is no tag of the suite"), "{text}");
        assert!(
            text.contains("\n  vendors: @huawei-apig\n  operations: @postpaid-resize\n  statuses: @status-202"),
            "{text}"
        );
        assert!(text.contains("effects (derived): @effect-none") && !text.contains("examples"), "{text}");
        assert_eq!(e.exit_code(), EXIT_USAGE);
    }
}
