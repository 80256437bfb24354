//! `docs check` proven on a fictional page (the sixth operation's, `crates/testkit/data/sixth`)
//! and edited copies of it: its success status changed in one of the places that state it, a
//! documented limit changed, a status row removed, and a wording-only edit. Each of the first
//! three is drift naming the checks it affects; the wording edit is a note and the check
//! passes. A page missing is an error (exit 3 at the command line).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use conformance_runner::docs::{self, DocsOptions, DocsReport};

const PAGE: &str = "nimbus-edge-resize-cache.txt";

fn sixth() -> PathBuf {
    data("sixth")
}

/// A fictional operation's data (`crates/testkit/data/<name>`).
pub(crate) fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testkit/data").join(name)
}

/// The sixth operation alone (its fixture, its feature) and its page edited by `edit`.
fn check(edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, Result<DocsReport, String>) {
    check_page(&sixth(), PAGE, edit)
}

/// The operation of `data` alone (its fixture, its feature) and its page `page` edited by `edit`.
pub(crate) fn check_page(
    data: &Path,
    page: &str,
    edit: impl FnOnce(String) -> String,
) -> (tempfile::TempDir, Result<DocsReport, String>) {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    let text = std::fs::read_to_string(data.join("pages").join(page)).unwrap();
    std::fs::write(pages.join(page), edit(text)).unwrap();
    let opts = DocsOptions {
        pages,
        fixtures_dir: data.join("fixtures"),
        features_dir: data.join("features"),
        features_label: Some("features".into()),
        fixtures_label: Some("fixtures".into()),
    };
    let report = docs::check_blocking(&opts).map_err(|e| e.to_string());
    (dir, report)
}

pub(crate) fn replaced(from: &'static str, to: &'static str) -> impl FnOnce(String) -> String {
    move |page| {
        assert_eq!(page.matches(from).count(), 1, "{from:?} once on the page");
        page.replace(from, to)
    }
}

/// The names of the scenarios the drift of `label` lists.
pub(crate) fn checks_of<'r>(r: &'r DocsReport, label: &str) -> Vec<&'r str> {
    let drift = r.drifts.iter().find(|d| d.label == label).unwrap_or_else(|| panic!("no drift of {label}: {r:#?}"));
    drift.scenarios.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn the_page_as_written_holds_every_anchor_at_its_line() {
    let (_d, r) = check(|p| p);
    let r = r.unwrap();
    assert!(r.drifts.is_empty() && r.notes.is_empty(), "{r:#?}");
    assert_eq!(r.exit_code(), 0);
    let status = r.found.iter().find(|a| a.label == "status 202" && a.quote == "202 Accepted.").unwrap();
    assert_eq!((status.source.as_str(), status.line), (PAGE, Some(53)));
    assert!(docs::terminal(&r).contains(&format!("found {PAGE}:53  nimbus-edge/resize-cache status 202")));
}

