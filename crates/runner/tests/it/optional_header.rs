//! A response header the page marks optional (`required: false`: the seventh operation's
//! `Retry-After` on its 429, `crates/testkit/data/seventh`): a target that leaves it out passes
//! "the response has the documented headers"; one that sends it in another form than the
//! documented one fails, quoting its row; a target that leaves out a required header fails,
//! quoting its row. The target is the embedded stub, over a copy of the fixture whose
//! `answer.headers` is edited (what the stub sends), or showing a `drops-header-…` mutation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_runner::{Outcome, Report};
use conformance_testkit::seventh::ID;
use serde_json::Value;

use crate::docs::data;

const PAGE: &str = "oceanic-cloud-machine-action.txt";
const OVER_BUDGET: &str = "A request over the hourly budget is answered 429 with its rate-limit headers";
const FIXTURE: &str = "oceanic-cloud/machine-action.json";

/// The seventh operation's 429 scenario against the embedded stub, its fixture's 429 answer
/// headers edited by `edit` first, with `mutation` shown (when given).
async fn over_budget(edit: impl FnOnce(&mut serde_json::Map<String, Value>), mutation: Option<&str>) -> Outcome {
    let suite = conformance_testkit::sixth::Suite::with(&["seventh"]);
    let path = suite.fixtures.join(FIXTURE);
    let mut fixture: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let responses = fixture["responses"].as_array_mut().unwrap();
    let r = responses.iter_mut().find(|r| r["status"] == 429).unwrap();
    edit(r["answer"]["headers"].as_object_mut().unwrap());
    std::fs::write(&path, serde_json::to_string_pretty(&fixture).unwrap()).unwrap();
    let (mut opts, _) = crate::common::quiet();
    opts.fixtures_dir = suite.fixtures.clone();
    opts.features_dir = suite.features.clone();
    opts.tags = Some("@machine-action and @status-429".into());
    opts.pages = Some(data("seventh").join("pages"));
    opts.stub_config = Some(conformance_stub::StubConfig {
        fixtures_dir: suite.fixtures.clone(),
        ..conformance_stub::StubConfig::deterministic().with_mutation(mutation.map(|m| format!("{ID}:{m}")))
    });
    let report: Report = conformance_runner::run(opts).await.expect("the suite runs");
    let s = report.scenarios.iter().find(|s| s.name == OVER_BUDGET).unwrap_or_else(|| panic!("{report:#?}"));
    assert!(s.steps.iter().any(|st| st.text == "the response has the documented headers"), "{s:#?}");
    s.outcome.clone()
}

fn failure(outcome: &Outcome) -> String {
    outcome.failure().unwrap_or_else(|| panic!("did not fail: {outcome:?}")).message()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_sends_or_leaves_out_an_optional_header_passes() {
    assert_eq!(over_budget(|_| {}, None).await, Outcome::Passed, "sent, in its form");
    let left_out = over_budget(
        |h| {
            h.remove("Retry-After").unwrap();
        },
        None,
    )
    .await;
    assert_eq!(left_out, Outcome::Passed, "an optional header left out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_optional_header_sent_in_another_form_fails_quoting_its_row() {
    let outcome = over_budget(
        |h| {
            h.insert("Retry-After".into(), "soon".into());
        },
        None,
    )
    .await;
    let message = failure(&outcome);
    assert!(message.contains(r#"Retry-After (an optional header, sent): "soon" does not keep the documented form"#));
    let row = format!(
        "the page says ({PAGE}:58, Responses, 429): `Retry-After The seconds to wait before asking again (an integer).`"
    );
    assert!(message.contains(&row), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_leaves_out_a_required_header_fails_quoting_its_row() {
    let message = failure(&over_budget(|_| {}, Some("drops-header-429-ratelimit-reset")).await);
    assert!(message.contains("RateLimit-Reset is missing") && !message.contains("Retry-After"), "{message}");
    let row =
        format!("the page says ({PAGE}:55, Responses, 429): `RateLimit-Reset When the hour ends, RFC 3339 (UTC).`");
    assert!(message.contains(&row), "{message}");
}
