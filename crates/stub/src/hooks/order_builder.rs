//! `order-builder`: the Hostway order builder's rules that no schema can say, for add-service
//! (page 003_1ad3c8d24727b2ed.txt) and update-service (page 004_fa1c0c865dddaeaa.txt):
//!
//! - the order product belongs to the owner in its `owner` attribute: another known owner is
//!   refused with 403 (both pages, 403 "does not have permissions");
//! - rule 2 (page 004, "Validation Rules, 2"): an empty or blank name is no valid service name;
//! - rule 4 (page 004, "Validation Rules, 4"; `relatedTo` on page 003): an order-service URL must
//!   name a service already added to this product;
//! - rule 5 (page 004, "Validation Rules, 5"): an account-service URL must name an open service
//!   (`open` attribute) on the order's account (`account` attribute of the order product);
//! - the billing cycle must be one the service supports (page 004, 400 "Unable to change service:
//!   invalid cycle"; page 003, erratum add-billing-cycle-depends-on-service): the stub's
//!   `hostway-orders.supported_billing_cycles` for a new service, the service's own
//!   (`supportedBillingCycles` attribute, else the same list) for an update.

use conformance_contract::Operation;
use serde_json::{Value, json};

use super::{Hook, HookCx, OpHook, Outcome, Refusal};
use crate::StubError;
use crate::answer::Answer;
use crate::paths::{canonical, push_segment};
use crate::profile::StubValues;
use crate::state::State;

/// The hook.
pub(crate) struct OrderBuilder;

/// The profile key of the cycles a new service supports.
const CYCLES_KEY: &str = "hostway-orders.supported_billing_cycles";

impl Hook for OrderBuilder {
    fn name(&self) -> &'static str {
        "order-builder"
    }

    fn probes(&self) -> Vec<(&'static str, &'static str, Value, u16)> {
        // Rule 4: an order-service URL that names no service added to this product.
        let nowhere = "https://api.hostway.com/accounts/0/products/0/services/0";
        vec![("update-service", "unknown-associated", json!({ "associatedTo": [nowhere] }), 400)]
    }

    fn mutations(&self) -> &'static [(&'static str, &'static str)] {
        &[
            (
                "accepts-unknown-associated",
                "Update-service accepts an associatedTo URL that names no existing service, in the order or on the account (rules 4 and 5).",
            ),
            (
                "invalid-cycle-as-bad-request",
                "Update-service answers an unsupported billing cycle with badRequest instead of the documented computeFault invalid cycle.",
            ),
        ]
    }

    fn compile(&self, op: &Operation, values: &StubValues) -> Result<Box<dyn OpHook>, StubError> {
        let cycles: Vec<i64> = values
            .get(CYCLES_KEY)
            .and_then(Value::as_array)
            .map_or(Vec::new(), |a| a.iter().filter_map(Value::as_i64).collect());
        let (update, invalid_cycle) = match op.contract().operation.as_str() {
            "add-service" => {
                let fields = json!({ "kind": "computeFault", "message": "Unable to change service: invalid cycle", "details": "" });
                let fields = fields.as_object().cloned().unwrap_or_default();
                (false, Answer::fields(op, 400, &fields)?)
            }
            "update-service" => (true, Answer::example(op, "invalid-cycle")?),
            other => {
                let msg = format!("order-builder serves add-service and update-service, not {other}");
                return Err(StubError::fixture(op.id(), "hooks", msg));
            }
        };
        Ok(Box::new(Orders { update, cycles, invalid_cycle }))
    }
}

/// The order builder's rules for one of its two operations.
#[derive(Debug)]
struct Orders {
    /// update-service (else add-service).
    update: bool,
    /// The cycles a new service supports.
    cycles: Vec<i64>,
    /// The answer for an unsupported cycle.
    invalid_cycle: Answer,
}

impl OpHook for Orders {
    fn check<'s>(&'s self, cx: &mut HookCx<'_>) -> Outcome<'s> {
        match self.refusal(cx) {
            Some(r) => Outcome::Refuse(r),
            None => Outcome::Continue,
        }
    }
}

