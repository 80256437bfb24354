//! Hostway order builder: add a service (POST, 201 + `Location`) and update its name and billing
//! cycle (PUT, 204), with orders, products and services in the state. Error bodies come from
//! the update-service fixture's examples (the add-service page prints none; both pages are the
//! same order builder): `badRequest` "POST data error" with `details`, `computeFault` "invalid
//! cycle", `itemNotFound`, the prose 401 and the 502 fault. The 403 body is printed by neither
//! page: it is the Hostway envelope with the PUT page's message, an assumption.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use crate::auth::{self, Verdict};
use crate::core::Call;
use crate::errors::{StubResponse, detail, hostway_error};
use crate::mutation::Mutation;
use crate::order_rules::{check_relations, names_a_service, schema_details, string_list};
use crate::router::OpKind;
use crate::state::{OrderService, State};
use crate::variation::Variation;

/// The update-service examples the order builder answers with.
pub(crate) const UPDATE_EXAMPLES: &[&str] = &[
    "missing-both",
    "missing-billing-cycle",
    "missing-name",
    "invalid-cycle",
    "unauthorized",
    "not-found",
    "bad-gateway",
];

const UPDATE: OpKind = OpKind::UpdateService;
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// `badRequest` "POST data error" (the PUT page's envelope) with these `details`.
fn bad_request(call: &Call<'_>, details: Map<String, Value>) -> StubResponse {
    let (_, mut v) = call.example_from(UPDATE, "missing-both", None).json();
    if let Some(slot) = v.pointer_mut("/badRequest/details") {
        *slot = Value::Object(details);
    }
    StubResponse::json(400, &v)
}

fn not_found(call: &Call<'_>) -> StubResponse {
    call.example_from(UPDATE, "not-found", None).response()
}

fn invalid_cycle(call: &Call<'_>) -> StubResponse {
    call.example_from(UPDATE, "invalid-cycle", None).response()
}

fn forbidden() -> StubResponse {
    // No page prints a 403 body; the PUT page's table gives the message.
    hostway_error(403, "forbidden", "Unauthorized: Service failed permission check", Value::String(String::new()))
}

/// The calling owner; `Ok(None)` when a mutation lets an unauthenticated call through.
fn authorize(
    call: &Call<'_>,
    allow_forbidden: Option<Mutation>,
    allow_missing: Option<Mutation>,
) -> Result<Option<String>, StubResponse> {
    let on = |m: Option<Mutation>| m.is_some_and(|m| call.mutated(m));
    match call.core.with_state(|s| auth::owner(s, call.req)) {
        Ok(owner) => Ok(Some(owner)),
        Err(Verdict::Forbidden(_)) if on(allow_forbidden) => Ok(None),
        Err(Verdict::Unauthorized(_)) if on(allow_missing) => Ok(None),
        Err(Verdict::Forbidden(_)) => Err(forbidden()),
        Err(_) => Err(unauthorized(call)),
    }
}

/// The documented prose 401; under [`Variation::Html401`] inside an Apache-style HTML page.
fn unauthorized(call: &Call<'_>) -> StubResponse {
    let prose = call.example_from(UPDATE, "unauthorized", None).response();
    if !call.varied(Variation::Html401) {
        return prose;
    }
    let text = String::from_utf8_lossy(&prose.body);
    let page = format!(
        "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>401 Unauthorized</title>\n\
         </head><body>\n<h1>Unauthorized</h1>\n<p>{text}</p>\n</body></html>\n"
    );
    let headers = vec![("Content-Type".to_string(), "text/html; charset=iso-8859-1".to_string())];
    StubResponse { status: prose.status, headers, body: page.into() }
}

/// Why a path's resources cannot be used.
enum Miss {
    NotFound,
    Forbidden,
}

