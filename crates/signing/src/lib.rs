//! Huawei Cloud "SDK-HMAC-SHA256" AK/SK request signing and verification.
//!
//! This crate owns the one implementation of the signing algorithm that is
//! shared by the conformance client (which signs requests) and the stub
//! server (which verifies them). It is transport-agnostic: requests are
//! described by [`RequestParts`] made of plain strings and bytes, so no HTTP
//! crate types leak in.
//!
//! The algorithm:
//!
//! 1. [`canonical_request`]: method, canonical URI, canonical query string,
//!    canonical headers, signed headers and payload hash, joined by `\n`.
//! 2. [`string_to_sign`]: `SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex(sha256(canonical request))}`.
//! 3. [`signature`]: `hex(hmac_sha256(sk, string to sign))`.
//! 4. The `Authorization` header value is
//!    `SDK-HMAC-SHA256 Access={ak}, SignedHeaders={a;b;c}, Signature={sig}`
//!    (see [`AuthorizationHeader`]).
//!
//! [`sign`] produces that header value; [`verify`] checks a received request.
//!
//! No function in this crate panics on any input.

mod authorization;
mod canonical;
mod date;
mod error;
mod request;
mod sign;
mod verify;

pub use authorization::{AuthorizationHeader, parse_authorization};
pub use canonical::{
    canonical_headers, canonical_query_string, canonical_request, canonical_uri, payload_hash, signed_headers_string,
};
pub use date::{format_sdk_date, parse_sdk_date, unix_now};
pub use error::{SignError, VerifyError};
pub use request::{Credentials, RequestParts};
pub use sign::{sign, signature, string_to_sign};
pub use verify::verify;

/// The signing algorithm name, first token of the `Authorization` value and
/// first line of the string to sign.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// Header carrying the request timestamp in `YYYYMMDDTHHMMSSZ` (UTC) form.
pub const DATE_HEADER: &str = "X-Sdk-Date";

/// Optional header whose value, when present, replaces the body hash in the
/// canonical request (e.g. `UNSIGNED-PAYLOAD`).
pub const CONTENT_SHA256_HEADER: &str = "X-Sdk-Content-Sha256";

/// Header carrying the signature; never itself signed.
pub const AUTHORIZATION_HEADER: &str = "Authorization";

/// Conventional [`CONTENT_SHA256_HEADER`] value for requests whose body is
/// deliberately not covered by the signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Returns the value of the first header named `name` (ASCII
/// case-insensitive), if any.
pub fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}
