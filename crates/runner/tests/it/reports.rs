//! Verdicts and reports a CI can trust (issue 17): a typo in `--tags` is a usage error that
//! sends nothing and lists the known tags; a run in which nothing ran is not a pass and says
//! which profile is needed; a failure is the same typed data in every report (JUnit message,
//! type, file and line; cucumber JSON; HTML; recordings), located under the features folder
//! actually used; an outline row has one name everywhere and old numbered baselines still
//! gate; progress is one plain line per scenario with its outcome, errored as errored; the
//! banner states the pacing; an operation whose every permitted request got 401 gets a hint;
//! what a run did to the account is in every output in the terminal's words.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use conformance_runner::ci::gate::{Baseline, GateMode, Status};
use conformance_runner::failure::Kind;
use conformance_runner::{EXIT_FAILED, EXIT_NOTHING_RAN, EXIT_OK, EXIT_USAGE, Outcome, RunError, RunOptions};
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use common::{APIG, RESIZE};

const ACCEPTED_ID: &str = "huawei-apig/postpaid-resize.feature::A resize to the documented specification is accepted";
const CHANGE_ROW: &str = "hostway/service-action.feature::Each of the three actions [action=change, status=204]";

/// Options for a run whose progress lines are captured (not quiet).
fn loud() -> (RunOptions, std::sync::Arc<std::sync::Mutex<String>>) {
    let (mut opts, capture) = common::quiet();
    opts.quiet = false;
    (opts, capture)
}

/// A copy of the features folder at `dir/name`, so a run can name it as a user would.
fn copy_features(dir: &Path, name: &str) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let dest = to.join(p.file_name().unwrap());
            if p.is_dir() { copy(&p, &dest) } else { std::fs::copy(&p, &dest).map(|_| ()).unwrap() }
        }
    }
    let to = dir.join(name);
    copy(&conformance_runner::default_features_dir(), &to);
    to
}

#[tokio::test]
async fn a_tag_that_matches_no_scenario_is_a_usage_error_that_sends_nothing() {
    let server = MockServer::start().await;
    let (_d, path) = common::profile_file(APIG);
    let (mut opts, _) = common::quiet();
    opts.base_url = Some(server.uri());
    opts.profile = Some(path);
    opts.tags = Some("@huawei-apgi".into());
    let err = conformance_runner::run(opts).await.unwrap_err();
    assert!(matches!(err, RunError::NoScenario { .. }), "{err:?}");
    assert_eq!(err.exit_code(), EXIT_USAGE);
    let text = err.to_string();
    assert!(text.contains("did you mean @huawei-apig?"), "{text}");
    for group in ["@hostway-orders", "statuses: @status-", "examples: @example-", "effects (derived): @effect-billable"]
    {
        assert!(text.contains(group), "{group}: {text}");
    }
    assert!(text.contains("needs (derived): @needs-") && text.contains(" @needs-huawei.apig.instance_id"), "{text}");
    assert_eq!(server.received_requests().await.unwrap().len(), 0, "not even the probe was sent");
}

#[tokio::test]
async fn a_run_in_which_nothing_ran_is_no_pass_and_says_which_profile_is_needed() {
    let server = MockServer::start().await;
    let (mut opts, capture) = common::quiet();
    opts.base_url = Some(server.uri());
    let report = conformance_runner::run(opts).await.unwrap();
    let text = capture.lock().unwrap().clone();
    assert_eq!(report.ran(), 0, "{text}");
    assert_eq!(report.exit_code(), EXIT_NOTHING_RAN);
    let hints: Vec<&str> = text.lines().filter(|l| l.starts_with("hint: no --profile was given")).collect();
    assert_eq!(hints.len(), 1, "{text}");
    assert!(hints[0].contains("README, \"Target profile\"") && hints[0].contains("--profile FILE"), "{text}");
    assert!(text.contains("Result: NOTHING RAN"), "{text}");

    // A baseline gate over it proves nothing either.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.json");
    Baseline::default().save(&file).unwrap();
    let (code, _) = GateMode::prepare(&file, false).unwrap().finish(&file, &report).unwrap();
    assert_eq!(code, EXIT_NOTHING_RAN);

    // A dry run runs nothing on purpose: it passes.
    let (mut opts, _) = common::quiet();
    opts.base_url = Some(server.uri());
    opts.dry_run = true;
    assert_eq!(conformance_runner::run(opts).await.unwrap().exit_code(), EXIT_OK);
}

