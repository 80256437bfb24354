//! Broken fixtures give an error naming the file and the field, never a panic.

use std::path::Path;

use conformance_contract::{Contracts, LoadError};
use serde_json::json;

fn apig() -> serde_json::Value {
    let text =
        std::fs::read_to_string(conformance_contract::default_fixtures_dir().join("huawei-apig/postpaid-resize.json"))
            .expect("APIG fixture readable");
    serde_json::from_str(&text).expect("APIG fixture is JSON")
}

fn load_one(content: &str) -> (tempfile::TempDir, Result<Contracts, LoadError>) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("huawei-apig")).expect("mkdir");
    std::fs::write(dir.path().join("huawei-apig/postpaid-resize.json"), content).expect("write");
    let loaded = Contracts::load(dir.path());
    (dir, loaded)
}

fn field_error(edit: impl FnOnce(&mut serde_json::Value)) -> (String, String) {
    let mut v = apig();
    edit(&mut v);
    let (_dir, loaded) = load_one(&v.to_string());
    match loaded {
        Err(LoadError::Format { path, field, message }) => {
            assert!(path.ends_with(Path::new("huawei-apig/postpaid-resize.json")), "{path:?}");
            (field, message)
        }
        other => panic!("expected a format error, got {other:?}"),
    }
}

#[test]
fn the_unedited_copy_loads() {
    let (_dir, loaded) = load_one(&apig().to_string());
    assert_eq!(loaded.expect("loads").operations().len(), 1);
}

#[test]
fn invalid_json_names_the_file() {
    let (_dir, loaded) = load_one("{ \"id\": ");
    let err = loaded.expect_err("not JSON").to_string();
    assert!(err.contains("postpaid-resize.json"), "{err}");
}

#[test]
fn a_wrong_type_names_the_field() {
    let (field, _) = field_error(|v| v["responses"][1]["status"] = "four-oh-one".into());
    assert_eq!(field, "responses[1].status");
}

#[test]
fn an_unknown_key_names_the_field() {
    let (field, msg) = field_error(|v| v["examples"][0]["bodyy"] = 1.into());
    assert_eq!(field, "examples[0].bodyy");
    assert!(msg.contains("unknown field"), "{msg}");
}

#[test]
fn an_example_for_an_undocumented_status_is_refused() {
    let (field, msg) = field_error(|v| v["examples"][1]["status"] = 418.into());
    assert_eq!(field, "examples[1].status");
    assert!(msg.contains("418"), "{msg}");
}

#[test]
fn a_volatile_pointer_outside_the_body_is_refused() {
    let (field, _) = field_error(|v| v["examples"][1]["volatile"][0]["pointer"] = "/nope".into());
    assert_eq!(field, "examples[1].volatile[0].pointer");
}

#[test]
fn a_schema_that_does_not_compile_is_refused() {
    let (field, msg) = field_error(|v| v["request"]["schema"]["type"] = 12.into());
    assert_eq!(field, "request.schema");
    assert!(msg.contains("schema does not compile"), "{msg}");
}

#[test]
fn an_id_that_disagrees_with_the_path_is_refused() {
    let (field, _) = field_error(|v| v["id"] = "huawei-apig/other".into());
    assert_eq!(field, "id");
}

#[test]
fn an_empty_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = Contracts::load(dir.path()).expect_err("empty");
    assert!(err.to_string().contains("no contract files"), "{err}");
}

// The strictness policy's parts: `instance`, `relations`, `closed`.

fn with_policy(example: usize, body: Option<serde_json::Value>, policy: serde_json::Value) -> (String, String) {
    field_error(|v| {
        let e = &mut v["examples"][example];
        if let Some(b) = body {
            e["body"] = b;
        }
        for (k, part) in policy.as_object().expect("policy parts").clone() {
            e[k] = part;
        }
    })
}

fn amounts() -> Option<serde_json::Value> {
    Some(json!({"a": "1", "b": "2", "c": "3", "cur": "USD", "cur2": "USD", "list": [{"x": "1"}, {"x": "2"}]}))
}

#[test]
fn an_instance_pointer_outside_the_body_is_refused() {
    let (field, msg) = with_policy(2, None, json!({"instance": [{"pointer": "/nope", "why": "w"}]}));
    assert_eq!(field, "examples[2].instance[0].pointer");
    assert!(msg.contains("/nope"), "{msg}");
}

