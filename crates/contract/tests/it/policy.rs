//! The strictness policy on the real fixtures: members the page does not show are notes (a
//! mismatch only in a closed object), instance values may be the target's own as long as
//! their type, format and relations hold, literal values must be equal.

use crate::common::{self, Case};

use std::collections::BTreeMap;

use conformance_contract::{
    Closed, ExampleMismatch, Provenance, RequestContext, UndocumentedMember, check_example, instantiate,
};
use serde_json::{Value, json};

/// The check of a [`Case`] this file makes: the default policy.
trait Policy {
    fn check(&self, body: &Value) -> Result<Vec<UndocumentedMember>, ExampleMismatch>;
}

impl Policy for Case {
    fn check(&self, body: &Value) -> Result<Vec<UndocumentedMember>, ExampleMismatch> {
        check_example(&self.example, body, &self.context())
    }
}

fn pointers(notes: &[UndocumentedMember]) -> Vec<&str> {
    notes.iter().map(|n| n.pointer.as_str()).collect()
}

#[test]
fn the_page_s_own_values_match_without_notes() {
    let c = common::contracts();
    for (op, name) in [("hostway/service-action", "cost-fees"), ("huawei-apig/postpaid-resize", "unauthorized")] {
        let case = Case::new(&c, op, name, None);
        assert_eq!(case.check(&case.body).expect("matches"), [], "{op} {name}");
    }
}

#[test]
fn extra_members_at_the_top_level_and_nested_are_notes() {
    let c = common::contracts();
    let apig = Case::new(&c, "huawei-apig/postpaid-resize", "unauthorized", None);
    let body = apig.edited(|b| b["request_id"] = json!("b8c1f9d4e1a4f5d6"));
    assert_eq!(pointers(&apig.check(&body).expect("an extra member is allowed")), ["/request_id"]);

    let update = Case::new(&c, "hostway-orders/update-service", "missing-billing-cycle", None);
    let body = update.edited(|b| {
        b["traceId"] = json!(7);
        b["badRequest"]["help"] = json!("https://example.test/help");
        b["badRequest"]["details"]["a/b~c"] = json!("Unknown");
    });
    let notes = update.check(&body).expect("extra members are allowed");
    assert_eq!(pointers(&notes), ["/badRequest/details/a~1b~0c", "/badRequest/help", "/traceId"], "sorted, escaped");

    let cost = Case::new(&c, "hostway/service-action", "cost-fees", None);
    let body = cost.edited(|b| {
        b["links"][0]["type"] = json!("application/json");
        b["oneTimeFee"]["description"] = json!("Setup");
    });
    assert_eq!(pointers(&cost.check(&body).expect("allowed")), ["/links/0/type", "/oneTimeFee/description"]);
}

#[test]
fn a_closed_object_refuses_an_extra_member() {
    let c = common::contracts();
    let mut apig = Case::new(&c, "huawei-apig/postpaid-resize", "unauthorized", None);
    apig.example.closed.push(Closed {
        pointer: String::new(),
        provenance: Provenance {
            source: "test".into(),
            section: "a page that says so".into(),
            ..Provenance::default()
        },
    });
    assert_eq!(apig.check(&apig.body).expect("the documented members only"), []);
    let err = apig.check(&apig.edited(|b| b["request_id"] = json!("x"))).expect_err("closed");
    assert_eq!(err.closed.len(), 1, "{err}");
    assert_eq!(err.closed[0].pointer, "/request_id");
    let text = err.to_string();
    assert!(text.contains("closed object at /request_id"), "{text}");
    assert!(text.contains("+  \"request_id\": \"x\""), "the diff shows the member: {text}");

    let mut cost = Case::new(&c, "hostway/service-action", "cost-fees", None);
    cost.example.closed.push(Closed {
        pointer: "/links/*".into(),
        provenance: Provenance { source: "test".into(), section: "s".into(), ..Provenance::default() },
    });
    let body = cost.edited(|b| {
        b["links"][0]["type"] = json!("t");
        b["extra"] = json!(1);
    });
    let err = cost.check(&body).expect_err("a closed link");
    let closed: Vec<&str> = err.closed.iter().map(|v| v.pointer.as_str()).collect();
    assert_eq!(closed, ["/links/0/type"], "the top level stays open: {err}");
}

