//! The regression gate: baselines round-trip; a scenario failing in the baseline and passing
//! now is reported fixed; a target that breaks passing scenarios fails the gate naming them;
//! a failure new to the baseline fails it; a bad baseline is a clear error naming the file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use conformance_runner::ci::gate::{Baseline, BaselineError, Gate, GateMode, Status};
use conformance_runner::{EXIT_FAILED, EXIT_OK};

#[tokio::test]
async fn a_baseline_round_trips_through_its_file() {
    let report = common::against_stub(None, None).await;
    let baseline = Baseline::from_report(&report);
    assert_eq!(baseline.scenarios.len(), report.scenarios.len());
    assert!(baseline.scenarios.values().all(|s| *s == Status::Passed));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/baseline.json");
    baseline.save(&path).unwrap();
    assert_eq!(Baseline::load(&path).unwrap(), baseline);
    let text = std::fs::read_to_string(&path).unwrap();
    // Each entry's id, unescaped (a quote in an outline row's values is escaped in the file).
    let ids: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("    \""))
        .map(|l| {
            let entry: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&format!("{{{}}}", l.trim().trim_end_matches(','))).unwrap();
            entry.keys().next().unwrap().clone()
        })
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "the file is sorted by id");
    assert_eq!(std::fs::read_dir(dir.path().join("nested")).unwrap().count(), 1, "no temp file left");
}

#[tokio::test]
async fn a_known_failure_that_passes_now_is_reported_fixed() {
    let report = common::against_stub(None, None).await;
    let mut baseline = Baseline::from_report(&report);
    let id = report.scenarios[3].id.clone();
    baseline.scenarios.insert(id.clone(), Status::Failed);
    let gate = Gate::compare(&baseline, &report);
    assert_eq!(gate.fixed, vec![id.clone()]);
    assert!(gate.passed());
    assert_eq!(gate.exit_code(), EXIT_OK);
    let text = gate.render(Path::new("b.json"));
    assert!(text.contains(&format!("fixed        {id}")), "{text}");
    assert!(text.contains("Gate: PASSED"), "{text}");
}

#[tokio::test]
async fn breaking_passing_scenarios_is_a_regression_naming_them() {
    let clean = Baseline::from_report(&common::against_stub(None, None).await);
    let broken = common::against_stub(Some("hostway/service-action:not-found-as-400"), None).await;
    let failing = common::failed(&broken);
    assert!(!failing.is_empty());
    let gate = Gate::compare(&clean, &broken);
    let mut regressed: Vec<String> = gate.regressions.iter().map(|(id, _)| id.clone()).collect();
    regressed.sort();
    assert_eq!(regressed, failing);
    assert_eq!(gate.exit_code(), EXIT_FAILED);
    let text = gate.render(Path::new("b.json"));
    for id in &failing {
        assert!(text.contains(&format!("REGRESSION   {id}")), "{text}");
    }
    assert!(text.contains("Gate: FAILED"), "{text}");

    // Accepting those failures in the baseline makes the same run pass the gate.
    let accepted = clean.updated(&broken);
    let gate = Gate::compare(&accepted, &broken);
    assert!(gate.passed(), "{gate:?}");
    assert_eq!(gate.known_failures.len(), failing.len());
}

#[tokio::test]
async fn a_new_failing_scenario_fails_the_gate_and_a_newly_skipped_one_warns() {
    let clean = Baseline::from_report(&common::against_stub(None, None).await);
    let broken = common::against_stub(Some("hostway/service-action:not-found-as-400"), None).await;
    let failing = common::failed(&broken);
    let mut baseline = clean.clone();
    baseline.scenarios.remove(&failing[0]);
    baseline.scenarios.insert("gone.feature::Removed".into(), Status::Passed);
    let gate = Gate::compare(&baseline, &broken);
    assert_eq!(gate.new_failures, vec![(failing[0].clone(), None)]);
    assert_eq!(gate.missing, vec!["gone.feature::Removed".to_string()]);
    assert!(!gate.passed());
    assert!(gate.render(Path::new("b.json")).contains("removed      gone.feature::Removed"));

    // Passed before, skipped now: reported, not a failure.
    let mut report = common::against_stub(None, None).await;
    let id = report.scenarios[0].id.clone();
    report.scenarios[0].outcome = conformance_runner::Outcome::Skipped { reason: "needs x".into() };
    let gate = Gate::compare(&clean, &report);
    assert_eq!(gate.newly_skipped, vec![id]);
    assert!(gate.passed());
    assert!(gate.render(Path::new("b.json")).contains("warning: newly skipped"));
}

