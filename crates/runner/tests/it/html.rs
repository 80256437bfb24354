//! The single-run HTML report (`--html FILE`): written by a run against the stub in a wrong mode,
//! it has the summary per operation, one element per scenario, failures that expand to the
//! failing step and the exchange, no secret, and it renders in real headless Chromium (the
//! screenshot is kept as `target/html-test/report.png`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use conformance_stub::StubConfig;
use conformance_testkit::{chromium_or_skip, headless, screenshot};

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[tokio::test]
async fn a_run_writes_an_html_page_whose_failures_expand_and_which_renders_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let (mut opts, _) = common::quiet();
    let config = StubConfig::deterministic().with_mutation(Some("huawei-apig/postpaid-resize:success-status".into()));
    let secrets = common::stub_secrets(&config);
    opts.stub_config = Some(config);
    opts.html = Some(page.clone());
    let report = conformance_runner::run(opts).await.unwrap();
    let html = std::fs::read_to_string(&page).unwrap();

    let failed = report.failed_ids();
    assert!(!failed.is_empty(), "the mutation was not caught");
    assert_eq!(count(&html, "<tr data-operation="), report.summary().by_operation.len(), "{html}");
    assert_eq!(count(&html, " data-scenario="), report.scenarios.len());
    assert_eq!(count(&html, "<details>"), failed.len(), "one expandable element per failure");
    assert!(html.contains("--&gt; features/huawei-apig/postpaid-resize.feature:"), "no step location");
    assert!(html.contains("expected status 202 (ACCEPTED), got 200") && html.contains("request sent:"));
    let account = html.split("<pre id=\"account\">").nth(1).expect("what the run did to the account");
    assert!(account.contains("http://"), "the created resources' URLs are shown: {account}");
    assert!(
        html.contains("#account { white-space: pre-wrap; overflow-wrap: anywhere; }"),
        "the created resources' URLs wrap instead of hiding behind a scroll"
    );
    for s in secrets.iter().filter(|s| s.len() > 3) {
        assert!(!html.contains(s.as_str()), "a secret is in the page");
    }

    let Some(chromium) = chromium_or_skip("the HTML report") else { return };
    let dom = headless(&chromium, &dir.path().join("profile-dom"), &page, &["--dump-dom".into()]);
    assert!(dom.contains("<table id=\"summary\">"), "no summary in the rendered DOM:\n{dom}");
    assert_eq!(count(&dom, " data-scenario="), report.scenarios.len());
    assert_eq!(count(&dom, "<details>"), failed.len());
    let keep = conformance_contract::current_workspace().join("target/html-test/report.png");
    screenshot(&chromium, dir.path(), &page, (1280, 1000), &keep);
}
