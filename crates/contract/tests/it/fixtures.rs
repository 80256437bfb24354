//! The real fixtures: they load, every documented status and example is there, each is pinned
//! by a snapshot under `snapshots/contract/`, and each example validates against its schema.

use crate::common;

use std::path::Path;

use conformance_contract::{BodyDoc, Direction, default_fixtures_dir};
use serde_json::Value;

/// The fixtures folder's `<vendor>/<operation>.json` files, as contract ids, sorted: the list
/// the loader must give, read from the folder rather than kept here.
fn files(dir: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    for vendor in std::fs::read_dir(dir).expect("the fixtures folder").flatten().filter(|e| e.path().is_dir()) {
        for file in std::fs::read_dir(vendor.path()).expect("a vendor folder").flatten() {
            let path = file.path();
            if path.extension().is_some_and(|x| x == "json") {
                let stem = path.file_stem().expect("a name").to_string_lossy().to_string();
                ids.push(format!("{}/{stem}", vendor.file_name().to_string_lossy()));
            }
        }
    }
    ids.sort();
    ids
}

#[test]
fn every_fixture_file_loads_as_one_operation() {
    let c = common::contracts();
    let ids: Vec<&str> = c.operations().iter().map(|o| o.id()).collect();
    let files = files(&default_fixtures_dir());
    assert!(!files.is_empty(), "no fixture in {}", default_fixtures_dir().display());
    assert_eq!(ids, files);
}

#[test]
fn every_documented_status_is_loaded() {
    let c = common::contracts();
    for op in c.operations() {
        let path = default_fixtures_dir().join(format!("{}.json", op.id()));
        let raw: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("reads")).expect("JSON");
        let written: Vec<u64> = raw["responses"]
            .as_array()
            .expect("responses")
            .iter()
            .filter(|r| r.get("documented") != Some(&Value::Bool(false)))
            .filter_map(|r| r["status"].as_u64())
            .collect();
        let loaded: Vec<u64> =
            op.contract().responses.iter().filter(|r| r.documented).map(|r| u64::from(r.status)).collect();
        assert!(!loaded.is_empty(), "{}: no documented status", op.id());
        assert_eq!(loaded, written, "{}: the documented statuses as written", op.id());
    }
}

#[test]
fn every_fixture_is_pinned_by_a_snapshot() {
    let c = common::contracts();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../../../snapshots/contract");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for op in c.operations() {
            let name = op.id().replace('/', "__");
            insta::assert_json_snapshot!(name, op.contract());
        }
    });
}

#[test]
fn every_provenance_names_its_page() {
    let c = common::contracts();
    for op in c.operations() {
        let text = serde_json::to_string(op.contract()).expect("serialises");
        assert!(!text.contains(r#""source":"""#), "{}: a provenance has no source", op.id());
        assert!(text.contains(&op.contract().source), "{}", op.id());
    }
}

#[test]
fn every_example_validates_against_its_schema() {
    let c = common::contracts();
    let mut checked = 0;
    for op in c.operations() {
        for ex in &op.contract().examples {
            let at = format!("{} example `{}`", op.id(), ex.name);
            match (ex.direction, &ex.body, &ex.text) {
                (Direction::Request, Some(body), _) => {
                    op.validate_request(body).unwrap_or_else(|v| panic!("{at}:\n{v}"));
                }
                (Direction::Response, Some(body), _) => {
                    let status = ex.status.expect("loader checked");
                    op.validate_response(status, body).unwrap_or_else(|v| panic!("{at}:\n{v}"));
                }
                (Direction::Response, None, Some(text)) => {
                    let resp = op.response(ex.status.expect("loader checked")).expect("loader checked");
                    let BodyDoc::Text { contains, .. } = &resp.body else {
                        panic!("{at}: prose example for a non-text body")
                    };
                    if let Some(phrase) = contains {
                        assert!(text.contains(phrase.as_str()), "{at}: does not contain {phrase:?}");
                    }
                }
                _ => continue,
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} examples checked");
}

#[test]
fn every_erratum_is_complete() {
    let c = common::contracts();
    let mut total = 0;
    for op in c.operations() {
        for e in &op.contract().errata {
            for (field, v) in [("doc_says", &e.doc_says), ("fixture_holds", &e.fixture_holds), ("why", &e.why)] {
                assert!(v.trim().len() > 10, "{} erratum {}: `{field}` is empty", op.id(), e.id);
            }
            total += 1;
        }
    }
    assert!(total >= 15, "only {total} errata across the five pages");
}