#[test]
fn an_instance_wildcard_over_an_object_is_refused() {
    let (field, _) = with_policy(2, None, json!({"instance": [{"pointer": "/*", "why": "w"}]}));
    assert_eq!(field, "examples[2].instance[0].pointer");
}

#[test]
fn an_instance_value_that_is_volatile_is_refused() {
    let (field, msg) = with_policy(1, None, json!({"instance": [{"pointer": "/job_id", "why": "w"}]}));
    assert_eq!(field, "examples[1].instance[0].pointer");
    assert!(msg.contains("volatile already"), "{msg}");
}

#[test]
fn an_instance_value_needs_a_reason() {
    let (field, _) = with_policy(2, None, json!({"instance": [{"pointer": "/error_msg", "why": " "}]}));
    assert_eq!(field, "examples[2].instance[0].why");
}

#[test]
fn an_instance_format_the_example_breaks_is_refused() {
    let (field, msg) =
        with_policy(2, None, json!({"instance": [{"pointer": "/error_code", "format": "decimal", "why": "w"}]}));
    assert_eq!(field, "examples[2].instance[0].format");
    assert!(msg.contains("/error_code"), "{msg}");
}

#[test]
fn an_instance_self_link_is_refused() {
    let (field, _) =
        with_policy(2, None, json!({"instance": [{"pointer": "/error_code", "format": "self-link", "why": "w"}]}));
    assert_eq!(field, "examples[2].instance[0].format");
}

#[test]
fn a_relation_over_a_literal_value_is_refused() {
    let policy = json!({
        "instance": [{"pointer": "/a", "format": "decimal", "why": "w"}, {"pointer": "/b", "format": "decimal", "why": "w"}],
        "relations": [{"kind": "sum", "total": "/c", "parts": ["/a", "/b"], "why": "w"}]
    });
    let (field, msg) = with_policy(2, amounts(), policy);
    assert_eq!(field, "examples[2].relations[0].total");
    assert!(msg.contains("not an instance value"), "{msg}");
}

#[test]
fn a_sum_over_values_that_are_not_decimal_is_refused() {
    let policy = json!({
        "instance": [{"pointer": "/a", "why": "w"}, {"pointer": "/b", "format": "decimal", "why": "w"},
                     {"pointer": "/c", "format": "decimal", "why": "w"}],
        "relations": [{"kind": "sum", "total": "/c", "parts": ["/a", "/b"], "why": "w"}]
    });
    let (field, msg) = with_policy(2, amounts(), policy);
    assert_eq!(field, "examples[2].relations[0].parts[0]");
    assert!(msg.contains("decimal"), "{msg}");
}

#[test]
fn a_relation_the_example_itself_breaks_is_refused() {
    let policy = json!({
        "instance": [{"pointer": "/a", "format": "decimal", "why": "w"}, {"pointer": "/b", "format": "decimal", "why": "w"},
                     {"pointer": "/c", "format": "decimal", "why": "w"}],
        "relations": [{"kind": "sum", "total": "/b", "parts": ["/a", "/c"], "why": "w"}]
    });
    let (field, msg) = with_policy(2, amounts(), policy);
    assert_eq!(field, "examples[2].relations[0]");
    assert!(msg.contains("the example itself breaks it"), "{msg}");
}

#[test]
fn a_same_relation_needs_two_values_and_if_present_pointers_outside_the_body() {
    let inst = json!([{"pointer": "/cur", "format": "currency", "why": "w"}, {"pointer": "/cur2", "why": "w"}]);
    let one = json!({"instance": inst, "relations": [{"kind": "same", "pointers": ["/cur"], "why": "w"}]});
    assert_eq!(with_policy(2, amounts(), one).0, "examples[2].relations[0].pointers");
    let present = json!({"instance": inst, "relations": [{"kind": "same", "pointers": ["/cur"], "if_present": ["/cur2"], "why": "w"}]});
    assert_eq!(with_policy(2, amounts(), present).0, "examples[2].relations[0].if_present[0]");
    let unknown_kind = json!({"relations": [{"kind": "product", "pointers": ["/cur"], "why": "w"}]});
    let (field, _) = with_policy(2, amounts(), unknown_kind);
    assert!(field.starts_with("examples[2].relations[0]"), "{field}");
}

