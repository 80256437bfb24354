//! The `huawei-sdk-hmac` kind: an IAM token in `X-Auth-Token`, else an `SDK-HMAC-SHA256` signature
//! (verified by `conformance-signing` with the secret key paired with the access key). The
//! project of the path (the parameter bound to the `project` credential key) must be a known
//! project and, when `X-Project-Id` is sent, equal to it (403 otherwise: the credential is not
//! scoped to that project). Credentials are looked up in the keyring's lock-free snapshot;
//! hashing the body and checking the signature happen outside any lock.

use conformance_contract::AuthScheme;
use conformance_signing::{RequestParts, parse_authorization};

use super::{Check, Verdict};
use crate::request::Req;

/// Its credential kinds: tokens, access keys (paired with their secret keys), projects.
pub(super) const KINDS: &[&str] = &["token", "ak", "project"];

const SCHEME: AuthScheme = AuthScheme::HuaweiSdkHmac;

/// The slot paired with a kind: an access key's secret key.
pub(super) fn pair(kind: &str) -> Option<&'static str> {
    (kind == "ak").then_some("sk")
}

/// The verdict: the credential first, then the project scoping.
pub(super) fn check(req: &Req<'_>, project: Option<&str>, cx: &Check<'_>) -> Verdict {
    // A token and the project are looked up under one lock.
    let (verdict, known) = if let Some(token) = req.header("X-Auth-Token") {
        let (grant, known) = cx.state.keys(|k| {
            let grant = k.get(&SCHEME, "token", token.trim()).map(|c| c.grant);
            (grant, project.map(|p| k.get(&SCHEME, "project", p).is_some()))
        });
        let verdict =
            grant.map_or_else(|| Verdict::Unauthorized("unknown X-Auth-Token".into()), |g| Verdict::of(g, None));
        (verdict, known)
    } else if let Some(value) = req.header("Authorization") {
        (signed(req, value, cx), None)
    } else {
        (Verdict::Unauthorized("no X-Auth-Token and no SDK-HMAC-SHA256 Authorization".into()), None)
    };
    if !matches!(verdict, Verdict::Permitted(_)) {
        return verdict;
    }
    if let Some(p) = project {
        let known = known.unwrap_or_else(|| cx.state.keys(|k| k.get(&SCHEME, "project", p).is_some()));
        if !known {
            return Verdict::Forbidden(format!("project {p} is not one the credential is scoped to"));
        }
    }
    match (req.header("X-Project-Id"), project) {
        (Some(sent), Some(p)) if sent.trim() != p => {
            Verdict::Forbidden("X-Project-Id differs from the path's project".into())
        }
        _ => verdict,
    }
}

fn signed(req: &Req<'_>, value: &str, cx: &Check<'_>) -> Verdict {
    let key = parse_authorization(value)
        .ok()
        .and_then(|a| cx.state.keys(|k| k.get(&SCHEME, "ak", &a.access).map(|c| (c.paired.clone(), c.grant))));
    let headers = req.headers.pairs();
    let parts =
        RequestParts { method: req.method, path: req.path, query: req.query, headers: &headers, body: req.body };
    let sk = key.as_ref().and_then(|(sk, _)| sk.clone());
    match (conformance_signing::verify(&parts, |_| sk.clone(), (cx.now)(), cx.max_skew), key) {
        (Ok(_), Some((_, grant))) => Verdict::of(grant, None),
        (Ok(_), None) => Verdict::Unauthorized("unknown access key".into()),
        (Err(e), _) => Verdict::Unauthorized(format!("AK/SK signature rejected: {e}")),
    }
}
