//! The registry of auth schemes, by kind: `http-bearer`, `http-basic`, `api-key` (in a header,
//! a cookie or the query, under a name, its value optionally in a template) and
//! `huawei-sdk-hmac` (AK/SK signing, or a token). For each kind: the credential slots a fixture
//! maps to profile keys (`auth.credentials`) and, for each [`Role`] a scenario may take, which
//! slots that role needs and which shared allowance it spends; how the credentials go on a
//! request is `scheme_send.rs`. This file, `scheme_send.rs`, the runner's `auth` module (how a
//! request is signed) and the stub's (how it checks credentials) are the only places a new kind
//! needs Rust; an operation using an existing kind is data only.

use serde::{Deserialize, Serialize};

use crate::meets::{Credentials, KeyType};
use crate::need::Need;

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyIn {
    /// A request header.
    Header,
    /// A cookie (of the `Cookie` header).
    Cookie,
    /// A query parameter.
    Query,
}

impl KeyIn {
    /// Its word in fixtures and OpenAPI.
    pub fn word(self) -> &'static str {
        match self {
            KeyIn::Header => "header",
            KeyIn::Cookie => "cookie",
            KeyIn::Query => "query",
        }
    }
}

/// An API key's place: `in` and `name`, and the template of its value (`{}` the key).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    /// Header, cookie or query parameter.
    #[serde(rename = "in")]
    pub location: KeyIn,
    /// The header's, cookie's or parameter's name.
    pub name: String,
    /// The value sent, `{}` standing for the key (`"Token {}"`); absent: the key itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

impl ApiKey {
    /// The value sent for `key`.
    pub fn value(&self, key: &str) -> String {
        match &self.template {
            Some(t) => t.replacen("{}", key, 1),
            None => key.to_string(),
        }
    }

    /// The key in a value sent (`None`: not of the template's form).
    pub fn key<'a>(&self, value: &'a str) -> Option<&'a str> {
        let Some(t) = &self.template else { return Some(value) };
        let (before, after) = t.split_once("{}").unwrap_or((t.as_str(), ""));
        value.strip_prefix(before)?.strip_suffix(after)
    }
}

/// An auth scheme, by kind: in a fixture `"http-bearer"`, `"http-basic"`, `"huawei-sdk-hmac"`,
/// or `{"kind": "api-key", "in": "header"|"cookie"|"query", "name": "…", "template"?: "…{}…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "SchemeForm", into = "SchemeForm")]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>`.
    HttpBearer,
    /// `Authorization: Basic base64(<username>:<password>)`.
    HttpBasic,
    /// A key in a header, a cookie or the query.
    ApiKey(ApiKey),
    /// Huawei: `X-Auth-Token`, or AK/SK signing (`SDK-HMAC-SHA256`).
    HuaweiSdkHmac,
}

/// A scheme as a fixture writes it: a kind's name, or an object with its `kind`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum SchemeForm {
    Name(String),
    Full(Tagged),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Tagged {
    HttpBearer,
    HttpBasic,
    ApiKey(ApiKey),
    HuaweiSdkHmac,
}

impl TryFrom<SchemeForm> for AuthScheme {
    type Error = String;
    fn try_from(f: SchemeForm) -> Result<Self, String> {
        Ok(match f {
            SchemeForm::Full(Tagged::HttpBearer) => AuthScheme::HttpBearer,
            SchemeForm::Full(Tagged::HttpBasic) => AuthScheme::HttpBasic,
            SchemeForm::Full(Tagged::ApiKey(k)) => AuthScheme::ApiKey(k),
            SchemeForm::Full(Tagged::HuaweiSdkHmac) => AuthScheme::HuaweiSdkHmac,
            SchemeForm::Name(n) => AuthScheme::named(&n).ok_or_else(|| {
                format!(
                    "no auth scheme kind is named {n:?}; the kinds: {} (api-key as {{\"kind\": \"api-key\", \
                     \"in\": \"header\"|\"cookie\"|\"query\", \"name\": …}})",
                    AuthScheme::KINDS.join(", ")
                )
            })?,
        })
    }
}

impl From<AuthScheme> for SchemeForm {
    fn from(s: AuthScheme) -> Self {
        match s {
            AuthScheme::ApiKey(k) => SchemeForm::Full(Tagged::ApiKey(k)),
            other => SchemeForm::Name(other.name().to_string()),
        }
    }
}

