//! "Could not run" is one clear error (exit 3), never a page of failures: refused, timed-out
//! and TLS-failing targets, bad profiles, bad tag expressions, missing features; "cannot
//! reach" only when nothing answered. And what goes wrong mid-run is reported for what it is:
//! a timeout, a redirect (reported, not followed) and an oversized body are errors, not
//! failures; an undefined step fails. Features are read at run time. The misbehaving server
//! of `misbehaving.rs` covers each error class.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::time::Duration;

use conformance_runner::{EXIT_COULD_NOT_RUN, ErrorClass, Outcome, RunError, RunOptions};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const APIG: &str = "[huawei]\nproject_id = \"p1\"\ntoken = \"tok-permitted-123\"\n[huawei.apig]\ninstance_id = \"i1\"\n\
     target_spec_id = \"PROFESSIONAL\"\ncurrent_spec_id = \"BASIC\"\n[safety]\nallow = [\"billable\"]\n";
const RESIZE: &str = "/v2/p1/apigw/instances/i1/postpaid-resize";

#[tokio::test]
async fn a_refused_connection_is_one_clear_error() {
    let err = common::against("http://127.0.0.1:1", APIG, None).await.unwrap_err();
    assert!(matches!(err, RunError::Unreachable { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with("cannot reach the target http://127.0.0.1:1: connection refused\n"), "{text}");
    assert!(
        text.contains("\n  url: http://127.0.0.1:1/\n  cause: ") && text.contains("\n  hint: nothing listens"),
        "{text}"
    );
    assert_eq!(EXIT_COULD_NOT_RUN, 3);
}

#[tokio::test]
async fn a_target_that_never_answers_times_out_once() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (_d, profile) = common::profile_file(APIG);
    let (mut opts, _) = common::quiet();
    (opts.base_url, opts.profile, opts.timeout) = (Some(url.clone()), Some(profile), Duration::from_millis(300));
    let err = conformance_runner::run(opts).await.unwrap_err();
    let want = format!("the target {url} accepted the connection, but: timed out after 0.3s waiting for the answer");
    assert!(err.to_string().starts_with(&want), "{err}");
    drop(listener);
}

#[tokio::test]
async fn a_tls_failure_is_named() {
    let server = MockServer::start().await;
    let url = server.uri().replace("http://", "https://");
    let err = common::against(&url, APIG, None).await.unwrap_err();
    let RunError::Answered { error, .. } = &err else { panic!("{err:?}") };
    assert_eq!(error.class, ErrorClass::TlsHandshake);
    assert!(err.to_string().contains("TLS handshake failed") && !err.to_string().contains("--insecure"), "{err}");
}

#[tokio::test]
async fn bad_profiles_tags_and_features_are_errors() {
    let missing = "[huawei]\nproject_id = \"p\"\ntoken = \"${CONFORMANCE_RUNNER_TEST_UNSET}\"\n";
    let err = common::against("http://127.0.0.1:1", missing, None).await.unwrap_err();
    assert!(matches!(err, RunError::Profile(_)), "{err:?}");
    assert!(err.to_string().contains("CONFORMANCE_RUNNER_TEST_UNSET"), "{err}");

    let err = common::against("http://127.0.0.1:1", "[huawei]\nnot_a_key = 1\n", None).await.unwrap_err();
    assert!(matches!(err, RunError::Profile(_)), "{err:?}");

    let err = common::against("http://127.0.0.1:1", APIG, Some("@a and (")).await.unwrap_err();
    assert!(matches!(err, RunError::Tags { .. }), "{err:?}");

    let empty = tempfile::tempdir().unwrap();
    let (mut opts, _) = common::quiet();
    opts.features_dir = empty.path().to_path_buf();
    let err = conformance_runner::run(opts).await.unwrap_err();
    assert!(matches!(err, RunError::Features(_)), "{err:?}");

    let (_d, profile) = common::profile_file(APIG);
    let (mut opts, _) = common::quiet();
    opts.profile = Some(profile);
    let err = conformance_runner::run(opts).await.unwrap_err();
    assert!(err.to_string().contains("no base_url"), "{err}");
}

async fn apig(resp: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path(RESIZE)).respond_with(resp).mount(&server).await;
    server
}

fn only_failure(report: &conformance_runner::Report) -> &Outcome {
    let failed: Vec<_> = report.scenarios.iter().filter(|s| s.outcome.is_failure()).collect();
    assert_eq!(failed.len(), 1, "{report:#?}");
    &failed[0].outcome
}

