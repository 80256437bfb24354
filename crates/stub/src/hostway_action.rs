//! Hostway accounts API: `POST /accounts/{accountId}/products/{productId}/services/{serviceId}/action`
//! with `cost` (the documented fees, or another account's under a variation), `validate` (`allowed`) and `change` (204, the service's
//! new specification recorded in the state). The page gives 400, 401 and 404 without bodies:
//! those are answered in the Hostway envelope (`badRequest`, `unauthorized`, `itemNotFound`)
//! with the page's descriptions as messages, an assumption.

use serde_json::{Map, Value, json};

use crate::auth::{self, Verdict};
use crate::core::Call;
use crate::errors::{StubResponse, detail, hostway_error};
use crate::mutation::Mutation;
use crate::order_rules::schema_details;
use crate::variation::Variation;

fn bad_request(details: Map<String, Value>) -> StubResponse {
    hostway_error(400, "badRequest", "Request body is invalid.", Value::Object(details))
}

/// Whether `uri` names a service specification: an http(s) URL whose path is
/// `/serviceSpecifications/{id}` (one trailing `/` tolerated), as the page's example.
pub(crate) fn is_specification_uri(uri: &str) -> bool {
    let Some((scheme, rest)) = uri.split_once("://") else { return false };
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return false;
    }
    let Some(slash) = rest.find('/') else { return false };
    let (host, path) = rest.split_at(slash);
    let path = path.strip_suffix('/').unwrap_or(path);
    match path.strip_prefix("/serviceSpecifications/") {
        Some(id) => !host.is_empty() && !id.is_empty() && !id.contains(['/', '?', '#', ' ']),
        None => false,
    }
}

/// The action and its target specification, or the 400 `details`.
fn parse(call: &Call<'_>) -> Result<(String, Option<String>), Map<String, Value>> {
    let body = call.json().map_err(|why| detail("body", why))?;
    let Some(obj) = body.as_object() else { return Err(detail("body", "Invalid: not a JSON object")) };
    let action = match obj.get("action") {
        None => return Err(detail("action", "Required")),
        Some(Value::String(a)) => a.clone(),
        Some(_) => return Err(detail("action", "Invalid: not a string")),
    };
    let known = ["cost", "validate", "change"].contains(&action.as_str());
    if !known && !call.mutated(Mutation::ActionUnknownAccepted) {
        return Err(detail("action", "Invalid: supported actions are cost, validate and change"));
    }
    let needs_target = action == "validate" || action == "change";
    let target = match obj.get("actionData") {
        None if needs_target => return Err(detail("actionData", "Required")),
        None => None,
        Some(Value::Object(data)) => match data.get("targetServiceSpecification") {
            None if needs_target => return Err(detail("actionData.targetServiceSpecification", "Required")),
            None => None,
            Some(Value::String(t)) if is_specification_uri(t) => Some(t.clone()),
            Some(_) => {
                return Err(detail(
                    "actionData.targetServiceSpecification",
                    "Invalid: not a service specification URI",
                ));
            }
        },
        Some(_) => return Err(detail("actionData", "Invalid: not an object")),
    };
    if known && let Err(v) = call.op().validate_request(&body) {
        let pointers: Vec<String> = v.0.into_iter().map(|v| v.pointer).collect();
        let mut details = schema_details(&call.op().contract().request.schema, Some(&body), &pointers);
        if details.is_empty() {
            details.insert("body".into(), "Invalid".into());
        }
        return Err(details);
    }
    Ok((action, target))
}

