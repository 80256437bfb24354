//! Mistakes found before the first request (issue 17's preflight), each "could not run" with
//! nothing sent to a server that counts what it receives: a feature that does not parse (file,
//! line, column, reason), an output that cannot be written, a credential that is set but empty,
//! a base URL holding a password (never echoed). And whether the target is the bundled stub is
//! established from the target: a stub's own profile, copied and pointed at another server,
//! makes no change and no charge there, keeps the plan's listing and the allowance's cap.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use conformance_runner::{Outcome, RunError, RunOptions};
use conformance_stub::StubConfig;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn counting() -> MockServer {
    let s = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(202).set_body_json(serde_json::json!({}))).mount(&s).await;
    s
}

async fn sent(s: &MockServer) -> usize {
    s.received_requests().await.unwrap_or_default().len()
}

fn options(server: &MockServer, profile: &std::path::Path) -> RunOptions {
    let (mut opts, _) = common::quiet();
    opts.base_url = Some(server.uri());
    opts.profile = Some(profile.to_path_buf());
    opts
}

#[tokio::test]
async fn an_unwritable_output_stops_the_run_before_any_request() {
    let s = counting().await;
    let (dir, profile) = common::profile_file(common::APIG);
    let mut opts = options(&s, &profile);
    opts.junit = Some(dir.path().to_path_buf());
    opts.json = Some(dir.path().join("r.json"));
    let e = conformance_runner::run(opts).await.unwrap_err();
    assert!(matches!(e, RunError::Config(_)), "{e:?}");
    assert!(e.to_string().contains("--junit") && e.to_string().contains("it is a folder"), "{e}");
    assert_eq!(sent(&s).await, 0, "nothing may be sent");
}

#[tokio::test]
async fn a_credential_set_but_empty_is_named_before_any_request() {
    let s = counting().await;
    // A variable set to nothing (as a fork's pull request gets its secrets) reads as "".
    let with_var = common::APIG.replace("token = \"tok-permitted-123\"", "token = \"${APIG_TOKEN}\"");
    let contracts = conformance_contract::Contracts::load(conformance_contract::default_fixtures_dir()).unwrap();
    let parsed =
        conformance_contract::Profile::parse(&with_var, "p", |_| Some(String::new()), contracts.keys()).unwrap();
    assert_eq!(parsed.empty_secrets(), ["huawei.token"]);
    let (_dir, profile) = common::profile_file(&parsed.to_toml());
    let e = conformance_runner::run(options(&s, &profile)).await.unwrap_err().to_string();
    assert!(e.contains("[huawei] token is empty") && e.contains("environment variable"), "{e}");
    assert_eq!(sent(&s).await, 0);
}

#[tokio::test]
async fn a_password_in_a_profile_base_url_is_refused_and_never_shown() {
    let toml = format!("base_url = \"http://user:s3cretpw@127.0.0.1:9\"\n{}", common::APIG);
    let (_dir, profile) = common::profile_file(&toml);
    let (mut opts, capture) = common::quiet();
    opts.profile = Some(profile);
    let e = conformance_runner::run(opts).await.unwrap_err();
    let shown = format!("{e}\n{e:?}\n{}", capture.lock().unwrap());
    assert!(shown.contains("credentials belong in the profile"), "{shown}");
    assert!(!shown.contains("s3cretpw"), "{shown}");
}

#[tokio::test]
async fn a_feature_that_does_not_parse_names_file_line_column_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("huawei-apig")).unwrap();
    let bad = "@huawei-apig @postpaid-resize\nFeature: f\n\n  Scenario: s\n    Given no credentials\n  Exampels:\n";
    std::fs::write(dir.path().join("huawei-apig/postpaid-resize.feature"), bad).unwrap();
    let (mut opts, _) = common::quiet();
    opts.features_dir = dir.path().to_path_buf();
    let e = conformance_runner::run(opts).await.unwrap_err().to_string();
    let at =
        regex::Regex::new(r"huawei-apig/postpaid-resize\.feature:\d+:\d+: the feature does not parse: .+").unwrap();
    assert!(at.is_match(&e), "{e}");
}

/// The stub's profile as it prints it (`[stub] instance`, no `[safety]`), pointed at a server
/// that is not that stub: nothing changing or billable is sent, the plan lists what runs, and at
/// most the allowance's share of wrong signatures is spent.
#[tokio::test]
async fn a_copied_stub_profile_against_another_server_changes_nothing() {
    let handle = conformance_stub::serve(StubConfig::deterministic(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    let printed = conformance_stub::profile::profile_file(&handle.profile());
    assert!(printed.contains("[stub]") && !printed.contains("[safety]"), "{printed}");
    let s = counting().await;
    let (_dir, profile) = common::profile_file(&printed.replace(&handle.base_url(), &s.uri()));
    let (mut opts, capture) = common::quiet();
    opts.quiet = false; // the scenario list of the plan is not printed with --quiet
    opts.profile = Some(profile.clone());
    let report = conformance_runner::run(opts).await.unwrap();
    let terminal = capture.lock().unwrap().clone();
    assert!(terminal.contains("is not that stub: it is a real target"), "{terminal}");
    assert!(terminal.contains("  [none] "), "the plan lists the scenarios that run against a real target");
    let ran = |t: &str| {
        report
            .scenarios
            .iter()
            .filter(|r| !matches!(r.outcome, Outcome::Skipped { .. }))
            .filter(|r| r.tags.iter().any(|x| x == t))
            .count()
    };
    assert_eq!((ran("effect-changes"), ran("effect-billable")), (0, 0), "changes and charges need --allow");
    assert!(ran("spends-wrong-signature") <= 3, "the AK's allowance is kept");
    assert!(
        report.scenarios.iter().any(|r| matches!(&r.outcome, Outcome::Skipped { reason } if reason.contains("stub"))),
        "stub-only data is not met"
    );
    let received = s.received_requests().await.unwrap_or_default();
    assert!(received.len() > 20, "the refusals and reads ran");
    for r in received {
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
        let change = body["action"] == "change" && body.pointer("/actionData/targetServiceSpecification").is_some();
        assert!(body["spec_id"] != "PROFESSIONAL" && !change, "a change was asked for: {body}");
    }

    // Against the stub that wrote it, the same profile is the stub's: everything runs.
    let (mut opts, _) = common::quiet();
    let (_d2, own) = common::profile_file(&printed);
    opts.profile = Some(own);
    let report = conformance_runner::run(opts).await.unwrap();
    assert!(report.scenarios.iter().all(|r| r.outcome == Outcome::Passed), "{:?}", report.failed_ids());
    handle.shutdown().await;
}