#[test]
fn other_instance_values_with_the_relations_kept_match() {
    let c = common::contracts();
    let cost = Case::new(&c, "hostway/service-action", "cost-fees", None);
    let other = json!({
        "links": cost.body["links"].clone(),
        "oneTimeFee": {"currency": "EUR", "amount": "5.00"},
        "taxes": {"amount": "2.625"},
        "total": {"currency": "EUR", "amount": "15.125"},
        "subTotal": {"currency": "EUR", "amount": "12.5"}
    });
    assert_eq!(cost.check(&other).expect("other prices, one currency, the sum kept"), []);
    let with_tax_currency = cost.edited(|b| b["taxes"]["currency"] = json!("USD"));
    assert_eq!(pointers(&cost.check(&with_tax_currency).expect("same currency")), ["/taxes/currency"]);
    let credit = cost.edited(|b| {
        b["taxes"]["amount"] = json!("-1.90");
        b["total"]["amount"] = json!("18");
    });
    cost.check(&credit).expect("a negative amount is a decimal");

    let validate = Case::new(&c, "hostway/service-action", "validate-allowed", None);
    validate.check(&validate.edited(|b| b["allowed"] = json!(0))).expect("another account's flag");

    let cph = Case::new(&c, "huawei-cph/change-server-model", "ok", None);
    cph.check(&cph.edited(|b| b["product_id"] = json!("OFFI-physical.rx1"))).expect("another product id");
    let denied = Case::new(&c, "huawei-cph/change-server-model", "unauthorized", None);
    let body = json!({"error_code": "APIG.0301", "error_msg": "token expired", "request_id": "r"});
    assert_eq!(pointers(&denied.check(&body).expect("assumed codes are instance")), ["/request_id"]);
}

#[test]
fn broken_relations_and_instance_types_are_mismatches() {
    let c = common::contracts();
    let cost = Case::new(&c, "hostway/service-action", "cost-fees", None);

    let err = cost.check(&cost.edited(|b| b["total"]["amount"] = json!("29.90"))).expect_err("sum broken");
    assert_eq!(err.relations.len(), 1, "{err}");
    assert_eq!(err.relations[0].pointer, "/total/amount");
    let text = err.to_string();
    assert!(text.contains("relation broken at /total/amount: 29.90 is not the sum"), "{text}");
    assert!(err.diff.is_none(), "only the relation is wrong: {text}");

    let err = cost.check(&cost.edited(|b| b["oneTimeFee"]["amount"] = json!(9.95))).expect_err("a JSON number");
    assert_eq!(err.instance.len(), 1, "{err}");
    assert_eq!(err.instance[0].pointer, "/oneTimeFee/amount");
    assert!(err.to_string().contains("instance value at /oneTimeFee/amount: expected a JSON string"), "{err}");

    let err = cost.check(&cost.edited(|b| b["subTotal"]["amount"] = json!("19,90"))).expect_err("not a decimal");
    assert!(err.instance.iter().any(|v| v.pointer == "/subTotal/amount"), "{err}");

    let err = cost
        .check(&cost.edited(|b| {
            b["total"].as_object_mut().expect("object").remove("currency");
        }))
        .expect_err("a currency left out");
    let diff = err.diff.clone().expect("a diff of the literal parts");
    assert!(diff.contains("-    \"currency\": \"<instance>\""), "{diff}");

    let err = cost.check(&cost.edited(|b| b["total"]["currency"] = json!("EUR"))).expect_err("two currencies");
    assert_eq!(err.relations.len(), 1, "{err}");
    assert_eq!(err.relations[0].pointer, "/total/currency");

    let err = cost.check(&cost.edited(|b| b["taxes"]["currency"] = json!("EUR"))).expect_err("taxes in another");
    assert_eq!(err.relations[0].pointer, "/taxes/currency", "{err}");

    let err = cost.check(&cost.edited(|b| b["total"]["currency"] = json!("usd"))).expect_err("not a currency code");
    assert!(err.instance.iter().any(|v| v.pointer == "/total/currency"), "{err}");

    let validate = Case::new(&c, "hostway/service-action", "validate-allowed", None);
    let err = validate.check(&validate.edited(|b| b["allowed"] = json!("1"))).expect_err("a string");
    assert_eq!(err.instance[0].pointer, "/allowed", "{err}");
    let err = validate.check(&validate.edited(|b| b["allowed"] = json!(true))).expect_err("a boolean");
    assert_eq!(err.instance[0].pointer, "/allowed", "{err}");
}

