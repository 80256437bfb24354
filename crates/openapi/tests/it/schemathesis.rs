//! Schemathesis's settings derived from the real fixtures and a profile that gives every key:
//! an `[[operations]]` entry per operation with its path filled, the two per-operation
//! judgements where the contracts call for them, and each security scheme's credential.

use conformance_contract::meets::{At, Source};
use conformance_contract::{Contracts, Profile, default_fixtures_dir, placeholders};

fn settings() -> (Contracts, Profile, toml::Table) {
    let contracts = Contracts::load(default_fixtures_dir()).unwrap_or_else(|e| panic!("fixtures: {e}"));
    let profile = Profile::every_key(contracts.keys());
    let text = conformance_openapi::schemathesis::settings(&contracts, &profile).expect("has a TOML form");
    let table = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    (contracts, profile, table)
}

#[test]
fn every_operation_has_its_path_filled_and_its_judgements() {
    let (contracts, _, settings) = settings();
    let entries = settings["operations"].as_array().expect("[[operations]]");
    assert_eq!(entries.len(), contracts.operations().len());
    let (mut ascii, mut stateful) = (0, 0);
    for op in contracts.operations() {
        let c = op.contract();
        let id = c.id.replace('/', ".");
        let entry = entries.iter().find(|e| e["include-operation-id"].as_str() == Some(&id)).expect(&id);
        for name in placeholders(&c.path) {
            let value = entry["parameters"][&format!("path.{name}")].as_str().unwrap_or_default();
            assert!(!value.is_empty() && !value.contains('{'), "{id}: path.{name} = {value:?}");
        }
        // Strings in ASCII exactly where the page limits bytes.
        let codec = entry.get("generation").and_then(|g| g.get("codec")).and_then(|c| c.as_str());
        assert_eq!(codec == Some("ascii"), !c.request.constraints.is_empty(), "{id}: codec {codec:?}");
        ascii += usize::from(codec.is_some());
        // The coverage phase's acceptance check off exactly where a body value depends on state.
        let depends = c.bindings.iter().any(|b| {
            matches!(b.at, At::Body(_))
                && matches!(b.from, Source::Pick { .. } | Source::Template(_) | Source::Created(_))
        });
        let off = entry
            .get("phases")
            .and_then(|p| p["coverage"]["checks"]["positive_data_acceptance"]["enabled"].as_bool())
            .is_some_and(|enabled| !enabled);
        assert_eq!(off, depends, "{id}: positive_data_acceptance off");
        stateful += usize::from(off);
        if depends {
            let body =
                entry["parameters"].as_table().expect("parameters").keys().filter(|k| k.starts_with("body.")).count();
            assert!(body > 0, "{id}: the state-dependent body values are given");
        }
    }
    assert!(ascii > 0 && stateful > 0, "the fixtures have both cases: {ascii} ascii, {stateful} stateful");
}

#[test]
fn each_security_scheme_gets_the_credential_its_operations_name() {
    let (contracts, profile, settings) = settings();
    let doc = conformance_openapi::document(&contracts);
    let auth = settings["auth"]["openapi"].as_table().expect("[auth.openapi]");
    let schemes = doc["components"]["securitySchemes"].as_object().expect("securitySchemes");
    assert_eq!(auth.len(), schemes.len(), "a credential for every scheme: {auth:?}");
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("a path item").values() {
            let scheme = op["security"][0].as_object().and_then(|s| s.keys().next()).expect("a security scheme");
            let id = op["x-contract"].as_str().expect("x-contract");
            let c = contracts.operation(id).expect("its contract").contract();
            let key = c
                .auth
                .credentials
                .values()
                .find(|k| profile.text(k).is_some_and(|v| auth[scheme.as_str()]["api_key"].as_str() == Some(v)));
            assert!(key.is_some(), "{id}: {scheme}'s api_key is one of its credentials");
        }
    }
}
