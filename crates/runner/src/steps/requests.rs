//! Requests: sending the scenario's request as built, as a documented example, with a
//! documented fault injected, as a domain action (a resize of the gateway, an action on a
//! Hostway service), or to a resource that does not exist.

use conformance_contract::Need;
use cucumber::{given, when};
use serde_json::{Value, json};

use crate::world::{Body, ConformanceWorld};

phrases! {
    /// A resource a path parameter names.
    #[derive(cucumber::Parameter)]
    #[param(name = "resource", regex = "account|product|service|order")]
    enum Resource {
        /// `accountId`.
        Account = "account",
        /// `productId`.
        Product = "product",
        /// `serviceId`.
        Service = "service",
        /// `orderId`.
        Order = "order",
    }
}

impl Resource {
    /// The path parameter naming it.
    fn param(self) -> &'static str {
        match self {
            Resource::Account => "accountId",
            Resource::Product => "productId",
            Resource::Service => "serviceId",
            Resource::Order => "orderId",
        }
    }
}

/// Replaces a path parameter with an id the target cannot know.
#[given(expr = "a(n) {resource} that does not exist")]
fn does_not_exist(w: &mut ConformanceWorld, what: Resource) -> Result<(), String> {
    let param = what.param();
    let ctx = w.ctx()?;
    let op = w.operation(&ctx, &w.op)?;
    if !op.contract().path_params.iter().any(|p| p.name == param) {
        return Err(format!("{} has no path parameter {param}", op.id()));
    }
    let id = uuid::Uuid::new_v4().to_string();
    w.overrides.insert(param.to_string(), id);
    Ok(())
}

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
    let op = w.op.clone();
    w.load_example(&op, &name)?;
    w.send_noting(&op, None, None).await
}

phrases! {
    /// The specification a resize asks for.
    enum Spec {
        /// The profile's `target_spec_id` (billable when accepted).
        Target = "the target specification",
        /// The gateway's current one: a refusal.
        Current = "its current specification",
    }
}

/// The body `{"spec_id": …}`: the profile's target specification, or the gateway's current
/// one (a refusal that stays harmless if the target wrongly accepts it; the target one, else
/// the documented example's, when the profile names no current one). When a documented request
/// example is exactly that body, the exchange remembers it, so "the documented example" of the
/// response is the one answering it. (A regex step: cucumber expressions have no optional
/// parameter for the fault.)
#[when(
    regex = r#"^I request a resize of the gateway to (the target specification|its current specification)(?: with the documented fault (\d{3}) injected)?$"#
)]
async fn resize(w: &mut ConformanceWorld, spec: Spec, fault: String) -> Result<(), String> {
    let ctx = w.ctx()?;
    let op = w.operation(&ctx, "huawei-apig/postpaid-resize")?;
    let apig = ctx.profile.huawei.as_ref().and_then(|h| h.apig.as_ref());
    let spec = match spec {
        Spec::Target => {
            w.require(Need::ApigTargetSpec)?;
            apig.and_then(|a| a.target_spec_id.clone()).ok_or_else(|| Need::ApigTargetSpec.unmet_message())?
        }
        Spec::Current => {
            let documented =
                op.example("resize-to-professional").and_then(|e| e.body.as_ref()?.get("spec_id").cloned());
            let named = apig.and_then(|a| a.current_spec_id.clone().or_else(|| a.target_spec_id.clone()));
            match (named, documented) {
                (Some(s), _) | (None, Some(Value::String(s))) => s,
                _ => return Err("no specification to ask for: the profile names none and no example gives one".into()),
            }
        }
    };
    let body = json!({ "spec_id": spec });
    let example = op.contract().examples.iter().find(|e| e.body.as_ref() == Some(&body)).map(|e| e.name.clone());
    w.body = Body::Json(body);
    w.request_example = example;
    let fault = if fault.is_empty() { None } else { Some(fault.parse::<u16>().map_err(|e| e.to_string())?) };
    if let Some(f) = fault {
        check_fault(w, op.id(), f)?;
    }
    w.send_noting(op.id(), None, fault).await
}

/// The request example named after the action when there is one, else the `validate` example
/// with its action replaced: an action the page does not list is refused, and should a wrong
/// target act on it anyway, the body asks for a validation (a read), never for a change.
#[when(regex = r#"^I request the "([^"]*)" action on the service$"#)]
async fn service_action(w: &mut ConformanceWorld, action: String) -> Result<(), String> {
    let ctx = w.ctx()?;
    let op = w.operation(&ctx, "hostway/service-action")?;
    if op.example(&action).is_some() {
        w.load_example(op.id(), &action)?;
    } else {
        w.load_example(op.id(), "validate")?;
        w.edit_field("action", Some(Value::String(action)))?;
    }
    w.send_noting(op.id(), None, None).await
}
