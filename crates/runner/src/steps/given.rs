//! Given: credentials (with and without permission, invalid, none; Huawei tokens or AK/SK,
//! Hostway `Authorization`, `OwnerId` cookies), resources (ids that do not exist, services
//! added to the order), and the request body (a documented example, then edits).

use conformance_contract::{Need, Secret};
use cucumber::given;
use serde_json::Value;

use crate::world::{AddedService, Auth, Body, ConformanceWorld};

const INVALID: &str = "conformance-invalid-credential-0000";

/// The value `get` finds once `need` is met.
fn need<T: Clone>(
    w: &ConformanceWorld,
    need: Need,
    get: impl FnOnce(&conformance_contract::Profile) -> Option<&T>,
) -> Result<T, String> {
    w.require(need)?;
    let ctx = w.ctx()?;
    get(&ctx.profile).cloned().ok_or_else(|| need.unmet_message())
}

/// A token with permission: the profile's token, or AK/SK signing when it gives AK/SK only.
#[given(regex = r"^an? (?:gateway|cloud phone) token with permission$")]
fn token_with_permission(w: &mut ConformanceWorld) -> Result<(), String> {
    w.require(Need::HuaweiCredentials)?;
    let ctx = w.ctx()?;
    let h = ctx.profile.huawei.as_ref();
    w.auth = match (h.and_then(|h| h.token.clone()), h.and_then(|h| h.ak.clone()), h.and_then(|h| h.sk.clone())) {
        (Some(t), _, _) => Auth::Token(t),
        (None, Some(ak), Some(sk)) => Auth::AkSk { ak, sk },
        _ => return Err(Need::HuaweiCredentials.unmet_message()),
    };
    Ok(())
}

#[given(regex = r"^an? (?:gateway|cloud phone) token without permission$")]
fn token_without_permission(w: &mut ConformanceWorld) -> Result<(), String> {
    w.auth = Auth::Token(need(w, Need::ForbiddenToken, |p| p.huawei.as_ref()?.forbidden_token.as_ref())?);
    Ok(())
}

#[given(regex = r"^an invalid (?:gateway|cloud phone) token$")]
fn invalid_token(w: &mut ConformanceWorld) {
    w.auth = Auth::Token(Secret(INVALID.into()));
}

#[given(regex = r"^AK/SK signing (with permission|with a wrong secret key)$")]
fn ak_sk(w: &mut ConformanceWorld, which: String) -> Result<(), String> {
    let ak = need(w, Need::AkSk, |p| p.huawei.as_ref()?.ak.as_ref())?;
    let sk = need(w, Need::AkSk, |p| p.huawei.as_ref()?.sk.as_ref())?;
    let sk = if which == "with permission" {
        sk
    } else {
        w.note_wrong_ak();
        Secret(format!("wrong-{}", sk.expose().len()))
    };
    w.auth = Auth::AkSk { ak, sk };
    Ok(())
}

#[given(regex = r"^no credentials$")]
fn no_credentials(w: &mut ConformanceWorld) {
    w.auth = Auth::None;
}

#[given(regex = r"^valid Hostway credentials$")]
fn hostway_valid(w: &mut ConformanceWorld) -> Result<(), String> {
    w.auth = Auth::Authorization(need(w, Need::HostwayCredentials, |p| p.hostway.as_ref().map(|h| &h.authorization))?);
    Ok(())
}

#[given(regex = r"^invalid Hostway credentials$")]
fn hostway_invalid(w: &mut ConformanceWorld) {
    // base64("conformance:invalid")
    w.auth = Auth::Authorization(Secret("Basic Y29uZm9ybWFuY2U6aW52YWxpZA==".into()));
}

#[given(regex = r"^the order owner's cookie$")]
fn owner_cookie(w: &mut ConformanceWorld) -> Result<(), String> {
    w.auth = Auth::Owner(need(w, Need::OwnerCookie, |p| p.hostway_orders.as_ref().map(|o| &o.owner_id))?);
    Ok(())
}

#[given(regex = r"^an OwnerId cookie without permission$")]
fn forbidden_owner(w: &mut ConformanceWorld) -> Result<(), String> {
    w.auth = Auth::Owner(need(w, Need::ForbiddenOwner, |p| p.hostway_orders.as_ref()?.forbidden_owner_id.as_ref())?);
    Ok(())
}

#[given(regex = r"^an unknown OwnerId cookie$")]
fn unknown_owner(w: &mut ConformanceWorld) {
    w.auth = Auth::Owner(Secret(INVALID.into()));
}

/// Replaces a path parameter with an id the target cannot know.
#[given(regex = r"^an? (account|product|service|order) that does not exist$")]
fn does_not_exist(w: &mut ConformanceWorld, what: String) -> Result<(), String> {
    let param = format!("{what}Id");
    let ctx = w.ctx()?;
    let op = w.operation(&ctx, &w.op.clone())?;
    if !op.contract().path_params.iter().any(|p| p.name == param) {
        return Err(format!("{} has no path parameter {param}", op.id()));
    }
    let id = uuid::Uuid::new_v4().to_string();
    w.overrides.insert(param, id);
    Ok(())
}

