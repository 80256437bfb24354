//! A check rests on words of a page, or runs only under `--strict`: by default the scenarios
//! that rest only on an inference of the fixtures are skipped with the erratum that makes them
//! a judgement, and against a lenient target (one that accepts a blank service name, which no
//! page forbids) a default run sends none of them, so it creates nothing they would have made.
//! Under `--strict` they run, and catch that leniency. An example check resting on an inference
//! (a form read from one example) runs by default, relaxed to what the page says, with a note
//! naming the erratum where it would fail; under `--strict` it fails.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_runner::Outcome;
use conformance_stub::StubConfig;
use serde_json::Value;

use crate::common;

const BLANK: &str =
    r#"hostway-orders/add-service.feature::A blank name is no valid service name and is refused [name="   "]"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_default_run_skips_the_judgements_naming_their_errata() {
    let (mut opts, capture) = common::quiet();
    opts.strict = false;
    opts.tags = Some("@hostway-orders".into());
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let blank = report.scenarios.iter().find(|s| s.id == BLANK).expect("the blank-name scenario");
    match &blank.outcome {
        Outcome::Skipped { reason } => {
            assert!(
                reason.contains("erratum `add-name-not-blank` of hostway-orders/add-service (inference)"),
                "{reason}"
            );
            assert!(reason.contains("runs only with --strict"), "{reason}");
        }
        other => panic!("expected skipped, got {other:?}"),
    }
    let skipped: Vec<&str> =
        report.scenarios.iter().filter(|s| s.tags.iter().any(|t| t == "strict")).map(|s| s.id.as_str()).collect();
    assert!(skipped.len() >= 4, "{skipped:?}");
    for s in report.scenarios.iter().filter(|s| s.tags.iter().any(|t| t == "strict")) {
        assert!(matches!(s.outcome, Outcome::Skipped { .. }), "{}: {:?}", s.id, s.outcome);
    }
    assert!(report.scenarios.iter().all(|s| !s.outcome.is_failure()), "{}", capture.lock().unwrap());
}

async fn names_added(config: StubConfig, strict: bool) -> (Vec<String>, conformance_runner::Report) {
    let handle = conformance_stub::serve(config, "127.0.0.1:0".parse().unwrap()).await.expect("the stub serves");
    let (_dir, path) = common::profile_file(&conformance_stub::profile::profile_file(&handle.profile()));
    let (mut opts, _) = common::quiet();
    opts.strict = strict;
    opts.profile = Some(path);
    opts.tags = Some("@add-service".into());
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let url = format!("{}/__stub/state", handle.base_url());
    let state: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    handle.shutdown().await;
    let names = state["resources"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|attrs| attrs.get("name").and_then(Value::as_str).map(String::from))
        .collect();
    (names, report)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lenient_target_is_passed_and_left_alone_by_default_and_caught_under_strict() {
    let lenient = || StubConfig::deterministic().with_mutation(Some("add-service:ignores-pattern-name".into()));
    let (names, report) = names_added(lenient(), false).await;
    assert!(report.scenarios.iter().all(|s| !s.outcome.is_failure()), "no page forbids a blank name");
    assert!(names.iter().all(|n| !n.trim().is_empty()), "a default run added a blank-named service: {names:?}");
    let (names, report) = names_added(lenient(), true).await;
    let failed: Vec<&str> = report.failed_ids();
    assert!(failed.contains(&BLANK), "{failed:?}");
    assert!(names.iter().any(|n| n.trim().is_empty()), "under --strict the lenient target took it: {names:?}");
}

const FLAVOR: &str = "huawei-cph/change-server-model.feature::The documented flavor change is accepted";

/// The flavor-change scenarios against a stub whose request ids have another form than the
/// page's one example (32 hex digits): a form no words of the page state.
async fn request_id_of_another_form(strict: bool) -> conformance_runner::Report {
    let (mut opts, _) = common::quiet();
    opts.strict = strict;
    opts.stub_config =
        Some(StubConfig::deterministic().with_mutation(Some("change-server-model:volatile-request_id-format".into())));
    opts.tags = Some("@change-server-model and @status-200".into());
    conformance_runner::run(opts).await.expect("the suite runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_judged_form_is_a_note_by_default_and_a_failure_naming_its_erratum_under_strict() {
    let report = request_id_of_another_form(false).await;
    assert_eq!(report.failed_ids(), Vec::<&str>::new(), "no page states the request id's form");
    let flavor = report.scenarios.iter().find(|s| s.id == FLAVOR).expect("the flavor-change scenario");
    assert_eq!(flavor.outcome, Outcome::Passed);
    let note = flavor.notes.iter().find(|n| n.contains("judgement relaxed")).expect("a note");
    assert!(note.contains("/request_id") && note.contains("erratum `cph-response-id-forms`"), "{note}");
    assert!(note.contains("a failure only with --strict"), "{note}");

    let report = request_id_of_another_form(true).await;
    assert!(report.failed_ids().contains(&FLAVOR), "{:?}", report.failed_ids());
    let flavor = report.scenarios.iter().find(|s| s.id == FLAVOR).expect("the flavor-change scenario");
    let Outcome::Failed(failure) = &flavor.outcome else { panic!("{:?}", flavor.outcome) };
    let basis: Vec<String> = failure.basis.iter().map(ToString::to_string).collect();
    assert!(basis[0].starts_with("the page says (001_10f555770145262a.txt"), "{basis:?}");
    assert!(basis.iter().any(|b| b.contains("erratum `cph-response-id-forms`, inference")), "{basis:?}");
}
