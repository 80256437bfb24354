//! The runner against a server that misbehaves on purpose (`misbehave/`), one test per mode:
//! each run ends within its bound, with the right outcome and exit code, the exact error
//! class, and its words (summary, URL, hint) in the message. A reset, an answer that is not
//! HTTP and a huge head are caught by the probe (exit 3, saying what answered); the others
//! meet a scenario's request.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::misbehave;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use conformance_runner::{ErrorClass, Outcome, Report, RunError, RunOptions};
use misbehave::{Mode, Server};

const APIG: &str = "[huawei]\nproject_id = \"p1\"\ntoken = \"tok-permitted-123\"\n[huawei.apig]\ninstance_id = \"6a7d71827fd54572b1f31aa9548fcc81\"\ntarget_spec_id = \"PROFESSIONAL\"\ncurrent_spec_id = \"BASIC\"\n[safety]\nallow = [\"billable\"]\n";
/// One scenario: a resize with a token, checked against status 202, its schema and example.
const RESIZE_202: &str = "@postpaid-resize and @status-202 and not @needs-huawei.ak+huawei.sk";
/// The exact cause of a request the server closed its kept-alive connection under.
const KEPT_ALIVE_CLOSED: &str = "the server closed a kept-alive connection without Connection: close";
/// The documented 202.
const ACCEPTED: &str = r#"{"instance_id": "6a7d71827fd54572b1f31aa9548fcc81", "message": "JOB_ASSIGNED_FOR_RESIZE_0086I:The job JOB-5acb75c7565e42c997954774456eac79 is assigned to resize instance.", "job_id": "JOB-5acb75c7565e42c997954774456eac79"}"#;

fn options(server: &Server, tags: &str, timeout_ms: u64) -> (RunOptions, tempfile::TempDir) {
    let (dir, profile) = common::profile_file(APIG);
    let (mut opts, _) = common::quiet();
    opts.base_url = Some(server.url.clone());
    opts.profile = Some(profile);
    opts.tags = Some(tags.to_string());
    opts.timeout = Duration::from_millis(timeout_ms);
    (opts, dir)
}

/// Runs and checks the run ended within `bound`.
async fn run_within(opts: RunOptions, bound: Duration) -> Result<Report, RunError> {
    let start = Instant::now();
    let out = conformance_runner::run(opts).await;
    assert!(start.elapsed() < bound, "took {:?}, bound {bound:?}", start.elapsed());
    out
}

/// The probe's error: its class and the whole message.
async fn probe_error(mode: Mode) -> (ErrorClass, String) {
    let server = misbehave::start(mode, false).await;
    let (opts, _d) = options(&server, RESIZE_202, 1000);
    let err = run_within(opts, Duration::from_secs(5)).await.unwrap_err();
    let RunError::Answered { error, .. } = &err else { panic!("not `answered`: {err:?}") };
    let text = err.to_string();
    assert!(text.starts_with(&format!("the target {} accepted the connection, but: ", server.url)), "{text}");
    assert!(!text.contains("cannot reach") && !text.contains("TLS"), "{text}");
    assert!(text.contains(&format!("\n  url: {}/\n", server.url)) && text.contains("\n  hint: "), "{text}");
    (error.class.clone(), text)
}

/// The one scenario's outcome when the probe is spared.
async fn scenario(mode: Mode, timeout_ms: u64, bound: Duration) -> (Outcome, Server) {
    let server = misbehave::start(mode, true).await;
    let (opts, _d) = options(&server, RESIZE_202, timeout_ms);
    let report = run_within(opts, bound).await.unwrap();
    assert_eq!(report.scenarios.len(), 1, "{report:#?}");
    (report.scenarios[0].outcome.clone(), server)
}

/// The message after the line that points at the failing step and the step's text (every
/// scenario message starts with them).
fn after_step(message: &str) -> &str {
    assert!(message.starts_with("--> features/"), "the message does not point at its step:\n{message}");
    message.splitn(3, '\n').nth(2).unwrap_or_default()
}