#[test]
fn a_success_status_changed_in_one_place_is_drift_of_the_checks_resting_on_it() {
    let (_d, r) = check(replaced("| 202         | Accepted.     |", "| 200         | OK.           |"));
    let r = r.unwrap();
    assert_eq!(r.exit_code(), 1);
    assert_eq!(r.drifts.len(), 1, "the other places still say 202: {:#?}", r.drifts);
    let d = &r.drifts[0];
    assert_eq!((d.item.as_str(), d.quote.as_str(), d.line), ("responses[0]", "202 Accepted.", Some(53)));
    assert_eq!(d.nearest.as_ref().map(|n| n.text.as_str()), Some("200 OK."));
    let checks = checks_of(&r, "status 202");
    for name in [
        "A resize to the documented flavor is accepted",
        "A dry run is accepted and changes nothing",
        "A resize signed with AK/SK is accepted",
    ] {
        assert!(checks.contains(&name), "{name} not in {checks:?}");
    }
    let text = docs::terminal(&r);
    assert!(text.contains("drift: nimbus-edge/resize-cache status 202"), "{text}");
    assert!(text.contains(&format!("nearest text now ({PAGE}:53): `200 OK.`")), "{text}");
    assert!(text.contains("checked by features/nimbus-edge/resize-cache.feature:"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&docs::json(&r)).unwrap();
    let drift = &json["drifts"][0];
    for key in ["source", "line", "quote", "operation", "item", "scenarios"] {
        assert!(!drift[key].is_null(), "{key} missing in {drift}");
    }
}

#[test]
fn a_documented_limit_changed_is_drift_of_the_limit_probe() {
    let (_d, r) = check(replaced("At most 32 characters.", "At most 64 characters."));
    let r = r.unwrap();
    assert_eq!(r.exit_code(), 1);
    let checks = checks_of(&r, "request member flavor");
    let probe = r#"A request the page does not allow is refused [edit=the field "flavor" is set to 33 bytes of "a"]"#;
    assert!(checks.contains(&probe), "{checks:?}");
    assert!(docs::markdown(&r).contains("**drift**"), "{}", docs::markdown(&r));
}

#[test]
fn a_status_row_removed_is_drift_of_that_status() {
    let (_d, r) = check(replaced("| 404         | Not Found.    |\n", ""));
    let r = r.unwrap();
    assert_eq!(r.exit_code(), 1);
    assert_eq!(checks_of(&r, "status 404"), ["A cache cluster that does not exist is not found"]);
    let annotations = docs::annotations(&r, "pages");
    assert!(annotations.iter().any(|a| a.starts_with(&format!("::error file=pages/{PAGE},line="))), "{annotations:?}");
    let sarif: serde_json::Value = serde_json::from_str(&docs::sarif(&r, "pages").unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "docs-drift");
    let v = crate::ci_outputs::validator();
    assert_eq!(crate::ci_outputs::errors(&v, &sarif), Vec::<String>::new(), "valid SARIF 2.1.0");
}

#[test]
fn a_wording_only_edit_is_a_note_and_passes() {
    let (_d, r) = check(replaced("its body has the two members above", "its body holds the two members above"));
    let r = r.unwrap();
    assert!(r.drifts.is_empty(), "{:#?}", r.drifts);
    assert_eq!(r.notes.len(), 1);
    assert_eq!(r.notes[0].label, "erratum nec-400-no-example");
    assert_eq!(r.exit_code(), 0);
    assert!(docs::terminal(&r).contains("wording note: nimbus-edge/resize-cache erratum nec-400-no-example"));
}

#[test]
fn a_missing_page_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let opts = DocsOptions {
        pages: dir.path().to_path_buf(),
        fixtures_dir: sixth().join("fixtures"),
        features_dir: sixth().join("features"),
        features_label: None,
        fixtures_label: None,
    };
    let err = docs::check_blocking(&opts).expect_err("no page").to_string();
    assert!(err.contains(PAGE), "{err}");
}

/// A failure quotes the words it rests on, at their line when the run has the pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_quotes_the_page_at_its_line() {
    let suite = conformance_testkit::sixth::Suite::new();
    let (mut opts, _) = crate::common::quiet();
    opts.fixtures_dir = suite.fixtures.clone();
    opts.features_dir = suite.features.clone();
    opts.tags = Some("@resize-cache and @status-202".into());
    opts.pages = Some(sixth().join("pages"));
    opts.stub_config = Some(conformance_stub::StubConfig {
        fixtures_dir: suite.fixtures.clone(),
        ..conformance_stub::StubConfig::deterministic()
            .with_mutation(Some("nimbus-edge/resize-cache:success-status".into()))
    });
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let failure = report.scenarios.iter().find_map(|s| s.outcome.failure()).expect("a failure");
    let basis = format!("the page says ({PAGE}:53, Status Codes): `202 Accepted.` (ResizeCacheCluster)");
    assert!(failure.message().contains(&basis), "{}", failure.message());
    assert_eq!(failure.headline(), format!("{}; {basis}", failure.reason));
}

/// The second fictional vendor's page (`crates/testkit/data/seventh`) holds every anchor of its
/// fixture, the items issue 25 added among them: a provoked 429 and its rate-limit headers
/// with their forms, the dry run's 202 chosen by a request value, both body variants, each
/// with an anchor of its own (`when`, `provoked`, `variants`), and the default response
/// (recorded, never checked).
#[test]
fn the_seventh_page_holds_every_anchor_of_its_fixture() {
    let seventh = data("seventh");
    let opts = DocsOptions {
        pages: seventh.join("pages"),
        fixtures_dir: seventh.join("fixtures"),
        features_dir: seventh.join("features"),
        features_label: None,
        fixtures_label: None,
    };
    let r = docs::check_blocking(&opts).unwrap();
    assert!(r.drifts.is_empty() && r.notes.is_empty(), "{r:#?}");
    assert_eq!(r.exit_code(), 0);
    for label in [
        "status 429",
        "status 429 header RateLimit-Reset",
        "status 202",
        "status 422",
        "resize member size",
        "reboot member mode",
        "any other status",
        "status 202 chosen by /dry_run = true",
        "status 422 provoked by /mode = \"hard\"",
        "status 429 provoked by the fault header",
        "request variants by type (resize, reboot)",
    ] {
        assert!(r.found.iter().any(|a| a.label == label && a.line.is_some()), "{label} not found: {:#?}", r.found);
    }
}