#[test]
fn a_closed_object_needs_provenance_and_an_object() {
    let no_section = json!({"closed": [{"pointer": "", "provenance": {"section": ""}}]});
    assert_eq!(with_policy(2, None, no_section).0, "examples[2].closed[0].provenance");
    let missing = json!({"closed": [{"pointer": ""}]});
    let (field, msg) = with_policy(2, None, missing);
    assert!(field.starts_with("examples[2].closed[0]"), "{field}");
    assert!(msg.contains("provenance"), "{msg}");
    let string = json!({"closed": [{"pointer": "/error_code", "provenance": {"section": "s"}}]});
    let (field, msg) = with_policy(2, None, string);
    assert_eq!(field, "examples[2].closed[0].pointer");
    assert!(msg.contains("not an object"), "{msg}");
}

#[test]
fn well_formed_policy_parts_load() {
    let policy = json!({
        "instance": [{"pointer": "/a", "format": "decimal", "why": "w"}, {"pointer": "/b", "format": "decimal", "why": "w"},
                     {"pointer": "/c", "format": "decimal", "why": "w"}, {"pointer": "/cur", "format": "currency", "why": "w"},
                     {"pointer": "/cur2", "why": "w"}, {"pointer": "/list/*/x", "format": "decimal", "why": "w"}],
        "relations": [{"kind": "sum", "total": "/c", "parts": ["/a", "/b"], "why": "w"},
                      {"kind": "same", "pointers": ["/cur", "/cur2"], "if_present": ["/cur3"], "why": "w"}],
        "closed": [{"pointer": "/list/*", "provenance": {"section": "s", "quote": "q"}}]
    });
    let mut v = apig();
    let e = &mut v["examples"][2];
    e["body"] = amounts().expect("body");
    for (k, part) in policy.as_object().expect("object").clone() {
        e[k] = part;
    }
    let (_dir, loaded) = load_one(&v.to_string());
    let c = loaded.expect("loads");
    let ex = c.operations()[0].example("unauthorized").expect("example");
    assert_eq!((ex.instance.len(), ex.relations.len(), ex.closed.len()), (6, 2, 1));
    assert_eq!(ex.closed[0].provenance.source, "000_b50e0d19b20b44ba.txt", "the contract's source is filled in");
}

#[test]
fn an_item_without_anchor_names_the_file_and_the_item() {
    let (field, msg) = field_error(|v| {
        v["responses"][0]["provenance"] = json!({"section": "Status Codes"});
    });
    assert_eq!(field, "responses[0]");
    assert!(msg.contains("status 202 has no anchor"), "{msg}");
    let (field, msg) = field_error(|v| {
        v["request"]["schema"]["properties"]["spec_id"].as_object_mut().expect("object").remove("x-provenance");
    });
    assert_eq!(field, "request.schema#/properties/spec_id");
    assert!(msg.contains("request member spec_id has no anchor"), "{msg}");
}

#[test]
fn an_erratum_instead_of_a_quote_must_exist() {
    let (field, msg) = field_error(|v| {
        v["examples"][0]["provenance"] = json!({"section": "Example Requests", "erratum": "no-such-erratum"});
    });
    assert_eq!(field, "examples[0]");
    assert!(msg.contains("erratum `no-such-erratum`"), "{msg}");
    let (_, ok) = load_one(&{
        let mut v = apig();
        v["examples"][0]["provenance"] = json!({"section": "Example Requests", "erratum": "apig-spec-id-optional"});
        v.to_string()
    });
    ok.expect("an existing erratum explains an item without a quote");
}

#[test]
fn every_erratum_has_a_kind() {
    let (field, msg) = field_error(|v| {
        v["errata"][0].as_object_mut().expect("object").remove("kind");
    });
    assert_eq!(field, "errata[0].kind");
    assert!(msg.contains("\"inference\""), "{msg}");
}

#[test]
fn an_x_strict_names_an_existing_erratum() {
    let (field, msg) = field_error(|v| {
        v["request"]["schema"]["properties"]["spec_id"]["x-strict"] =
            json!({"erratum": "nope", "schema": {"minLength": 1}});
    });
    assert_eq!(field, "request.schema#/properties/spec_id/x-strict");
    assert!(msg.contains("`nope`"), "{msg}");
}

