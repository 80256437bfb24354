//! Query parameters in a fixture: anchored like the other items, a value for each required one,
//! a schema the model can hold, bindings `query:<name>`; a request's query checked against them
//! (a parameter the page does not list is no violation).

use conformance_contract::{BindContext, Contracts, LoadError, Profile};
use serde_json::{Value, json};

fn apig_with(query: Value, bindings: &[Value]) -> Value {
    let text =
        std::fs::read_to_string(conformance_contract::default_fixtures_dir().join("huawei-apig/postpaid-resize.json"))
            .expect("APIG fixture readable");
    let mut v: Value = serde_json::from_str(&text).expect("JSON");
    v["query_params"] = query;
    v["bindings"].as_array_mut().expect("a list").extend(bindings.iter().cloned());
    v
}

fn load(v: &Value) -> (tempfile::TempDir, Result<Contracts, LoadError>) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("huawei-apig")).expect("mkdir");
    std::fs::write(dir.path().join("huawei-apig/postpaid-resize.json"), v.to_string()).expect("write");
    let loaded = Contracts::load(dir.path());
    (dir, loaded)
}

fn field_error(v: &Value) -> (String, String) {
    match load(v).1 {
        Err(LoadError::Format { field, message, .. }) => (field, message),
        other => panic!("expected a format error, got {other:?}"),
    }
}

fn limit(required: bool) -> Value {
    json!({
        "name": "limit", "required": required, "description": "Items per page.",
        "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 20 },
        "provenance": { "section": "Query Parameters", "quote": "limit No Integer" }
    })
}

#[test]
fn an_unanchored_query_parameter_is_refused_naming_it() {
    let mut q = limit(false);
    q["provenance"] = json!({ "section": "Query Parameters" });
    let (field, msg) = field_error(&apig_with(json!([q]), &[]));
    assert_eq!(field, "query_params[0]");
    assert!(msg.contains("query parameter limit has no anchor"), "{msg}");
}

#[test]
fn a_required_parameter_needs_a_value_and_a_query_value_a_plain_type() {
    let mut q = limit(true);
    q["schema"].as_object_mut().expect("object").remove("default");
    let (field, msg) = field_error(&apig_with(json!([q]), &[]));
    assert_eq!(field, "query_params[0]");
    assert!(msg.contains("needs a value"), "{msg}");
    let mut q = limit(false);
    q["schema"] = json!({ "type": "array" });
    let (field, _) = field_error(&apig_with(json!([q]), &[]));
    assert_eq!(field, "query_params[0].schema.type");
    let bound = json!({ "at": "query:nope", "from": { "key": "huawei.apig.instance_id" } });
    let (field, msg) = field_error(&apig_with(json!([limit(false)]), &[bound]));
    assert!(field.starts_with("bindings["), "{field}");
    assert!(msg.contains("not a query parameter"), "{msg}");
}

#[test]
fn a_query_is_bound_and_checked() {
    let bound = json!({ "at": "query:limit", "from": { "key": "huawei.apig.instance_id" } });
    let (_dir, loaded) = load(&apig_with(json!([limit(true)]), &[]));
    let contracts = loaded.expect("loads");
    let op = contracts.operation("huawei-apig/postpaid-resize").expect("the operation");
    let profile = Profile::every_key(contracts.keys());
    let cx = BindContext { harmless: false, run_id: "r", created: &[] };
    let mut used = Vec::new();
    let sent = op.bind_query(&profile, &cx, &Default::default(), &mut used).expect("binds");
    assert_eq!(sent, [("limit".to_string(), "20".to_string())], "the default the page states");
    let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert!(op.validate_query(&pairs(&[("limit", "20"), ("unknown", "x")]), None).is_ok());
    let missing = op.validate_query(&[], None).expect_err("required");
    assert!(missing[0].missing, "{missing:?}");
    for bad in ["0", "501", "ten"] {
        let found = op.validate_query(&pairs(&[("limit", bad)]), None).expect_err(bad);
        assert!(!found[0].missing, "{found:?}");
    }
    let relaxed = op.relaxed_query("limit", &["minimum", "maximum"], false).expect("relaxed");
    assert!(op.validate_query(&pairs(&[("limit", "0")]), Some(&relaxed)).is_ok());
    let (_dir, loaded) = load(&apig_with(json!([limit(true)]), &[bound]));
    let contracts = loaded.expect("loads with a binding");
    let op = contracts.operation("huawei-apig/postpaid-resize").expect("the operation");
    let mut used = Vec::new();
    let sent =
        op.bind_query(&Profile::every_key(contracts.keys()), &cx, &Default::default(), &mut used).expect("binds");
    assert_eq!(sent[0].1, "plan-huawei.apig.instance_id", "the binding wins: {sent:?}");
    assert!(!used.is_empty(), "the key it needs is recorded");
}
