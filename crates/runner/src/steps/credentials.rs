//! Credentials a scenario chooses: Huawei tokens (with and without permission, invalid),
//! AK/SK signing (right or wrong secret key), none at all, the Hostway `Authorization`
//! header, and `OwnerId` cookies of the order builder.

use conformance_contract::{Need, Secret};
use cucumber::given;

use crate::world::{ChosenCredentials, ConformanceWorld};

/// A credential no target knows.
const INVALID: &str = "conformance-invalid-credential-0000";

/// A token with permission: the profile's token, or AK/SK signing when it gives AK/SK only.
#[given(regex = r"^an? (?:gateway|cloud phone) token with permission$")]
fn token_with_permission(w: &mut ConformanceWorld) -> Result<(), String> {
    w.require(Need::HuaweiCredentials)?;
    let ctx = w.ctx()?;
    let h = ctx.profile.huawei.as_ref();
    w.auth = match (h.and_then(|h| h.token.clone()), h.and_then(|h| h.ak.clone()), h.and_then(|h| h.sk.clone())) {
        (Some(t), _, _) => ChosenCredentials::Token(t),
        (None, Some(ak), Some(sk)) => ChosenCredentials::AkSk { ak, sk },
        _ => return Err(Need::HuaweiCredentials.unmet_message()),
    };
    Ok(())
}

#[given(regex = r"^an? (?:gateway|cloud phone) token without permission$")]
fn token_without_permission(w: &mut ConformanceWorld) -> Result<(), String> {
    w.auth = ChosenCredentials::Token(
        w.profile_value(Need::ForbiddenToken, |p| p.huawei.as_ref()?.forbidden_token.as_ref())?,
    );
    Ok(())
}

#[given(regex = r"^an invalid (?:gateway|cloud phone) token$")]
fn invalid_token(w: &mut ConformanceWorld) {
    w.auth = ChosenCredentials::Token(Secret(INVALID.into()));
}

phrases! {
    /// Which secret key AK/SK signing uses.
    #[derive(cucumber::Parameter)]
    #[param(name = "secret-key", regex = "with permission|with a wrong secret key")]
    enum SecretKey {
        /// The profile's.
        Right = "with permission",
        /// One the target cannot know (a `@wrong-ak` scenario).
        Wrong = "with a wrong secret key",
    }
}

#[given(expr = r"AK\/SK signing {secret-key}")]
fn ak_sk(w: &mut ConformanceWorld, key: SecretKey) -> Result<(), String> {
    let ak = w.profile_value(Need::AkSk, |p| p.huawei.as_ref()?.ak.as_ref())?;
    let sk = w.profile_value(Need::AkSk, |p| p.huawei.as_ref()?.sk.as_ref())?;
    let sk = match key {
        SecretKey::Right => sk,
        SecretKey::Wrong => {
            w.note_wrong_ak();
            Secret(format!("wrong-{}", sk.expose().len()))
        }
    };
    w.auth = ChosenCredentials::AkSk { ak, sk };
    Ok(())
}

#[given(regex = r"^no credentials$")]
fn no_credentials(w: &mut ConformanceWorld) {
    w.auth = ChosenCredentials::None;
}

#[given(regex = r"^valid Hostway credentials$")]
fn hostway_valid(w: &mut ConformanceWorld) -> Result<(), String> {
    let authorization = w.profile_value(Need::HostwayCredentials, |p| p.hostway.as_ref().map(|h| &h.authorization))?;
    w.auth = ChosenCredentials::Authorization(authorization);
    Ok(())
}

#[given(regex = r"^invalid Hostway credentials$")]
fn hostway_invalid(w: &mut ConformanceWorld) {
    // base64("conformance:invalid")
    w.auth = ChosenCredentials::Authorization(Secret("Basic Y29uZm9ybWFuY2U6aW52YWxpZA==".into()));
}

#[given(regex = r"^the order owner's cookie$")]
fn owner_cookie(w: &mut ConformanceWorld) -> Result<(), String> {
    w.auth = ChosenCredentials::Owner(w.owner_cookie()?);
    Ok(())
}

#[given(regex = r"^an OwnerId cookie without permission$")]
fn forbidden_owner(w: &mut ConformanceWorld) -> Result<(), String> {
    let owner = w.profile_value(Need::ForbiddenOwner, |p| p.hostway_orders.as_ref()?.forbidden_owner_id.as_ref())?;
    w.auth = ChosenCredentials::Owner(owner);
    Ok(())
}

#[given(regex = r"^an unknown OwnerId cookie$")]
fn unknown_owner(w: &mut ConformanceWorld) {
    w.auth = ChosenCredentials::Owner(Secret(INVALID.into()));
}
