//! The document generated from the real fixtures: pinned by a snapshot under
//! `snapshots/openapi/`, holding every operation, status, example and erratum of the fixtures,
//! and with every `$ref` resolving inside it.

use conformance_contract::{Contracts, Direction, default_fixtures_dir};
use serde_json::Value;

fn contracts() -> Contracts {
    match Contracts::load(default_fixtures_dir()) {
        Ok(c) => c,
        Err(e) => panic!("fixtures do not load: {e}"),
    }
}

#[test]
fn document_is_pinned_by_a_snapshot() {
    let doc = conformance_openapi::document(&contracts());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../../../snapshots/openapi");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_json_snapshot!("openapi", doc));
}

#[test]
fn it_is_openapi_3_1_with_a_path_per_operation() {
    let c = contracts();
    let doc = conformance_openapi::document(&c);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths is an object");
    let operations: usize = paths.values().map(|item| item.as_object().map_or(0, |m| m.len())).sum();
    assert_eq!(operations, c.operations().len());
}

/// The media-type objects of a request body or response.
fn media(v: &Value) -> Vec<&Value> {
    v["content"].as_object().map(|m| m.values().collect()).unwrap_or_default()
}

/// The example called `name` in `examples` or `extension` of any of `holders`.
fn find_example<'a>(holders: &[&'a Value], extension: &str, name: &str) -> Option<&'a Value> {
    holders.iter().find_map(|h| h["examples"].get(name).or_else(|| h[extension].get(name)))
}

#[test]
fn every_operation_status_example_and_erratum_appears() {
    let c = contracts();
    let doc = conformance_openapi::document(&c);
    for op in c.operations() {
        let k = op.contract();
        let at = format!("{} {}", k.method, k.path);
        let o = &doc["paths"][&k.path][k.method.to_ascii_lowercase()];
        assert!(o.is_object(), "{at}: no operation");
        assert_eq!(o["x-contract"], k.id.as_str());

        let params: Vec<&str> = o["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter(|p| p["in"] == "path")
            .filter_map(|p| p["name"].as_str())
            .collect();
        let expected: Vec<&str> = k.path_params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(params, expected, "{at}: path parameters");

        let scheme = o["security"][0].as_object().and_then(|m| m.keys().next().cloned()).expect("security");
        assert!(doc["components"]["securitySchemes"][&scheme].is_object(), "{at}: scheme {scheme}");

        for r in &k.responses {
            let resp = &o["responses"][r.status.to_string()];
            assert!(resp.is_object(), "{at}: status {} missing", r.status);
            let marked = resp.get("x-documented") == Some(&Value::Bool(false));
            assert_eq!(marked, !r.documented, "{at}: x-documented of {}", r.status);
        }

        for e in &k.examples {
            let found = match e.direction {
                Direction::Request => find_example(&media(&o["requestBody"]), "x-example-templates", &e.name),
                Direction::Response => {
                    let resp = &o["responses"][e.status.unwrap_or_default().to_string()];
                    let mut holders = media(resp);
                    holders.push(resp);
                    find_example(&holders, "x-examples", &e.name)
                }
            };
            let found = found.unwrap_or_else(|| panic!("{at}: example {} missing", e.name));
            let value = e.body.clone().or_else(|| e.text.clone().map(Value::String));
            assert_eq!(found.get("value"), value.as_ref(), "{at}: example {} value", e.name);
            assert_eq!(found["x-provenance"]["section"], e.provenance.section.as_str(), "{at}: {}", e.name);
        }

        let errata: Vec<&str> =
            o["x-errata"].as_array().expect("x-errata").iter().filter_map(|e| e["id"].as_str()).collect();
        let expected: Vec<&str> = k.errata.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(errata, expected, "{at}: x-errata");
    }
}

/// Every `$ref` in `v` that does not resolve inside `doc`, with where it was found.
fn dangling(doc: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                if k == "$ref" {
                    let ok = x.as_str().and_then(|r| r.strip_prefix('#')).is_some_and(|p| doc.pointer(p).is_some());
                    if !ok {
                        out.push(format!("{here}: {x}"));
                    }
                } else {
                    dangling(doc, x, &here, out);
                }
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, x)| dangling(doc, x, &format!("{at}/{i}"), out)),
        _ => {}
    }
}

fn count_refs(v: &Value) -> usize {
    match v {
        Value::Object(m) => m.iter().map(|(k, x)| usize::from(k == "$ref") + count_refs(x)).sum(),
        Value::Array(items) => items.iter().map(count_refs).sum(),
        _ => 0,
    }
}

