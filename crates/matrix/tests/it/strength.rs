//! Suite strength on a few subjects (the full list runs in CI as `cargo xtask strength`): the
//! baseline passes, each chosen mutation is caught by named scenarios, each chosen variation
//! passes, and the report and exit code say so; a variation the suite fails makes the run fail
//! and names its first failure; a baseline that cannot pass makes the result "could not judge".

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use conformance_matrix::strength::{
    Baseline, MutantResult, StrengthReport, Subject, VariationResult, VariationVerdict, Verdict, run_mutants,
    run_strength,
};
use conformance_runner::{EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_OK, RunOptions};
use conformance_stub::{Mutation, Variation};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chosen_mutations_are_caught_and_chosen_variations_pass() {
    let names = ["add-no-location", "json-as-text-plain", "chunked", "lowercase-header-names", "html-401"];
    let only: Vec<Subject> = names.iter().map(|n| n.parse().expect(n)).collect();
    let mut lines = Vec::new();
    let report = run_strength(&RunOptions::default(), &only, &mut |l: &str| lines.push(l.to_string())).await;
    assert!(matches!(report.baseline, Baseline::Passed { ran, .. } if ran > 0), "{:?}", report.baseline);
    let mutations: Vec<Mutation> = report.mutants.iter().map(|m| m.mutation).collect();
    assert_eq!(mutations, [Mutation::AddNoLocation, Mutation::JsonAsTextPlain]);
    let variations: Vec<Variation> = report.variations.iter().map(|v| v.variation).collect();
    assert_eq!(variations, [Variation::Chunked, Variation::LowercaseHeaderNames, Variation::Html401]);
    for m in &report.mutants {
        assert!(matches!(&m.verdict, Verdict::Caught { by } if !by.is_empty()), "{}: {:?}", m.mutation, m.verdict);
    }
    for v in &report.variations {
        assert!(matches!(v.verdict, VariationVerdict::Passed { ran } if ran > 0), "{}: {:?}", v.variation, v.verdict);
    }
    // a missing Location is caught by the order-builder scenarios (update finds its service there)
    let Verdict::Caught { by } = &report.mutants[0].verdict else { unreachable!() };
    assert!(by.iter().all(|id| id.starts_with("hostway-orders/")), "{by:?}");
    assert!(by.iter().any(|id| id.contains("its Location names it")), "{by:?}");
    assert_eq!(report.exit_code(), EXIT_OK);
    assert!(report.not_caught().is_empty() && report.falsely_failed().is_empty());

    // one progress line for the baseline's start and end, one per subject
    assert_eq!(lines.len(), 2 + only.len(), "{lines:#?}");
    assert!(lines[0].contains("then 2 mutations and 3 variations"), "{lines:#?}");
    assert!(lines[2].starts_with("[1/5] add-no-location … caught by "), "{lines:#?}");
    assert!(lines[4].starts_with("[3/5] chunked … passed"), "{lines:#?}");

    let md = report.to_markdown();
    assert!(md.contains("**2 of 2 mutations caught. 3 of 3 variations passed.**"), "{md}");
    assert!(md.contains("| `add-no-location` | Add-service answers 201 without a Location header. | caught ("), "{md}");
    assert!(md.contains("## Variations: each must pass"), "{md}");
    assert!(md.contains("| `chunked` | Bodies sent with Transfer-Encoding: chunked"), "{md}");
    let summary = report.summary();
    assert!(summary.starts_with("suite strength: 2 of 2 mutations caught, 3 of 3 variations passed"), "{summary}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_mutants_runs_mutations_only() {
    let report = run_mutants(&RunOptions::default(), &[Mutation::ActionCostTotalBreaksSum], &mut |_: &str| {}).await;
    assert_eq!(report.mutants.len(), 1);
    assert!(report.variations.is_empty());
    assert!(matches!(report.mutants[0].verdict, Verdict::Caught { .. }), "{:?}", report.mutants[0].verdict);
}

#[test]
fn a_failed_variation_fails_the_run_and_names_its_first_failure() {
    let failure = ("hostway/service-action.feature::Asking for the cost".to_string(), "total differs".to_string());
    let report = StrengthReport {
        baseline: Baseline::Passed { ran: 100, skipped: 3 },
        mutants: vec![MutantResult {
            mutation: Mutation::AddNoLocation,
            verdict: Verdict::Caught { by: vec!["x".into()] },
            duration: Duration::ZERO,
        }],
        variations: vec![
            VariationResult {
                variation: Variation::OtherAmounts,
                verdict: VariationVerdict::Failed { failures: vec![failure] },
                duration: Duration::ZERO,
            },
            VariationResult {
                variation: Variation::Chunked,
                verdict: VariationVerdict::Passed { ran: 100 },
                duration: Duration::ZERO,
            },
        ],
        duration: Duration::ZERO,
    };
    assert_eq!(report.exit_code(), EXIT_FAILED);
    assert_eq!(report.falsely_failed(), [Variation::OtherAmounts]);
    let md = report.to_markdown();
    assert!(md.contains("**1 of 1 mutations caught. 1 of 2 variations passed.**"), "{md}");
    assert!(
        md.contains("| `other-amounts` |")
            && md.contains(
                "**FAILED** (1 scenarios) | `hostway/service-action.feature::Asking for the cost`: total differs |"
            ),
        "{md}"
    );
    let summary = report.summary();
    assert!(summary.contains("  FAILED  other-amounts (1 scenarios)"), "{summary}");
    assert!(
        summary.contains("    first: hostway/service-action.feature::Asking for the cost: total differs"),
        "{summary}"
    );

    let not_caught = StrengthReport {
        variations: vec![],
        mutants: vec![MutantResult {
            mutation: Mutation::AddNoLocation,
            verdict: Verdict::NotCaught,
            duration: Duration::ZERO,
        }],
        ..report
    };
    assert_eq!(not_caught.exit_code(), EXIT_FAILED);
}

#[test]
fn subjects_parse_by_name() {
    assert_eq!("pretty-json".parse::<Subject>(), Ok(Subject::Variation(Variation::PrettyJson)));
    assert_eq!("apig-202-as-200".parse::<Subject>(), Ok(Subject::Mutation(Mutation::ApigAcceptedAs200)));
    assert!("nope".parse::<Subject>().unwrap_err().contains("no mutation or variation is named `nope`"));
    assert_eq!(Subject::all().len(), Mutation::all().len() + Variation::all().len());
    assert!(Mutation::all().len() >= 30 && Variation::all().len() >= 14);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_baseline_that_cannot_run_judges_nothing() {
    let opts = RunOptions { fixtures_dir: PathBuf::from("/nonexistent/fixtures"), ..RunOptions::default() };
    let report = run_strength(&opts, &[Subject::Mutation(Mutation::AddNoLocation)], &mut |_: &str| {}).await;
    assert!(
        matches!(&report.baseline, Baseline::CouldNotRun { reason } if reason.contains("fixtures")),
        "{:?}",
        report.baseline
    );
    assert!(report.mutants.is_empty() && report.variations.is_empty());
    assert_eq!(report.exit_code(), EXIT_COULD_NOT_RUN);
    assert!(report.summary().starts_with("suite strength: could not judge"), "{}", report.summary());
    assert!(report.to_markdown().contains("**could not run**"));
}
