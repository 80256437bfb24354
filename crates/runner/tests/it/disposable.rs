//! A deployment of the user's own (issue 24): `[safety] disposable = true` allows every class,
//! uses the `[faults] header`, lifts the bill's bound and the wrong-signature cap, and the
//! banner says so; the stub never writes it into its own profile. Skip reasons read in plain
//! words, each key once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_runner::Outcome;
use conformance_stub::StubConfig;

use crate::common;

/// The stub's profile as a copy pointed at a real target (no `[stub]`, no `[safety]`), with
/// `extra` appended.
fn copied(toml: &str, extra: &str) -> String {
    let mut out = String::new();
    let mut table = String::new();
    for l in toml.lines() {
        if l.starts_with('[') {
            table = l.to_string();
        }
        if table != "[stub]" && table != "[safety]" {
            out.push_str(l);
            out.push('\n');
        }
    }
    format!("{out}{extra}")
}

async fn run(extra: &str) -> (conformance_runner::Report, String, String) {
    let handle =
        conformance_stub::serve(StubConfig::deterministic(), "127.0.0.1:0".parse().unwrap()).await.expect("serves");
    let printed = conformance_stub::profile::profile_file(&handle.profile());
    let (_d, path) = common::profile_file(&copied(&printed, extra));
    let (mut opts, capture) = common::quiet();
    opts.quiet = false;
    (opts.base_url, opts.profile) = (Some(handle.base_url()), Some(path));
    let report = conformance_runner::run(opts).await.expect("runs");
    handle.shutdown().await;
    let text = capture.lock().unwrap().clone();
    (report, text, printed)
}

fn skips(report: &conformance_runner::Report) -> Vec<(String, String)> {
    report
        .scenarios
        .iter()
        .filter_map(|s| match &s.outcome {
            Outcome::Skipped { reason } => Some((s.id.clone(), reason.clone())),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_disposable_target_runs_every_class_with_its_faults_and_no_bounds() {
    let (report, text, printed) = run("\n[safety]\ndisposable = true\n").await;
    assert!(!printed.contains("disposable"), "the stub never prints it:\n{printed}");
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("(disposable: [safety] disposable = true allows every class but irreversible"),
        "{text}"
    );
    let skipped = skips(&report);
    // Only what needs the stub's own data (a real target has no 64-byte flavor).
    assert!(skipped.iter().all(|(_, r)| r.contains("only the bundled stub has")), "{skipped:#?}");
    let failed: Vec<_> = report.scenarios.iter().filter(|s| s.outcome.is_failure()).map(|s| &s.id).collect();
    assert!(failed.is_empty(), "{failed:#?}\n{text}");
    let fault = "huawei-apig/postpaid-resize.feature::The documented internal server error has the documented body";
    assert_eq!(report.scenario(fault).unwrap().outcome, Outcome::Passed, "the [faults] header is used");
    let mut wrong = report.scenarios.iter().filter(|s| s.tags.iter().any(|t| t == "spends-wrong-signature"));
    assert!(wrong.clone().count() >= 2 && wrong.all(|s| s.outcome == Outcome::Passed), "no wrong-signature cap");

    // The same profile, not disposable: the changing scenarios and the fault are skipped.
    let (plain, _, _) = run("").await;
    let skipped = skips(&plain);
    assert!(skipped.iter().any(|(id, _)| id == fault), "{skipped:#?}");
    assert!(skipped.iter().any(|(_, r)| r.contains("@effect-changes")), "{skipped:#?}");
}

#[tokio::test]
async fn a_skip_reason_names_each_key_once_in_plain_words() {
    let (_dir, path) = common::profile_file("[huawei]\nproject_id = \"p\"\n");
    let (mut opts, _) = common::quiet();
    (opts.base_url, opts.profile) = (Some("http://127.0.0.1:9".into()), Some(path));
    opts.dry_run = true;
    let report = conformance_runner::run(opts).await.expect("plans");
    for (id, reason) in skips(&report) {
        assert!(reason.matches("the profile gives no").count() <= 1, "{id}: {reason}");
        assert!(!reason.contains("gives no the"), "{id}: {reason}");
    }
    for reason in report.summary().skip_reasons.keys() {
        let keys: Vec<&str> = reason.split(['[', ']']).skip(1).step_by(2).collect();
        let mut once = keys.clone();
        once.sort_unstable();
        once.dedup();
        assert!(keys.len() >= once.len(), "{reason}");
    }
    assert!(skips(&report).iter().any(|(_, r)| r.contains(" and ")), "several keys in one reason");
}