#[test]
fn every_ref_resolves_inside_the_document() {
    let doc = conformance_openapi::document(&contracts());
    let mut out = Vec::new();
    dangling(&doc, &doc, "", &mut out);
    assert!(out.is_empty(), "dangling $refs:\n{}", out.join("\n"));
    assert!(count_refs(&doc) >= 10, "the fixtures' $defs references are expected in the document");
    assert!(!doc.to_string().contains("#/$defs/"), "a reference still points at $defs");
}

#[test]
fn the_ref_check_catches_a_dangling_ref() {
    let doc = serde_json::json!({ "a": { "$ref": "#/components/schemas/missing" }, "b": [{ "$ref": "#/a" }] });
    let mut out = Vec::new();
    dangling(&doc, &doc, "", &mut out);
    assert_eq!(out, vec![r##"/a/$ref: "#/components/schemas/missing""##.to_string()]);
}

#[test]
fn defs_become_components_named_after_their_contract() {
    let doc = conformance_openapi::document(&contracts());
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    assert!(schemas.contains_key("hostway-orders.update-service.fault"), "{:?}", schemas.keys());
    assert!(schemas.keys().all(|k| k.chars().all(|ch| ch.is_ascii_alphanumeric() || ".-_".contains(ch))));
    assert!(!doc.to_string().contains("\"$schema\""), "$schema is left out: the dialect is the document's");
}

#[test]
fn every_auth_scheme_has_a_security_scheme() {
    let doc = conformance_openapi::document(&contracts());
    let s = &doc["components"]["securitySchemes"];
    // Each operation's own scheme, by its name there (suffixed by the key's section when two
    // operations of one auth scheme take their key from different sections).
    let of = |id: &str| {
        let op = contracts().operation(id).map(|o| o.contract().clone()).expect("the contract");
        let item = &doc["paths"][op.path.as_str()][op.method.to_ascii_lowercase().as_str()];
        let name = item["security"][0].as_object().and_then(|o| o.keys().next().cloned()).expect("a security scheme");
        s[name.as_str()].clone()
    };
    assert_eq!(of("huawei-apig/postpaid-resize")["name"], "X-Auth-Token");
    assert_eq!(of("hostway/service-action")["name"], "Authorization");
    let cookie = of("hostway-orders/add-service");
    assert_eq!((&cookie["in"], &cookie["name"]), (&"cookie".into(), &"OwnerId".into()));
    assert_eq!(s["huaweiSdkHmac-huawei.token"]["name"], "X-Auth-Token", "named by kind and key: {s}");
    assert_eq!(doc["components"]["x-huawei-ak-sk"]["algorithm"], "SDK-HMAC-SHA256");
}

#[test]
fn request_examples_with_placeholders_are_templates_not_examples() {
    let doc = conformance_openapi::document(&contracts());
    let put = &doc["paths"]["/orders/{orderId}/account/products/{productId}/services/{serviceId}"]["put"];
    let media = &put["requestBody"]["content"]["application/json; charset=UTF-8"];
    assert!(media["x-example-templates"]["update-name-and-cycle"].is_object(), "{media}");
    assert!(media.get("examples").is_none(), "{media}");
    let cph = &doc["paths"]["/v1/{project_id}/cloud-phone/servers/change-server-model"]["post"];
    assert!(cph["requestBody"]["content"]["application/json"]["examples"]["change-flavor"].is_object());
}

/// By default a schema is the pages' words, a judgement kept as an `x-strict` extension; with
/// `strict` the judgement is joined in, as the bundled stub holds it.
#[test]
fn a_judgement_is_an_extension_by_default_and_joined_in_under_strict() {
    let c = contracts();
    let at = "/paths/~1orders~1{orderId}~1account~1products~1{productId}~1services/post/requestBody/content";
    let name = |doc: &Value| {
        let content = doc.pointer(at).and_then(Value::as_object).expect("the add-service request body");
        content.values().next().expect("a media type")["schema"]["properties"]["name"].clone()
    };
    let page = name(&conformance_openapi::document(&c));
    assert_eq!(page["x-strict"]["erratum"], "add-name-not-blank", "{page}");
    assert!(page.get("pattern").is_none() && page.get("allOf").is_none(), "{page}");
    let strict = name(&conformance_openapi::document_as(&c, true));
    assert!(strict.get("x-strict").is_none(), "{strict}");
    assert!(strict["allOf"][0]["pattern"].is_string(), "{strict}");
}
