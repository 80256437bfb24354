//! Hostway's accounts API: the whole `Authorization` header value from the profile (page 002:
//! "Authorization: required"; the scheme inside it is not stated).

use conformance_contract::Role;

use super::Slots;
use crate::wire::Sent;

/// base64("conformance:invalid"): a well-formed Basic credential no target knows.
const INVALID: &str = "Basic Y29uZm9ybWFuY2U6aW52YWxpZA==";

pub(super) fn apply(slots: &Slots<'_>, role: Role, sent: &mut Sent) -> Result<(), String> {
    let value = match role {
        Role::None => return Ok(()),
        Role::Invalid => INVALID.to_string(),
        Role::Valid => slots.need("authorization")?.to_string(),
        Role::Forbidden => slots.need("forbidden_authorization")?.to_string(),
        Role::Signed | Role::WrongSignature => return Err("the Authorization scheme signs nothing".into()),
    };
    sent.headers.push(("Authorization".into(), value));
    Ok(())
}