impl Orders {
    fn refusal<'s>(&'s self, cx: &HookCx<'_>) -> Option<Refusal<'s>> {
        let param = |n: &str| cx.params.get(n).unwrap_or("");
        let (order, product) = (param("orderId"), param("productId"));
        let mut product_path = String::from("/orders/");
        push_segment(&mut product_path, order);
        product_path.push_str("/account/products/");
        push_segment(&mut product_path, product);
        let attrs = cx.state.get(&product_path);
        let attr = |name: &str| attrs.and_then(|a| a.get(name)).and_then(Value::as_str);
        if let (Some(owner), Some(caller)) = (attr("owner"), cx.principal)
            && owner != caller
        {
            return Some(Refusal { status: 403, ..Refusal::default() });
        }
        let name = cx.body.get("name").and_then(Value::as_str);
        if self.update && !cx.ignores("name") && name.is_some_and(|n| n.trim().is_empty()) {
            return Some(Refusal::detail(400, "name", "Invalid"));
        }
        let field = if self.update { "associatedTo" } else { "relatedTo" };
        let urls = cx.body.get(field).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        let lax = cx.mode.mutation == Some("accepts-unknown-associated") && self.update;
        for (i, url) in urls.iter().enumerate() {
            let url = url.as_str().unwrap_or_default();
            let named = named(url);
            if lax && !named.as_deref().is_some_and(|p| exists(cx.state, p)) {
                continue;
            }
            if let Some(why) = relation(cx.state, &product_path, attr("account"), named.as_deref()) {
                return Some(Refusal::detail(400, field, format!("{why} (item {i}: {url})")));
            }
        }
        if cx.ignores("billingCycle") {
            return None;
        }
        let cycle = cx.body.get("billingCycle").and_then(whole_number);
        let own = cx.resource.and_then(|r| cx.state.get(r)).and_then(|a| a.get("supportedBillingCycles"));
        let own: Option<Vec<i64>> = own.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_i64).collect());
        let supported = if self.update { own.as_deref().unwrap_or(&self.cycles) } else { &self.cycles };
        if cycle.is_some_and(|c| supported.contains(&c)) {
            return None;
        }
        if cx.mode.mutation == Some("invalid-cycle-as-bad-request") && self.update {
            return Some(Refusal::detail(400, "billingCycle", "Invalid"));
        }
        Some(Refusal { status: 400, answer: Some(&self.invalid_cycle), details: None })
    }
}

/// The canonical path a service URL names: any scheme and host (the pages use
/// `https://api.hostway.com`), or a bare path; query and fragment left out.
fn named(url: &str) -> Option<String> {
    let path = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {
            rest.get(rest.find('/')?..)?
        }
        Some(_) => return None,
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.starts_with('/').then(|| canonical(path)).flatten()
}

/// A JSON number that is whole (`12` or `12.0`).
fn whole_number(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15).map(|f| f as i64))
}

fn exists(state: &State, path: &str) -> bool {
    state.contains(path)
}

/// Why the service `path` may not be related to a service of `product` (rules 4 and 5).
fn relation(state: &State, product: &str, account: Option<&str>, path: Option<&str>) -> Option<&'static str> {
    let Some(path) = path else { return Some("Invalid: not a service URL") };
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    match segs.as_slice() {
        ["orders", _, "account", "products", _, "services", _] => {
            let ok = path.starts_with(&format!("{product}/services/")) && state.contains(path);
            (!ok).then_some("Invalid: not a service already added to the product")
        }
        ["accounts", a, "products", _, "services", _] => {
            let on_account =
                account.is_some_and(|acc| canonical(&format!("/{acc}")).as_deref() == Some(&format!("/{a}")));
            match state.get(path) {
                Some(attrs) if on_account && attrs.get("open") == Some(&Value::Bool(true)) => None,
                Some(_) if on_account => Some("Invalid: the associated account service is not open"),
                _ => Some("Invalid: not a service on the order's account"),
            }
        }
        _ => Some("Invalid: not a service URL"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Map;

    use super::*;

    #[test]
    fn service_urls_name_canonical_paths() {
        assert_eq!(
            named("https://api.hostway.com/orders/o/account/products/p/services/s").as_deref(),
            Some("/orders/o/account/products/p/services/s")
        );
        assert_eq!(
            named("/accounts/a/products/p/services/s/?q=1").as_deref(),
            Some("/accounts/a/products/p/services/s")
        );
        for bad in ["", "x", "ftp://h/orders/o", "https://h", "/orders//account"] {
            assert_eq!(named(bad), None, "{bad}");
        }
        let mut s = State::default();
        s.insert("/accounts/a/products/p/services/s".into(), Map::from_iter([("open".to_string(), json!(false))]));
        let r = relation(&s, "/orders/o/account/products/p", Some("a"), Some("/accounts/a/products/p/services/s"));
        assert_eq!(r, Some("Invalid: the associated account service is not open"));
        let r = relation(&s, "/orders/o/account/products/p", Some("b"), Some("/accounts/a/products/p/services/s"));
        assert_eq!(r, Some("Invalid: not a service on the order's account"));
    }
}
