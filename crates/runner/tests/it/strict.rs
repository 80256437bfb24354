//! A check rests on words of a page, or runs only under `--strict`: by default the scenarios
//! that rest only on an inference of the fixtures are skipped with the erratum that makes them
//! a judgement, and against a lenient target (one that accepts a blank service name, which no
//! page forbids) a default run sends none of them, so it creates nothing they would have made.
//! Under `--strict` they run, and catch that leniency.

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
