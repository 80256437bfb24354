//! The outputs a CI reads (issue 18): a run against a stub mutation with `--sarif`,
//! `--summary`, and the GitHub environment (annotations on, a job summary file) gives a SARIF
//! 2.1.0 file valid against the schema `serde-sarif` ships (found through `cargo metadata`),
//! with every field GitHub's code scanning requires and results at the failing steps'
//! `features/…feature` lines; a Markdown summary, appended to the job summary; and one
//! `::error` line per failure. None of it holds a secret, and none of it appears outside CI.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};

use conformance_runner::output::github::CiEnv;
use conformance_runner::output::sarif;
use conformance_stub::StubConfig;
use serde_json::Value;

const MUTATION: &str = "huawei-apig/postpaid-resize:success-status";
const REASON: &str = "expected status 202 (ACCEPTED), got 200";
/// What the status check rests on, as every output quotes it (no `--pages`: no line).
const BASIS: &str = "the page says (000_b50e0d19b20b44ba.txt, Status Codes (202)): \
    `Status Code Description 202 ACCEPTED` (CreatePostPayResizeOrder.html)";

/// The SARIF 2.1.0 schema (its text) in the `serde-sarif` package cargo resolved for this
/// workspace.
fn sarif_schema() -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--manifest-path"])
        .arg(&manifest)
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let package =
        meta["packages"].as_array().unwrap().iter().find(|p| p["name"] == "serde-sarif").expect("serde-sarif");
    let dir = Path::new(package["manifest_path"].as_str().unwrap()).parent().unwrap().to_path_buf();
    std::fs::read_to_string(dir.join("src/schema.json")).unwrap()
}

/// The schema's validator, formats asserted (`helpUri` a URI, `artifactLocation.uri` a URI
/// reference). The `language` patterns of the schema as shipped have a stray `]` that a
/// regular expression in Unicode mode refuses, so the schema does not compile as it is: that
/// `]` is escaped, which keeps what the patterns match.
pub(crate) fn validator() -> jsonschema::Validator {
    let text = sarif_schema().replace(r#"{2}]?$""#, r#"{2}\\]?$""#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft7::options().should_validate_formats(true).build(&schema).expect("the schema compiles")
}

pub(crate) fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

struct Ran {
    report: conformance_runner::Report,
    sarif: Value,
    summary: String,
    step_summary: String,
    terminal: String,
    secrets: Vec<String>,
}

/// The README's URL the action gives a run (`CONFORMANCE_README_URL`).
const ACTION_README: &str = "https://github.com/acme/conformance-harness/blob/v1/README.md";

async fn run_in_ci(dir: &Path) -> Ran {
    run_in_ci_with(dir, Some(ACTION_README)).await
}

async fn run_in_ci_with(dir: &Path, readme: Option<&str>) -> Ran {
    let step_summary = dir.join("step-summary.md");
    std::fs::write(&step_summary, "# an earlier step's summary\n").unwrap();
    let (mut opts, capture) = common::quiet();
    let config = StubConfig::deterministic().with_mutation(Some(MUTATION.into()));
    let secrets = common::stub_secrets(&config);
    opts.stub_config = Some(config);
    opts.tags = Some("@huawei-apig".into());
    opts.sarif = Some(dir.join("out/conformance.sarif"));
    opts.summary = Some(dir.join("out/summary.md"));
    opts.ci = CiEnv::from_vars(|k| match k {
        "GITHUB_ACTIONS" => Some("true".into()),
        "GITHUB_STEP_SUMMARY" => Some(step_summary.display().to_string()),
        "CONFORMANCE_README_URL" => readme.map(String::from),
        _ => None,
    });
    let report = conformance_runner::run(opts).await.unwrap();
    let read = |p: PathBuf| std::fs::read_to_string(p).unwrap();
    Ran {
        report,
        sarif: serde_json::from_str(&read(dir.join("out/conformance.sarif"))).unwrap(),
        summary: read(dir.join("out/summary.md")),
        step_summary: read(step_summary),
        terminal: capture.lock().unwrap().clone(),
        secrets: secrets.into_iter().filter(|s| s.len() > 3).collect(),
    }
}

#[tokio::test]
async fn a_run_in_github_actions_writes_sarif_a_summary_and_error_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let ran = run_in_ci(dir.path()).await;
    let failed = ran.report.failed_ids();
    assert!(!failed.is_empty(), "the mutation was not caught");

    // SARIF: valid against the schema, and what code scanning requires.
    let doc = &ran.sarif;
    assert_eq!(errors(&validator(), doc), Vec::<String>::new());
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "conformance");
    assert!(driver["version"].as_str().is_some_and(|v| !v.is_empty()));
    let rules = driver["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rule_ids.len(), sarif::kinds().len(), "one rule per kind of check: {rule_ids:?}");
    for r in rules {
        assert!(r["help"]["text"].as_str().is_some_and(|t| t.contains("README")), "{r}");
        assert!(r["helpUri"].as_str().is_some_and(|u| u.starts_with(&format!("{ACTION_README}#"))), "{r}");
        assert!(r["shortDescription"]["text"].is_string(), "{r}");
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), failed.len(), "one result per failed or errored scenario");
    let features = conformance_runner::default_features_dir();
    for (res, id) in results.iter().zip(&failed) {
        let rule = res["ruleId"].as_str().unwrap();
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rule_ids[index], rule, "ruleIndex names its rule");
        assert_eq!(res["level"], "error");
        assert!(res["message"]["text"].as_str().is_some_and(|t| !t.is_empty() && !t.contains('\n')), "{res}");
        assert_eq!(res["properties"]["scenario"], *id);
        let at = &res["locations"][0]["physicalLocation"];
        let uri = at["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("features/") && uri.ends_with(".feature"), "relative to the repository root: {uri}");
        assert_eq!(at["artifactLocation"]["uriBaseId"], sarif::SRCROOT);
        let line = at["region"]["startLine"].as_u64().unwrap() as usize;
        let text = std::fs::read_to_string(features.join(uri.strip_prefix("features/").unwrap())).unwrap();
        let step = text.lines().nth(line - 1).unwrap().trim();
        assert_eq!(res["properties"]["step"], step, "the line is the failing step's");
    }
    let status = results
        .iter()
        .find(|r| r["message"]["text"] == format!("{REASON}; {BASIS}"))
        .expect("the status failure, quoting the page");
    assert_eq!(status["properties"]["basis"][0], BASIS);
    assert_eq!(status["ruleId"], "status");
    let exchange = &status["properties"]["exchange"];
    assert_eq!(exchange["response"]["status"], 200);
    assert_eq!(exchange["request"]["method"], "POST");
    let token = exchange["request"]["headers"].as_array().unwrap().iter().find(|h| h["name"] == "X-Auth-Token");
    assert_eq!(token.map(|h| &h["value"]), Some(&Value::from("[REDACTED: huawei.token]")));

    // The summary, written and appended to the job summary.
    assert!(ran.summary.starts_with("## Conformance: FAILED\n"), "{}", ran.summary);
    assert!(ran.summary.contains("| huawei-apig / postpaid-resize |"), "{}", ran.summary);
    assert!(ran.summary.contains("### Failures (") && ran.summary.contains(REASON), "{}", ran.summary);
    assert!(ran.summary.contains("the page says (000_b50e0d19b20b44ba.txt, Status Codes (202))"), "{}", ran.summary);
    let total = ran.report.summary().total;
    let row = format!("| **total** | {} | {} | {} | {} |", total.passed, total.failed, total.errored, total.skipped);
    assert!(ran.summary.contains(&row), "{row}: {}", ran.summary);
    assert_eq!(ran.step_summary, format!("# an earlier step's summary\n{}\n", ran.summary), "appended, not replaced");

    // The annotations: one per failure, at the same place as the SARIF result.
    let errors: Vec<&str> = ran.terminal.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), failed.len(), "{}", ran.terminal);
    let uri = status["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    let line = &status["locations"][0]["physicalLocation"]["region"]["startLine"];
    let expected = format!("::error file={uri},line={line},title=conformance failed (status)%3A ");
    let annotation =
        errors.iter().find(|l| l.ends_with(&format!("::{REASON}; {BASIS}"))).expect("the status annotation");
    assert!(annotation.starts_with(&expected), "{annotation}\nexpected {expected}…");

    for s in &ran.secrets {
        for (what, text) in
            [("SARIF", doc.to_string()), ("summary", ran.summary.clone()), ("terminal", ran.terminal.clone())]
        {
            assert!(!text.contains(s.as_str()), "a secret is in the {what}");
        }
    }
}

