//! Open objects: an answer with a member the pages do not show passes, and the member is a note
//! in all three outputs (terminal, JUnit `<system-out>`, cucumber JSON `output`); under
//! `--strict-members` the same answer fails, naming the member.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use conformance_runner::Outcome;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{APIG, RESIZE, accepted};

const TAGS: &str = "@postpaid-resize and @status-202 and not @needs-huawei.ak+huawei.sk";
const NOTE: &str = "undocumented member /request_id in a 202 answer of huawei-apig/postpaid-resize";

/// The documented 202 with Huawei's `request_id` beside it, as the real gateway answers.
async fn apig_with_request_id() -> MockServer {
    let mut body = accepted();
    body["request_id"] = json!("9b5a2c1e0d7f4e3a8b6c5d4e3f2a1b0c");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(RESIZE))
        .respond_with(ResponseTemplate::new(202).set_body_json(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_undocumented_member_is_a_note_in_every_output() {
    let server = apig_with_request_id().await;
    let dir = tempfile::tempdir().unwrap();
    let (_profile_dir, profile) = common::profile_file(APIG);
    let (mut opts, terminal) = common::quiet();
    opts.base_url = Some(server.uri());
    opts.profile = Some(profile);
    opts.tags = Some(TAGS.into());
    opts.junit = Some(dir.path().join("junit.xml"));
    opts.json = Some(dir.path().join("cucumber.json"));
    let report = conformance_runner::run(opts).await.unwrap();
    assert_eq!(common::failed(&report), Vec::<String>::new());
    let ran: Vec<_> = report.scenarios.iter().filter(|s| s.outcome == Outcome::Passed).collect();
    assert!(!ran.is_empty() && ran.iter().all(|s| s.notes == [NOTE]), "{ran:#?}");

    let terminal = terminal.lock().unwrap().clone();
    assert!(terminal.contains("Notes (the pages allow these; --strict-members fails an undocumented member, --strict a relaxed judgement):"), "{terminal}");
    assert!(terminal.contains(NOTE), "{terminal}");
    let junit = std::fs::read_to_string(dir.path().join("junit.xml")).unwrap();
    assert!(junit.contains(&format!("<system-out>note: {NOTE}")), "{junit}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("cucumber.json")).unwrap()).unwrap();
    let outputs: Vec<&serde_json::Value> = json[0]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["steps"].as_array().unwrap().iter().filter_map(|s| s.get("output")))
        .collect();
    assert_eq!(outputs.len(), ran.len(), "{json:#}");
    assert!(outputs.iter().all(|o| o[0] == json!(format!("note: {NOTE}"))), "{outputs:?}");
    // The resize the run set back at its end says so where it happened, after its note.
    let restored: Vec<&&serde_json::Value> =
        outputs.iter().filter(|o| o.as_array().is_some_and(|a| a.len() > 1)).collect();
    assert_eq!(restored.len(), 1, "{outputs:?}");
    assert!(restored[0][1].as_str().is_some_and(|l| l.starts_with("restored gateway /v2/p1/apigw/")), "{restored:?}");
}

#[tokio::test]
async fn strict_members_fails_the_same_answer_naming_the_member() {
    let server = apig_with_request_id().await;
    let (_profile_dir, profile) = common::profile_file(APIG);
    let (mut opts, _) = common::quiet();
    opts.base_url = Some(server.uri());
    opts.profile = Some(profile);
    opts.tags = Some(TAGS.into());
    opts.strict_members = true;
    let report = conformance_runner::run(opts).await.unwrap();
    let ran: Vec<_> = report.scenarios.iter().filter(|s| !matches!(s.outcome, Outcome::Skipped { .. })).collect();
    assert!(!ran.is_empty());
    for s in ran {
        let Outcome::Failed(failure) = &s.outcome else { panic!("{} did not fail: {:?}", s.id, s.outcome) };
        let message = &failure.message();
        assert!(
            message.contains("members the documentation does not show (--strict-members): /request_id\n"),
            "{message}"
        );
        assert!(message.contains("the page says (000_b50e0d19b20b44ba.txt, Response Parameters"), "{message}");
        assert!(message.contains("\n  - /request_id"), "{message}");
        assert!(s.notes.is_empty());
    }
}
