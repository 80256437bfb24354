//! Input types: the transport-agnostic request description and AK/SK
//! credentials (whose `Debug` never reveals the secret key).

use std::fmt;

/// A request as seen by the signer or verifier, without any HTTP crate types.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    /// HTTP method; uppercased when canonicalised.
    pub method: &'a str,
    /// Request path, e.g. `/v2/p1/apigw/instances`. May be raw or
    /// percent-encoded: each segment is decoded then re-encoded.
    pub path: &'a str,
    /// Raw query string without the leading `?`; may be empty.
    pub query: &'a str,
    /// Headers as sent or received, names in any case.
    pub headers: &'a [(String, String)],
    /// Request body bytes.
    pub body: &'a [u8],
}

/// An access key / secret key pair.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// Access key id (public; appears in the `Authorization` header).
    pub ak: String,
    /// Secret key (HMAC key; never printed).
    pub sk: String,
}

impl Credentials {
    /// Builds credentials from an access key and secret key.
    pub fn new(ak: impl Into<String>, sk: impl Into<String>) -> Self {
        Self { ak: ak.into(), sk: sk.into() }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials").field("ak", &self.ak).field("sk", &"***").finish()
    }
}