#[tokio::test]
async fn a_failure_is_the_same_typed_data_in_every_report() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(common::accepted());
    Mock::given(method("POST")).and(path(RESIZE)).respond_with(ok).mount(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let features = copy_features(dir.path(), "my-features");
    let (_d, profile) = common::profile_file(APIG);
    let (mut opts, capture) = loud();
    opts.base_url = Some(server.uri());
    opts.profile = Some(profile);
    opts.tags = Some("@postpaid-resize and @status-202".into());
    opts.features_dir = features.clone();
    opts.features_label = None;
    for (slot, name) in [(&mut opts.junit, "r.xml"), (&mut opts.json, "r.json"), (&mut opts.html, "r.html")] {
        *slot = Some(dir.path().join(name));
    }
    opts.record = Some(dir.path().join("rec"));
    let report = conformance_runner::run(opts).await.unwrap();
    let Outcome::Failed(f) = &report.scenario(ACCEPTED_ID).unwrap().outcome else { panic!("{report:#?}") };
    let reason = "expected status 202 (ACCEPTED), got 200";
    assert_eq!((&f.kind, f.reason.as_str()), (&Kind::Status, reason));
    let at = f.location.as_ref().expect("located");
    let root = features.display().to_string();
    assert_eq!((at.root.as_str(), at.file.as_str()), (root.as_str(), "huawei-apig/postpaid-resize.feature"));
    assert_eq!(at.step, "Then the response status is 202");
    let file = std::fs::read_to_string(features.join(&at.file)).unwrap();
    assert_eq!(file.lines().nth(at.line - 1).map(str::trim), Some(at.step.as_str()), "the line is the step's");
    let place = format!("{root}/huawei-apig/postpaid-resize.feature");
    assert!(f.message().starts_with(&format!("--> {place}:{}\n", at.line)), "{}", f.message());
    let exchange = f.exchange.as_ref().expect("the exchange");
    assert_eq!(exchange.response.as_ref().map(|r| r.status), Some(200));
    assert!(exchange.request.headers.iter().any(|(k, v)| k == "X-Auth-Token" && v == "[REDACTED: huawei.token]"));

    let xml = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    // JUnit's message is the reason and the words of the page it rests on.
    let headline = format!(
        "{reason}; the page says (000_b50e0d19b20b44ba.txt, Status Codes (202)): `Status Code Description 202 ACCEPTED` (CreatePostPayResizeOrder.html)"
    );
    assert_eq!(f.headline(), headline);
    assert!(xml.contains(&format!(r#"<failure message="{headline}" type="status">"#)), "{xml}");
    assert!(xml.contains(&format!(r#"file="{place}" line="{}""#, at.line)), "{xml}");
    assert!(xml.contains(&format!("--&gt; {place}:{}", at.line)), "the body starts with the location: {xml}");
    assert!(!xml.contains("tok-permitted-123"), "{xml}");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(json[0]["uri"], place.as_str());
    let basis = "the page says (000_b50e0d19b20b44ba.txt, Status Codes (202))";
    assert!(json.to_string().contains(basis), "the cucumber JSON quotes the page: {json}");
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains(&format!("<span class=\"why\">{reason}</span></li>")), "the summary's reason: {html}");
    assert!(html.contains(basis), "the HTML quotes the page: {html}");
    assert!(f.message().contains(basis), "the terminal's message quotes the page");
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("rec/index.json")).unwrap()).unwrap();
    let recorded = &index["scenarios"][ACCEPTED_ID]["failure"];
    assert_eq!((recorded["kind"].as_str(), recorded["reason"].as_str()), (Some("status"), Some(reason)));
    assert_eq!(recorded["file"], place.as_str());

    let text = capture.lock().unwrap().clone();
    let line = text.lines().find(|l| l.starts_with("  FAIL ")).expect("a progress line");
    assert!(line.starts_with(&format!("  FAIL  {ACCEPTED_ID} (")) && line.ends_with(&format!("): {reason}")), "{line}");
    assert!(!text.contains('\u{1b}'), "no escape sequence where stdout is no terminal: {text:?}");
}

#[tokio::test]
async fn an_errored_scenario_is_errored_in_its_progress_line_and_the_summary() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(202).set_body_json(common::accepted()).set_delay(Duration::from_secs(3));
    Mock::given(method("POST")).and(path(RESIZE)).respond_with(slow).mount(&server).await;
    let (_d, profile) = common::profile_file(APIG);
    let (mut opts, capture) = loud();
    opts.base_url = Some(server.uri());
    opts.profile = Some(profile);
    opts.tags = Some("@postpaid-resize and @status-202".into());
    opts.timeout = Duration::from_millis(300);
    let report = conformance_runner::run(opts).await.unwrap();
    let Outcome::Errored(f) = &report.scenario(ACCEPTED_ID).unwrap().outcome else { panic!("{report:#?}") };
    assert_eq!(f.kind.id(), "transport-read-timeout");
    let text = capture.lock().unwrap().clone();
    assert!(text.lines().any(|l| l.starts_with(&format!("  ERROR {ACCEPTED_ID} ("))), "{text}");
    let total = text.lines().find(|l| l.trim_start().starts_with("total")).unwrap();
    let counts: Vec<&str> = total.split_whitespace().skip(1).collect();
    assert_eq!(counts, ["0", "0", "1", "1"], "passed, failed, errored, skipped: {text}");
    assert!(!text.to_lowercase().contains("1 failed"), "errored is never called failed: {text}");
}

#[tokio::test]
async fn the_banner_states_the_rate_and_the_retries_in_force() {
    let server = MockServer::start().await;
    let (_d, profile) = common::profile_file(APIG);
    for (rate, says) in [(None, "rate: no limit (a loopback target)"), (Some(3), "rate: at most 3 requests/s (--rate)")]
    {
        let (mut opts, capture) = loud();
        opts.base_url = Some(server.uri());
        opts.profile = Some(profile.clone());
        opts.tags = Some("@postpaid-resize and @status-401".into());
        opts.rate = rate;
        opts.retry.retries = 4;
        conformance_runner::run(opts).await.unwrap();
        let text = capture.lock().unwrap().clone();
        let banner = text.lines().next().unwrap();
        assert!(banner.starts_with("conformance: "), "{text}");
        assert!(banner.contains(says) && banner.contains("retried up to 4 times (--retries)"), "{banner}");
    }
}

#[tokio::test]
async fn every_permitted_request_answered_401_gets_one_hint_that_the_credential_was_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let report = common::against(&server.uri(), APIG, Some("@postpaid-resize")).await.unwrap();
    let hints: Vec<&String> = report.hints.iter().filter(|h| h.contains("the target refused the credential")).collect();
    assert_eq!(hints.len(), 1, "{:?}", report.hints);
    assert!(
        hints[0].contains("huawei-apig/postpaid-resize") && hints[0].contains("credential ([huawei] token);"),
        "{hints:?}"
    );

    // A target that accepts the token: no such hint.
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(202).set_body_json(common::accepted());
    Mock::given(method("POST")).and(header("X-Auth-Token", "tok-permitted-123")).respond_with(ok).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let report = common::against(&server.uri(), APIG, Some("@postpaid-resize")).await.unwrap();
    assert!(report.hints.iter().all(|h| !h.contains("refused the credential")), "{:?}", report.hints);
}

#[tokio::test]
async fn an_outline_row_has_one_name_in_every_report_and_old_numbered_baselines_still_gate() {
    let dir = tempfile::tempdir().unwrap();
    let (mut opts, _) = common::quiet();
    opts.stub_config = Some(conformance_stub::StubConfig::deterministic());
    opts.tags = Some("@service-action".into());
    for (slot, name) in [(&mut opts.junit, "n.xml"), (&mut opts.json, "n.json"), (&mut opts.html, "n.html")] {
        *slot = Some(dir.path().join(name));
    }
    let report = conformance_runner::run(opts).await.unwrap();
    let row = report.scenario(CHANGE_ROW).expect("the row is named by its example values");
    let name = "Each of the three actions [action=change, status=204]";
    assert_eq!(row.name, name);
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    assert!(read("n.xml").contains(&format!("<testcase name=\"{name}\"")), "JUnit");
    assert!(read("n.json").contains(&format!("\"name\": \"{name}\"")), "cucumber JSON");
    assert!(read("n.html").contains(&format!("data-scenario=\"{CHANGE_ROW}\"")), "HTML");
    assert!(Baseline::from_report(&report).scenarios.contains_key(CHANGE_ROW), "baseline");

    // A baseline written when rows were numbered: read once, through the rows' old ids.
    let old = report.legacy_ids.iter().find(|(_, new)| new.as_str() == CHANGE_ROW).map(|(o, _)| o.clone()).unwrap();
    assert_eq!(old, "hostway/service-action.feature::Each of the three actions #3");
    let mut numbered = Baseline::from_report(&report);
    for (legacy, new) in &report.legacy_ids {
        if let Some(s) = numbered.scenarios.remove(new) {
            numbered.scenarios.insert(legacy.clone(), s);
        }
    }
    let file = dir.path().join("old.json");
    numbered.save(&file).unwrap();
    let broken = common::against_stub(Some("hostway/service-action:success-status"), Some("@service-action")).await;
    let (code, text) = GateMode::prepare(&file, false).unwrap().finish(&file, &broken).unwrap();
    assert_eq!(code, EXIT_FAILED);
    assert!(text.contains(&format!("REGRESSION   {CHANGE_ROW} (passed in the baseline")), "{text}");
    assert!(text.contains("old numbered ids") && !text.contains("NEW FAILURE"), "{text}");
    let (code, text) = GateMode::prepare(&file, true).unwrap().finish(&file, &report).unwrap();
    assert_eq!(code, EXIT_OK);
    assert!(text.contains("old numbered ids"), "{text}");
    let rewritten = Baseline::load(&file).unwrap();
    assert_eq!(rewritten.scenarios.get(CHANGE_ROW), Some(&Status::Passed));
    assert!(!rewritten.scenarios.contains_key(&old), "{rewritten:?}");
}

/// Answers an add-service POST with 201 and a Location naming a new service.
struct Adds(AtomicUsize);

impl Respond for Adds {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        ResponseTemplate::new(201).insert_header("Location", format!("{}/svc-{n}", req.url.path()).as_str())
    }
}

