//! `--dry-run` never fails a check: over stand-in answers a check proves nothing either way, so
//! every scenario is reported skipped ("dry run"), no progress line says PASS or FAIL, each
//! request is headed "would send:", and a dry run that could plan exits 0, with every allowance.

#![allow(clippy::unwrap_used)]

use conformance_runner::{EXIT_OK, Outcome, Report};

use crate::common;
use crate::real_target::{ALLOW_ALL, FULL};

/// No line of `out` is a scenario's progress line, and each request is one it would send.
fn no_verdict(out: &str) {
    let verdicts: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("  PASS ") || l.starts_with("  FAIL ") || l.starts_with("  ERROR "))
        .collect();
    assert!(verdicts.is_empty(), "a dry run judged scenarios: {verdicts:?}");
    assert!(out.contains("would send:\n  "), "{out}");
    assert!(!out.contains("request sent:"), "nothing was sent: {out}");
}

fn all_dry(report: &Report) {
    assert_eq!(report.exit_code(), EXIT_OK);
    let judged: Vec<_> = report
        .scenarios
        .iter()
        .filter(|s| !matches!(&s.outcome, Outcome::Skipped { .. }))
        .map(|s| (&s.id, &s.outcome))
        .collect();
    assert!(judged.is_empty(), "{judged:#?}");
}

/// The whole suite against the bundled stub, every class allowed: services added by set-ups
/// share placeholders, which is no failure.
#[tokio::test]
async fn a_dry_run_of_the_whole_suite_against_the_stub_exits_0_and_judges_nothing() {
    let (mut opts, out) = common::quiet();
    opts.quiet = false;
    opts.dry_run = true;
    let report = conformance_runner::run(opts).await.expect("a dry run runs");
    all_dry(&report);
    assert!(report.scenarios.len() > 100, "the whole suite: {}", report.scenarios.len());
    no_verdict(&out.lock().unwrap().clone());
}

/// A profile that meets every need, `--allow changes,billable`, a target that is not there.
#[tokio::test]
async fn a_dry_run_with_every_allowance_against_a_real_profile_exits_0() {
    let (_dir, path) = common::profile_file(&format!("{FULL}{ALLOW_ALL}"));
    let (mut opts, out) = common::quiet();
    opts.quiet = false;
    opts.base_url = Some("http://127.0.0.1:9".into());
    opts.profile = Some(path);
    opts.dry_run = true;
    opts.allow = vec![conformance_runner::Effect::Changes, conformance_runner::Effect::Billable];
    let report = conformance_runner::run(opts).await.expect("a dry run runs");
    all_dry(&report);
    assert!(report.scenarios.iter().any(|s| s.outcome == Outcome::Skipped { reason: "dry run".into() }));
    no_verdict(&out.lock().unwrap().clone());
}
