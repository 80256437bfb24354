//! The compiled bytes are the instantiated example serialised, for every response example of
//! `fixtures/` and for examples made to be awkward; the values made up by format are taken from
//! the compiled answer before comparing, and must keep the form the example documents.

use std::collections::BTreeMap;

use conformance_contract::{Contracts, Direction, Example, RequestContext, Volatile, check_example, instantiate};
use serde_json::{Value, json};

use super::{Compiled, Fill};
use crate::params::Params;

const ORIGIN: &str = "http://127.0.0.1:1";

/// Whether `instantiate` makes plain value `v` up afresh (a format, where no echo applies).
fn generated(v: &Volatile, cx: &RequestContext<'_>) -> bool {
    let echoed = v.echoes.as_deref().and_then(|e| e.split_once(':')).is_some_and(|(k, p)| match k {
        "path" => cx.path_params.contains_key(p),
        "body" => cx.body.and_then(|b| b.pointer(p)).is_some(),
        _ => false,
    });
    v.template.is_none() && !echoed && v.format.is_some_and(conformance_contract::Format::is_generated)
}

/// Compiles and renders `e` for `cx` and checks it against `instantiate`; whether it compiled.
/// The values made up afresh differ by nature: the compiled answer's are written into the
/// example as literals first, so that `instantiate` (templates included) must give the same
/// bytes.
fn same(e: &Example, cx: &RequestContext<'_>, what: &str) -> bool {
    let Some(c) = Compiled::compile(e) else { return false };
    let mut params = Params::new();
    for (k, v) in cx.path_params {
        params.push(k, v.as_str().into());
    }
    let fill = Fill { path: cx.path, params: &params, body: cx.body, origin: ORIGIN };
    let fast = c.render(&fill).expect("renders");
    let fast_v: Value = serde_json::from_slice(&fast).expect("the compiled body is JSON");
    let mut fixed = e.clone();
    fixed.volatile.retain(|v| !generated(v, cx));
    for v in e.volatile.iter().filter(|v| generated(v, cx)) {
        let body = fixed.body.as_mut().expect("a body");
        if let (Some(dst), Some(src)) = (body.pointer_mut(&v.pointer), fast_v.pointer(&v.pointer)) {
            *dst = src.clone();
        }
    }
    let slow = instantiate(&fixed, cx, ORIGIN).expect("an example with a body");
    let slow_bytes = serde_json::to_vec(&slow).expect("serialises");
    assert_eq!(String::from_utf8_lossy(&fast), String::from_utf8_lossy(&slow_bytes), "{what}");
    let fresh = instantiate(e, cx, ORIGIN).expect("a body");
    assert_eq!(
        check_example(e, &fast_v, cx).is_ok(),
        check_example(e, &fresh, cx).is_ok(),
        "{what}: the compiled answer keeps the example's forms as the instantiated one does"
    );
    true
}

#[test]
fn every_fixture_example_compiles_to_its_instantiated_bytes() {
    let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).expect("fixtures load");
    let mut compiled = 0;
    for op in contracts.operations() {
        let c = op.contract();
        let params: BTreeMap<String, String> =
            conformance_contract::placeholders(&c.path).map(|p| (p.to_string(), format!("v-{p}\"é"))).collect();
        let path = conformance_contract::render_path(&c.path, &params).expect("renders");
        let request = c.examples.iter().find(|e| e.direction == Direction::Request).and_then(|e| e.body.clone());
        for e in c.examples.iter().filter(|e| e.direction == Direction::Response && e.body.is_some()) {
            for body in [request.as_ref(), None] {
                let cx = RequestContext { path: &path, path_params: &params, body };
                if same(e, &cx, &format!("{} {}", op.id(), e.name)) {
                    compiled += 1;
                }
            }
        }
    }
    assert!(compiled >= 20, "most examples compile: {compiled}");
    let apig = contracts.operation("huawei-apig/postpaid-resize").expect("the benchmarked operation");
    let accepted = apig.examples_for(202).next().expect("its 202 example");
    let c = Compiled::compile(accepted).expect("the benchmarked answer is compiled");
    let mut params = Params::new();
    params.push("instance_id", "6a7d71827fd54572b1f31aa9548fcc81".into());
    let fill = Fill {
        path: "/v2/p/apigw/instances/6a7d71827fd54572b1f31aa9548fcc81",
        params: &params,
        body: None,
        origin: "",
    };
    let body = c.render(&fill).expect("renders");
    assert_eq!(body.len(), body.capacity(), "allocated once, exactly: it becomes Bytes as it is");
}

