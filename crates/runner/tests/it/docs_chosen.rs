//! The anchors of what issue 25 added, each its own item (`crates/testkit/data/seventh`): a
//! status's `when` (the dry run's 202), its `provoked` (the hard reboot's 422 by a request
//! value, the 429 by the fault header) and the request body's `variants`. `docs check` finds
//! and counts them, with the scenarios the plan derives as resting on each; an edited copy of
//! the page that removes the words of one is drift naming exactly those scenarios; a failed
//! check resting on one quotes its words.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_runner::docs::{self, DocsReport};

use crate::docs::{check_page, checks_of, data, replaced};

const PAGE: &str = "oceanic-cloud-machine-action.txt";
const DRY_RUN: &str = "A dry run is only checked";
const HARD_REBOOT: &str = "A hard reboot is not available yet";
const OVER_BUDGET: &str = "A request over the hourly budget is answered 429 with its rate-limit headers";
const WHEN: &str = "status 202 chosen by /dry_run = true";
const PROVOKED_422: &str = "status 422 provoked by /mode = \"hard\"";
const PROVOKED_429: &str = "status 429 provoked by the fault header";
const VARIANTS: &str = "request variants by type (resize, reboot)";

fn check(edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, DocsReport) {
    let (dir, r) = check_page(&data("seventh"), PAGE, edit);
    (dir, r.unwrap())
}

/// The names of the scenarios resting on the found item `label` (each of its anchors lists
/// the same).
fn resting_on<'r>(r: &'r DocsReport, label: &str) -> Vec<&'r str> {
    let found: Vec<_> = r.found.iter().filter(|a| a.label == label).collect();
    assert!(!found.is_empty(), "{label} not found: {:#?}", r.found);
    found[0].scenarios.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn each_has_an_anchor_of_its_own_found_counted_and_rested_on_by_the_scenarios_it_decides() {
    let (_d, r) = check(|p| p);
    assert!(r.drifts.is_empty() && r.notes.is_empty(), "{r:#?}");
    let at = |label: &str| -> Vec<(String, Option<usize>)> {
        r.found.iter().filter(|a| a.label == label).map(|a| (a.item.clone(), a.line)).collect()
    };
    assert_eq!(at(WHEN), [("responses[1].when".to_string(), Some(26))]);
    assert_eq!(at(PROVOKED_422), [("responses[5].provoked".to_string(), Some(31))]);
    assert_eq!(at(PROVOKED_429), [("responses[6].provoked".to_string(), Some(51))]);
    let variants = at(VARIANTS);
    assert_eq!(variants.len(), 3, "its quote and the two variants' headings: {variants:?}");
    assert_eq!(variants.iter().map(|(_, l)| l.unwrap()).collect::<Vec<_>>(), [18, 21, 28]);
    let text = docs::terminal(&r);
    assert!(text.contains(&format!("found {PAGE}:26  oceanic-cloud/machine-action {WHEN}")), "{text}");
    assert!(text.contains(&format!("{} anchors found", r.found.len())), "counted: {text}");
    assert_eq!(resting_on(&r, WHEN), [DRY_RUN]);
    assert_eq!(resting_on(&r, PROVOKED_422), [HARD_REBOOT]);
    assert_eq!(resting_on(&r, PROVOKED_429), [OVER_BUDGET]);
    // The status's own anchors no longer quote those words: each item is lost alone.
    let status_202: Vec<&str> = r.found.iter().filter(|a| a.label == "status 202").map(|a| a.quote.as_str()).collect();
    assert!(status_202.iter().all(|q| !q.contains("the answer is 202")), "{status_202:?}");
}