fn errored(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Errored(failure) => failure.message(),
        other => panic!("not errored: {other:?}"),
    }
}

#[tokio::test]
async fn a_reset_is_a_closed_connection_never_tls() {
    let (class, text) = probe_error(Mode::Reset).await;
    assert_eq!(class, ErrorClass::Closed, "{text}");
    assert!(text.contains("the connection was reset before a complete answer"), "{text}");
    let (outcome, _s) = scenario(Mode::Reset, 1000, Duration::from_secs(5)).await;
    let m = &errored(&outcome);
    assert!(after_step(m).starts_with("the request could not be completed: the connection was reset"), "{m}");
    assert!(m.contains("hint: the server dropped the connection") && !m.contains("TLS"), "{m}");
}

/// The same words in JUnit `<error>`, cucumber JSON and the recording; replaying the
/// recording gives the same error.
#[tokio::test]
async fn an_error_reads_the_same_in_every_output_and_replays() {
    let server = misbehave::start(Mode::Reset, true).await;
    let (mut opts, _d) = options(&server, RESIZE_202, 1000);
    let out = tempfile::tempdir().unwrap();
    let rec = out.path().join("rec");
    (opts.junit, opts.json, opts.record) =
        (Some(out.path().join("j.xml")), Some(out.path().join("c.json")), Some(rec.clone()));
    let report = run_within(opts, Duration::from_secs(5)).await.unwrap();
    let message = errored(&report.scenarios[0].outcome).to_string();
    let summary = "the connection was reset before a complete answer";
    let hint = "hint: the server dropped the connection without a complete answer";
    for file in ["j.xml", "c.json"] {
        let text = std::fs::read_to_string(out.path().join(file)).unwrap();
        assert!(text.contains(summary) && text.contains(hint), "{file}: {text}");
    }
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(rec.join("index.json")).unwrap()).unwrap();
    let entry = &index["scenarios"][report.scenarios[0].id.as_str()];
    assert_eq!(entry["outcome"], "errored");
    let file = entry["exchanges"][0].as_str().unwrap();
    assert!(file.ends_with("01-POST-error.json"), "{file}");
    let exchange: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(rec.join(file)).unwrap()).unwrap();
    assert_eq!(exchange["error"]["class"], "closed");
    assert_eq!(exchange["error"]["summary"], summary);
    drop(server);
    let (mut opts, _) = common::quiet();
    opts.replay = Some(rec);
    let replayed = conformance_runner::run(opts).await.unwrap();
    assert_eq!(errored(&replayed.scenario(&report.scenarios[0].id).unwrap().outcome), message);
}

#[tokio::test]
async fn an_answer_that_is_not_http_is_named() {
    let (class, text) = probe_error(Mode::NotHttp).await;
    assert_eq!(class, ErrorClass::NotHttp, "{text}");
    assert!(text.contains("the answer is not HTTP") && text.contains("hint: something answered"), "{text}");
}

#[tokio::test]
async fn a_huge_head_is_named() {
    let (class, text) = probe_error(Mode::HugeHead).await;
    assert_eq!(class, ErrorClass::HeadTooLarge, "{text}");
    assert!(text.contains("the answer's head (status line and headers) is too large"), "{text}");
}

#[tokio::test]
async fn an_endless_body_ends_at_the_cap() {
    let (outcome, _s) = scenario(Mode::EndlessBody, 5000, Duration::from_secs(5)).await;
    let m = &errored(&outcome);
    assert!(
        after_step(m).starts_with("the request could not be completed: the response body is longer than the 1048576"),
        "{m}"
    );
}

#[tokio::test]
async fn a_slow_drip_ends_at_the_timeout() {
    let (outcome, _s) = scenario(Mode::SlowDrip, 500, Duration::from_secs(3)).await;
    let m = &errored(&outcome);
    assert!(
        after_step(m).starts_with("the request could not be completed: timed out after 0.5s waiting for the answer"),
        "{m}"
    );
    assert!(m.contains("hint: the server accepted the request but did not finish"), "{m}");
}