#[tokio::test]
async fn a_request_that_times_out_mid_run_is_an_error_not_a_failure() {
    let server = apig(ResponseTemplate::new(202).set_delay(Duration::from_secs(3))).await;
    let dir = tempfile::tempdir().unwrap();
    let (_d, profile) = common::profile_file(APIG);
    let (mut opts, _) = common::quiet();
    opts.base_url = Some(server.uri());
    opts.profile = Some(profile);
    opts.timeout = Duration::from_millis(500);
    opts.tags = Some("@postpaid-resize and @status-202 and not @needs-huawei.ak+huawei.sk".into());
    opts.junit = Some(dir.path().join("j.xml"));
    let report = conformance_runner::run(opts).await.unwrap();
    let Outcome::Errored(failure) = only_failure(&report) else { panic!("{report:#?}") };
    let message = &failure.message();
    let want = "the request could not be completed: timed out after 0.5s waiting for the answer\n  url: ";
    assert!(message.contains(&format!("\n{want}")), "{message}");
    assert!(message.contains("X-Auth-Token: [REDACTED: huawei.token]"), "{message}");
    assert_eq!(report.exit_code(), 1);
    let xml = std::fs::read_to_string(dir.path().join("j.xml")).unwrap();
    assert!(xml.contains("<error ") && !xml.contains("<failure"), "{xml}");
}

#[tokio::test]
async fn redirects_are_reported_not_followed() {
    let server = apig(ResponseTemplate::new(302).insert_header("Location", "/elsewhere")).await;
    Mock::given(path("/elsewhere")).respond_with(ResponseTemplate::new(202)).expect(0).mount(&server).await;
    let report = common::against(&server.uri(), APIG, Some("@postpaid-resize and @status-202")).await.unwrap();
    let Outcome::Errored(failure) = only_failure(&report) else { panic!() };
    let message = &failure.message();
    let want = "the request could not be completed: redirect not followed: 302 Found to /elsewhere\n";
    assert!(message.contains(&format!("\n{want}")), "{message}");
}

#[tokio::test]
async fn bodies_are_read_up_to_a_cap() {
    let huge = json!({ "instance_id": "x".repeat(2 * conformance_runner::BODY_CAP) });
    let server = apig(ResponseTemplate::new(202).set_body_json(huge)).await;
    let report = common::against(&server.uri(), APIG, Some("@postpaid-resize and @status-202")).await.unwrap();
    let Outcome::Errored(failure) = only_failure(&report) else { panic!() };
    let message = &failure.message();
    let want = "the request could not be completed: the response body is longer than the 1048576-byte cap";
    assert!(message.contains(&format!("\n{want}")), "{message}");
    assert!(message.len() < 8 * 1024, "the message shows a truncated body: {} bytes", message.len());
}

/// A feature written now, without a rebuild, runs; one with a step that matches no definition
/// cannot run: the plan names the file, the line and the closest known steps, and no request
/// is sent.
#[tokio::test]
async fn features_are_read_at_run_time_and_undefined_steps_stop_the_run_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("huawei-apig")).unwrap();
    let feature = "@huawei-apig @postpaid-resize\nFeature: written at run time\n\n\
        @status-401\n  Scenario: no credentials\n    Given no credentials\n    \
        When I send the documented example request \"resize-to-professional\"\n    Then the response status is 401\n";
    let file = dir.path().join("huawei-apig/postpaid-resize.feature");
    std::fs::write(&file, feature).unwrap();
    let (mut opts, _) = common::quiet();
    opts.features_dir = dir.path().to_path_buf();
    let report = conformance_runner::run(opts.clone()).await.unwrap();
    let ids: Vec<_> = report.scenarios.iter().map(|s| (s.id.as_str(), s.outcome.clone())).collect();
    assert_eq!(ids, [("huawei-apig/postpaid-resize.feature::no credentials", Outcome::Passed)]);

    let typo = format!(
        "{feature}\n  @status-401\n  Scenario: a step nobody wrote\n    Given no credentials\n    When I sent the request\n    Then the response status is 401\n"
    );
    std::fs::write(&file, typo).unwrap();
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let (_d, profile) = common::profile_file(APIG);
    opts.base_url = Some(server.uri());
    opts.profile = Some(profile);
    let e = conformance_runner::run(opts).await.unwrap_err();
    let m = e.to_string();
    assert!(m.contains("huawei-apig/postpaid-resize.feature:13: When I sent the request: no When step matches"), "{m}");
    assert!(m.contains("the closest known: When I send the request"), "{m}");
    assert!(matches!(e, conformance_runner::RunError::Features(_)), "a plan error: {e:?}");
    assert!(server.received_requests().await.unwrap_or_default().is_empty(), "a request was sent");
}

#[tokio::test]
async fn any_http_answer_to_the_probe_means_reachable() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let (_d, profile) = common::profile_file(APIG);
    let opts = RunOptions {
        base_url: Some(format!("{}/", server.uri())),
        profile: Some(profile),
        tags: Some("@status-500".into()),
        quiet: true,
        capture: Some(Default::default()),
        ..RunOptions::default()
    };
    let report = conformance_runner::run(opts).await.unwrap();
    assert_eq!(report.target, server.uri(), "the trailing slash is dropped");
    assert!(matches!(&report.scenarios[0].outcome, Outcome::Skipped { reason } if reason.contains("[faults] header")));
}