#[test]
fn a_changed_literal_is_a_mismatch() {
    let c = common::contracts();
    let update = Case::new(&c, "hostway-orders/update-service", "missing-name", None);
    let err = update
        .check(&update.edited(|b| b["badRequest"]["message"] = json!("PUT data error")))
        .expect_err("a documented message changed");
    let diff = err.diff.expect("a diff");
    assert!(diff.contains("-    \"message\": \"POST data error\""), "{diff}");
    assert!(diff.contains("+    \"message\": \"PUT data error\""), "{diff}");
    assert!(diff.contains("\"guid\": \"<volatile>\""), "volatile values are masked: {diff}");

    let err = update.check(&update.edited(|b| b["badRequest"]["code"] = json!(422))).expect_err("a code");
    assert!(err.diff.is_some_and(|d| d.contains("+    \"code\": 422")));

    let err = update
        .check(&update.edited(|b| {
            b["badRequest"]["details"].as_object_mut().expect("object").remove("name");
        }))
        .expect_err("a documented member left out");
    assert!(err.diff.is_some_and(|d| d.contains("-      \"name\": \"Required\"")));

    let apig = Case::new(&c, "huawei-apig/postpaid-resize", "forbidden", None);
    let body = apig.edited(|b| {
        b["error_code"] = json!("APIC.7107");
        b["request_id"] = json!("r");
    });
    let err = apig.check(&body).expect_err("an error code changed");
    let text = err.to_string();
    assert!(text.contains("the literal parts differ"), "{text}");
    assert!(!text.contains("request_id"), "an extra member is not part of the diff: {text}");

    let cost = Case::new(&c, "hostway/service-action", "cost-fees", None);
    let err = cost.check(&cost.edited(|b| b["links"][0]["rel"] = json!("next"))).expect_err("rel is literal");
    assert!(err.diff.is_some_and(|d| d.contains("+      \"rel\": \"next\"")));
    let two_links = cost.edited(|b| b["links"].as_array_mut().expect("array").push(json!({"href": "h", "rel": "up"})));
    assert!(cost.check(&two_links).is_err(), "a list's length is literal");
}

#[test]
fn undocumented_members_follow_the_schema() {
    let c = common::contracts();
    let apig = c.operation("huawei-apig/postpaid-resize").expect("APIG");
    let body = json!({"error_code": "APIC.7102", "error_msg": "m", "request_id": "r", "zz": {"a": 1}});
    assert_eq!(pointers(&apig.undocumented_members(401, &body)), ["/request_id", "/zz"]);
    assert_eq!(apig.undocumented_members(401, &json!({"error_code": "x", "error_msg": "y"})), []);
    assert_eq!(apig.undocumented_members(418, &body), [], "no schema, no notes");

    let update = c.operation("hostway-orders/update-service").expect("update");
    let body = json!({
        "badRequest": {"guid": "g", "message": "m", "code": 400, "details": {"other": "Required"}, "help": "h"},
        "computeFault": {"guid": "g", "message": "m", "code": 400, "details": "", "x": 1},
        "request_id": "r"
    });
    let notes = update.undocumented_members(400, &body);
    assert_eq!(
        pointers(&notes),
        ["/badRequest/help", "/computeFault/x", "/request_id"],
        "followed through $ref; details is a free-form dictionary"
    );

    let action = c.operation("hostway/service-action").expect("action");
    let body = json!({
        "links": [{"href": "h", "rel": "self"}, {"href": "h", "rel": "up", "title": "t"}],
        "allowed": 1,
        "taxes": {"amount": "0", "currency": "USD", "rate": "0.2"},
        "discount": {"amount": "1"}
    });
    let notes = action.undocumented_members(200, &body);
    assert_eq!(pointers(&notes), ["/discount", "/links/1/title", "/taxes/rate"], "through items, $ref and anyOf");
}

