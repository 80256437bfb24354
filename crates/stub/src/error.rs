//! Why a stub could not start: the fixtures do not load, a fixture asks for something the
//! engine cannot serve (an unknown hook, a template naming no value, an example a hook needs),
//! an unknown mode name, or the address cannot be bound. Each names what is at fault.

/// The stub could not start.
#[derive(Debug, thiserror::Error)]
pub enum StubError {
    /// The fixtures do not load.
    #[error("fixtures do not load: {0}")]
    Load(#[from] conformance_contract::LoadError),
    /// A fixture asks for something the engine cannot serve.
    #[error("{operation}: {field}: {message}")]
    Fixture {
        /// The operation id.
        operation: String,
        /// The fixture field at fault (`error_body.template`, `hooks[0]`).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A mode name that is neither a generated nor a hook's mutation or variation.
    #[error("unknown {kind} `{name}`; known: {}", .known.join(", "))]
    UnknownMode {
        /// `mutation` or `variation`.
        kind: &'static str,
        /// The name asked for.
        name: String,
        /// Every known name of that kind.
        known: Vec<String>,
    },
    /// A variation that changes the seed and the profile, asked for after start.
    #[error("variation `{0}` changes the seeded resources and the profile: choose it at start")]
    AtStartOnly(String),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Another I/O failure (runtime, signal handler, writing the banner).
    #[error("{0}")]
    Io(std::io::Error),
}

impl StubError {
    /// A [`StubError::Fixture`].
    pub(crate) fn fixture(operation: &str, field: impl Into<String>, message: impl Into<String>) -> StubError {
        StubError::Fixture { operation: operation.to_string(), field: field.into(), message: message.into() }
    }
}