#[tokio::test]
async fn a_hang_ends_at_the_timeout() {
    let (class, text) = probe_error(Mode::Hang).await;
    assert_eq!(class, ErrorClass::ReadTimeout, "{text}");
    let (outcome, _s) = scenario(Mode::Hang, 500, Duration::from_secs(3)).await;
    assert!(errored(&outcome).contains("timed out after 0.5s waiting for the answer"), "{outcome:?}");
}

#[tokio::test]
async fn a_gzip_body_is_decoded_before_the_checks() {
    let (outcome, _s) = scenario(Mode::Gzip(202, ACCEPTED.into()), 2000, Duration::from_secs(5)).await;
    assert_eq!(outcome, Outcome::Passed);
    // A wrong status shows the body decoded and names the encoding.
    let (outcome, _s) = scenario(Mode::Gzip(400, r#"{"error_code":"X.1"}"#.into()), 2000, Duration::from_secs(5)).await;
    let Outcome::Failed(failure) = outcome else { panic!("{outcome:?}") };
    let message = &failure.message();
    assert!(message.contains("decoded from Content-Encoding: gzip") && message.contains("\"X.1\""), "{message}");
    assert!(!message.contains('\u{fffd}'), "{message}");
}

#[tokio::test]
async fn a_binary_body_is_shown_as_hex_and_fails_the_json_check() {
    let (outcome, _s) = scenario(Mode::Binary, 2000, Duration::from_secs(5)).await;
    let Outcome::Failed(failure) = outcome else { panic!("{outcome:?}") };
    let message = &failure.message();
    assert!(
        after_step(message).starts_with("the body is not valid JSON: it is not even UTF-8 text (7 bytes, not UTF-8"),
        "{message}"
    );
    assert!(message.contains("hex: ff fe 00 81 7b c3 28"), "{message}");
    assert!(!message.contains('\u{fffd}'), "{message}");
}

/// Several scenarios over connections the server closes after each answer: none errors, and
/// the server saw each request once (the recording holds as many exchanges as it received).
async fn closing(mode: Mode) {
    let server = misbehave::start(mode, true).await;
    let (mut opts, _d) =
        options(&server, "@huawei-apig and not @needs-huawei.ak+huawei.sk and not @needs-faults.header", 2000);
    let rec = tempfile::tempdir().unwrap();
    opts.record = Some(rec.path().to_path_buf());
    let report = run_within(opts, Duration::from_secs(10)).await.unwrap();
    assert!(report.scenarios.len() >= 5, "{report:#?}");
    for s in &report.scenarios {
        assert!(!matches!(s.outcome, Outcome::Errored { .. }), "{}: {:?}", s.id, s.outcome);
    }
    let (answered, _) = exchanges(rec.path());
    let received = server.requests.lock().unwrap().iter().filter(|l| !l.starts_with("GET / ")).count();
    // The resize goes up; the run's restore (no scenario's exchange) sets it back.
    assert_eq!(report.restores().count(), 1, "{:?}", report.account);
    assert_eq!(received, answered.len() + 1, "each request reached the server exactly once");
    assert!(server.accepts.load(Ordering::SeqCst) >= answered.len(), "a connection per answer");
}

/// The exchanges of a recording: those answered, and those that errored (file names).
fn exchanges(rec: &std::path::Path) -> (Vec<String>, Vec<String>) {
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(rec.join("index.json")).unwrap()).unwrap();
    let files = index["scenarios"].as_object().unwrap().values().filter_map(|e| e["exchanges"].as_array()).flatten();
    files.map(|f| f.as_str().unwrap().to_string()).partition(|f| !f.ends_with("-error.json"))
}

/// A server that resets each kept-alive connection when the next request comes on it: every
/// request that is safe to repeat (effect `none`) goes once more on a new connection, so no
/// scenario errors; the recording keeps both attempts, the first with the exact cause, and
/// replays the same.
#[tokio::test]
async fn a_kept_alive_connection_closed_under_a_harmless_request_is_sent_again() {
    let server = misbehave::start(Mode::CloseOnNext(202, ACCEPTED.into()), true).await;
    let tags = "@huawei-apig and @effect-none and not @needs-ak-sk and not @needs-fault-injection";
    let (mut opts, _d) = options(&server, tags, 2000);
    let rec = tempfile::tempdir().unwrap();
    opts.record = Some(rec.path().to_path_buf());
    let report = run_within(opts, Duration::from_secs(10)).await.unwrap();
    assert!(report.scenarios.len() >= 3, "{report:#?}");
    for s in &report.scenarios {
        assert!(!matches!(s.outcome, Outcome::Errored { .. }), "{}: {:?}", s.id, s.outcome);
    }
    let (answered, resent) = exchanges(rec.path());
    assert!(!resent.is_empty(), "no request met a closed kept-alive connection: the test proves nothing");
    for file in &resent {
        let exchange: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(rec.path().join(file)).unwrap()).unwrap();
        assert_eq!(exchange["error"]["class"], "kept-alive-closed", "{exchange}");
        assert_eq!(exchange["error"]["summary"], KEPT_ALIVE_CLOSED, "{exchange}");
        assert!(exchange["note"].as_str().unwrap().ends_with("; sent again on a new connection"), "{exchange}");
    }
    let received = server.requests.lock().unwrap().iter().filter(|l| !l.starts_with("GET / ")).count();
    assert_eq!(received, answered.len(), "the server read each request once: {:?}", server.requests);
    // The replay goes the same way: the error, then the request sent again.
    drop(server);
    let (mut opts, _) = common::quiet();
    opts.replay = Some(rec.path().to_path_buf());
    let replayed = conformance_runner::run(opts).await.unwrap();
    for s in &report.scenarios {
        let again = &replayed.scenario(&s.id).unwrap().outcome;
        assert_eq!(again.word(), s.outcome.word(), "{}", s.id);
        let (was, now) =
            (s.outcome.failure().map(|f| (&f.kind, &f.reason)), again.failure().map(|f| (&f.kind, &f.reason)));
        assert_eq!(now, was, "{}", s.id);
    }
}