/// Adds a service with the owner's cookie (the add-service example, without relations) and
/// remembers it: the first one added is the one example URLs relate to, the last one is
/// the one updated.
#[given(regex = r"^a service added to the order$")]
async fn service_added(w: &mut ConformanceWorld) -> Result<(), String> {
    let owner = need(w, Need::OwnerCookie, |p| p.hostway_orders.as_ref().map(|o| &o.owner_id))?;
    let saved = (std::mem::take(&mut w.auth), std::mem::take(&mut w.body), w.request_example.take(), w.op.clone());
    w.auth = Auth::Owner(owner);
    w.op = "hostway-orders/add-service".into();
    let outcome = add_service(w).await;
    (w.auth, w.body, w.request_example, w.op) = saved;
    outcome
}

async fn add_service(w: &mut ConformanceWorld) -> Result<(), String> {
    w.load_example("add-service")?;
    w.edit_field("relatedTo", None)?;
    let overrides = std::mem::take(&mut w.overrides);
    let sent = w.send_noting("hostway-orders/add-service", None, None).await;
    w.overrides = overrides;
    sent?;
    let ex = w.last()?;
    if ex.received.status != 201 {
        return Err(
            w.fail(format!("setting up: adding a service to the order should answer 201, got {}", ex.received.status))
        );
    }
    let service = new_service(ex).map_err(|e| w.fail(format!("setting up: {e}")))?;
    w.services.push(service);
    Ok(())
}

/// The service a 201's `Location` names: the request's path plus one segment.
pub(crate) fn new_service(ex: &crate::exchange::Exchange) -> Result<AddedService, String> {
    let loc = ex.received.header("location").ok_or("the 201 has no Location header")?;
    let base = reqwest::Url::parse(&ex.sent.url).map_err(|e| e.to_string())?;
    let url = base.join(loc).map_err(|e| format!("Location {loc:?} is not a URL: {e}"))?;
    let path = url.path().trim_end_matches('/');
    let prefix = format!("{}/", ex.path.trim_end_matches('/'));
    let id = path.strip_prefix(&prefix).filter(|id| !id.is_empty() && !id.contains('/'));
    let id = id.ok_or_else(|| format!("Location {loc:?} does not name a service under {prefix}"))?;
    Ok(AddedService { id: id.to_string(), path: path.to_string() })
}

#[given(regex = r#"^the documented example request "([^"]+)"$"#)]
fn example_request(w: &mut ConformanceWorld, name: String) -> Result<(), String> {
    w.load_example(&name)
}

#[given(
    regex = r#"^the field "([^"]+)" is set to (-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|".*"|true|false|null|\[.*\]|\{.*\})$"#
)]
fn set_field(w: &mut ConformanceWorld, field: String, json: String) -> Result<(), String> {
    let v: Value = serde_json::from_str(&json).map_err(|e| format!("{json} is not a JSON value: {e}"))?;
    w.edit_field(&field, Some(v))
}

#[given(regex = r#"^the field "([^"]+)" is set to (\d+) bytes of "([^"]+)"$"#)]
fn set_bytes(w: &mut ConformanceWorld, field: String, bytes: usize, unit: String) -> Result<(), String> {
    if !bytes.is_multiple_of(unit.len()) {
        return Err(format!("{bytes} bytes cannot be made of {unit:?} ({} bytes each)", unit.len()));
    }
    w.edit_field(&field, Some(Value::String(unit.repeat(bytes / unit.len()))))
}

#[given(regex = r#"^the field "([^"]+)" is set to the unsupported billing cycle$"#)]
fn set_unsupported_cycle(w: &mut ConformanceWorld, field: String) -> Result<(), String> {
    let c = need(w, Need::UnsupportedCycle, |p| p.hostway_orders.as_ref()?.unsupported_billing_cycle.as_ref())?;
    w.edit_field(&field, Some(Value::from(c)))
}

/// The profile's supported cycles, so the scenario holds for whatever service is added.
#[given(regex = r#"^the field "([^"]+)" is set to the (smallest|largest) supported billing cycle$"#)]
fn set_supported_cycle(w: &mut ConformanceWorld, field: String, which: String) -> Result<(), String> {
    let c = w.supported_cycle(which == "largest")?;
    w.edit_field(&field, Some(Value::from(c)))
}

/// A value only the bundled stub accepts (a real target has no such flavor): the scenario
/// needs the stub's data.
#[given(regex = r#"^the field "([^"]+)" is set to (\d+) bytes of "([^"]+)", a flavor only the stub has$"#)]
fn set_stub_flavor(w: &mut ConformanceWorld, field: String, bytes: usize, unit: String) -> Result<(), String> {
    w.require(Need::StubData)?;
    set_bytes(w, field, bytes, unit)
}

#[given(regex = r#"^the field "([^"]+)" is removed$"#)]
fn remove_field(w: &mut ConformanceWorld, field: String) -> Result<(), String> {
    w.edit_field(&field, None)
}

#[given(regex = r"^a request body that is (empty|not valid JSON|an empty JSON object|a JSON array)$")]
fn raw_body(w: &mut ConformanceWorld, what: String) {
    w.body = match what.as_str() {
        "empty" => Body::Raw(String::new()),
        "not valid JSON" => Body::Raw("{\"name\": ".into()),
        "an empty JSON object" => Body::Json(Value::Object(Default::default())),
        _ => Body::Json(Value::Array(Vec::new())),
    };
    w.request_example = None;
}
