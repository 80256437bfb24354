//! The `hostway-authorization` scheme: the whole `Authorization` header value must be an
//! accepted credential (the page leaves the scheme inside the header unstated).

use conformance_contract::AuthScheme;

use super::{Check, Verdict};
use crate::request::Req;

/// Its credential kind: whole `Authorization` values.
pub(super) const KINDS: &[&str] = &["authorization"];

/// The verdict for the request's `Authorization` header.
pub(super) fn check(req: &Req<'_>, cx: &Check<'_>) -> Verdict {
    let Some(value) = req.header("Authorization") else {
        return Verdict::Unauthorized("no Authorization header".into());
    };
    let grant =
        cx.state.keys(|k| k.get(AuthScheme::HostwayAuthorization, "authorization", value.trim()).map(|c| c.grant));
    match grant {
        Some(g) => Verdict::of(g, None),
        None => Verdict::Unauthorized("the Authorization credentials are not valid".into()),
    }
}
