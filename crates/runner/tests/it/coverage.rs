//! Docs coverage is a gate: every documented status and every documented example in
//! `fixtures/` has a scenario tagged for it; every tag names something real; each scenario's
//! plan (its needs, allowances and effect, derived from the fixtures) holds in a run against
//! the bundled stub; a feature cannot write the derived tags; ids are unique; one feature file
//! per operation, in a folder per vendor. The scenario inventory, derived tags included, is
//! pinned as a snapshot.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use crate::common;

use conformance_contract::{Contracts, default_fixtures_dir};
use conformance_runner::coverage::{coverage_gaps, plan_problems, tag_problems};
use conformance_runner::default_features_dir;
use conformance_runner::plan::Plan;

fn load() -> (Contracts, Plan) {
    let contracts = Contracts::load(default_fixtures_dir()).expect("fixtures load");
    let plan = Plan::load(&default_features_dir(), &contracts).expect("features load");
    (contracts, plan)
}

/// [`load`], each scenario planned (its derived needs, effect and tags).
async fn planned() -> (Contracts, Plan) {
    let contracts = std::sync::Arc::new(Contracts::load(default_fixtures_dir()).expect("fixtures load"));
    let mut plan = Plan::load(&default_features_dir(), &contracts).expect("features load");
    conformance_runner::plan::derive(&mut plan, &contracts).await.expect("every scenario plans");
    (std::sync::Arc::try_unwrap(contracts).expect("one owner"), plan)
}

#[test]
fn every_documented_status_and_example_has_a_scenario() {
    let (contracts, plan) = load();
    let gaps = coverage_gaps(&contracts, &plan);
    assert!(gaps.is_empty(), "docs coverage gaps:\n{}", gaps.join("\n"));
}

/// Beyond the gate: derived examples (implied by the pages, not printed) are checked too.
#[test]
fn every_example_derived_ones_too_has_a_scenario() {
    let (contracts, plan) = load();
    for op in contracts.operations() {
        let c = op.contract();
        for e in &c.examples {
            let tag = format!("example-{}", e.name);
            let covered = plan
                .scenarios()
                .any(|(f, s)| f.vendor == c.vendor && f.operation == c.operation && s.tags.contains(&tag));
            assert!(covered, "{}: example {:?} has no scenario", c.id, e.name);
        }
    }
}

#[test]
fn the_gate_names_what_is_missing() {
    let (contracts, mut plan) = load();
    for f in &mut plan.features {
        let dropped = match (f.vendor.as_str(), f.operation.as_str()) {
            ("hostway-orders", "update-service") => "status-502",
            ("huawei-apig", "postpaid-resize") => "example-accepted",
            _ => continue,
        };
        for s in &mut f.scenarios {
            s.tags.retain(|t| t != dropped);
        }
    }
    let gaps = coverage_gaps(&contracts, &plan);
    assert_eq!(gaps.len(), 2, "{gaps:#?}");
    assert!(gaps[0].contains("hostway-orders/update-service: documented status 502"), "{gaps:#?}");
    assert!(gaps[1].contains("huawei-apig/postpaid-resize: documented example \"accepted\""), "{gaps:#?}");
}

#[tokio::test]
async fn tags_name_real_statuses_examples_and_needs() {
    let (contracts, plan) = planned().await;
    let problems = tag_problems(&contracts, &plan);
    assert!(problems.is_empty(), "tag problems:\n{}", problems.join("\n"));
}

