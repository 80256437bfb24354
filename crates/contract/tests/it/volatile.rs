//! "Equal to the example, volatile values aside, format kept": instantiated examples pass,
//! tampered ones fail with a diff or a named volatile value.

use crate::common;

use std::collections::BTreeMap;

use conformance_contract::{Format, RequestContext, check_example, instantiate};
use serde_json::{Value, json};

fn exchange_for<'a>(params: &'a BTreeMap<String, String>, path: &'a str) -> RequestContext<'a> {
    RequestContext { path, path_params: params, body: None }
}

#[test]
fn fresh_instances_of_every_example_match_it_and_differ_from_each_other() {
    let c = common::contracts();
    let mut with_volatile = 0;
    for op in c.operations() {
        let (params, path) = common::rendered(op);
        let ex = exchange_for(&params, &path);
        for example in op.contract().examples.iter().filter(|e| e.body.is_some()) {
            let a = instantiate(example, &ex, "http://127.0.0.1:1").expect("has a body");
            check_example(example, &a, &ex).unwrap_or_else(|m| panic!("{} `{}`:\n{m}", op.id(), example.name));
            let fresh = |f| !matches!(f, Some(Format::SelfLink) | Some(Format::AnyString) | None);
            if example.volatile.iter().any(|v| fresh(v.format) && v.echoes.is_none()) {
                let b = instantiate(example, &ex, "http://127.0.0.1:1").expect("has a body");
                assert_ne!(a, b, "{} `{}`: volatile values must be fresh per call", op.id(), example.name);
                with_volatile += 1;
            }
        }
    }
    assert!(with_volatile >= 5, "only {with_volatile} examples have fresh volatile values");
}

#[test]
fn a_changed_constant_shows_as_a_diff() {
    let c = common::contracts();
    let op = c.operation("huawei-apig/postpaid-resize").expect("APIG");
    let example = op.example("unauthorized").expect("documented 401 example");
    let params = BTreeMap::new();
    let ex = exchange_for(&params, "/x");
    let err = check_example(
        example,
        &json!({"error_code": "APIC.7103", "error_msg": "Incorrect token or token resolution failed"}),
        &ex,
    )
    .expect_err("wrong error code");
    let diff = err.diff.expect("a diff");
    assert!(diff.contains("-  \"error_code\": \"APIC.7102\""), "{diff}");
    assert!(diff.contains("+  \"error_code\": \"APIC.7103\""), "{diff}");
}

#[test]
fn a_volatile_value_must_keep_its_form_and_its_echo() {
    let c = common::contracts();
    let op = c.operation("huawei-apig/postpaid-resize").expect("APIG");
    let example = op.example("accepted").expect("documented 202 example");
    let params: BTreeMap<String, String> = [("project_id", "p"), ("instance_id", "6a7d71827fd54572b1f31aa9548fcc81")]
        .map(|(k, v)| (k.into(), v.into()))
        .into();
    let ex = exchange_for(&params, "/v2/p/apigw/instances/6a7d71827fd54572b1f31aa9548fcc81/postpaid-resize");
    let mut body = instantiate(example, &ex, "http://h").expect("body");
    check_example(example, &body, &ex).expect("fresh instance matches");

    body["job_id"] = json!("JOB-123");
    let err = check_example(example, &body, &ex).expect_err("job id lost its form");
    let pointers: Vec<&str> = err.volatile.iter().map(|v| v.pointer.as_str()).collect();
    assert_eq!(pointers, ["/job_id", "/message"], "{err}");

    let mut body = instantiate(example, &ex, "http://h").expect("body");
    body["instance_id"] = json!("0123456789abcdef0123456789abcdef");
    let err = check_example(example, &body, &ex).expect_err("instance id must echo the path");
    assert!(err.to_string().contains("must repeat the request's path:instance_id"), "{err}");

    let mut body = instantiate(example, &ex, "http://h").expect("body");
    body.as_object_mut().expect("object").remove("job_id");
    assert!(check_example(example, &body, &ex).is_err(), "a missing volatile value is a mismatch");
    let _: Value = body;
}
