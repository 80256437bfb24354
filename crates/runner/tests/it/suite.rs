//! The whole suite against the bundled stub: it passes; its reports are well-formed JUnit and
//! cucumber JSON; scenarios whose needs a profile does not meet are skipped with their
//! reason and never counted as passed; and no output ever carries a secret of the profile.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use conformance_contract::{Contracts, default_fixtures_dir};
use conformance_runner::plan::Plan;
use conformance_runner::{Outcome, RunOptions, default_features_dir};
use conformance_stub::{Stub, StubConfig};
use serde_json::Value;

fn planned() -> usize {
    let contracts = Contracts::load(default_fixtures_dir()).unwrap();
    Plan::load(&default_features_dir(), &contracts).unwrap().scenarios().count()
}

fn operations() -> usize {
    Contracts::load(default_fixtures_dir()).unwrap().operations().len()
}

#[tokio::test]
async fn the_whole_suite_passes_against_the_stub_with_ci_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (mut opts, capture) = common::quiet();
    opts.junit = Some(dir.path().join("out/conformance.xml"));
    opts.json = Some(dir.path().join("out/conformance.json"));
    let report = conformance_runner::run(opts).await.expect("runs");
    let terminal = capture.lock().unwrap().clone();
    assert_eq!(report.failed_ids(), Vec::<&str>::new(), "{terminal}");
    assert_eq!(report.exit_code(), 0);
    assert!(report.embedded_stub);
    let s = report.summary();
    assert_eq!((s.total.passed, s.total.skipped), (planned(), 0), "{terminal}");
    assert_eq!(s.by_operation.len(), operations());
    assert!(terminal.contains("Result: PASSED") && terminal.contains("hostway-orders / update-service"), "{terminal}");

    let xml = std::fs::read_to_string(dir.path().join("out/conformance.xml")).unwrap();
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), planned());
    assert!(xml.contains(r#"<testsuite name="huawei-apig/postpaid-resize.feature""#), "{xml}");
    assert!(!xml.contains("<failure") && !xml.contains("<error") && !xml.contains("<skipped"));

    let json: Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/conformance.json")).unwrap())
        .expect("cucumber JSON parses");
    let features = json.as_array().expect("an array of features");
    assert_eq!(features.len(), operations());
    let mut scenarios = 0;
    for f in features {
        assert!(f["uri"].as_str().unwrap().starts_with("features/"));
        assert_eq!(f["keyword"], "Feature");
        for e in f["elements"].as_array().unwrap() {
            scenarios += 1;
            assert_eq!(e["type"], "scenario");
            assert!(e["tags"].as_array().unwrap().iter().all(|t| t["name"].as_str().unwrap().starts_with('@')));
            for st in e["steps"].as_array().unwrap() {
                assert_eq!(st["result"]["status"], "passed", "{st}");
                assert!(st["result"]["duration"].is_u64() && st["line"].is_u64() && st["keyword"].is_string());
            }
        }
    }
    assert_eq!(scenarios, planned());
}

/// The same suite passes against the standalone (hyper) stub, given its printed profile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_suite_passes_against_the_standalone_stub_via_its_profile_file() {
    let handle = conformance_stub::serve(StubConfig::default(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    let (_d, path) = common::profile_file(&conformance_stub::profile::profile_file(&handle.profile()));
    let (mut opts, capture) = common::quiet();
    opts.profile = Some(path);
    let report = conformance_runner::run(opts).await.unwrap();
    assert!(!report.embedded_stub);
    assert_eq!(report.target, handle.base_url());
    assert_eq!(report.summary().total.passed, planned(), "{}", capture.lock().unwrap());
    handle.shutdown().await;
}

/// A profile lacking some sections: those scenarios are skipped, with the reason, everywhere.
#[tokio::test]
async fn unmet_needs_are_skipped_with_their_reason_never_passed() {
    let stub = Stub::start(StubConfig::deterministic()).await.unwrap();
    let mut profile = stub.profile();
    for key in ["faults.header", "hostway-orders.forbidden_owner_id", "huawei.ak", "huawei.sk"] {
        assert!(profile.remove(key), "the stub's profile gives {key}");
    }
    let (_d, path) = common::profile_file(&profile.to_toml());
    let dir = tempfile::tempdir().unwrap();
    let (mut opts, capture) = common::quiet();
    opts.profile = Some(path);
    opts.junit = Some(dir.path().join("c.xml"));
    opts.json = Some(dir.path().join("c.json"));
    let report = conformance_runner::run(opts).await.unwrap();
    let terminal = capture.lock().unwrap().clone();
    assert!(!report.embedded_stub);
    assert_eq!(report.exit_code(), 0, "{terminal}");
    let lacking = ["needs-faults.header", "needs-hostway-orders.forbidden_owner_id", "needs-huawei.ak+huawei.sk"];
    let mut skipped = 0;
    for s in &report.scenarios {
        let should_skip = s.tags.iter().any(|t| lacking.contains(&t.as_str()));
        match &s.outcome {
            Outcome::Skipped { reason } => {
                assert!(should_skip, "{} skipped: {reason}", s.id);
                assert!(reason.starts_with("the profile gives no "), "{reason}");
                assert!(s.steps.iter().all(|st| st.status == conformance_runner::StepStatus::Skipped));
                assert!(terminal.contains(&s.id), "{terminal}");
                skipped += 1;
            }
            Outcome::Passed => assert!(!should_skip, "{} passed although its needs are not met", s.id),
            other => panic!("{}: {other:?}", s.id),
        }
    }
    let expected = report.scenarios.iter().filter(|s| s.tags.iter().any(|t| lacking.contains(&t.as_str()))).count();
    assert!(expected >= 3, "fault injections, forbidden owners and AK/SK scenarios exist: {expected}");
    assert_eq!(skipped, expected);
    assert_eq!(report.summary().total.skipped, skipped);
    assert_eq!(report.summary().total.passed, planned() - skipped);
    assert!(terminal.contains("the profile gives no [faults] header"), "{terminal}");

    let xml = std::fs::read_to_string(dir.path().join("c.xml")).unwrap();
    assert_eq!(xml.matches("<skipped").count(), skipped, "{xml}");
    assert!(xml.contains(r#"<skipped message="the profile gives no [hostway-orders] forbidden_owner_id""#));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("c.json")).unwrap()).unwrap();
    let skipped_in_json = json
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["elements"].as_array().unwrap().iter())
        .filter(|e| e["steps"].as_array().unwrap().iter().all(|s| s["result"]["status"] == "skipped"))
        .inspect(|e| {
            let first = &e["steps"][0]["result"]["error_message"];
            assert!(first.as_str().unwrap().starts_with("skipped: the profile gives no "), "{e}");
        })
        .count();
    assert_eq!(skipped_in_json, skipped);
    drop(stub);
}

/// Failures print requests and responses; none of it may carry a secret.
/// Every scenario fails against a server that answers 418 to everything, with the stub's whole
/// profile: every scheme's credentials are in the failures' exchanges, and none reaches an
/// output.
#[tokio::test]
async fn no_output_carries_a_secret() {
    let stub = Stub::start(StubConfig::deterministic()).await.unwrap();
    let mut profile = stub.profile();
    assert!(profile.remove("stub.instance"), "the stub names its instance");
    let secrets = profile.secrets();
    assert!(secrets.len() >= 5, "the stub's profile has the credentials of every scheme");
    let teapot = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(418))
        .mount(&teapot)
        .await;
    let (_d, path) = common::profile_file(&profile.to_toml());
    let dir = tempfile::tempdir().unwrap();
    let capture = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let opts = RunOptions {
        base_url: Some(teapot.uri()),
        profile: Some(path),
        junit: Some(dir.path().join("s.xml")),
        json: Some(dir.path().join("s.json")),
        capture: Some(capture.clone()),
        ..RunOptions::default()
    };
    let report = conformance_runner::run(opts).await.unwrap();
    assert!(report.failed_ids().len() > 20, "requests with credentials must fail");
    let terminal = capture.lock().unwrap().clone();
    assert!(
        terminal.contains("X-Auth-Token: [REDACTED: huawei.")
            && terminal.contains("Cookie: [REDACTED: hostway-orders."),
        "{terminal}"
    );
    assert!(terminal.contains("Authorization: [REDACTED"), "{terminal}");
    let outputs = [
        ("terminal", terminal),
        ("junit", std::fs::read_to_string(dir.path().join("s.xml")).unwrap()),
        ("json", std::fs::read_to_string(dir.path().join("s.json")).unwrap()),
        ("report", format!("{report:?}")),
    ];
    for (name, text) in &outputs {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{name} output contains the secret {secret:?}");
        }
    }
}

/// The runner's snapshots hold no secret: neither the stub's nor the test profiles'.
#[test]
fn no_snapshot_carries_a_secret() {
    let mut secrets = common::stub_secrets(&StubConfig::deterministic());
    secrets.extend(["tok-permitted-123", "tok-cph-123", "owner-secret-1", "c2VjcmV0OnNlY3JldA=="].map(String::from));
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots/runner");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{} contains the secret {secret:?}", path.display());
        }
    }
}
