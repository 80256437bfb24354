//! The `Authorization` header value:
//! `SDK-HMAC-SHA256 Access={ak}, SignedHeaders={a;b}, Signature={hex}`,
//! formatting ([`AuthorizationHeader`]'s `Display`) and strict parsing.

use std::fmt;

use crate::ALGORITHM;
use crate::error::{SignError, echo};

/// A parsed `Authorization` header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationHeader {
    /// Access key id.
    pub access: String,
    /// Signed header names, lowercase, in the order given.
    pub signed_headers: Vec<String>,
    /// Lowercase hex HMAC-SHA256 signature (64 characters).
    pub signature: String,
}

impl fmt::Display for AuthorizationHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{ALGORITHM} Access={}, SignedHeaders={}, Signature={}",
            self.access,
            self.signed_headers.join(";"),
            self.signature
        )
    }
}

fn malformed(reason: impl Into<String>) -> SignError {
    SignError::MalformedAuthorization { reason: reason.into() }
}

/// RFC 9110 `token` characters, allowed in header names.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Parses an `Authorization` header value.
///
/// Requires the `SDK-HMAC-SHA256` algorithm and exactly one each of
/// `Access`, `SignedHeaders` and `Signature` (any order, comma separated);
/// the signature must be 64 hex digits and header names must be tokens.
pub fn parse_authorization(value: &str) -> Result<AuthorizationHeader, SignError> {
    let value = value.trim();
    let (algorithm, rest) = value.split_once(' ').ok_or_else(|| malformed("expected '<algorithm> <fields>'"))?;
    if algorithm != ALGORITHM {
        return Err(SignError::UnsupportedAlgorithm(echo(algorithm)));
    }
    let (mut access, mut signed, mut signature) = (None, None, None);
    for field in rest.split(',') {
        let (key, val) = field
            .trim()
            .split_once('=')
            .ok_or_else(|| malformed(format!("field {:?} has no '='", echo(field.trim()))))?;
        let slot = match key {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            other => return Err(malformed(format!("unknown field {:?}", echo(other)))),
        };
        if slot.replace(val).is_some() {
            return Err(malformed(format!("duplicate field {key}")));
        }
    }
    let access = access.ok_or_else(|| malformed("missing Access"))?;
    let signed = signed.ok_or_else(|| malformed("missing SignedHeaders"))?;
    let signature = signature.ok_or_else(|| malformed("missing Signature"))?;
    if access.is_empty() || access.contains(char::is_whitespace) {
        return Err(malformed("empty or invalid Access"));
    }
    let signed_headers = signed
        .split(';')
        .map(|h| {
            is_token(h)
                .then(|| h.to_ascii_lowercase())
                .ok_or_else(|| malformed(format!("invalid header name {:?}", echo(h))))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(malformed("Signature must be 64 hex digits"));
    }
    Ok(AuthorizationHeader { access: access.to_owned(), signed_headers, signature: signature.to_ascii_lowercase() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    #[test]
    fn parses_and_formats() {
        let text = format!("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature={SIG}");
        let parsed = parse_authorization(&text);
        let expected = AuthorizationHeader {
            access: "AK1".into(),
            signed_headers: vec!["host".into(), "x-sdk-date".into()],
            signature: SIG.into(),
        };
        assert_eq!(parsed, Ok(expected.clone()));
        assert_eq!(expected.to_string(), text);
        // Field order and spacing are flexible; names are lowercased.
        let reordered = format!("SDK-HMAC-SHA256 Signature={SIG},SignedHeaders=Host;X-Sdk-Date,Access=AK1");
        assert_eq!(parse_authorization(&reordered), Ok(expected));
    }

    #[test]
    fn rejects_other_algorithms() {
        let text = format!("SDK-HMAC-SHA1 Access=AK1, SignedHeaders=host, Signature={SIG}");
        assert_eq!(parse_authorization(&text), Err(SignError::UnsupportedAlgorithm("SDK-HMAC-SHA1".into())));
        assert_eq!(parse_authorization("Bearer abc"), Err(SignError::UnsupportedAlgorithm("Bearer".into())));
    }

    #[test]
    fn rejects_garbage() {
        let long = "A".repeat(10_000);
        let cases = [
            String::new(),
            "SDK-HMAC-SHA256".into(),
            "SDK-HMAC-SHA256 ".into(),
            "SDK-HMAC-SHA256 garbage".into(),
            "SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host".into(),
            format!("SDK-HMAC-SHA256 Access=AK1, Signature={SIG}"),
            format!("SDK-HMAC-SHA256 SignedHeaders=host, Signature={SIG}"),
            format!("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature={SIG}"),
            format!("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=, Signature={SIG}"),
            format!("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;;a, Signature={SIG}"),
            format!("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=ho st, Signature={SIG}"),
            "SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=xyz".into(),
            format!("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature={SIG}0"),
            format!("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=é{}", &SIG[2..]),
            format!("SDK-HMAC-SHA256 Access=AK1, Access=AK2, SignedHeaders=host, Signature={SIG}"),
            format!("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature={SIG}, X=1"),
            format!("SDK-HMAC-SHA256 Access=AK1,, SignedHeaders=host, Signature={SIG}"),
            format!("SDK-HMAC-SHA256 {long}"),
            format!("SDK-HMAC-SHA256 Access={long}é, Signature={SIG}"),
        ];
        for case in &cases {
            let err = parse_authorization(case);
            assert!(matches!(err, Err(SignError::MalformedAuthorization { .. })), "{case:?} gave {err:?}");
        }
    }

    #[test]
    fn error_messages_truncate_untrusted_input() {
        let text = format!("SDK-HMAC-SHA256 {}", "é".repeat(500));
        let msg = parse_authorization(&text).err().map(|e| e.to_string());
        let msg = msg.unwrap_or_default();
        assert!(msg.contains("...") && msg.chars().count() < 150, "{msg}");
    }
}