/// A credential slot of a scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Its name in `auth.credentials`.
    pub name: &'static str,
    /// The type of the key it maps to.
    pub ty: KeyType,
    /// Whether the key must be a secret.
    pub secret: bool,
    /// Whether every fixture of the scheme must map it.
    pub required: bool,
}

/// Who a scenario says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Credentials with permission.
    Valid,
    /// Known credentials without permission (403).
    Forbidden,
    /// Credentials no target knows (401).
    Invalid,
    /// No credentials (401).
    None,
    /// A request signed with the account's key (Huawei AK/SK), with permission.
    Signed,
    /// A request signed with the account's access key and a wrong secret key.
    WrongSignature,
}

impl Role {
    /// Its words, for messages.
    pub fn words(self) -> &'static str {
        match self {
            Role::Valid => "credentials with permission",
            Role::Forbidden => "credentials without permission",
            Role::Invalid => "invalid credentials",
            Role::None => "no credentials",
            Role::Signed => "a signature with permission",
            Role::WrongSignature => "a signature with a wrong secret key",
        }
    }
}

const fn slot(name: &'static str, ty: KeyType, secret: bool, required: bool) -> Slot {
    Slot { name, ty, secret, required }
}

impl AuthScheme {
    /// The kinds' names, as fixtures write them.
    pub const KINDS: [&'static str; 4] = ["http-bearer", "http-basic", "api-key", "huawei-sdk-hmac"];

    /// The scheme of a kind that takes no parameter, by name (`api-key` takes its place).
    pub fn named(name: &str) -> Option<AuthScheme> {
        Some(match name {
            "http-bearer" => AuthScheme::HttpBearer,
            "http-basic" => AuthScheme::HttpBasic,
            "huawei-sdk-hmac" => AuthScheme::HuaweiSdkHmac,
            _ => return None,
        })
    }

    /// Its kind's name in fixtures.
    pub fn name(&self) -> &'static str {
        match self {
            AuthScheme::HttpBearer => "http-bearer",
            AuthScheme::HttpBasic => "http-basic",
            AuthScheme::ApiKey(_) => "api-key",
            AuthScheme::HuaweiSdkHmac => "huawei-sdk-hmac",
        }
    }

