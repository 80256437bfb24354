//! One OpenAPI security scheme per contract auth scheme, and Huawei AK/SK signing, which OpenAPI
//! cannot express, as the documented extension `components/x-huawei-ak-sk`.

use conformance_contract::AuthScheme;
use serde_json::{Value, json};

/// The security scheme's name in `components/securitySchemes` and its definition.
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

/// Huawei `SDK-HMAC-SHA256` AK/SK request signing, as implemented by `conformance-signing`.
pub(crate) fn huawei_ak_sk() -> Value {
    json!({
        "description": "Huawei Cloud AK/SK request signing, accepted by the operations secured by \
            huaweiIamToken when no X-Auth-Token is sent. OpenAPI has no security scheme for request signing.",
        "alternativeTo": "huaweiIamToken",
        "algorithm": "SDK-HMAC-SHA256",
        "dateHeader": "X-Sdk-Date (YYYYMMDDTHHMMSSZ, UTC)",
        "authorizationHeader": "Authorization: SDK-HMAC-SHA256 Access={ak}, SignedHeaders={a;b;c}, Signature={sig}",
        "stringToSign": "SDK-HMAC-SHA256\\n{X-Sdk-Date}\\n{hex(sha256(canonical request))}",
        "canonicalRequest": "method, canonical URI, canonical query string, canonical headers, signed headers \
            and hex(sha256(body)), joined by \\n",
        "signature": "hex(hmac_sha256(sk, string to sign))",
    })
}
