//! Suite strength on a few mutations (the full list runs in CI as `cargo xtask mutants`):
//! the baseline passes, each chosen mutation is caught by named scenarios, and the report
//! and exit code say so. A baseline that cannot pass makes the result "could not judge".

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use conformance_matrix::strength::{Baseline, Verdict, run_mutants};
use conformance_runner::{EXIT_COULD_NOT_RUN, EXIT_OK, RunOptions};
use conformance_stub::Mutation;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chosen_mutations_are_each_caught() {
    let only: Vec<Mutation> =
        ["add-no-location", "json-as-text-plain", "apig-ignores-auth"].iter().map(|n| n.parse().expect(n)).collect();
    let mut lines = Vec::new();
    let report = run_mutants(&RunOptions::default(), &only, &mut |l: &str| lines.push(l.to_string())).await;
    assert!(matches!(report.baseline, Baseline::Passed { ran, .. } if ran > 0), "{:?}", report.baseline);
    assert_eq!(report.mutants.iter().map(|m| m.mutation).collect::<Vec<_>>(), only);
    for m in &report.mutants {
        match &m.verdict {
            Verdict::Caught { by } => assert!(!by.is_empty()),
            other => panic!("{} not caught: {other:?}", m.mutation),
        }
    }
    // a missing Location is caught by the order-builder scenarios (update finds its service there)
    let Verdict::Caught { by } = &report.mutants[0].verdict else { unreachable!() };
    assert!(by.iter().all(|id| id.starts_with("hostway-orders/")), "{by:?}");
    assert!(by.iter().any(|id| id.contains("its Location names it")), "{by:?}");
    assert_eq!(report.exit_code(), EXIT_OK);
    assert!(report.not_caught().is_empty());

    // one progress line for the baseline's start and end, one per mutation
    assert_eq!(lines.len(), 2 + only.len(), "{lines:#?}");
    assert!(lines[2].starts_with("[1/3] add-no-location … caught by "), "{lines:#?}");

    let md = report.to_markdown();
    assert!(md.contains("**3 of 3 mutations caught.**"), "{md}");
    assert!(md.contains("| `add-no-location` | Add-service answers 201 without a Location header. | caught ("), "{md}");
    assert!(report.summary().starts_with("suite strength: 3 of 3 mutations caught"), "{}", report.summary());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_baseline_that_cannot_run_judges_nothing() {
    let opts = RunOptions { fixtures_dir: PathBuf::from("/nonexistent/fixtures"), ..RunOptions::default() };
    let report = run_mutants(&opts, &[Mutation::AddNoLocation], &mut |_: &str| {}).await;
    assert!(
        matches!(&report.baseline, Baseline::CouldNotRun { reason } if reason.contains("fixtures")),
        "{:?}",
        report.baseline
    );
    assert!(report.mutants.is_empty());
    assert_eq!(report.exit_code(), EXIT_COULD_NOT_RUN);
    assert!(report.summary().starts_with("suite strength: could not judge"), "{}", report.summary());
    assert!(report.to_markdown().contains("**could not run**"));
}
