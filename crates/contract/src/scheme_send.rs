//! How a scheme's credentials go on a request, by kind: the headers (and, for an API key in
//! the query, the query parameters) each [`Role`] sends where no signature is needed, and each
//! kind's invalid credential, in the kind's own form (a bearer token, a Basic pair, a key in
//! its template, a Huawei token), so that a target refuses it for being unknown, not malformed.

use crate::scheme::{AuthScheme, KeyIn, Role};

/// A credential no target knows.
pub const INVALID: &str = "conformance-invalid-credential-0000";

/// A user name and password no target knows (`conformance:invalid`).
pub const INVALID_BASIC: (&str, &str) = ("conformance", "invalid");

/// What a role sends: headers, and query parameters (an API key in the query).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    /// Header name and value pairs.
    pub headers: Vec<(String, String)>,
    /// Query parameter name and (unencoded) value pairs.
    pub query: Vec<(String, String)>,
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 §4), for a Basic credential.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `Authorization` value of a Basic credential.
pub fn basic(username: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{username}:{password}").as_bytes()))
}

impl AuthScheme {
    /// What `role`'s credentials are sent as, where no signature is needed (`slot` gives the
    /// profile's value of a slot): `Ok(None)` when the role signs the request (the runner signs
    /// it), `Err` naming a slot the profile lacks.
    pub fn send(&self, role: Role, slot: &dyn Fn(&str) -> Option<String>) -> Result<Option<Sent>, String> {
        let need = |name: &str| {
            slot(name).ok_or_else(|| format!("the profile gives no value for the {name} of {}", self.name()))
        };
        let header =
            |name: &str, value: String| Ok(Some(Sent { headers: vec![(name.to_string(), value)], query: vec![] }));
        let prefix = match role {
            Role::Forbidden => "forbidden_",
            _ => "",
        };
        match (self, role) {
            (_, Role::None) => Ok(Some(Sent::default())),
            (AuthScheme::HuaweiSdkHmac, Role::Valid) => match slot("token") {
                Some(t) => header("X-Auth-Token", t),
                None => Ok(None),
            },
            (AuthScheme::HuaweiSdkHmac, Role::Forbidden) => header("X-Auth-Token", need("forbidden_token")?),
            (AuthScheme::HuaweiSdkHmac, Role::Invalid) => header("X-Auth-Token", INVALID.into()),
            (AuthScheme::HuaweiSdkHmac, Role::Signed | Role::WrongSignature) => Ok(None),
            (_, Role::Signed | Role::WrongSignature) => Err(format!("{} signs nothing", self.name())),
            (AuthScheme::HttpBearer, Role::Invalid) => header("Authorization", format!("Bearer {INVALID}")),
            (AuthScheme::HttpBearer, _) => {
                header("Authorization", format!("Bearer {}", need(&format!("{prefix}token"))?))
            }
            (AuthScheme::HttpBasic, Role::Invalid) => header("Authorization", basic(INVALID_BASIC.0, INVALID_BASIC.1)),
            (AuthScheme::HttpBasic, _) => {
                let (user, password) = (need(&format!("{prefix}username"))?, need(&format!("{prefix}password"))?);
                header("Authorization", basic(&user, &password))
            }
            (AuthScheme::ApiKey(k), _) => {
                let key = if role == Role::Invalid { INVALID.to_string() } else { need(&format!("{prefix}key"))? };
                let value = k.value(&key);
                Ok(Some(match k.location {
                    KeyIn::Header => Sent { headers: vec![(k.name.clone(), value)], query: vec![] },
                    KeyIn::Cookie => {
                        Sent { headers: vec![("Cookie".into(), format!("{}={value}", k.name))], query: vec![] }
                    }
                    KeyIn::Query => Sent { headers: vec![], query: vec![(k.name.clone(), value)] },
                }))
            }
        }
    }

    /// The headers of [`AuthScheme::send`], for a caller that sends no query credential: `Err`
    /// for an API key in the query.
    pub fn headers(
        &self,
        role: Role,
        slot: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Vec<(String, String)>>, String> {
        match self.send(role, slot)? {
            Some(s) if !s.query.is_empty() => Err(format!("{} sends its key in the query", self.name())),
            other => Ok(other.map(|s| s.headers)),
        }
    }

    /// Headers every request of the scheme carries whatever the role (Huawei's `X-Project-Id`
    /// when `project_id_header` is set, `X-Security-Token` for temporary AK/SK): a signature
    /// covers them.
    pub fn extra_headers(&self, slot: &dyn Fn(&str) -> Option<String>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if *self == AuthScheme::HuaweiSdkHmac {
            if slot("project_id_header").as_deref() == Some("true")
                && let Some(p) = slot("project")
            {
                out.push(("X-Project-Id".to_string(), p));
            }
            if let Some(t) = slot("security_token") {
                out.push(("X-Security-Token".to_string(), t));
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{INVALID, base64, basic};
    use crate::scheme::{ApiKey, AuthScheme, KeyIn, Role};

    fn slots(name: &str) -> Option<String> {
        ["token", "forbidden_token", "username", "password", "key", "forbidden_key"]
            .contains(&name)
            .then(|| format!("v-{name}"))
    }

    #[test]
    fn base64_is_rfc_4648() {
        let cases = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(basic("conformance", "invalid"), "Basic Y29uZm9ybWFuY2U6aW52YWxpZA==");
    }

    #[test]
    fn each_kind_sends_its_own_form_and_its_own_invalid_credential() {
        let one = |s: &AuthScheme, role| s.send(role, &slots).unwrap().unwrap();
        let bearer = one(&AuthScheme::HttpBearer, Role::Forbidden);
        assert_eq!(bearer.headers, [("Authorization".to_string(), "Bearer v-forbidden_token".to_string())]);
        assert_eq!(one(&AuthScheme::HttpBearer, Role::Invalid).headers[0].1, format!("Bearer {INVALID}"));
        assert_eq!(one(&AuthScheme::HttpBasic, Role::Valid).headers[0].1, basic("v-username", "v-password"));
        assert!(AuthScheme::HttpBasic.send(Role::Forbidden, &slots).is_err(), "no forbidden pair mapped");
        let cookie = AuthScheme::ApiKey(ApiKey { location: KeyIn::Cookie, name: "OwnerId".into(), template: None });
        assert_eq!(one(&cookie, Role::Invalid).headers, [("Cookie".to_string(), format!("OwnerId={INVALID}"))]);
        let query =
            AuthScheme::ApiKey(ApiKey { location: KeyIn::Query, name: "k".into(), template: Some("x{}".into()) });
        assert_eq!(one(&query, Role::Valid).query, [("k".to_string(), "xv-key".to_string())]);
        assert!(query.headers(Role::Valid, &slots).is_err());
        assert_eq!(AuthScheme::HuaweiSdkHmac.send(Role::Signed, &slots), Ok(None));
    }
}
