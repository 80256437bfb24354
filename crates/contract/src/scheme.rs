//! The registry of auth schemes: for each, the credential slots a fixture maps to profile keys
//! (`auth.credentials`) and, for each [`Role`] a scenario may take, which slots that role
//! needs, the headers its credentials are sent as (where no signature is needed) and which
//! shared allowance it spends. This file, the runner's `auth` module (how a
//! scheme's credentials go on a request) and the stub's (how it checks them) are the only
//! places a new scheme needs Rust; an operation using an existing scheme is data only.

use crate::meets::{Credentials, KeyType};
use crate::model::AuthScheme;
use crate::need::Need;

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

/// A credential no target knows.
pub const INVALID: &str = "conformance-invalid-credential-0000";

/// base64("conformance:invalid"): a well-formed Basic credential no target knows.
const INVALID_BASIC: &str = "Basic Y29uZm9ybWFuY2U6aW52YWxpZA==";

const fn slot(name: &'static str, ty: KeyType, secret: bool, required: bool) -> Slot {
    Slot { name, ty, secret, required }
}

impl AuthScheme {
    /// Every scheme.
    pub const ALL: [AuthScheme; 3] =
        [AuthScheme::HuaweiIam, AuthScheme::HostwayAuthorization, AuthScheme::HostwayOwnerCookie];

    /// Its name in fixtures.
    pub fn name(self) -> &'static str {
        match self {
            AuthScheme::HuaweiIam => "huawei-iam",
            AuthScheme::HostwayAuthorization => "hostway-authorization",
            AuthScheme::HostwayOwnerCookie => "hostway-owner-cookie",
        }
    }

    /// Its credential slots.
    pub fn slots(self) -> &'static [Slot] {
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
        const AUTHORIZATION: [Slot; 2] =
            [slot("authorization", String, true, true), slot("forbidden_authorization", String, true, false)];
        const OWNER: [Slot; 2] = [slot("owner", String, true, true), slot("forbidden_owner", String, true, false)];
        match self {
            AuthScheme::HuaweiIam => &HUAWEI,
            AuthScheme::HostwayAuthorization => &AUTHORIZATION,
            AuthScheme::HostwayOwnerCookie => &OWNER,
        }
    }

    /// The slots a role reads, as groups of which one must be given (a token, or AK and SK).
    fn role_slots(self, role: Role) -> Option<&'static [&'static [&'static str]]> {
        Some(match (self, role) {
            (_, Role::None | Role::Invalid) => &[],
            (AuthScheme::HuaweiIam, Role::Valid) => &[&["token"], &["ak", "sk"]],
            (AuthScheme::HuaweiIam, Role::Forbidden) => &[&["forbidden_token"]],
            (AuthScheme::HuaweiIam, Role::Signed | Role::WrongSignature) => &[&["ak", "sk"]],
            (AuthScheme::HostwayAuthorization, Role::Valid) => &[&["authorization"]],
            (AuthScheme::HostwayAuthorization, Role::Forbidden) => &[&["forbidden_authorization"]],
            (AuthScheme::HostwayOwnerCookie, Role::Valid) => &[&["owner"]],
            (AuthScheme::HostwayOwnerCookie, Role::Forbidden) => &[&["forbidden_owner"]],
            _ => return None,
        })
    }

    /// What a scenario taking `role` needs from the profile (`None`: nothing), or why the
    /// scheme, as the fixture maps it, has no such role.
    pub fn role_need(self, role: Role, creds: &Credentials) -> Result<Option<Need>, String> {
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

    /// The headers `role`'s credentials are sent as, where no signature is needed (`slot` gives
    /// the profile's value of a slot): `Ok(None)` when the role signs the request (the runner
    /// signs it), `Err` naming a slot the profile lacks.
    pub fn headers(
        self,
        role: Role,
        slot: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Vec<(String, String)>>, String> {
        let need = |name: &str| {
            slot(name).ok_or_else(|| format!("the profile gives no value for the {name} of {}", self.name()))
        };
        let one = |name: &str, value: String| Ok(Some(vec![(name.to_string(), value)]));
        match (self, role) {
            (_, Role::None) => Ok(Some(Vec::new())),
            (AuthScheme::HuaweiIam, Role::Valid) => match slot("token") {
                Some(t) => one("X-Auth-Token", t),
                None => Ok(None),
            },
            (AuthScheme::HuaweiIam, Role::Forbidden) => one("X-Auth-Token", need("forbidden_token")?),
            (AuthScheme::HuaweiIam, Role::Invalid) => one("X-Auth-Token", INVALID.into()),
            (AuthScheme::HuaweiIam, Role::Signed | Role::WrongSignature) => Ok(None),
            (AuthScheme::HostwayAuthorization, Role::Valid) => one("Authorization", need("authorization")?),
            (AuthScheme::HostwayAuthorization, Role::Forbidden) => {
                one("Authorization", need("forbidden_authorization")?)
            }
            (AuthScheme::HostwayAuthorization, Role::Invalid) => one("Authorization", INVALID_BASIC.into()),
            (AuthScheme::HostwayOwnerCookie, Role::Valid) => one("Cookie", format!("OwnerId={}", need("owner")?)),
            (AuthScheme::HostwayOwnerCookie, Role::Forbidden) => {
                one("Cookie", format!("OwnerId={}", need("forbidden_owner")?))
            }
            (AuthScheme::HostwayOwnerCookie, Role::Invalid) => one("Cookie", format!("OwnerId={INVALID}")),
            (_, Role::Signed | Role::WrongSignature) => Err(format!("{} signs nothing", self.name())),
        }
    }

    /// Headers every request of the scheme carries whatever the role (Huawei's `X-Project-Id`
    /// when `project_id_header` is set, `X-Security-Token` for temporary AK/SK): a signature
    /// covers them.
    pub fn extra_headers(self, slot: &dyn Fn(&str) -> Option<String>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self == AuthScheme::HuaweiIam {
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

    /// The shared allowance a role spends against a real target, if any.
    pub fn spends(self, role: Role) -> Option<&'static str> {
        matches!((self, role), (AuthScheme::HuaweiIam, Role::WrongSignature)).then_some("wrong-signature")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{AuthScheme, Role};
    use crate::Need;

    #[test]
    fn roles_need_the_slots_the_fixture_maps() {
        let creds = [("token", "h.token"), ("ak", "h.ak"), ("sk", "h.sk"), ("forbidden_token", "h.ft")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into();
        let need = AuthScheme::HuaweiIam.role_need(Role::Valid, &creds).unwrap();
        assert_eq!(need, Some(Need::either([Need::key("h.token"), Need::all(["h.ak", "h.sk"])])));
        assert_eq!(AuthScheme::HuaweiIam.role_need(Role::None, &creds), Ok(None));
        let e = AuthScheme::HostwayAuthorization.role_need(Role::Forbidden, &creds).unwrap_err();
        assert!(e.contains("no credentials without permission"), "{e}");
        assert_eq!(AuthScheme::HuaweiIam.spends(Role::WrongSignature), Some("wrong-signature"));
        assert!(AuthScheme::HostwayOwnerCookie.role_need(Role::Signed, &creds).is_err());
    }
}
