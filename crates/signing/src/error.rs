//! Error types for signing ([`SignError`]) and verification ([`VerifyError`]).
//!
//! Messages never contain secret keys; attacker-supplied text is truncated.

use thiserror::Error;

/// Longest snippet of untrusted input echoed back in an error message.
const MAX_ECHO_CHARS: usize = 64;

/// Truncates untrusted text for inclusion in an error message.
pub(crate) fn echo(s: &str) -> String {
    match s.char_indices().nth(MAX_ECHO_CHARS) {
        Some((idx, _)) => format!("{}...", s.get(..idx).unwrap_or_default()),
        None => s.to_owned(),
    }
}

/// Failure to build a signature or parse signing inputs.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignError {
    /// The request has no `X-Sdk-Date` header.
    #[error("missing X-Sdk-Date header")]
    MissingDate,
    /// The `X-Sdk-Date` value is not a valid `YYYYMMDDTHHMMSSZ` timestamp.
    #[error("malformed X-Sdk-Date {0:?}, expected YYYYMMDDTHHMMSSZ")]
    MalformedDate(String),
    /// The `Authorization` value could not be parsed.
    #[error("malformed Authorization header: {reason}")]
    MalformedAuthorization {
        /// What was wrong with it.
        reason: String,
    },
    /// The `Authorization` value names an algorithm other than `SDK-HMAC-SHA256`.
    #[error("unsupported signing algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// A header listed as signed is absent from the request.
    #[error("signed header {0:?} is missing from the request")]
    MissingSignedHeader(String),
}

/// Reason a received request failed verification.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    /// The request has no `Authorization` header.
    #[error("missing Authorization header")]
    MissingAuthorization,
    /// The `Authorization` value could not be parsed.
    #[error("malformed Authorization header: {reason}")]
    MalformedAuthorization {
        /// What was wrong with it.
        reason: String,
    },
    /// The `Authorization` value names an algorithm other than `SDK-HMAC-SHA256`.
    #[error("unsupported signing algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// No secret key is known for the access key.
    #[error("unknown access key")]
    UnknownAccessKey,
    /// The request has no `X-Sdk-Date` header.
    #[error("missing X-Sdk-Date header")]
    MissingDate,
    /// The `X-Sdk-Date` value is not a valid `YYYYMMDDTHHMMSSZ` timestamp.
    #[error("malformed X-Sdk-Date {0:?}, expected YYYYMMDDTHHMMSSZ")]
    MalformedDate(String),
    /// The `X-Sdk-Date` is further from the verifier's clock than allowed.
    #[error("X-Sdk-Date is {skew_secs}s away from the server clock")]
    StaleDate {
        /// Absolute difference between the request date and now, in seconds.
        skew_secs: u64,
    },
    /// A header listed as signed is absent from the request.
    #[error("signed header {0:?} is missing from the request")]
    MissingSignedHeader(String),
    /// The signature does not match the request.
    #[error("signature mismatch")]
    SignatureMismatch,
}

impl From<SignError> for VerifyError {
    fn from(e: SignError) -> Self {
        match e {
            SignError::MissingDate => Self::MissingDate,
            SignError::MalformedDate(s) => Self::MalformedDate(s),
            SignError::MalformedAuthorization { reason } => Self::MalformedAuthorization { reason },
            SignError::UnsupportedAlgorithm(a) => Self::UnsupportedAlgorithm(a),
            SignError::MissingSignedHeader(h) => Self::MissingSignedHeader(h),
        }
    }
}
