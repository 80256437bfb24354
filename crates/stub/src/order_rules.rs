//! The order builder's body rules, shared by add-service (POST) and update-service (PUT):
//! schema violations as `badRequest` `details` (`{"name": "Required"}` as the PUT page prints,
//! `{"billingCycle": "Invalid"}` for the rest), and the relation rules: an order-service URL
//! must name a service already added to the product (PUT rule 4), an account-service URL a
//! service on the order's account that is open (PUT rule 5).

use serde_json::{Map, Value};

use crate::state::State;

/// `details` for a body that breaks the schema: every missing required member as
/// `"Required"`, every other offending member as `"Invalid"`. A body that is not a JSON
/// object at all (empty, unparsable, an array) misses every required member, as the PUT
/// page's "invalid or empty body" example shows.
pub(crate) fn schema_details(schema: &Value, body: Option<&Value>, pointers: &[String]) -> Map<String, Value> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map_or(Vec::new(), |r| r.iter().filter_map(Value::as_str).collect());
    let mut details = Map::new();
    let Some(Value::Object(obj)) = body else {
        for name in required {
            details.insert(name.into(), "Required".into());
        }
        return details;
    };
    for name in required.iter().filter(|n| !obj.contains_key(**n)) {
        details.insert((*name).into(), "Required".into());
    }
    for p in pointers {
        let field = p.trim_start_matches('/').split('/').next().unwrap_or_default();
        if !field.is_empty() && !details.contains_key(field) {
            details.insert(conformance_contract::unescape_token(field).into_owned(), "Invalid".into());
        }
    }
    details
}

/// A service URL from `relatedTo` / `associatedTo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ServiceRef {
    /// `…/orders/{orderId}/account/products/{productId}/services/{serviceId}`.
    Order {
        /// Order id.
        order: String,
        /// Product id.
        product: String,
        /// Service id.
        service: String,
    },
    /// `…/accounts/{accountId}/products/{productId}/services/{serviceId}`.
    Account {
        /// Account id.
        account: String,
        /// Product id.
        product: String,
        /// Service id.
        service: String,
    },
}

/// Parses a service URL: any scheme and host (the docs use `https://api.hostway.com`), or a
/// bare path; one trailing `/` tolerated.
pub(crate) fn parse_service_url(url: &str) -> Option<ServiceRef> {
    let path = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {
            &rest[rest.find('/')?..]
        }
        Some(_) => return None,
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_suffix('/').unwrap_or(path);
    let segs: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    let own = |s: &&str| (*s).to_string();
    match segs.as_slice() {
        ["orders", o, "account", "products", p, "services", s] if ![o, p, s].iter().any(|x| x.is_empty()) => {
            Some(ServiceRef::Order { order: own(o), product: own(p), service: own(s) })
        }
        ["accounts", a, "products", p, "services", s] if ![a, p, s].iter().any(|x| x.is_empty()) => {
            Some(ServiceRef::Account { account: own(a), product: own(p), service: own(s) })
        }
        _ => None,
    }
}

/// Checks every URL of `field` against the state, for a service in `order_id`/`product_id`;
/// `Err` holds the `details` entry naming the field and the offending URL.
pub(crate) fn check_relations(
    state: &State,
    order_id: &str,
    product_id: &str,
    field: &str,
    urls: &[String],
) -> Result<(), Map<String, Value>> {
    let order = state.orders.get(order_id);
    for (i, url) in urls.iter().enumerate() {
        let problem = match parse_service_url(url) {
            None => Some("Invalid: not a service URL"),
            Some(ServiceRef::Order { order: o, product: p, service: s }) => {
                let known = o == order_id
                    && p == product_id
                    && order.and_then(|ord| ord.products.get(&p)).is_some_and(|prod| prod.services.contains_key(&s));
                (!known).then_some("Invalid: not a service already added to the product")
            }
            Some(ServiceRef::Account { account: a, product: p, service: s }) => {
                let on_account = order.and_then(|o| o.account_id.as_deref()) == Some(a.as_str());
                let svc = state.accounts.get(&a).and_then(|acc| acc.products.get(&p)).and_then(|prod| prod.get(&s));
                match svc {
                    Some(svc) if on_account && svc.open => None,
                    Some(_) if on_account => Some("Invalid: the associated account service is not open"),
                    _ => Some("Invalid: not a service on the order's account"),
                }
            }
        };
        if let Some(why) = problem {
            return Err(crate::errors::detail(field, format!("{why} (item {i}: {url})")));
        }
    }
    Ok(())
}

/// Whether `url` names a service that exists anywhere: added to some order's product, or on
/// some account (open or not). What rules 4 and 5 agree on: a URL naming none is refused.
pub(crate) fn names_a_service(state: &State, url: &str) -> bool {
    match parse_service_url(url) {
        None => false,
        Some(ServiceRef::Order { order, product, service }) => state
            .orders
            .get(&order)
            .and_then(|o| o.products.get(&product))
            .is_some_and(|p| p.services.contains_key(&service)),
        Some(ServiceRef::Account { account, product, service }) => state
            .accounts
            .get(&account)
            .and_then(|a| a.products.get(&product))
            .is_some_and(|p| p.contains_key(&service)),
    }
}

/// The strings of an optional array member (the schema has checked the types).
pub(crate) fn string_list(body: &Value, member: &str) -> Vec<String> {
    body.get(member)
        .and_then(Value::as_array)
        .map_or(Vec::new(), |a| a.iter().filter_map(Value::as_str).map(String::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_urls() {
        let order = ServiceRef::Order { order: "o".into(), product: "p".into(), service: "s".into() };
        assert_eq!(
            parse_service_url("https://api.hostway.com/orders/o/account/products/p/services/s"),
            Some(order.clone())
        );
        assert_eq!(parse_service_url("/orders/o/account/products/p/services/s/"), Some(order));
        let account = ServiceRef::Account { account: "a".into(), product: "p".into(), service: "s".into() };
        assert_eq!(parse_service_url("http://x/accounts/a/products/p/services/s?q=1"), Some(account));
        for bad in [
            "",
            "x",
            "ftp://h/orders/o/account/products/p/services/s",
            "https://h",
            "/orders//account/products/p/services/s",
        ] {
            assert_eq!(parse_service_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn details_name_required_and_invalid_members() {
        let schema = serde_json::json!({ "required": ["a", "b"] });
        let body = serde_json::json!({ "a": 1, "c": 2 });
        let d = schema_details(&schema, Some(&body), &["/c/0".to_string(), "".to_string()]);
        assert_eq!(Value::Object(d), serde_json::json!({ "b": "Required", "c": "Invalid" }));
        let d = schema_details(&schema, None, &[]);
        assert_eq!(Value::Object(d), serde_json::json!({ "a": "Required", "b": "Required" }));
    }
}
