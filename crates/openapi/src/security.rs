//! One OpenAPI security scheme per contract auth scheme and credential, and Huawei AK/SK signing,
//! which OpenAPI cannot express, as the documented extension `components/x-huawei-ak-sk`.
//!
//! A security scheme names one credential: two operations of the same auth scheme whose API key
//! comes from different profile keys (a sixth Huawei-compatible service with its own token) get
//! one security scheme each, so a tool that reads the export sends each operation its own key.

use std::collections::{BTreeMap, BTreeSet};

use conformance_contract::{AuthScheme, Contract, Contracts};
use serde_json::{Value, json};

/// The security scheme's name of every contract (by contract id): the auth scheme's base name
/// where every contract of that scheme takes its API key from the same profile key, else the
/// base name and the key's section (`huaweiIamToken-nimbus`).
pub(crate) fn names(contracts: &Contracts) -> BTreeMap<String, String> {
    let mut keys: BTreeMap<&'static str, BTreeSet<&str>> = BTreeMap::new();
    for op in contracts.operations() {
        let c = op.contract();
        keys.entry(scheme(c.auth.scheme).0).or_default().insert(api_key(c).unwrap_or(""));
    }
    let name = |c: &Contract| {
        let base = scheme(c.auth.scheme).0;
        match api_key(c) {
            Some(key) if keys[base].len() > 1 => format!("{base}-{}", key.split('.').next().unwrap_or(key)),
            _ => base.to_string(),
        }
    };
    contracts.operations().iter().map(|op| (op.contract().id.clone(), name(op.contract()))).collect()
}

/// The profile key of the API key a tool sends for `c` (its token, `Authorization` value or
/// `OwnerId` cookie).
pub(crate) fn api_key(c: &Contract) -> Option<&str> {
    c.auth.credentials.get(api_key_slot(c.auth.scheme)).map(String::as_str)
}

/// The security scheme's base name in `components/securitySchemes` and its definition.
pub(crate) fn scheme(s: AuthScheme) -> (&'static str, Value) {
    match s {
        AuthScheme::HuaweiIam => (
            "huaweiIamToken",
            json!({
                "type": "apiKey",
                "in": "header",
                "name": "X-Auth-Token",
                "description": "Huawei IAM: an IAM user token in X-Auth-Token. The same operations accept AK/SK \
                    request signing instead, described in `components/x-huawei-ak-sk`.",
                "x-alternative": "x-huawei-ak-sk",
            }),
        ),
        AuthScheme::HostwayAuthorization => (
            "hostwayAuthorization",
            json!({
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "Hostway accounts API: the whole value of the HTTP Authorization header.",
            }),
        ),
        AuthScheme::HostwayOwnerCookie => (
            "hostwayOwnerId",
            json!({
                "type": "apiKey",
                "in": "cookie",
                "name": "OwnerId",
                "description": "Hostway order builder: the OwnerId cookie, whose value comes from the Set-Cookie \
                    header of the answer to the create order request.",
            }),
        ),
    }
}

/// The credential slot whose value a tool sends as the scheme's API key (the token, the
/// `Authorization` value, the `OwnerId` cookie's value).
fn api_key_slot(s: AuthScheme) -> &'static str {
    match s {
        AuthScheme::HuaweiIam => "token",
        AuthScheme::HostwayAuthorization => "authorization",
        AuthScheme::HostwayOwnerCookie => "owner",
    }
}

/// Huawei `SDK-HMAC-SHA256` AK/SK request signing, as implemented by `conformance-signing`, the
/// alternative to the Huawei IAM token schemes named `alternative_to`.
pub(crate) fn huawei_ak_sk(alternative_to: &[&str]) -> Value {
    let description = format!(
        "Huawei Cloud AK/SK request signing, accepted by the operations secured by {} when no X-Auth-Token \
            is sent. OpenAPI has no security scheme for request signing.",
        alternative_to.join(" or ")
    );
    let alternative_to = match alternative_to {
        [one] => json!(one),
        many => json!(many),
    };
    json!({
        "description": description,
        "alternativeTo": alternative_to,
        "algorithm": "SDK-HMAC-SHA256",
        "dateHeader": "X-Sdk-Date (YYYYMMDDTHHMMSSZ, UTC)",
        "authorizationHeader": "Authorization: SDK-HMAC-SHA256 Access={ak}, SignedHeaders={a;b;c}, Signature={sig}",
        "stringToSign": "SDK-HMAC-SHA256\\n{X-Sdk-Date}\\n{hex(sha256(canonical request))}",
        "canonicalRequest": "method, canonical URI, canonical query string, canonical headers, signed headers \
            and hex(sha256(body)), joined by \\n",
        "signature": "hex(hmac_sha256(sk, string to sign))",
    })
}
