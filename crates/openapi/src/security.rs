//! One OpenAPI security scheme per auth scheme kind and credential key, and Huawei AK/SK
//! signing, which OpenAPI cannot express, as the documented extension `components/x-huawei-ak-sk`.
//!
//! A security scheme is named by its kind and the profile key of the credential a tool sends
//! (`httpBearer-oceanic.token`, `apiKey-hostway.authorization`): two operations of one kind
//! whose credential comes from different keys get one scheme each, so a tool that reads the
//! export sends each operation its own credential, and adding an operation never renames the
//! scheme of another.

use std::collections::BTreeMap;

use conformance_contract::{AuthScheme, Contract, Contracts, KeyIn};
use serde_json::{Value, json};

/// The security scheme's name of every contract (by contract id): its kind's base name and
/// the profile key of the credential a tool sends.
pub(crate) fn names(contracts: &Contracts) -> BTreeMap<String, String> {
    let name = |c: &Contract| match api_key(c) {
        Some(key) => format!("{}-{key}", base(&c.auth.scheme)),
        None => base(&c.auth.scheme).to_string(),
    };
    contracts.operations().iter().map(|op| (op.contract().id.clone(), name(op.contract()))).collect()
}

/// The profile key of the credential a tool sends for `c` (its token, API key or user name).
pub(crate) fn api_key(c: &Contract) -> Option<&str> {
    c.auth.credentials.get(api_key_slot(&c.auth.scheme)).map(String::as_str)
}

/// What a tool sends for `c`, from the profile's value of a slot: Schemathesis's
/// `[auth.openapi.<scheme>]` entries (`api_key`, `bearer`, or `username` and `password`).
pub(crate) fn tool_credentials(c: &Contract, slot: &dyn Fn(&str) -> Option<String>) -> Vec<(&'static str, String)> {
    match &c.auth.scheme {
        AuthScheme::HttpBearer => slot("token").map(|t| vec![("bearer", t)]).unwrap_or_default(),
        AuthScheme::HttpBasic => match (slot("username"), slot("password")) {
            (Some(u), Some(p)) => vec![("username", u), ("password", p)],
            _ => Vec::new(),
        },
        AuthScheme::ApiKey(k) => slot("key").map(|v| vec![("api_key", k.value(&v))]).unwrap_or_default(),
        AuthScheme::HuaweiSdkHmac => slot("token").map(|t| vec![("api_key", t)]).unwrap_or_default(),
    }
}

/// The base name of a kind's security schemes.
fn base(s: &AuthScheme) -> &'static str {
    match s {
        AuthScheme::HttpBearer => "httpBearer",
        AuthScheme::HttpBasic => "httpBasic",
        AuthScheme::ApiKey(_) => "apiKey",
        AuthScheme::HuaweiSdkHmac => "huaweiSdkHmac",
    }
}

/// The security scheme's definition.
pub(crate) fn scheme(s: &AuthScheme) -> Value {
    match s {
        AuthScheme::HuaweiSdkHmac => json!({
            "type": "apiKey",
            "in": "header",
            "name": "X-Auth-Token",
            "description": "Huawei IAM: an IAM user token in X-Auth-Token. The same operations accept AK/SK \
                request signing instead, described in `components/x-huawei-ak-sk`.",
            "x-alternative": "x-huawei-ak-sk",
        }),
        AuthScheme::HttpBearer => json!({ "type": "http", "scheme": "bearer" }),
        AuthScheme::HttpBasic => json!({ "type": "http", "scheme": "basic" }),
        AuthScheme::ApiKey(k) => {
            let mut v = json!({ "type": "apiKey", "in": k.location.word(), "name": k.name });
            let whole = match k.location {
                KeyIn::Header => "the whole value of the header",
                KeyIn::Cookie => "the cookie's value",
                KeyIn::Query => "the parameter's value",
            };
            v["description"] = match &k.template {
                Some(t) => format!("An API key; {whole} is `{t}`, `{{}}` standing for the key.").into(),
                None => format!("An API key: {whole}.").into(),
            };
            if let Some(t) = &k.template {
                v["x-template"] = t.clone().into();
            }
            v
        }
    }
}

/// The credential slot whose profile key names the scheme (the token, the API key, the user name).
fn api_key_slot(s: &AuthScheme) -> &'static str {
    match s {
        AuthScheme::HuaweiSdkHmac | AuthScheme::HttpBearer => "token",
        AuthScheme::HttpBasic => "username",
        AuthScheme::ApiKey(_) => "key",
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
