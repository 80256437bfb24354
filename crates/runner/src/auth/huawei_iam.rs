//! Huawei IAM: a token in `X-Auth-Token`, or an `SDK-HMAC-SHA256` signature with the account's
//! AK/SK (by `conformance-signing`, over the method, URL, `Host`, `X-Sdk-Date`, `Content-Type`,
//! `X-Project-Id`, `X-Security-Token` and body, as Huawei's SDKs sign). `X-Project-Id` is sent
//! when the profile says so, `X-Security-Token` when it gives temporary AK/SK.

use conformance_contract::Role;
use conformance_signing::{Credentials, DATE_HEADER, RequestParts, format_sdk_date, sign};

use super::{INVALID, Slots};
use crate::wire::Sent;

pub(super) fn apply(slots: &Slots<'_>, role: Role, sent: &mut Sent) -> Result<(), String> {
    let mut extra = Vec::new();
    if slots.flag("project_id_header")
        && let Some(p) = slots.text("project")
    {
        extra.push(("X-Project-Id".to_string(), p.to_string()));
    }
    if let Some(t) = slots.text("security_token") {
        extra.push(("X-Security-Token".to_string(), t.to_string()));
    }
    sent.headers.extend(extra.iter().cloned());
    let token = |t: &str, sent: &mut Sent| sent.headers.push(("X-Auth-Token".into(), t.to_string()));
    match role {
        Role::None => Ok(()),
        Role::Invalid => {
            token(INVALID, sent);
            Ok(())
        }
        Role::Forbidden => {
            token(slots.need("forbidden_token")?, sent);
            Ok(())
        }
        Role::Valid => match slots.text("token") {
            Some(t) => {
                token(t, sent);
                Ok(())
            }
            None => signed(sent, slots.need("ak")?, slots.need("sk")?, &extra),
        },
        Role::Signed => signed(sent, slots.need("ak")?, slots.need("sk")?, &extra),
        Role::WrongSignature => {
            let sk = slots.need("sk")?;
            signed(sent, slots.need("ak")?, &format!("wrong-{}", sk.len()), &extra)
        }
    }
}

/// Signs `sent` with `ak`/`sk`: the method, URL, `Host`, date, `Content-Type`, the `extra`
/// headers and the body.
fn signed(sent: &mut Sent, ak: &str, sk: &str, extra: &[(String, String)]) -> Result<(), String> {
    let u = reqwest::Url::parse(&sent.url).map_err(|e| format!("bad URL {}: {e}", sent.url))?;
    let host = match u.port() {
        Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
        None => u.host_str().unwrap_or_default().to_string(),
    };
    let now = conformance_signing::unix_now();
    let mut signed = vec![("Host".to_string(), host), (DATE_HEADER.to_string(), format_sdk_date(now))];
    let is_signed = |k: &str| k.eq_ignore_ascii_case("content-type") || extra.iter().any(|(e, _)| e == k);
    signed.extend(sent.headers.iter().filter(|(k, _)| is_signed(k)).cloned());
    let parts = RequestParts {
        method: &sent.method,
        path: u.path(),
        query: u.query().unwrap_or_default(),
        headers: &signed,
        body: &sent.body,
    };
    let authorization = sign(&Credentials::new(ak, sk), &parts).map_err(|e| format!("cannot sign the request: {e}"))?;
    sent.headers.retain(|(k, _)| !is_signed(k));
    sent.headers.extend(signed);
    sent.headers.push(("Authorization".into(), authorization));
    Ok(())
}
