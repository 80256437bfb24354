//! The compatibility run end to end: the bundled stub, a deliberately broken target (wiremock
//! answering 200 `{}` to everything, echoing the credentials it got) and an unreachable one.
//! The stub scores 100%, the broken target less, the unreachable one is a column that could
//! not run, and no credential reaches the rendered matrix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use conformance_matrix::compat::{ColumnStatus, Matrix, TargetSpec, run_targets};
use conformance_runner::RunOptions;
use conformance_stub::StubConfig;
use wiremock::{MockServer, Request, ResponseTemplate};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stub_scores_full_marks_and_a_broken_target_less() {
    let broken = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(|req: &Request| {
            let creds: Vec<String> = ["authorization", "x-auth-token", "cookie"]
                .iter()
                .filter_map(|h| req.headers.get(*h).and_then(|v| v.to_str().ok()).map(String::from))
                .collect();
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "echo": creds }))
        })
        .mount(&broken)
        .await;
    let config = StubConfig::deterministic();
    let profile = conformance_stub::StubCore::new(config.clone()).unwrap().profile(&broken.uri());
    let dir = tempfile::tempdir().unwrap();
    let profile_path = dir.path().join("broken.toml");
    std::fs::write(&profile_path, conformance_stub::profile::profile_file(&profile)).unwrap();

    let specs: Vec<TargetSpec> = [
        "reference=stub".to_string(),
        format!("broken={},profile={}", broken.uri(), profile_path.display()),
        "down=http://127.0.0.1:1".to_string(),
    ]
    .iter()
    .map(|s| s.parse().expect(s))
    .collect();
    // The stub's profile pointed at another server is a real target: allowed every class here,
    // and a bill large enough, so that it runs what the stub runs, but for the stub's own data.
    let allow = vec![conformance_contract::Effect::Changes, conformance_contract::Effect::Billable];
    let template =
        RunOptions { timeout: Duration::from_secs(3), allow, max_billable: Some(100), ..RunOptions::default() };
    let mut lines = Vec::new();
    let runs = run_targets(&specs, &template, &mut |l: &str| lines.push(l.to_string())).await;
    assert_eq!(lines.len(), 6, "a line as each target starts and ends: {lines:#?}");
    assert!(lines[1].starts_with("[1/3] reference: score 100.0% ("), "{lines:#?}");
    assert!(lines[5].starts_with("[3/3] down: could not run: cannot reach"), "{lines:#?}");

    let matrix = Matrix::from_runs(runs);
    let reference = matrix.score("reference").expect("the stub ran");
    assert!(reference.applicable() > 20 && reference.percent() == Some(100.0), "{reference:?}");
    let bad = matrix.score("broken").expect("the broken target ran");
    let stub_only = matrix
        .rows
        .iter()
        .filter(|r| matches!(r.cells.get(1), Some(conformance_matrix::compat::Cell::Skip { reason }) if reason.contains("stub's own data")))
        .count();
    assert!(stub_only > 0, "scenarios that need the stub's own data exist");
    assert_eq!(
        bad.applicable() + stub_only,
        reference.applicable(),
        "the same profile makes the same scenarios applicable, but for the stub's own data"
    );
    assert!(bad.percent().expect("applicable") < 50.0, "{bad:?}");
    assert!(
        matches!(&matrix.columns[2].status, ColumnStatus::CouldNotRun { reason } if reason.contains("connection refused"))
    );

    let (md, html) = (matrix.to_markdown(), matrix.to_html());
    assert_eq!(html.matches("<tr data-scenario=").count(), matrix.rows.len());
    assert!(md.contains("| reference | embedded stub | 100.0% ("), "{md}");
    for out in [&md, &html, &matrix.summary()] {
        for secret in profile.secrets() {
            assert!(!out.contains(&secret), "a credential leaked into the matrix");
        }
    }
}