/// The same server under a billable request: errored with the exact cause, and not sent
/// again (the server got one connection, the probe's, and never read the request).
#[tokio::test]
async fn a_kept_alive_connection_closed_under_a_billable_request_is_an_error_never_a_second_request() {
    let server = misbehave::start(Mode::CloseOnNext(202, ACCEPTED.into()), true).await;
    let (opts, _d) = options(&server, RESIZE_202, 2000);
    let report = run_within(opts, Duration::from_secs(5)).await.unwrap();
    let m = &errored(&report.scenarios[0].outcome);
    let want = format!("the request could not be completed: {KEPT_ALIVE_CLOSED}\n");
    assert!(after_step(m).starts_with(&want), "{m}");
    assert!(m.contains("hint: the request was not sent again, as its effect is not `none`"), "{m}");
    assert_eq!(server.accepts.load(Ordering::SeqCst), 1, "a second connection was opened");
    assert_eq!(*server.requests.lock().unwrap(), ["GET / HTTP/1.1"], "the server read more than the probe");
}

#[tokio::test]
async fn connection_close_after_every_answer_is_no_error() {
    closing(Mode::CloseSaid(202, ACCEPTED.into())).await;
}

#[tokio::test]
async fn closing_without_saying_so_is_no_error() {
    closing(Mode::CloseUnsaid(202, ACCEPTED.into())).await;
}

#[tokio::test]
async fn a_redirect_is_reported_with_its_location_not_followed() {
    let (outcome, server) = scenario(Mode::RedirectLinkLocal, 2000, Duration::from_secs(5)).await;
    let m = &errored(&outcome);
    let want =
        format!("the request could not be completed: redirect not followed: 302 Found to {}", misbehave::LINK_LOCAL);
    assert!(after_step(m).starts_with(&want), "{m}");
    assert!(m.contains("hint: the runner never follows redirects"), "{m}");
    let lines = server.requests.lock().unwrap().clone();
    assert_eq!(lines.iter().filter(|l| l.starts_with("POST ")).count(), 1, "{lines:?}");
}