#[tokio::test]
async fn outside_ci_there_is_no_annotation_and_no_job_summary() {
    let dir = tempfile::tempdir().unwrap();
    let (mut opts, capture) = common::quiet();
    opts.stub_config = Some(StubConfig::deterministic().with_mutation(Some(MUTATION.into())));
    opts.tags = Some("@huawei-apig and @status-202".into());
    opts.ci = CiEnv::from_vars(|k| (k == "GITHUB_ACTIONS").then(|| "false".into()));
    let report = conformance_runner::run(opts).await.unwrap();
    assert!(!report.failed_ids().is_empty());
    let text = capture.lock().unwrap().clone();
    assert!(!text.contains("::error"), "{text}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn the_schema_check_catches_a_result_without_a_message() {
    let v = validator();
    let mut doc = serde_json::json!({
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "conformance"}}, "results": [{"ruleId": "status", "message": {"text": "x"}}]}]
    });
    assert_eq!(errors(&v, &doc), Vec::<String>::new());
    doc["runs"][0]["results"][0].as_object_mut().unwrap().remove("message");
    assert!(!errors(&v, &doc).is_empty(), "the validation reads the results");
}

/// GitHub's anchor of a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn every_rule_links_to_a_section_the_readme_has() {
    let readme = std::fs::read_to_string(conformance_contract::current_workspace().join("README.md")).unwrap();
    let anchors: Vec<String> =
        readme.lines().filter_map(|l| l.strip_prefix('#')).map(|h| slug(h.trim_start_matches('#'))).collect();
    for kind in sarif::kinds() {
        let (_, anchor) = sarif::help(&kind);
        assert!(anchors.iter().any(|a| a == anchor), "{}: the README has no section #{anchor}", kind.id());
    }
}

/// Outside the action no README URL is known: the rules name the README's section and carry no
/// link, never a placeholder such as `OWNER/…`; the SARIF stays valid.
#[tokio::test]
async fn outside_the_action_sarif_names_the_readme_section_without_a_placeholder_link() {
    let dir = tempfile::tempdir().unwrap();
    let ran = run_in_ci_with(dir.path(), None).await;
    assert_eq!(errors(&validator(), &ran.sarif), Vec::<String>::new());
    let text = ran.sarif.to_string();
    assert!(!text.contains("OWNER"), "a placeholder in the SARIF");
    let driver = &ran.sarif["runs"][0]["tool"]["driver"];
    assert!(driver.get("informationUri").is_none(), "{driver}");
    for r in driver["rules"].as_array().unwrap() {
        assert!(r.get("helpUri").is_none(), "{r}");
        assert!(r["help"]["text"].as_str().is_some_and(|t| t.contains("README, \"")), "{r}");
    }
}
