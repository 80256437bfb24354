//! Why a run could not happen at all (exit code 3): a bad profile, unreadable fixtures or
//! features, a bad tag expression, options that name no usable target, an unreachable target
//! (or one whose answer is unusable), a stub that would not start, a folder that is no
//! recording, or a report file that could not be written. Scenario failures are not errors: they are in the
//! [`crate::Report`].

use std::path::PathBuf;

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
    /// A report file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}