#[test]
fn no_response_schema_forbids_members_it_does_not_name() {
    fn add_everywhere(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.values_mut().for_each(add_everywhere);
                map.insert("x-undocumented".into(), json!({"any": ["thing"]}));
            }
            Value::Array(items) => items.iter_mut().for_each(add_everywhere),
            _ => {}
        }
    }
    let c = common::contracts();
    let mut checked = 0;
    for op in c.operations() {
        for ex in op.contract().examples.iter().filter(|e| e.status.is_some()) {
            let (Some(body), Some(status)) = (&ex.body, ex.status) else { continue };
            let mut extended = body.clone();
            add_everywhere(&mut extended);
            op.validate_response(status, &extended)
                .unwrap_or_else(|v| panic!("{} `{}` with extra members:\n{v}", op.id(), ex.name));
            assert!(!op.undocumented_members(status, &extended).is_empty(), "{} `{}`", op.id(), ex.name);
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} examples checked");
}

#[test]
fn instantiate_answers_the_page_s_instance_values() {
    let c = common::contracts();
    let mut seen = 0;
    for op in c.operations() {
        for e in op.contract().examples.iter().filter(|e| !e.instance.is_empty()) {
            let params = BTreeMap::new();
            let ex = RequestContext { path: "/x", path_params: &params, body: None };
            let fresh = instantiate(e, &ex, "http://h").expect("a body");
            let page = e.body.as_ref().expect("a body");
            for i in &e.instance {
                assert_eq!(
                    fresh.pointer(&i.pointer),
                    page.pointer(&i.pointer),
                    "{} `{}` {}",
                    op.id(),
                    e.name,
                    i.pointer
                );
                seen += 1;
            }
        }
    }
    assert!(seen >= 10, "only {seen} instance values");
}

#[test]
fn a_mismatch_reads_well() {
    let c = common::contracts();
    let mut cost = Case::new(&c, "hostway/service-action", "cost-fees", None);
    cost.example.closed.push(Closed {
        pointer: "/taxes".into(),
        provenance: Provenance { source: "test".into(), section: "s".into(), ..Provenance::default() },
    });
    let body = cost.edited(|b| {
        b["links"][0]["href"] = json!("/elsewhere");
        b["links"][0]["rel"] = json!("next");
        b["oneTimeFee"]["amount"] = json!(9.95);
        b["taxes"]["rate"] = json!("0.2");
        b["total"]["currency"] = json!("EUR");
        b["subTotal"]["amount"] = json!("20.00");
        b["note"] = json!("not shown by the page: neither a failure nor in the diff");
    });
    let err = cost.check(&body).expect_err("everything wrong at once");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../../../snapshots/contract");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("mismatch-display", err.to_string()));
}

#[test]
fn members_in_another_order_match() {
    let c = common::contracts();
    let cost = Case::new(&c, "hostway/service-action", "cost-fees", None);
    let Value::Object(map) = &cost.body else { panic!("an object") };
    let reversed: serde_json::Map<String, Value> = map.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
    let reversed = Value::Object(reversed);
    assert_ne!(serde_json::to_string(&reversed).ok(), serde_json::to_string(&cost.body).ok(), "order differs");
    assert_eq!(cost.check(&reversed).expect("order is not documented"), []);
}