#[tokio::test]
async fn throttling_is_retried_then_errored_never_failed() {
    let server = misbehave::start(Mode::Throttle, true).await;
    let (mut opts, _d) = options(&server, RESIZE_202, 2000);
    opts.retry.retries = 1;
    let rec = tempfile::tempdir().unwrap();
    opts.record = Some(rec.path().to_path_buf());
    let report = run_within(opts, Duration::from_secs(5)).await.unwrap();
    assert_eq!(report.exit_code(), 1);
    let m = &errored(&report.scenarios[0].outcome);
    assert!(
        after_step(m).starts_with("the request could not be completed: throttled: 2 attempt(s), the last answered 429"),
        "{m}"
    );
    assert!(m.contains("attempt 1: throttled (429 Too Many Requests), retried after 1s"), "{m}");
    assert!(m.contains("attempt 2: throttled (429 Too Many Requests); still throttled after 1 retries"), "{m}");
    let posts = server.requests.lock().unwrap().iter().filter(|l| l.starts_with("POST ")).count();
    assert_eq!(posts, 2);
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(rec.path().join("index.json")).unwrap()).unwrap();
    let entry = &index["scenarios"][report.scenarios[0].id.as_str()];
    assert_eq!(entry["outcome"], "errored");
    let files = entry["exchanges"].as_array().unwrap();
    assert_eq!(files.len(), 2, "every attempt is recorded: {files:?}");
    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(rec.path().join(files[0].as_str().unwrap())).unwrap()).unwrap();
    assert!(first["note"].as_str().unwrap().contains("retried after 1s"), "{first}");
}

