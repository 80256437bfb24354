//! Thin and misrouted runs say so (issue 24): `--min-ran` fails a run in which fewer scenarios
//! ran (exit 4), a run that skipped most of its scenarios warns naming the largest reasons, the
//! README's CI profile exercises far more than 2 scenarios, and a base URL every answer from
//! which was a 404 gets a hint naming the URL joined, where a generic refusal takes no 404.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_runner::thin::MinRan;
use conformance_runner::{EXIT_NOTHING_RAN, EXIT_OK, Outcome};
use conformance_stub::StubConfig;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common;

/// The README's CI profile (`# target.toml`), each `${VAR}` and placeholder given the stub's
/// value of its key.
fn readme_ci_profile(stub: &conformance_contract::Profile) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let block = readme.split("```toml\n# target.toml\n").nth(1).and_then(|s| s.split("```").next()).unwrap();
    let mut table = String::new();
    let mut out = String::new();
    for line in block.lines() {
        let line = line.split(" #").next().unwrap_or_default().trim_end();
        if let Some(t) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = t.to_string();
            out.push_str(&format!("{line}\n"));
        } else if let Some((k, _)) = line.split_once(" = ") {
            let key = format!("{table}.{}", k.trim());
            let v = stub.get(&key).unwrap_or_else(|| panic!("the stub gives no {key}"));
            out.push_str(&format!("{} = {}\n", k.trim(), v));
        }
    }
    out
}

async fn run_readme_ci(min_ran: Option<MinRan>) -> (conformance_runner::Report, String) {
    let handle =
        conformance_stub::serve(StubConfig::deterministic(), "127.0.0.1:0".parse().unwrap()).await.expect("serves");
    let (_d, path) = common::profile_file(&readme_ci_profile(&handle.profile()));
    let (mut opts, capture) = common::quiet();
    (opts.base_url, opts.profile, opts.min_ran) = (Some(handle.base_url()), Some(path), min_ran);
    let report = conformance_runner::run(opts).await.expect("runs");
    handle.shutdown().await;
    let text = capture.lock().unwrap().clone();
    (report, text)
}

#[tokio::test]
async fn the_readme_ci_profile_exercises_far_more_than_two_scenarios() {
    let (report, text) = run_readme_ci(None).await;
    assert!(report.ran() >= 20, "{} ran:\n{text}", report.ran());
    assert_eq!(report.exit_code(), EXIT_OK, "{text}");
}

#[tokio::test]
async fn fewer_than_min_ran_is_exit_4_and_a_thin_run_warns_with_its_largest_reasons() {
    let (report, text) = run_readme_ci(Some(MinRan::Percent(90))).await;
    assert_eq!(report.exit_code(), EXIT_NOTHING_RAN, "{text}");
    assert!(text.contains("Result: TOO FEW RAN (") && text.contains("--min-ran 90% asks for at least"), "{text}");
    assert!(text.contains("scenarios were skipped, so this result proves little; the largest reasons: "), "{text}");
    let (met, _) = run_readme_ci(Some(MinRan::Count(5))).await;
    assert_eq!(met.exit_code(), EXIT_OK);
}

/// `[huawei.apig] base_url = "http://HOST/v2"`: every request goes to `/v2/v2/…` and is answered
/// 404. The hint names the base URL and a URL as joined; no generic refusal passes on a 404.
#[tokio::test]
async fn a_base_url_every_answer_from_which_was_404_gets_a_hint_and_no_refusal_passes() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let base = format!("{}/v2", server.uri());
    let toml = format!(
        "[huawei]\nproject_id = \"p1\"\ntoken = \"t\"\n[huawei.apig]\nbase_url = \"{base}\"\ninstance_id = \"i1\"\n\
         current_spec_id = \"BASIC\"\n"
    );
    let report = common::against(&server.uri(), &toml, Some("@huawei-apig")).await.unwrap();
    let passed: Vec<_> = report.scenarios.iter().filter(|s| s.outcome == Outcome::Passed).map(|s| &s.id).collect();
    assert!(passed.is_empty(), "a 404 proved these: {passed:#?}");
    let hint = report.hints.iter().find(|h| h.contains(&format!("every answer from {base} was 404"))).expect("hint");
    assert!(hint.contains(&format!("e.g. to {base}/v2/p1/apigw/instances/i1/postpaid-resize")), "{hint}");
}