    /// Its credential slots.
    pub fn slots(&self) -> &'static [Slot] {
        use KeyType::{Boolean, String};
        const HUAWEI: [Slot; 7] = [
            slot("project", String, false, true),
            slot("token", String, true, true),
            slot("forbidden_token", String, true, true),
            slot("ak", String, true, true),
            slot("sk", String, true, true),
            slot("security_token", String, true, false),
            slot("project_id_header", Boolean, false, false),
        ];
        const BEARER: [Slot; 2] = [slot("token", String, true, true), slot("forbidden_token", String, true, false)];
        const BASIC: [Slot; 4] = [
            slot("username", String, true, true),
            slot("password", String, true, true),
            slot("forbidden_username", String, true, false),
            slot("forbidden_password", String, true, false),
        ];
        const KEY: [Slot; 2] = [slot("key", String, true, true), slot("forbidden_key", String, true, false)];
        match self {
            AuthScheme::HuaweiSdkHmac => &HUAWEI,
            AuthScheme::HttpBearer => &BEARER,
            AuthScheme::HttpBasic => &BASIC,
            AuthScheme::ApiKey(_) => &KEY,
        }
    }

    /// The slots a role reads, as groups of which one must be given (a token, or AK and SK).
    fn role_slots(&self, role: Role) -> Option<&'static [&'static [&'static str]]> {
        Some(match (self, role) {
            (_, Role::None | Role::Invalid) => &[],
            (AuthScheme::HuaweiSdkHmac, Role::Valid) => &[&["token"], &["ak", "sk"]],
            (AuthScheme::HuaweiSdkHmac | AuthScheme::HttpBearer, Role::Forbidden) => &[&["forbidden_token"]],
            (AuthScheme::HuaweiSdkHmac, Role::Signed | Role::WrongSignature) => &[&["ak", "sk"]],
            (AuthScheme::HttpBearer, Role::Valid) => &[&["token"]],
            (AuthScheme::HttpBasic, Role::Valid) => &[&["username", "password"]],
            (AuthScheme::HttpBasic, Role::Forbidden) => &[&["forbidden_username", "forbidden_password"]],
            (AuthScheme::ApiKey(_), Role::Valid) => &[&["key"]],
            (AuthScheme::ApiKey(_), Role::Forbidden) => &[&["forbidden_key"]],
            _ => return None,
        })
    }

    /// What a scenario taking `role` needs from the profile (`None`: nothing), or why the
    /// scheme, as the fixture maps it, has no such role.
    pub fn role_need(&self, role: Role, creds: &Credentials) -> Result<Option<Need>, String> {
        let groups = self.role_slots(role).ok_or_else(|| format!("{} has no {}", self.name(), role.words()))?;
        if groups.is_empty() {
            return Ok(None);
        }
        let mut needs = Vec::new();
        for g in groups {
            let keys: Option<Vec<&str>> = g.iter().map(|s| creds.get(*s).map(String::as_str)).collect();
            if let Some(keys) = keys {
                needs.push(Need::all(keys));
            }
        }
        if needs.is_empty() {
            let slots: Vec<&str> = groups.iter().flat_map(|g| g.iter().copied()).collect();
            return Err(format!(
                "{} has no {}: the fixture maps no key to {}",
                self.name(),
                role.words(),
                slots.join(" or ")
            ));
        }
        Ok(Some(Need::either(needs)))
    }

    /// The shared allowance a role spends against a real target, if any.
    pub fn spends(&self, role: Role) -> Option<&'static str> {
        matches!((self, role), (AuthScheme::HuaweiSdkHmac, Role::WrongSignature)).then_some("wrong-signature")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{ApiKey, AuthScheme, KeyIn, Role};
    use crate::Need;

    #[test]
    fn roles_need_the_slots_the_fixture_maps() {
        let creds = [("token", "h.token"), ("ak", "h.ak"), ("sk", "h.sk"), ("forbidden_token", "h.ft")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into();
        let need = AuthScheme::HuaweiSdkHmac.role_need(Role::Valid, &creds).unwrap();
        assert_eq!(need, Some(Need::either([Need::key("h.token"), Need::all(["h.ak", "h.sk"])])));
        assert_eq!(AuthScheme::HuaweiSdkHmac.role_need(Role::None, &creds), Ok(None));
        let cookie = AuthScheme::ApiKey(ApiKey { location: KeyIn::Cookie, name: "OwnerId".into(), template: None });
        let e = cookie.role_need(Role::Forbidden, &creds).unwrap_err();
        assert!(e.contains("no credentials without permission"), "{e}");
        assert_eq!(AuthScheme::HuaweiSdkHmac.spends(Role::WrongSignature), Some("wrong-signature"));
        assert!(cookie.role_need(Role::Signed, &creds).is_err());
        assert!(AuthScheme::HttpBearer.role_need(Role::Signed, &creds).is_err());
        let bearer = AuthScheme::HttpBearer.role_need(Role::Forbidden, &creds).unwrap();
        assert_eq!(bearer, Some(Need::either([Need::key("h.ft")])));
    }

    #[test]
    fn a_fixture_names_a_kind_or_describes_an_api_key() {
        let s: AuthScheme = serde_json::from_str(r#""http-bearer""#).unwrap();
        assert_eq!(s, AuthScheme::HttpBearer);
        let s: AuthScheme =
            serde_json::from_str(r#"{"kind": "api-key", "in": "header", "name": "X-Key", "template": "Key {}"}"#)
                .unwrap();
        let AuthScheme::ApiKey(k) = &s else { panic!("{s:?}") };
        assert_eq!((k.value("abc"), k.key("Key abc"), k.key("abc")), ("Key abc".to_string(), Some("abc"), None));
        assert_eq!(serde_json::to_value(&s).unwrap()["kind"], "api-key");
        let e = serde_json::from_str::<AuthScheme>(r#""hostway-authorization""#).unwrap_err().to_string();
        assert!(e.contains("http-bearer, http-basic, api-key, huawei-sdk-hmac"), "{e}");
        assert!(serde_json::from_str::<AuthScheme>(r#"{"kind": "api-key", "in": "body", "name": "x"}"#).is_err());
    }
}
