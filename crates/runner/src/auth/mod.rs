//! Credentials on a request, by the operation's auth scheme: the role a scenario takes (with
//! permission, without, invalid, none, a signature right or wrong) becomes the scheme's
//! headers (`conformance_contract::scheme`), read from the profile keys the fixture maps to the
//! scheme's slots; a role that signs is signed here (Huawei AK/SK, [`huawei_sdk_hmac`]). With the
//! contract's registry and the stub's checks, the only Rust a new scheme needs.

mod huawei_sdk_hmac;

use conformance_contract::{AuthScheme, Need, Operation, Profile, Role};
use serde_json::Value;

use crate::wire::Sent;

/// The need a role's credentials bind, and the allowance (with its pool key) it spends.
pub(crate) type Footprint = (Option<Need>, Option<(String, String)>);

/// What `role` needs for `op` (`None`: nothing), and the allowance it spends
/// (`(allowance, pool key)`), or why the operation's scheme has no such role.
pub(crate) fn footprint(op: &Operation, role: Role) -> Result<Footprint, String> {
    let auth = &op.contract().auth;
    let need = auth.scheme.role_need(role, &auth.credentials).map_err(|e| format!("{}: {e}", op.id()))?;
    let spends = auth.scheme.spends(role).and_then(|name| {
        let a = auth.allowances.iter().find(|a| a.name == name)?;
        Some((a.name.clone(), a.pool.clone()))
    });
    Ok((need, spends))
}

/// Adds the credentials of `role` for `op` to `sent`, as its scheme sends them.
pub(crate) fn apply(op: &Operation, profile: &Profile, role: Role, sent: &mut Sent) -> Result<(), String> {
    let auth = &op.contract().auth;
    let slot = |name: &str| -> Option<String> {
        let v = profile.get(auth.credentials.get(name)?)?;
        Some(match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let extra = auth.scheme.extra_headers(&slot);
    sent.headers.extend(extra.iter().cloned());
    match auth.scheme.send(role, &slot)? {
        Some(credentials) => {
            sent.headers.extend(credentials.headers);
            add_query(sent, &credentials.query)?;
        }
        None if auth.scheme == AuthScheme::HuaweiSdkHmac => {
            let need = |name: &str| slot(name).ok_or_else(|| format!("the profile gives no {name} of {}", op.id()));
            let (ak, sk) = (need("ak")?, need("sk")?);
            let sk = if role == Role::WrongSignature { format!("wrong-{}", sk.len()) } else { sk };
            huawei_sdk_hmac::sign(sent, &ak, &sk, &extra)?;
        }
        None => return Err(format!("{} signs no request", auth.scheme.name())),
    }
    Ok(())
}

/// Adds query parameters (an API key in the query) to the request's URL.
fn add_query(sent: &mut Sent, pairs: &[(String, String)]) -> Result<(), String> {
    if pairs.is_empty() {
        return Ok(());
    }
    let mut url = reqwest::Url::parse(&sent.url).map_err(|e| format!("bad URL {}: {e}", sent.url))?;
    url.query_pairs_mut().extend_pairs(pairs);
    sent.url = url.to_string();
    Ok(())
}
