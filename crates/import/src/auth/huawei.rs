//! The Huawei Cloud family's account conventions: the `huawei-sdk-hmac` scheme with the shared
//! `[huawei]` keys (declared as every Huawei fixture declares them), a section
//! `huawei.<service>` (the vendor slug without `huawei-`), each path parameter other than the
//! project as a key of it, and errors of the `{error_code, error_msg}` shape.

use serde_json::{Value, json};

/// The path parameter the shared `[huawei] project_id` fills.
pub const PROJECT: &str = "project_id";

/// The members of the family's error bodies.
pub const ERROR_MEMBERS: [&str; 2] = ["error_code", "error_msg"];

/// The profile section of an operation of `vendor` (`huawei-apig` → `huawei.apig`).
pub fn section(vendor: &str) -> String {
    format!("huawei.{}", vendor.strip_prefix("huawei-").unwrap_or(vendor).replace('-', "_"))
}

/// The profile key a path parameter is bound from.
pub fn key(section: &str, param: &str) -> String {
    if param == PROJECT { "huawei.project_id".into() } else { format!("{section}.{param}") }
}

/// The shared `[huawei]` keys.
pub fn shared_keys() -> Vec<Value> {
    vec![
        json!({ "key": "huawei.project_id", "type": "string", "description": "The project id: in every path (and X-Project-Id, when project_id_header is set).", "stub": "0b1f8c6e2a4d4e0f9c3b5a7d9e1f2a3b", "stub_other": "3c9e1b7a5f2d4c8e9a0b1c2d3e4f5a6b" }),
        json!({ "key": "huawei.token", "type": "string", "secret": true, "description": "An IAM token with permission (X-Auth-Token).", "stub": "stub-iam-token-{random}" }),
        json!({ "key": "huawei.forbidden_token", "type": "string", "secret": true, "description": "A valid IAM token WITHOUT permission for the operation (403).", "stub": "stub-iam-forbidden-{random}" }),
        json!({ "key": "huawei.ak", "type": "string", "secret": true, "description": "The access key for AK/SK signing (SDK-HMAC-SHA256), used for every request when no token is given.", "stub": "STUBAK{random}" }),
        json!({ "key": "huawei.sk", "type": "string", "secret": true, "description": "The secret key for AK/SK signing.", "stub": "stub-sk-{random}" }),
        json!({ "key": "huawei.security_token", "type": "string", "secret": true, "description": "The security token of temporary AK/SK, sent and signed as X-Security-Token." }),
        json!({ "key": "huawei.project_id_header", "type": "boolean", "description": "Send X-Project-Id (signed), as Huawei's SDKs do.", "stub": true }),
    ]
}

/// The scheme's credentials, mapped to the shared keys.
pub fn credentials() -> Value {
    json!({
        "project": "huawei.project_id",
        "token": "huawei.token",
        "forbidden_token": "huawei.forbidden_token",
        "ak": "huawei.ak",
        "sk": "huawei.sk",
        "security_token": "huawei.security_token",
        "project_id_header": "huawei.project_id_header"
    })
}

/// The template of the family's error bodies.
pub fn error_template() -> Value {
    json!({ "error_code": "{code}", "error_msg": "{message}" })
}

/// Whether a table's members are the family's error shape.
pub fn is_error_table(names: &[&str]) -> bool {
    names == ERROR_MEMBERS
}
