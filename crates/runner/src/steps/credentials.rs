//! Credentials by role: with permission, without permission, invalid, none, and a request
//! signed with the account's key (right or wrong). The role becomes headers only when a
//! request is sent, by that request's operation's auth scheme (`crate::auth`); a noun before
//! the credential (`a gateway token with permission`, `an OwnerId cookie without permission`)
//! is for the reader only, so a new operation needs no new step.

use conformance_contract::Role;

use super::{Keyword, Step, StepFuture, done};
use crate::world::ConformanceWorld;

fn role(w: &mut ConformanceWorld, r: Role) -> StepFuture<'_> {
    w.role = Some(r);
    done::<String>(Ok(()))
}

fn valid<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    role(w, Role::Valid)
}

fn forbidden<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    role(w, Role::Forbidden)
}

fn invalid<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    role(w, Role::Invalid)
}

fn none<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    role(w, Role::None)
}

fn signed<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    let wrong = c.first().is_some_and(|k| k == "with a wrong secret key");
    role(w, if wrong { Role::WrongSignature } else { Role::Signed })
}

pub(super) const STEPS: &[Step] = &[
    Step {
        keyword: Keyword::Given,
        pattern: r"^(?:(?:(?:the|an?) )?(?:[\w'/-]+ )*(?:credentials|token|cookie) with permission|valid (?:[\w'/-]+ )*credentials)$",
        describe: "credentials with permission, as the operation's scheme sends them (a token, AK/SK, a header, a cookie)",
        example: "a gateway token with permission",
        run: valid,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r"^(?:(?:the|an?) )?(?:[\w'/-]+ )*(?:credentials|token|cookie) without permission$",
        describe: "known credentials without permission for the operation (a correct target answers 403)",
        example: "an OwnerId cookie without permission",
        run: forbidden,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r"^(?:an? )?invalid (?:[\w'/-]+ )*(?:credentials|token|cookie)$",
        describe: "credentials no target knows, in the scheme's form",
        example: "invalid Hostway credentials",
        run: invalid,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r"^no credentials$",
        describe: "no credentials at all",
        example: "no credentials",
        run: none,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r"^AK/SK signing (with permission|with a wrong secret key)$",
        describe: "the request signed with the account's AK/SK, or with its AK and a wrong SK (spends the account's wrong-signature allowance)",
        example: "AK/SK signing with a wrong secret key",
        run: signed,
    },
];