#[test]
fn a_judgement_refuses_only_under_the_strict_schema() {
    let mut v = apig();
    v["request"]["schema"]["properties"]["spec_id"]["x-strict"] =
        json!({"erratum": "apig-spec-id-optional", "schema": {"minLength": 1}});
    let (_dir, loaded) = load_one(&v.to_string());
    let c = loaded.expect("loads");
    let op = &c.operations()[0];
    let blank = json!({"spec_id": ""});
    op.validate_request(&blank).expect("the page's words do not refuse it");
    assert!(op.validate_request_strict(&blank).is_err(), "the judgement does");
    assert_eq!(op.refused_only_by_judgement(&blank, &[]), ["apig-spec-id-optional"]);
    assert!(op.refused_only_by_judgement(&json!({"spec_id": 7}), &[]).is_empty(), "the page's type refuses it");
    assert!(op.refused_only_by_judgement(&json!({"spec_id": "x"}), &[]).is_empty(), "nothing refuses it");
    let edited = ["/spec_id".to_string()];
    assert_eq!(op.refused_only_by_judgement(&json!({"spec_id": "", "other": 1}), &edited), ["apig-spec-id-optional"]);
}

#[test]
fn a_policy_entry_names_an_erratum_the_fixture_has_of_kind_inference() {
    let (field, msg) = field_error(|v| v["examples"][1]["volatile"][1]["erratum"] = json!("no-such-erratum"));
    assert_eq!(field, "examples[1].volatile[1].erratum");
    assert!(msg.contains("no-such-erratum"), "{msg}");
    let (field, msg) = field_error(|v| v["examples"][1]["volatile"][1]["erratum"] = json!("apig-ak-sk-not-on-page"));
    assert_eq!(field, "examples[1].volatile[1].erratum");
    assert!(msg.contains("no inference"), "{msg}");
}

#[test]
fn only_an_error_status_is_provoked_and_a_provoked_one_is_a_fault() {
    let (field, msg) = field_error(|v| v["responses"][0]["provoked"] = "fault".into());
    assert_eq!(field, "responses[0].provoked");
    assert!(msg.contains("202 is no error"), "{msg}");
    let (field, _) = field_error(|v| v["responses"][1]["provoked"] = "by-magic".into());
    assert_eq!(field, "responses[1].provoked");
    let mut v = apig();
    let i = v["responses"].as_array().expect("responses").iter().position(|r| r["status"] == 401).expect("a 401");
    v["responses"][i]["provoked"] = json!({"by": "fault", "provenance": v["responses"][i]["provenance"].clone()});
    let (_dir, loaded) = load_one(&v.to_string());
    let contracts = loaded.expect("a provoked 401 loads");
    let faults = contracts.operations()[0].faults();
    assert!(faults.contains(&401) && faults.contains(&500) && !faults.contains(&403), "{faults:?}");
}

/// `provoked` is an item a check rests on: the form before anchors (`"fault"`) still reads, and
/// is refused for having none, naming the file and the item; an erratum may explain it.
#[test]
fn a_provoked_status_without_anchor_names_the_file_and_the_item() {
    let at_401 = |v: &serde_json::Value| {
        v["responses"].as_array().expect("responses").iter().position(|r| r["status"] == 401).expect("a 401")
    };
    let (field, msg) = field_error(|v| {
        let i = at_401(v);
        v["responses"][i]["provoked"] = "fault".into();
    });
    assert!(field.starts_with("responses[") && field.ends_with("].provoked"), "{field}");
    assert!(msg.contains("status 401 provoked by the fault header has no anchor"), "{msg}");
    let (field, msg) = field_error(|v| {
        let i = at_401(v);
        v["responses"][i]["provoked"] = json!({"by": "fault", "provenance": {"section": "Status Codes"}});
    });
    assert!(field.ends_with("].provoked") && msg.contains("has no anchor"), "{field}: {msg}");
    let mut v = apig();
    let i = at_401(&v);
    let explained = json!({"section": "Status Codes", "erratum": "apig-spec-id-optional"});
    v["responses"][i]["provoked"] = json!({"by": "fault", "provenance": explained});
    let (_dir, loaded) = load_one(&v.to_string());
    loaded.expect("an erratum explains a provoked status without a quote");
}
