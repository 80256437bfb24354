//! The real fixtures: they load, every documented status and example is there, each is pinned
//! by a snapshot under `snapshots/contract/`, and each example validates against its schema.

use crate::common;

use conformance_contract::{BodyDoc, Direction};

const OPERATIONS: &[&str] = &[
    "hostway-orders/add-service",
    "hostway-orders/update-service",
    "hostway/service-action",
    "huawei-apig/postpaid-resize",
    "huawei-cph/change-server-model",
];

#[test]
fn all_five_operations_load() {
    let c = common::contracts();
    let ids: Vec<&str> = c.operations().iter().map(|o| o.id()).collect();
    assert_eq!(ids, OPERATIONS);
}

#[test]
fn twenty_one_documented_statuses() {
    let c = common::contracts();
    let per_op: Vec<(String, Vec<u16>)> = c
        .operations()
        .iter()
        .map(|o| {
            let documented = o.contract().responses.iter().filter(|r| r.documented).map(|r| r.status).collect();
            (o.id().to_string(), documented)
        })
        .collect();
    let total: usize = per_op.iter().map(|(_, s)| s.len()).sum();
    assert_eq!(total, 21, "documented statuses per operation: {per_op:?}");
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