#[test]
fn bad_baselines_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("not json", "not JSON"),
        ("[]", "JSON object"),
        (r#"{"scenarios": {}}"#, "\"version\""),
        (r#"{"version": 2, "scenarios": {}}"#, "version 2"),
        (r#"{"version": 1}"#, "\"scenarios\""),
        (r#"{"version": 1, "scenarios": {"a": "pass"}}"#, "scenario \"a\" has status \"pass\""),
        (r#"{"version": 1, "scenarios": {}, "extra": 1}"#, "unknown field \"extra\""),
    ];
    for (text, says) in cases {
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, text).unwrap();
        let err = Baseline::load(&path).unwrap_err();
        assert!(matches!(err, BaselineError::Malformed { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(msg.contains(&path.display().to_string()) && msg.contains(says), "{text}: {msg}");
    }
    let missing = dir.path().join("missing.json");
    let err = GateMode::prepare(&missing, false).unwrap_err();
    assert!(err.to_string().contains("missing.json") && err.to_string().contains("--update-baseline"), "{err}");
    assert!(matches!(GateMode::prepare(&missing, true), Ok(GateMode::Update { current: None, .. })));
}

#[tokio::test]
async fn update_writes_the_run_and_keeps_entries_a_partial_run_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.json");
    let full = common::against_stub(None, None).await;
    let (code, _) = GateMode::prepare(&path, true).unwrap().finish(&path, &full).unwrap();
    assert_eq!(code, EXIT_OK);
    assert_eq!(Baseline::load(&path).unwrap(), Baseline::from_report(&full));

    let broken = common::against_stub(Some("hostway/service-action:not-found-as-400"), Some("@hostway")).await;
    assert!(broken.deselected > 0);
    let (code, _) = GateMode::prepare(&path, true).unwrap().finish(&path, &broken).unwrap();
    assert_eq!(code, EXIT_OK, "updating never fails on failing scenarios");
    let updated = Baseline::load(&path).unwrap();
    assert_eq!(updated.scenarios.len(), full.scenarios.len(), "entries not run are kept");
    for id in common::failed(&broken) {
        assert_eq!(updated.scenarios[&id], Status::Failed);
    }
}

/// A known failure keeps its kind of check and reason in the baseline; failing for another one
/// now is reported changed, and fails the gate only under `--strict-gate`.
#[tokio::test]
async fn a_known_failure_that_fails_for_another_reason_is_reported_changed() {
    let broken = common::against_stub(Some("service-action:not-found-as-400"), Some("@service-action")).await;
    let failing = common::failed(&broken);
    assert!(!failing.is_empty());
    let baseline = Baseline::from_report(&broken);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.json");
    baseline.save(&file).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"kind\": \"status\"") && text.contains("\"reason\": \"expected status 404"), "{text}");
    assert_eq!(Baseline::load(&file).unwrap(), baseline, "the reasons round-trip");
    // The same failures: nothing changed.
    let same = Gate::compare(&baseline, &broken);
    assert!(same.changed.is_empty() && same.passed(), "{same:?}");
    // The baseline held another reason for one of them.
    let mut other = baseline.clone();
    let id = failing[0].clone();
    let was = other.reasons.get_mut(&id).unwrap();
    was.kind = "schema".into();
    was.reason = "the body does not match the schema documented for 404".into();
    let gate = Gate::compare(&other, &broken);
    assert_eq!(gate.changed.iter().map(|c| c.0.clone()).collect::<Vec<_>>(), vec![id.clone()]);
    assert!(gate.passed(), "changed is shown, not a failure, by default");
    let shown = gate.render(Path::new("b.json"));
    assert!(shown.contains(&format!("CHANGED      {id} (failed in the baseline for schema: ")), "{shown}");
    assert!(shown.contains("now for status: expected status 404"), "{shown}");
    other.save(&file).unwrap();
    let (code, text) = GateMode::prepare(&file, false).unwrap().strict(true).finish(&file, &broken).unwrap();
    assert_eq!(code, EXIT_FAILED, "{text}");
    assert!(text.contains("fails the gate: --strict-gate") && text.contains("Gate: FAILED"), "{text}");
    // A baseline that says only "failed" (an older one) knows no reason: nothing is changed.
    let plain = Baseline::parse(&format!("{{\"version\": 1, \"scenarios\": {{ {:?}: \"failed\" }} }}", id)).unwrap();
    assert!(plain.reasons.is_empty());
    assert!(Gate::compare(&plain, &broken).changed.is_empty());
}