/// The order must exist, belong to `owner`, have an account and hold the product (and the
/// service, for PUT: rule 1).
fn locate(s: &State, owner: Option<&str>, order: &str, product: &str, service: Option<&str>) -> Result<(), Miss> {
    let o = s.orders.get(order).ok_or(Miss::NotFound)?;
    if owner.is_some_and(|w| w != o.owner) {
        return Err(Miss::Forbidden);
    }
    o.account_id.as_ref().ok_or(Miss::NotFound)?;
    let p = o.products.get(product).ok_or(Miss::NotFound)?;
    match service {
        Some(id) if !p.services.contains_key(id) => Err(Miss::NotFound),
        _ => Ok(()),
    }
}

/// The body checked against the operation's schema: the parsed body (if JSON) and the
/// `badRequest` details (empty when it passes).
fn check_body(call: &Call<'_>) -> (Option<Value>, Map<String, Value>) {
    let op = call.op();
    let body = call.json().ok();
    let pointers: Vec<String> = match &body {
        Some(b) => op.validate_request(b).err().map_or(Vec::new(), |v| v.0.into_iter().map(|v| v.pointer).collect()),
        None => Vec::new(),
    };
    let mut details = schema_details(&op.contract().request.schema, body.as_ref(), &pointers);
    if details.is_empty() && (body.is_none() || !pointers.is_empty()) {
        details.insert("body".into(), "Invalid".into());
    }
    (body, details)
}

/// A billing cycle as a number of months (an integral JSON number).
fn cycle(body: &Value) -> Option<u64> {
    let v = body.get("billingCycle")?;
    v.as_u64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && (0.0..1e12).contains(f)).map(|f| f as u64))
}

/// `POST /orders/{orderId}/account/products/{productId}/services`.
pub(crate) fn add_service(call: &Call<'_>) -> StubResponse {
    let owner = match authorize(call, Some(Mutation::AddForbiddenOwnerAllowed), Some(Mutation::AddMissingCookieAllowed))
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let (order, product) = (call.param("orderId"), call.param("productId"));
    match call.core.with_state(|s| locate(s, owner.as_deref(), order, product, None)) {
        Ok(()) => {}
        Err(Miss::Forbidden) => return forbidden(),
        Err(Miss::NotFound) if call.mutated(Mutation::AddUnknownOrderAs400) => {
            return bad_request(call, detail("orderId", "Invalid"));
        }
        Err(Miss::NotFound) => return not_found(call),
    }
    let (body, mut details) = check_body(call);
    let months = body.as_ref().and_then(cycle);
    let over_range = months.is_some_and(|m| m > 120) && call.mutated(Mutation::AddAcceptsCycle121);
    if over_range && details.get("billingCycle").is_some_and(|d| d == "Invalid") {
        details.remove("billingCycle");
    }
    let (Some(body), true) = (body, details.is_empty()) else { return bad_request(call, details) };
    let related = string_list(&body, "relatedTo");
    let months = months.unwrap_or_default();
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let cap = call.core.config().max_services_per_product;
    let id = uuid::Uuid::new_v4().to_string();
    let outcome = call.core.with_state(|s| {
        check_relations(s, order, product, "relatedTo", &related).map_err(|d| bad_request(call, d))?;
        let supported = s.supported_billing_cycles.clone();
        if !over_range && !u32::try_from(months).is_ok_and(|m| supported.contains(&m)) {
            // The PUT page's answer for an unsupported cycle; the POST page shares the backend.
            return Err(invalid_cycle(call));
        }
        let service = OrderService {
            name: text("name"),
            billing_cycle: u32::try_from(months).unwrap_or(u32::MAX),
            service_specification: text("serviceSpecification"),
            related_to: related.clone(),
            associated_to: Vec::new(),
            supported_billing_cycles: supported,
        };
        let prod = s.orders.get_mut(order).and_then(|o| o.products.get_mut(product)).ok_or_else(|| not_found(call))?;
        State::add_order_service(prod, id.clone(), service, cap);
        Ok(())
    });
    if let Err(r) = outcome {
        return r;
    }
    let enc = |s: &str| utf8_percent_encode(s, SEGMENT).to_string();
    let origin = if call.varied(Variation::RelativeLocation) { String::new() } else { call.origin() };
    let location = format!("{origin}/orders/{}/account/products/{}/services/{}", enc(order), enc(product), id);
    let status = if call.mutated(Mutation::Add201As200) { 200 } else { 201 };
    let resp = StubResponse::empty(status);
    if call.mutated(Mutation::AddNoLocation) { resp } else { resp.with_header("Location", location) }
}

