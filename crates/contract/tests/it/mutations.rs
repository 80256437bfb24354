//! Mutated examples must not validate: each required field dropped, each typed field given the
//! wrong type, each documented limit exceeded. Proves the schemas say what the tables say.

use crate::common;

use conformance_contract::{Direction, Operation};
use serde_json::{Value, json};

/// Every (description, mutated body) for a body and the schema it should satisfy.
fn mutations(body: &Value, schema: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let (Some(obj), Some(props)) = (body.as_object(), schema.get("properties").and_then(Value::as_object)) else {
        return out;
    };
    for req in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        let mut m = obj.clone();
        if m.remove(req).is_some() {
            out.push((format!("required `{req}` dropped"), Value::Object(m)));
        }
    }
    for (key, prop) in props {
        if !obj.contains_key(key) {
            continue;
        }
        let mut set = |what: String, v: Value| {
            let mut m = obj.clone();
            m.insert(key.clone(), v);
            out.push((format!("`{key}` {what}"), Value::Object(m)));
        };
        match prop.get("type").and_then(Value::as_str) {
            Some("string") => set("as a number".into(), json!(42)),
            Some("integer") => set("as a string".into(), json!("x")),
            Some("object") => set("as a string".into(), json!("x")),
            Some("array") => set("as a string".into(), json!("x")),
            _ => {}
        }
        if let Some(n) = prop.get("maxLength").and_then(Value::as_u64) {
            set(format!("{} characters long", n + 1), json!("a".repeat(n as usize + 1)));
        }
        if let Some(n) = prop.get("maximum").and_then(Value::as_i64) {
            set(format!("= {}", n + 1), json!(n + 1));
        }
        if let Some(n) = prop.get("minimum").and_then(Value::as_i64) {
            set(format!("= {}", n - 1), json!(n - 1));
        }
        if prop.get("enum").is_some() {
            set("outside its enum".into(), json!("not-a-documented-value"));
        }
    }
    out
}

fn assert_all_rejected(
    op: &Operation,
    name: &str,
    cases: Vec<(String, Value)>,
    validate: impl Fn(&Value) -> bool,
) -> usize {
    let n = cases.len();
    for (what, body) in cases {
        assert!(!validate(&body), "{} example `{name}` with {what} still validates", op.id());
    }
    n
}

#[test]
fn mutated_request_examples_are_rejected() {
    let c = common::contracts();
    let mut total = 0;
    for op in c.operations() {
        for ex in op.contract().examples.iter().filter(|e| e.direction == Direction::Request) {
            let Some(body) = &ex.body else { continue };
            let cases = mutations(body, op.request_schema().source());
            total += assert_all_rejected(op, &ex.name, cases, |b| op.validate_request(b).is_ok());
        }
    }
    assert!(total >= 20, "only {total} request mutations tried");
}

#[test]
fn mutated_response_examples_are_rejected() {
    let c = common::contracts();
    let mut total = 0;
    for op in c.operations() {
        for ex in op.contract().examples.iter().filter(|e| e.direction == Direction::Response) {
            let (Some(body), Some(status)) = (&ex.body, ex.status) else { continue };
            let Some(schema) = op.response_schema(status) else { continue };
            let resolved = resolve_ref(schema.source());
            let cases = mutations(body, &resolved);
            total += assert_all_rejected(op, &ex.name, cases, |b| op.validate_response(status, b).is_ok());
        }
    }
    assert!(total >= 15, "only {total} response mutations tried");
}

/// A schema that is only a `$ref` into its `$defs`, followed once.
fn resolve_ref(schema: &Value) -> Value {
    match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => schema["$defs"][name].clone(),
        None => schema.clone(),
    }
}

#[test]
fn cph_model_name_is_limited_in_bytes_not_characters() {
    let c = common::contracts();
    let op = c.operation("huawei-cph/change-server-model").expect("CPH contract");
    let mut body = op
        .contract()
        .examples
        .iter()
        .find(|e| e.direction == Direction::Request)
        .and_then(|e| e.body.clone())
        .expect("request example");
    body["server_model_name"] = json!("a".repeat(64));
    assert!(op.validate_request(&body).is_ok(), "64 bytes is within the limit");
    body["server_model_name"] = json!("é".repeat(33));
    let err = op.validate_request(&body).expect_err("66 bytes in 33 characters must be refused");
    assert!(err.to_string().contains("/server_model_name"), "{err}");
    assert!(err.to_string().contains("66 bytes"), "{err}");
}

#[test]
fn violations_name_the_pointer_and_the_expectation() {
    let c = common::contracts();
    let op = c.operation("huawei-apig/postpaid-resize").expect("APIG contract");
    let err = op.validate_response(202, &json!({"instance_id": 1, "message": "m"})).expect_err("invalid");
    let text = err.to_string();
    assert!(text.contains("at /instance_id:"), "{text}");
    assert!(text.contains("job_id"), "{text}");
    let undocumented = op.validate_response(418, &json!({})).expect_err("418 is not documented");
    assert!(undocumented.to_string().contains("not documented"), "{undocumented}");
}
