//! When: sending the scenario's request — as built, as a documented example, as a domain
//! action (a resize, an action on the service, adding a service), with a documented fault
//! injected, or to the service a `Location` header named.

use conformance_contract::Need;
use cucumber::when;
use serde_json::{Value, json};

use crate::world::{Auth, ConformanceWorld};

#[when(regex = r"^I send the request$")]
async fn send(w: &mut ConformanceWorld) -> Result<(), String> {
    let op = w.op.clone();
    w.send_noting(&op, None, None).await
}

#[when(regex = r"^I send the request with the documented fault (\d{3}) injected$")]
async fn send_with_fault(w: &mut ConformanceWorld, status: u16) -> Result<(), String> {
    let op = w.op.clone();
    check_fault(w, &op, status)?;
    w.send_noting(&op, None, Some(status)).await
}

fn check_fault(w: &ConformanceWorld, op: &str, status: u16) -> Result<(), String> {
    let ctx = w.ctx()?;
    let o = w.operation(&ctx, op)?;
    match o.response(status) {
        Some(_) if status >= 500 => Ok(()),
        _ => Err(format!("{status} is not a documented server fault of {op}")),
    }
}

#[when(regex = r#"^I send the documented example request "([^"]+)"$"#)]
async fn send_example(w: &mut ConformanceWorld, name: String) -> Result<(), String> {
    w.load_example(&name)?;
    let op = w.op.clone();
    w.send_noting(&op, None, None).await
}

/// The body `{"spec_id": …}`: the profile's target specification, or the gateway's current
/// one (a refusal that stays harmless if the target wrongly accepts it; the target one, else
/// the documented example's, when the profile names no current one). When a documented request
/// example is exactly that body, the exchange remembers it, so "the documented example" of the
/// response is the one answering it.
#[when(
    regex = r#"^I request a resize of the gateway to (the target specification|its current specification)(?: with the documented fault (\d{3}) injected)?$"#
)]
async fn resize(w: &mut ConformanceWorld, which: String, fault: String) -> Result<(), String> {
    let ctx = w.ctx()?;
    let op = w.operation(&ctx, "huawei-apig/postpaid-resize")?;
    let apig = ctx.profile.huawei.as_ref().and_then(|h| h.apig.as_ref());
    let spec = if which == "the target specification" {
        w.require(Need::ApigTargetSpec)?;
        apig.and_then(|a| a.target_spec_id.clone()).ok_or_else(|| Need::ApigTargetSpec.unmet_message())?
    } else {
        let documented = op.example("resize-to-professional").and_then(|e| e.body.as_ref()?.get("spec_id").cloned());
        let named = apig.and_then(|a| a.current_spec_id.clone().or_else(|| a.target_spec_id.clone()));
        match (named, documented) {
            (Some(s), _) | (None, Some(Value::String(s))) => s,
            _ => return Err("no specification to ask for: the profile names none and no example gives one".into()),
        }
    };
    let body = json!({ "spec_id": spec });
    let example = op.contract().examples.iter().find(|e| e.body.as_ref() == Some(&body)).map(|e| e.name.clone());
    w.body = crate::world::Body::Json(body);
    w.request_example = example;
    let fault = if fault.is_empty() { None } else { Some(fault.parse::<u16>().map_err(|e| e.to_string())?) };
    if let Some(f) = fault {
        check_fault(w, op.id(), f)?;
    }
    w.send_noting(op.id(), None, fault).await
}

/// The request example named after the action when there is one, else the `change` example
/// with its action replaced.
#[when(regex = r#"^I request the "([^"]*)" action on the service$"#)]
async fn service_action(w: &mut ConformanceWorld, action: String) -> Result<(), String> {
    let ctx = w.ctx()?;
    let op = w.operation(&ctx, "hostway/service-action")?;
    if op.example(&action).is_some() {
        w.load_example(&action)?;
    } else {
        w.load_example("change")?;
        w.edit_field("action", Some(Value::String(action)))?;
    }
    w.send_noting(op.id(), None, None).await
}

/// Adds a service (the add-service example without relations) with the scenario's credentials.
#[when(regex = r"^I add a service to the order$")]
async fn add_service(w: &mut ConformanceWorld) -> Result<(), String> {
    let op = std::mem::replace(&mut w.op, "hostway-orders/add-service".into());
    let loaded = w.load_example("add-service").and_then(|()| w.edit_field("relatedTo", None));
    w.op = op;
    loaded?;
    w.send_noting("hostway-orders/add-service", None, None).await
}

/// Updates the service the last `Location` header named (recorded by "the Location header
/// points at the new service"), on the target, with the request example `name`.
#[when(
    regex = r#"^I follow the Location header and update the service with the documented example request "([^"]+)"$"#
)]
async fn follow_and_update(w: &mut ConformanceWorld, name: String) -> Result<(), String> {
    let service = w.services.last().cloned().ok_or_else(|| {
        w.fail("no Location to follow: check \"the Location header points at the new service\" first")
    })?;
    if matches!(w.auth, Auth::None) {
        return Err("no credentials chosen for the update".into());
    }
    let op = std::mem::replace(&mut w.op, "hostway-orders/update-service".into());
    let loaded = w.load_example(&name);
    w.op = op;
    loaded?;
    let ctx = w.ctx()?;
    let base = ctx.profile.base_url_for("hostway-orders/update-service").unwrap_or(&ctx.base);
    let base_path = reqwest::Url::parse(base).map(|u| u.path().trim_end_matches('/').to_string()).unwrap_or_default();
    let path = service.path.strip_prefix(&base_path).unwrap_or(&service.path).to_string();
    w.send_noting("hostway-orders/update-service", Some(path), None).await
}