/// Each scenario's plan holds in a run against the bundled stub (whose profile meets every
/// need): the needs its steps used, the allowances they spent, and no accepted request that
/// did more than its planned effect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scenario_does_what_its_plan_says() {
    let (_, plan) = planned().await;
    let (opts, capture) = common::quiet();
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    assert_eq!(report.summary().total.passed, report.scenarios.len(), "{}", capture.lock().unwrap());
    let problems = plan_problems(&plan, &report);
    assert!(problems.is_empty(), "plans differ from what the steps did:\n{}", problems.join("\n"));
    assert!(report.used.values().any(|u| !u.spends.is_empty()), "no scenario spent an allowance");
    // The check can fail: drop a need, and plan a billable scenario as changing nothing.
    let mut broken = plan.clone();
    let key = conformance_contract::Need::key("hostway-orders.owner_id");
    for f in &mut broken.features {
        for s in &mut f.scenarios {
            s.needs.retain(|n| *n != key);
        }
    }
    assert!(plan_problems(&broken, &report).iter().any(|p| p.contains("used hostway-orders.owner_id")));
    let resize = "huawei-apig/postpaid-resize.feature::A resize to the documented specification is accepted";
    for f in &mut broken.features {
        for s in f.scenarios.iter_mut().filter(|s| s.id == resize) {
            s.effect = conformance_contract::Effect::None;
        }
    }
    let problems = plan_problems(&broken, &report);
    assert!(problems.iter().any(|p| p.starts_with(resize) && p.contains("planned effect is none")), "{problems:#?}");
}

#[test]
fn a_feature_cannot_write_a_derived_tag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("huawei-apig")).unwrap();
    let feature = "@huawei-apig @postpaid-resize\nFeature: f\n\n  @status-401 @effect-none\n  Scenario: s\n    Given no credentials\n";
    std::fs::write(dir.path().join("huawei-apig/postpaid-resize.feature"), feature).unwrap();
    let contracts = Contracts::load(default_fixtures_dir()).unwrap();
    let e = Plan::load(dir.path(), &contracts).unwrap_err().to_string();
    assert!(e.contains("postpaid-resize.feature:5: @effect-none") && e.contains("derived from the fixtures"), "{e}");
}

#[test]
fn every_scenario_has_vendor_operation_and_status_tags_and_a_unique_id() {
    let (_, plan) = load();
    let mut ids = BTreeSet::new();
    for (f, s) in plan.scenarios() {
        assert!(ids.insert(s.id.clone()), "duplicate id {}", s.id);
        assert!(s.tags.contains(&f.vendor) && s.tags.contains(&f.operation), "{} lacks vendor/operation tags", s.id);
        assert!(s.tags.iter().any(|t| t.starts_with("status-")), "{} has no @status- tag", s.id);
    }
}

#[test]
fn one_feature_file_per_operation_in_a_folder_per_vendor() {
    let (contracts, plan) = load();
    let files: BTreeSet<String> = plan.features.iter().map(|f| f.info.path.clone()).collect();
    let expected: BTreeSet<String> =
        contracts.operations().iter().map(|o| format!("{}.feature", o.contract().id)).collect();
    assert_eq!(files, expected);
    for f in &plan.features {
        assert_eq!(f.info.path, format!("{}/{}.feature", f.vendor, f.operation));
    }
}

#[test]
fn feature_files_never_repeat_example_bodies() {
    let (contracts, plan) = load();
    for f in &plan.features {
        let text = std::fs::read_to_string(default_features_dir().join(&f.info.path)).unwrap();
        let op = contracts.operation(&format!("{}/{}", f.vendor, f.operation)).unwrap();
        for e in &op.contract().examples {
            let Some(serde_json::Value::Object(body)) = &e.body else { continue };
            let strings: Vec<&str> = body.values().filter_map(|v| v.as_str()).filter(|s| s.len() > 12).collect();
            for s in strings {
                assert!(!text.contains(s), "{} repeats {s:?} of example {}", f.info.path, e.name);
            }
        }
    }
}

#[tokio::test]
async fn scenario_inventory() {
    let (_, plan) = planned().await;
    let lines: Vec<String> = plan
        .scenarios()
        .map(|(_, s)| {
            let tags: Vec<String> = s.tags.iter().map(|t| format!("@{t}")).collect();
            format!("{}\n    {}", s.id, tags.join(" "))
        })
        .collect();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../../../snapshots/runner");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("scenario-inventory", lines.join("\n")));
}
