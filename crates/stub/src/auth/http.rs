//! The `http-bearer` and `http-basic` kinds (RFC 6750, RFC 7617): an `Authorization` header
//! whose scheme word is `Bearer` (a known token) or `Basic` (the base64 of a known user name
//! and its password). Another scheme word, or a value that does not decode, is no credential.

use base64::Engine as _;
use conformance_contract::AuthScheme;

use super::{Check, Verdict};
use crate::request::Req;

/// The bearer kind's credentials: tokens.
pub(super) const BEARER_KINDS: &[&str] = &["token"];

/// The basic kind's credentials: user names (paired with their passwords).
pub(super) const BASIC_KINDS: &[&str] = &["username"];

/// The slot paired with a basic credential: the user name's password.
pub(super) fn pair(kind: &str) -> Option<&'static str> {
    (kind == "username").then_some("password")
}

/// The credentials after the `Authorization` header's scheme word `word` (case-insensitive).
fn credentials<'a>(req: &Req<'a>, word: &str) -> Result<&'a str, String> {
    let value = req.header("Authorization").ok_or("no Authorization header")?.trim();
    match value.split_once(' ') {
        Some((w, rest)) if w.eq_ignore_ascii_case(word) && !rest.trim().is_empty() => Ok(rest.trim()),
        _ => Err(format!("the Authorization header is not of the {word} scheme")),
    }
}

/// The verdict for a bearer token.
pub(super) fn bearer(req: &Req<'_>, cx: &Check<'_>) -> Verdict {
    let token = match credentials(req, "Bearer") {
        Ok(t) => t,
        Err(e) => return Verdict::Unauthorized(e),
    };
    match cx.state.keys(|k| k.get(&AuthScheme::HttpBearer, "token", token).map(|c| c.grant)) {
        Some(g) => Verdict::of(g, None),
        None => Verdict::Unauthorized("unknown bearer token".into()),
    }
}

/// The verdict for a Basic user name and password; a permitted one names the user.
pub(super) fn basic(req: &Req<'_>, cx: &Check<'_>) -> Verdict {
    let encoded = match credentials(req, "Basic") {
        Ok(t) => t,
        Err(e) => return Verdict::Unauthorized(e),
    };
    let decoded =
        base64::engine::general_purpose::STANDARD.decode(encoded).ok().and_then(|b| String::from_utf8(b).ok());
    let Some((user, password)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
        return Verdict::Unauthorized("the Basic credentials are not base64 of user:password".into());
    };
    let found = cx.state.keys(|k| {
        k.get(&AuthScheme::HttpBasic, "username", user).map(|c| (c.grant, c.paired.as_deref() == Some(password)))
    });
    match found {
        Some((g, true)) => Verdict::of(g, Some(user.to_string())),
        _ => Verdict::Unauthorized("unknown user name or wrong password".into()),
    }
}
