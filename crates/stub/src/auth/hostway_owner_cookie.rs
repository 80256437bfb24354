//! The `hostway-owner-cookie` scheme: the `OwnerId` cookie (from any `Cookie` header) must name
//! a known owner. A permitted owner is the caller's identity: the order builder's rules compare
//! it with the owner of the order.

use conformance_contract::AuthScheme;

use super::{Check, Verdict};
use crate::request::Req;

/// Its credential kind: `OwnerId` values.
pub(super) const KINDS: &[&str] = &["owner"];

/// The value of the `OwnerId` cookie, from any `Cookie` header.
fn owner_cookie<'a>(req: &Req<'a>) -> Option<&'a str> {
    req.headers
        .all("cookie")
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim() == "OwnerId")
        .map(|(_, value)| value.trim().trim_matches('"'))
}

/// The verdict for the request's `OwnerId` cookie; a permitted one names the owner.
pub(super) fn check(req: &Req<'_>, cx: &Check<'_>) -> Verdict {
    let Some(owner) = owner_cookie(req) else {
        return Verdict::Unauthorized("no OwnerId cookie".into());
    };
    let grant = cx.state.keys(|k| k.get(AuthScheme::HostwayOwnerCookie, "owner", owner).map(|c| c.grant));
    match grant {
        Some(g) => Verdict::of(g, Some(owner.to_string())),
        None => Verdict::Unauthorized("unknown OwnerId".into()),
    }
}