/// `PUT /orders/{orderId}/account/products/{productId}/services/{serviceId}`.
pub(crate) fn update_service(call: &Call<'_>) -> StubResponse {
    let owner = match authorize(call, None, None) {
        Ok(o) => o,
        Err(r) => return r,
    };
    if let Some(status) = call.fault() {
        return call.first_example(status).unwrap_or_else(|| StubResponse::empty(status));
    }
    let (order, product, service) = (call.param("orderId"), call.param("productId"), call.param("serviceId"));
    match call.core.with_state(|s| locate(s, owner.as_deref(), order, product, Some(service))) {
        Ok(()) => {}
        Err(Miss::Forbidden) => return forbidden(),
        Err(Miss::NotFound) if call.mutated(Mutation::UpdateUnknownServiceAs400) => {
            return bad_request(call, detail("serviceId", "Invalid"));
        }
        Err(Miss::NotFound) => return not_found(call),
    }
    let (body, mut details) = check_body(call);
    if call.mutated(Mutation::UpdateMissingNameAllowed) && details.get("name").is_some_and(|d| d == "Required") {
        details.remove("name");
    }
    let blank_name =
        body.as_ref().and_then(|b| b.get("name")).and_then(Value::as_str).is_some_and(|n| n.trim().is_empty());
    if call.mutated(Mutation::UpdateEmptyNameAccepted) && blank_name {
        // The schema's non-blank pattern refuses it too: the mutation lets it through both.
        details.remove("name");
    }
    let (Some(body), true) = (body, details.is_empty()) else { return bad_request(call, details) };
    let name = body.get("name").and_then(Value::as_str).map(String::from);
    if name.as_deref().is_some_and(|n| n.trim().is_empty()) && !call.mutated(Mutation::UpdateEmptyNameAccepted) {
        // Rule 2: a valid service name; an empty one is not.
        return bad_request(call, detail("name", "Invalid"));
    }
    let months = cycle(&body).and_then(|m| u32::try_from(m).ok());
    let associated = body.get("associatedTo").map(|_| string_list(&body, "associatedTo"));
    let lax = call.mutated(Mutation::UpdateUnknownAssociatedAccepted);
    let outcome = call.core.with_state(|s| {
        let mut checked = associated.clone().unwrap_or_default();
        if lax {
            // Rules 4 and 5 both refuse a URL naming nothing: this mutation lets it through.
            checked.retain(|url| names_a_service(s, url));
        }
        check_relations(s, order, product, "associatedTo", &checked).map_err(|d| bad_request(call, d))?;
        let svc = s
            .orders
            .get_mut(order)
            .and_then(|o| o.products.get_mut(product))
            .and_then(|p| p.services.get_mut(service))
            .ok_or_else(|| not_found(call))?;
        let Some(m) = months.filter(|m| svc.supported_billing_cycles.contains(m)) else {
            return Err(if call.mutated(Mutation::UpdateInvalidCycleBadRequest) {
                bad_request(call, detail("billingCycle", "Invalid"))
            } else {
                invalid_cycle(call)
            });
        };
        svc.billing_cycle = m;
        if let Some(n) = &name {
            svc.name.clone_from(n);
        }
        if let Some(a) = &associated {
            svc.associated_to.clone_from(a);
        }
        Ok(serde_json::to_value(&*svc).unwrap_or(Value::Null))
    });
    match outcome {
        Err(r) => r,
        Ok(v) if call.mutated(Mutation::UpdateAs200) => StubResponse::json(200, &v),
        Ok(_) => StubResponse::empty(204),
    }
}
