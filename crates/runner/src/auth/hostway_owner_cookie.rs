//! Hostway's order builder: the `OwnerId` cookie that `POST /orders` set (pages 003 and 004:
//! "Cookie: OwnerId=…, required").

use conformance_contract::Role;

use super::{INVALID, Slots};
use crate::wire::Sent;

pub(super) fn apply(slots: &Slots<'_>, role: Role, sent: &mut Sent) -> Result<(), String> {
    let owner = match role {
        Role::None => return Ok(()),
        Role::Invalid => INVALID,
        Role::Valid => slots.need("owner")?,
        Role::Forbidden => slots.need("forbidden_owner")?,
        Role::Signed | Role::WrongSignature => return Err("the OwnerId cookie signs nothing".into()),
    };
    sent.headers.push(("Cookie".into(), format!("OwnerId={owner}")));
    Ok(())
}
