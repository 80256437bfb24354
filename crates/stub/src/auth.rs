//! Who is calling, as each vendor documents it: Huawei `X-Auth-Token` or AK/SK signing
//! (`SDK-HMAC-SHA256`, verified by `conformance-signing` with the keys in the state), the
//! Hostway accounts API's `Authorization` header, and the order builder's `OwnerId` cookie.
//! Each check answers [`Verdict`]; the operation modules turn it into the documented body.

use conformance_signing::{RequestParts, VerifyError, parse_authorization};

use crate::core::{StubCore, StubRequest};
use crate::state::{Permission, State};

/// The outcome of an authentication check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Authenticated and permitted.
    Permitted,
    /// No, malformed or wrong credentials (401); the reason is for logs and tests only.
    Unauthorized(String),
    /// Known credentials without permission (403).
    Forbidden(String),
}

impl From<Permission> for Verdict {
    fn from(p: Permission) -> Self {
        match p {
            Permission::Permitted => Verdict::Permitted,
            Permission::Forbidden => Verdict::Forbidden("credential has no permission for this operation".into()),
        }
    }
}

/// Huawei IAM: a token in `X-Auth-Token`, else an `SDK-HMAC-SHA256` signature. The project id
/// of the path must be a known one and, when `X-Project-Id` is sent, equal to it (403 otherwise:
/// the credential is not scoped to that project). The state lock is taken only for look-ups
/// (a token and the project in one); hashing the body and checking the signature happen
/// outside it. `now_unix` is read only for a signature.
pub(crate) fn huawei(
    core: &StubCore,
    req: &StubRequest,
    project_id: &str,
    now_unix: impl FnOnce() -> u64,
    max_skew: u64,
) -> Verdict {
    let mut project_known = None;
    let verdict = if let Some(token) = req.header("X-Auth-Token") {
        let (permission, known) =
            core.with_state(|s| (s.tokens.get(token.trim()).copied(), s.project_ids.contains(project_id)));
        project_known = Some(known);
        match permission {
            Some(p) => Verdict::from(p),
            None => Verdict::Unauthorized("unknown X-Auth-Token".into()),
        }
    } else if let Some(value) = req.header("Authorization") {
        let key =
            parse_authorization(value).ok().and_then(|a| core.with_state(|s| s.access_keys.get(&a.access).cloned()));
        let parts = RequestParts {
            method: &req.method,
            path: &req.path,
            query: &req.query,
            headers: &req.headers,
            body: &req.body,
        };
        let sk = key.as_ref().map(|(sk, _)| sk.clone());
        match (conformance_signing::verify(&parts, |_| sk.clone(), now_unix(), max_skew), key) {
            (Ok(_), Some((_, p))) => Verdict::from(p),
            (Ok(_), None) => Verdict::Unauthorized("unknown access key".into()),
            (Err(e), _) => Verdict::Unauthorized(describe(&e)),
        }
    } else {
        Verdict::Unauthorized("no X-Auth-Token and no SDK-HMAC-SHA256 Authorization".into())
    };
    if verdict != Verdict::Permitted {
        return verdict;
    }
    if !project_known.unwrap_or_else(|| core.with_state(|s| s.project_ids.contains(project_id))) {
        return Verdict::Forbidden(format!("project {project_id} is not one the credential is scoped to"));
    }
    match req.header("X-Project-Id") {
        Some(p) if p.trim() != project_id => Verdict::Forbidden("X-Project-Id differs from the path's project".into()),
        _ => Verdict::Permitted,
    }
}

fn describe(e: &VerifyError) -> String {
    format!("AK/SK signature rejected: {e}")
}

/// Hostway accounts API: the `Authorization` header must carry configured credentials.
pub(crate) fn hostway_authorization(state: &State, req: &StubRequest) -> Verdict {
    match req.header("Authorization") {
        None => Verdict::Unauthorized("no Authorization header".into()),
        Some(v) if state.hostway_authorizations.contains(v.trim()) => Verdict::Permitted,
        Some(_) => Verdict::Unauthorized("Authorization credentials are not valid".into()),
    }
}

/// The value of the `OwnerId` cookie, from any `Cookie` header.
pub(crate) fn owner_cookie(req: &StubRequest) -> Option<&str> {
    req.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim() == "OwnerId")
        .map(|(_, value)| value.trim().trim_matches('"'))
}

/// Hostway order builder: the `OwnerId` cookie must name a known owner; on success, the owner.
pub(crate) fn owner(state: &State, req: &StubRequest) -> Result<String, Verdict> {
    let Some(owner) = owner_cookie(req) else {
        return Err(Verdict::Unauthorized("no OwnerId cookie".into()));
    };
    match state.owners.get(owner) {
        None => Err(Verdict::Unauthorized("unknown OwnerId".into())),
        Some(Permission::Forbidden) => Err(Verdict::from(Permission::Forbidden)),
        Some(Permission::Permitted) => Ok(owner.to_string()),
    }
}
