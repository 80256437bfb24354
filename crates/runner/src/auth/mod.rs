//! Credentials on a request, by the operation's auth scheme: the role a scenario takes (with
//! permission, without, invalid, none, a signature right or wrong) becomes the scheme's
//! headers, read from the profile keys the fixture maps to the scheme's slots. One module per
//! scheme; with `conformance_contract::scheme` and the stub's, the only Rust a new scheme needs.

mod hostway_authorization;
mod hostway_owner_cookie;
mod huawei_iam;

use conformance_contract::{AuthScheme, Need, Operation, Profile, Role};

use crate::wire::Sent;

/// A credential no target knows.
pub(crate) const INVALID: &str = "conformance-invalid-credential-0000";

/// The profile's values of an operation's credential slots.
pub(crate) struct Slots<'a> {
    op: &'a Operation,
    profile: &'a Profile,
}

impl Slots<'_> {
    /// The value of `slot`, when the fixture maps it and the profile gives it.
    pub(crate) fn text(&self, slot: &str) -> Option<&str> {
        self.op.contract().auth.credentials.get(slot).and_then(|k| self.profile.text(k))
    }

    /// The boolean value of `slot`.
    pub(crate) fn flag(&self, slot: &str) -> bool {
        let key = self.op.contract().auth.credentials.get(slot);
        key.and_then(|k| self.profile.get(k)).and_then(serde_json::Value::as_bool).unwrap_or(false)
    }

    /// The value of `slot`, which the role needs.
    pub(crate) fn need(&self, slot: &str) -> Result<&str, String> {
        self.text(slot).ok_or_else(|| format!("the profile gives no value for the {slot} of {}", self.op.id()))
    }
}

/// What `role` needs for `op` (`None`: nothing), and the allowance it spends
/// (`(allowance, pool key)`), or why the operation's scheme has no such role.
pub(crate) fn footprint(op: &Operation, role: Role) -> Result<(Option<Need>, Option<(String, String)>), String> {
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
    let slots = Slots { op, profile };
    match op.contract().auth.scheme {
        AuthScheme::HuaweiIam => huawei_iam::apply(&slots, role, sent),
        AuthScheme::HostwayAuthorization => hostway_authorization::apply(&slots, role, sent),
        AuthScheme::HostwayOwnerCookie => hostway_owner_cookie::apply(&slots, role, sent),
    }
}