#[tokio::test]
async fn a_dry_run_opens_no_connection_and_prints_the_requests() {
    let server = misbehave::start(Mode::NoConnection, false).await;
    let (dir, profile) = common::profile_file(&format!(
        "{APIG}[hostway]\nauthorization = \"Basic c2VjcmV0\"\naccount_id = \"1\"\nproduct_id = \"2\"\n\
         service_id = \"3\"\ntarget_service_specification = \"https://api.hostway.com/serviceSpecifications/2002\"\ncurrent_service_specification = \"https://api.hostway.com/serviceSpecifications/1001\"\n\
         [hostway-orders]\nowner_id = \"owner-secret-42\"\norder_id = \"o1\"\nproduct_id = \"p9\"\n\
         service_specification = \"https://api.hostway.com/serviceSpecifications/1001\"\nsupported_billing_cycles = [1, 12]\n"
    ));
    let (mut opts, out) = common::quiet();
    opts.base_url = Some(server.url.clone());
    opts.profile = Some(profile);
    opts.dry_run = true;
    opts.allow = vec![conformance_runner::Effect::Changes];
    opts.tags = Some(format!("({RESIZE_202}) or (@update-service and @status-204)"));
    let report = run_within(opts, Duration::from_secs(5)).await.unwrap();
    drop(dir);
    assert_eq!(server.accepts.load(Ordering::SeqCst), 0, "a dry run opened a connection");
    assert_eq!(report.exit_code(), 0);
    assert!(!report.scenarios.is_empty());
    for s in &report.scenarios {
        assert_eq!(s.outcome, Outcome::Skipped { reason: conformance_runner::DRY_RUN.into() }, "{}", s.id);
    }
    let out = out.lock().unwrap().clone();
    assert!(out.contains("dry run: huawei-apig/postpaid-resize.feature::"), "{out}");
    assert!(
        out.contains(&format!(
            "POST {}/v2/p1/apigw/instances/6a7d71827fd54572b1f31aa9548fcc81/postpaid-resize",
            server.url
        )),
        "{out}"
    );
    assert!(out.contains("X-Auth-Token: [REDACTED: huawei.token]") && !out.contains("tok-permitted-123"), "{out}");
    assert!(!out.contains("owner-secret-42"), "{out}");
    let placeholder = format!("/orders/o1/account/products/p9/services/{}-1", conformance_runner::PLACEHOLDER);
    assert!(out.contains(&format!("PUT {}{placeholder}", server.url)), "{out}");
    // After the checks it does not run, a scenario goes on: the service its set-up added is the
    // one it updates, and the next scenarios share it: the run adds one.
    let found = "A service the run added is found at its Location and updated: request 2\nwould send:\n  PUT ";
    assert!(out.contains(found), "{out}");
    assert_eq!(out.matches("  POST ").count(), 3, "the resize, one service added, the restore: {out}");
    assert!(out.contains("dry run: restore /v2/p1/apigw/instances/"), "the restore it would send: {out}");
    assert!(out.contains("adds 1 service(s) under /orders/o1/account/products/p9/services"), "{out}");
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_certificate_error_with_the_insecure_hint() {
    let (url, task) = misbehave::tls::start().await;
    let (dir, profile) = common::profile_file(APIG);
    let (mut opts, _) = common::quiet();
    (opts.base_url, opts.profile, opts.tags) = (Some(url.clone()), Some(profile), Some(RESIZE_202.into()));
    let err = run_within(opts.clone(), Duration::from_secs(5)).await.unwrap_err();
    let RunError::Answered { error, .. } = &err else { panic!("{err:?}") };
    assert_eq!(error.class, ErrorClass::TlsCertificate, "{err}");
    let text = err.to_string();
    assert!(text.contains("TLS certificate rejected") && text.contains("--insecure accepts"), "{text}");
    opts.insecure = true;
    let report = run_within(opts, Duration::from_secs(5)).await.unwrap();
    let Outcome::Failed(failure) = &report.scenarios[0].outcome else { panic!("{report:#?}") };
    let message = &failure.message();
    assert!(after_step(message).starts_with("expected status 202"), "{message}");
    drop((dir, task));
}

#[tokio::test]
async fn a_throttling_code_in_the_body_is_retried_after_the_back_off_and_then_passes() {
    let server = misbehave::start(Mode::ThrottleOnce(202, ACCEPTED.into()), true).await;
    let (mut opts, _d) = options(&server, RESIZE_202, 2000);
    opts.retry.base_wait = Duration::from_millis(200);
    let rec = tempfile::tempdir().unwrap();
    opts.record = Some(rec.path().to_path_buf());
    let start = Instant::now();
    let report = run_within(opts, Duration::from_secs(5)).await.unwrap();
    assert!(start.elapsed() >= Duration::from_millis(200), "no back-off: {:?}", start.elapsed());
    assert_eq!(report.scenarios[0].outcome, Outcome::Passed);
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(rec.path().join("index.json")).unwrap()).unwrap();
    let files = index["scenarios"][report.scenarios[0].id.as_str()]["exchanges"].as_array().unwrap().clone();
    assert_eq!(files.len(), 2, "{files:?}");
    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(rec.path().join(files[0].as_str().unwrap())).unwrap()).unwrap();
    let note = first["note"].as_str().unwrap();
    assert!(note.contains("throttled (400 with error_code APIG.0308), retried after 0.2s"), "{note}");
}

#[tokio::test]
async fn the_rate_spaces_the_requests() {
    let server = misbehave::start(Mode::CloseSaid(202, ACCEPTED.into()), true).await;
    let (mut opts, _d) = options(&server, "@huawei-apig and @status-401", 2000);
    opts.rate = Some(10);
    let start = Instant::now();
    let report = run_within(opts, Duration::from_secs(10)).await.unwrap();
    let requests = server.requests.lock().unwrap().iter().filter(|l| !l.starts_with("GET / ")).count();
    assert!(requests >= 2, "{requests} requests; {report:#?}");
    let least = Duration::from_millis(100) * u32::try_from(requests - 1).unwrap();
    assert!(start.elapsed() >= least, "{requests} requests in {:?} at 10/s", start.elapsed());
}