/// `POST /accounts/{accountId}/products/{productId}/services/{serviceId}/action`.
pub(crate) fn handle(call: &Call<'_>) -> StubResponse {
    let verdict = call.core.with_state(|s| auth::hostway_authorization(s, call.req));
    if verdict != Verdict::Permitted && !call.mutated(Mutation::ActionIgnoresAuth) {
        let msg = "The authorization credentials were not supplied or are invalid.";
        return hostway_error(401, "unauthorized", msg, Value::String(String::new()))
            .with_header("WWW-Authenticate", "Basic realm=\"Hostway API\"");
    }
    let (account, product, service) = (call.param("accountId"), call.param("productId"), call.param("serviceId"));
    let exists = call.core.with_state(|s| {
        s.accounts.get(account).and_then(|a| a.products.get(product)).is_some_and(|p| p.contains_key(service))
    });
    if !exists {
        let details = json!({ "accountId": account, "productId": product, "serviceId": service });
        return if call.mutated(Mutation::Action404As400) {
            hostway_error(400, "badRequest", "Request body is invalid.", details)
        } else {
            hostway_error(404, "itemNotFound", "The account, product Id or service Id not found.", details)
        };
    }
    let (action, target) = match parse(call) {
        Ok(p) => p,
        Err(details) => return bad_request(details),
    };
    match action.as_str() {
        "cost" => {
            let (status, mut v) = call.example("cost-fees", None).json();
            fees(call, &mut v);
            StubResponse::json(status, &v)
        }
        "change" => {
            let target = target.unwrap_or_default();
            call.core.with_state(|s| {
                let svc = s.accounts.get_mut(account).and_then(|a| a.products.get_mut(product));
                if let Some(svc) = svc.and_then(|p| p.get_mut(service)) {
                    svc.specification = target;
                }
            });
            StubResponse::empty(if call.mutated(Mutation::ActionChangeAs200) { 200 } else { 204 })
        }
        // "validate", and any action a mutation lets through.
        _ => {
            let (status, mut v) = call.example("validate-allowed", None).json();
            if call.mutated(Mutation::ActionAllowedString)
                && let Some(slot) = v.pointer_mut("/allowed")
            {
                *slot = Value::from("1");
            }
            StubResponse::json(status, &v)
        }
    }
}

/// The cost answer's fees as the mode says: another account's prices (variations, with
/// total = subTotal + taxes and one currency kept) or a broken relation or type (mutations).
fn fees(call: &Call<'_>, v: &mut Value) {
    let money = |currency: Option<&str>, amount: &str| match currency {
        Some(c) => json!({ "currency": c, "amount": amount }),
        None => json!({ "amount": amount }),
    };
    let mut set = |pointer: &str, value: Value| {
        if let Some(slot) = v.pointer_mut(pointer) {
            *slot = value;
        }
    };
    if call.varied(Variation::OtherAmounts) {
        set("/oneTimeFee", money(Some("USD"), "4.50"));
        set("/taxes", money(None, "3.19"));
        set("/subTotal", money(Some("USD"), "39.80"));
        set("/total", money(Some("USD"), "42.99"));
    } else if call.varied(Variation::OtherCurrency) {
        set("/oneTimeFee", money(Some("EUR"), "12.00"));
        set("/taxes", money(Some("EUR"), "2.28"));
        set("/subTotal", money(Some("EUR"), "12.00"));
        set("/total", money(Some("EUR"), "14.28"));
    } else if call.mutated(Mutation::ActionCostTotalBreaksSum) {
        set("/total/amount", Value::from("29.90"));
    } else if call.mutated(Mutation::ActionCostAmountNumber) {
        set("/total/amount", json!(19.9));
    } else if call.mutated(Mutation::ActionCostMixedCurrency) {
        set("/subTotal/currency", Value::from("EUR"));
    } else if call.mutated(Mutation::ActionCostNoCurrency)
        && let Some(total) = v.pointer_mut("/total").and_then(Value::as_object_mut)
    {
        total.remove("currency");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn specification_uris() {
        for ok in ["https://api.hostway.com/serviceSpecifications/42", "http://h/serviceSpecifications/x/"] {
            assert!(super::is_specification_uri(ok), "{ok}");
        }
        for bad in [
            "",
            "/serviceSpecifications/1",
            "https:///serviceSpecifications/1",
            "https://h/serviceSpecifications/",
            "https://h/products/1",
            "mailto://h/serviceSpecifications/1",
        ] {
            assert!(!super::is_specification_uri(bad), "{bad}");
        }
    }
}
