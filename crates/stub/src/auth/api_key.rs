//! The `api-key` kind: a key in a header, a cookie (of any `Cookie` header) or a query
//! parameter, under its name, in its template (`"Token {}"`). A permitted key is the caller's
//! identity: the order builder's rules compare it with the owner of the order (Hostway's
//! `OwnerId` cookie).

use conformance_contract::{ApiKey, AuthScheme, KeyIn};

use super::{Check, Verdict};
use crate::request::Req;

/// Its credentials: keys.
pub(super) const KINDS: &[&str] = &["key"];

/// The value the request sends at the key's place.
fn sent<'a>(req: &Req<'a>, k: &ApiKey) -> Option<std::borrow::Cow<'a, str>> {
    match k.location {
        KeyIn::Header => req.header(&k.name).map(|v| v.trim().into()),
        KeyIn::Cookie => req
            .headers
            .all("cookie")
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| name.trim() == k.name)
            .map(|(_, value)| value.trim().trim_matches('"').into()),
        KeyIn::Query => form_urlencoded::parse(req.query.as_bytes()).find(|(name, _)| *name == k.name).map(|(_, v)| v),
    }
}

/// The verdict for the request's key; a permitted one names the caller.
pub(super) fn check(req: &Req<'_>, scheme: &AuthScheme, k: &ApiKey, cx: &Check<'_>) -> Verdict {
    let place = format!("{} {}", k.location.word(), k.name);
    let Some(value) = sent(req, k) else {
        return Verdict::Unauthorized(format!("no {place}"));
    };
    let Some(key) = k.key(&value) else {
        return Verdict::Unauthorized(format!("the {place} is not of its documented form"));
    };
    match cx.state.keys(|ring| ring.get(scheme, "key", key).map(|c| c.grant)) {
        Some(g) => Verdict::of(g, Some(key.to_string())),
        None => Verdict::Unauthorized(format!("unknown {place}")),
    }
}