fn example(body: Value, volatile: Value) -> Example {
    serde_json::from_value(json!({
        "name": "x", "direction": "response", "status": 200, "body": body, "volatile": volatile,
        "provenance": { "section": "test" }
    }))
    .expect("an example")
}

#[test]
fn awkward_examples_compile_exactly_or_not_at_all() {
    let params: BTreeMap<String, String> = [("id".to_string(), "a\"b\\c\u{1}é".to_string())].into();
    let request = json!({ "obj": { "k": [1, "two"] }, "s": "q\"uote", "n": 7 });
    let cx = RequestContext { path: "/things/a\"b", path_params: &params, body: Some(&request) };
    let body = json!({
        "id": "x", "obj": "x", "n": 0, "gen": "JOB-0", "keep": "own \"value\"", "num": 5,
        "msg": "", "odd": "", "self": "", "deep": { "list": [ { "v": "old" } ] }, "lit": { "a": [1, 2] }
    });
    let templated = json!([
        { "pointer": "/id", "echoes": "path:id" },
        { "pointer": "/obj", "echoes": "body:/obj" },
        { "pointer": "/gen", "format": "job-id" },
        { "pointer": "/keep", "format": "any-string" },
        { "pointer": "/num", "echoes": "path:missing" },
        { "pointer": "/msg", "template": "{/id}|{/obj}|{/gen}|{/keep}|{/num}|{/lit}|{/lit/a/1}|{/nowhere}|{x}{/" }
    ]);
    let echoed = json!([
        { "pointer": "/n", "echoes": "body:/n", "format": "uuid" },
        { "pointer": "/odd", "template": "{ {/n} }" },
        { "pointer": "/deep/list/0/v", "echoes": "body:/s" },
        { "pointer": "/self", "format": "self-link" },
        { "pointer": "/absent/x", "format": "uuid" }
    ]);
    let none = RequestContext { path: "/things", path_params: &BTreeMap::new(), body: None };
    for (name, vols) in [("templates", templated), ("echoes", echoed)] {
        let e = example(body.clone(), vols);
        assert!(same(&e, &cx, name), "{name} compiles");
        assert!(same(&e, &none, name), "{name} compiles");
    }

    for nested in [
        json!([{ "pointer": "/deep", "echoes": "body:/obj" }, { "pointer": "/deep/list/0/v", "format": "uuid" }]),
        json!([{ "pointer": "/gen", "format": "uuid" }, { "pointer": "/gen", "format": "job-id" }]),
        json!([{ "pointer": "/msg", "template": "{/deep/list}" }, { "pointer": "/deep/list/0/v", "format": "uuid" }]),
        json!([{ "pointer": "/msg", "template": "{/odd}" }, { "pointer": "/odd", "template": "{/gen}" }]),
        json!([{ "pointer": "", "format": "uuid" }, { "pointer": "/gen", "format": "job-id" }]),
    ] {
        assert!(Compiled::compile(&example(body.clone(), nested.clone())).is_none(), "{nested}");
    }
}

#[test]
fn a_numeric_path_echo_compiles_to_a_number_as_instantiate_makes_it() {
    let e: Example = serde_json::from_value(json!({
        "name": "n", "direction": "response", "status": 200, "provenance": { "section": "s" },
        "body": { "id": 4401, "label": "x", "in": "id {/id}" },
        "volatile": [
            { "pointer": "/id", "echoes": "path:id" }, { "pointer": "/label", "echoes": "path:id" },
            { "pointer": "/in", "template": "id {/id}" }
        ]
    }))
    .expect("an example");
    for segment in ["17", "-2.5", "0x1", "abc"] {
        let params: BTreeMap<String, String> = [("id".to_string(), segment.to_string())].into();
        let cx = RequestContext { path: "/m", path_params: &params, body: None };
        assert!(same(&e, &cx, segment), "{segment} compiles");
    }
}