#[test]
fn a_body_rests_on_the_variants_only_where_it_is_one() {
    let (_d, r) = check(|p| p);
    let on = resting_on(&r, VARIANTS);
    for name in ["A resize to the documented size starts an action", "A reboot starts an action", DRY_RUN, HARD_REBOOT]
    {
        assert!(on.contains(&name), "{name} not in {on:?}");
    }
    let shapeless = |edit: &str| format!("A body in no documented shape is refused [edit={edit}]");
    for edit in [r#"the field "type" is removed"#, r#"the field "type" is set to "hibernate""#] {
        assert!(!on.contains(&shapeless(edit).as_str()), "a body of no variant: {on:?}");
    }
    assert!(on.contains(&shapeless(r#"the field "size" is removed"#).as_str()), "a resize without its size: {on:?}");
}

#[test]
fn the_words_of_a_when_removed_are_drift_of_the_scenario_that_chooses_the_status() {
    let (_d, r) = check(replaced("nothing is billed, and the answer is 202.", "nothing is billed."));
    assert_eq!(r.exit_code(), 1);
    assert_eq!(r.drifts.len(), 1, "{:#?}", r.drifts);
    assert_eq!((r.drifts[0].item.as_str(), r.drifts[0].line), ("responses[1].when", Some(26)));
    assert_eq!(checks_of(&r, WHEN), [DRY_RUN]);
    let text = docs::terminal(&r);
    assert!(text.contains(&format!("drift: oceanic-cloud/machine-action {WHEN}")), "{text}");
    assert!(text.contains("checked by features/oceanic-cloud/machine-action.feature:"), "{text}");
}

#[test]
fn the_words_of_a_provoked_removed_are_drift_of_the_scenario_that_provokes_the_status() {
    let edit =
        replaced(r#""hard". A hard reboot is not available yet: a request for one is answered 422. |"#, r#""hard". |"#);
    let (_d, r) = check(edit);
    assert_eq!(r.exit_code(), 1);
    assert_eq!(r.drifts.len(), 1, "the status and the mode's row still hold: {:#?}", r.drifts);
    assert_eq!(r.drifts[0].item, "responses[5].provoked");
    assert_eq!(checks_of(&r, PROVOKED_422), [HARD_REBOOT]);
    let json: serde_json::Value = serde_json::from_str(&docs::json(&r)).unwrap();
    assert_eq!(json["drifts"][0]["scenarios"][0]["name"], HARD_REBOOT, "{json}");
}

#[test]
fn the_words_of_the_variants_removed_are_drift_of_every_scenario_whose_body_is_one() {
    let (_d, r) = check(replaced("documents these two.)", "documents some of them.)"));
    assert_eq!(r.exit_code(), 1);
    assert_eq!(r.drifts.len(), 1, "{:#?}", r.drifts);
    let checks = checks_of(&r, VARIANTS);
    assert!(checks.contains(&DRY_RUN) && checks.contains(&"A reboot starts an action"), "{checks:?}");
    assert!(!checks.iter().any(|c| c.contains("hibernate") || c.contains(r#""type" is removed"#)), "{checks:?}");
}

/// A run of the seventh operation against the stub with `mutation`, its pages given: the
/// failure of the scenario `name`.
async fn failure_of(mutation: &str, tags: &str, name: &str) -> String {
    let suite = conformance_testkit::sixth::Suite::with(&["seventh"]);
    let (mut opts, _) = crate::common::quiet();
    opts.fixtures_dir = suite.fixtures.clone();
    opts.features_dir = suite.features.clone();
    opts.tags = Some(tags.into());
    opts.pages = Some(data("seventh").join("pages"));
    opts.stub_config = Some(conformance_stub::StubConfig {
        fixtures_dir: suite.fixtures.clone(),
        ..conformance_stub::StubConfig::deterministic()
            .with_mutation(Some(format!("{}:{mutation}", conformance_testkit::seventh::ID)))
    });
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let s = report.scenarios.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("{name}: {report:#?}"));
    s.outcome.failure().unwrap_or_else(|| panic!("{name} did not fail: {:?}", s.outcome)).message()
}

/// A failed check resting on a `when` or a `provoked` quotes its words, at their line, beside
/// the status's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_resting_on_a_when_or_a_provoked_quotes_its_words() {
    let message = failure_of("ignores-when-202", "@machine-action and @status-202", DRY_RUN).await;
    let status = format!("the page says ({PAGE}:42, Responses): `202 Accepted: a dry run passed its checks.`");
    let when = format!(
        "the page says ({PAGE}:26, Resize, dry_run): `When true, the request is only checked: nothing changes, \
         nothing is billed, and the answer is 202.`"
    );
    assert!(message.contains(&status) && message.contains(&when), "{message}");
    let message = failure_of("ignores-provoked-422", "@machine-action and @status-422", HARD_REBOOT).await;
    let provoked = format!(
        "the page says ({PAGE}:31, Reboot, mode): `A hard reboot is not available yet: a request for one is answered \
         422.`"
    );
    assert!(message.contains(&provoked), "{message}");
}
