//! Services of the Hostway order builder: adding one (as set-up with the owner's cookie, or
//! as the request under test with the scenario's credentials), the `Location` header that
//! names it, and following that header to update it.

use cucumber::{given, then, when};

use crate::exchange::Exchange;
use crate::world::{AddedService, ChosenCredentials, ConformanceWorld};

/// The operation that adds a service.
const ADD_SERVICE: &str = "hostway-orders/add-service";
/// The operation that updates one.
const UPDATE_SERVICE: &str = "hostway-orders/update-service";

/// Adds a service with the owner's cookie (the add-service example, without relations) and
/// remembers it: the first one added is the one example URLs relate to, the last one is
/// the one updated. The scenario's own credentials, body and path overrides are untouched.
#[given(regex = r"^a service added to the order$")]
async fn service_added(w: &mut ConformanceWorld) -> Result<(), String> {
    let owner = w.owner_cookie()?;
    let saved = (std::mem::take(&mut w.auth), std::mem::take(&mut w.body), w.request_example.take());
    let overrides = std::mem::take(&mut w.overrides);
    w.auth = ChosenCredentials::Owner(owner);
    let outcome = set_up_service(w).await;
    (w.auth, w.body, w.request_example) = saved;
    w.overrides = overrides;
    outcome
}

async fn set_up_service(w: &mut ConformanceWorld) -> Result<(), String> {
    load_add_service(w)?;
    w.send_noting(ADD_SERVICE, None, None).await?;
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

/// The add-service example without relations.
fn load_add_service(w: &mut ConformanceWorld) -> Result<(), String> {
    w.load_example(ADD_SERVICE, "add-service")?;
    w.edit_field("relatedTo", None)
}

/// Adds a service (the add-service example without relations) with the scenario's credentials.
#[when(regex = r"^I add a service to the order$")]
async fn add_service(w: &mut ConformanceWorld) -> Result<(), String> {
    load_add_service(w)?;
    w.send_noting(ADD_SERVICE, None, None).await
}

/// The service a 201's `Location` names: the request's path plus one segment.
fn new_service(ex: &Exchange) -> Result<AddedService, String> {
    let loc = ex.received.header("location").ok_or("the 201 has no Location header")?;
    let base = reqwest::Url::parse(&ex.sent.url).map_err(|e| e.to_string())?;
    let url = base.join(loc).map_err(|e| format!("Location {loc:?} is not a URL: {e}"))?;
    let path = url.path().trim_end_matches('/');
    let prefix = format!("{}/", ex.path.trim_end_matches('/'));
    let id = path.strip_prefix(&prefix).filter(|id| !id.is_empty() && !id.contains('/'));
    let id = id.ok_or_else(|| format!("Location {loc:?} does not name a service under {prefix}"))?;
    Ok(AddedService { id: id.to_string(), path: path.to_string() })
}

/// The 201's `Location` names a new service under the request's path; it is remembered, so
/// the scenario can follow it.
#[then(regex = r"^the Location header points at the new service$")]
fn location(w: &mut ConformanceWorld) -> Result<(), String> {
    let ex = w.last()?; // a dry run's stand-in names a placeholder service: remember it too
    let service = new_service(ex).map_err(|e| w.fail(e))?;
    if w.services.iter().any(|s| s.id == service.id) {
        return Err(w.fail(format!("Location names service {}, which already existed", service.id)));
    }
    w.services.push(service);
    Ok(())
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
    if matches!(w.auth, ChosenCredentials::None) {
        return Err("no credentials chosen for the update".into());
    }
    w.load_example(UPDATE_SERVICE, &name)?;
    let ctx = w.ctx()?;
    let base = ctx.profile.base_url_for(UPDATE_SERVICE).unwrap_or(&ctx.base);
    let base_path = reqwest::Url::parse(base).map(|u| u.path().trim_end_matches('/').to_string()).unwrap_or_default();
    let path = service.path.strip_prefix(&base_path).unwrap_or(&service.path).to_string();
    w.send_noting(UPDATE_SERVICE, Some(path), None).await
}