const ORDERS: &str = r#"
[hostway-orders]
owner_id = "owner-secret-1"
order_id = "o1"
product_id = "p1"
service_specification = "https://api.hostway.com/serviceSpecifications/1001"
[safety]
allow = ["changes"]
"#;

#[tokio::test]
async fn what_a_run_created_is_in_every_output_in_the_same_words() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(Adds(AtomicUsize::new(0))).mount(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let (_d, profile) = common::profile_file(ORDERS);
    let (mut opts, capture) = loud();
    opts.base_url = Some(server.uri());
    opts.profile = Some(profile);
    opts.tags = Some("@add-service and @status-201".into());
    for (slot, name) in [(&mut opts.junit, "a.xml"), (&mut opts.json, "a.json"), (&mut opts.html, "a.html")] {
        *slot = Some(dir.path().join(name));
    }
    opts.record = Some(dir.path().join("rec"));
    let report = conformance_runner::run(opts).await.unwrap();
    assert!(!report.account.is_empty(), "{report:#?}");
    let lines: Vec<String> = report.account.iter().map(conformance_runner::AccountChange::line).collect();
    assert!(lines[0].starts_with(&format!("created {}/orders/o1/account/products/p1/services/svc-", server.uri())));
    assert!(lines[0].contains(" (by hostway-orders/add-service.feature::"), "{lines:?}");
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    let terminal = capture.lock().unwrap().clone();
    let heading = conformance_runner::Change::Created.heading(lines.len());
    assert!(terminal.contains(&heading), "{terminal}");
    let html = read("a.html");
    assert!(html.contains("What this run did to the account") && html.contains(&heading), "HTML");
    let json = read("a.json");
    let index: Value = serde_json::from_str(&read("rec/index.json")).unwrap();
    let recorded: Vec<&str> =
        index["account"].as_array().unwrap().iter().map(|a| a["text"].as_str().unwrap()).collect();
    assert_eq!(recorded, lines, "recordings");
    for line in &lines {
        assert!(terminal.contains(&format!("  {line}\n")), "terminal: {terminal}");
        let xml = read("a.xml");
        let out = xml.split("<system-out>").skip(1).filter_map(|s| s.split("</system-out>").next());
        assert!(out.into_iter().any(|o| o.lines().any(|l| l == line)), "JUnit <system-out>: {line}");
        assert!(json.contains(&serde_json::to_string(line).unwrap()), "cucumber JSON: {line}");
        assert!(html.contains(&html_escape::encode_text(line).to_string()), "HTML: {line}");
    }
}

#[tokio::test]
async fn a_set_up_request_not_answered_as_documented_is_a_set_up_failure() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let report =
        common::against(&server.uri(), ORDERS, Some("@update-service and @status-400 and not @example-invalid-cycle"))
            .await
            .unwrap();
    let failures: Vec<_> = report.scenarios.iter().filter_map(|s| s.outcome.failure()).collect();
    assert!(!failures.is_empty(), "{report:#?}");
    for f in failures {
        assert_eq!(f.kind, Kind::Setup, "{f:?}");
        assert!(f.reason.starts_with("setting up: creating a service should answer 201, got 500"), "{}", f.reason);
        assert_eq!(f.location.as_ref().map(|l| l.step.ends_with("a service added to the order")), Some(true), "{f:?}");
    }
}
