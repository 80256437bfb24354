//! Suite strength on a few subjects (the full list runs in CI as `cargo xtask strength`): the
//! baseline passes, each chosen mutation is caught by named scenarios, each chosen variation
//! passes, and the report and exit code say so; a variation the suite fails makes the run fail
//! and names its first failure; a baseline that cannot pass makes the result "could not judge".

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use conformance_contract::{Contracts, default_fixtures_dir};
use conformance_matrix::strength::{
    Baseline, MutantResult, PeerRun, PeerVerdict, Schemathesis, StrengthReport, Subject, VariationResult,
    VariationVerdict, Verdict, run_strength,
};
use conformance_runner::{EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_OK, RunOptions};
use conformance_stub::ModeInfo;

fn mode(name: &str) -> ModeInfo {
    let contracts = Contracts::load(default_fixtures_dir()).unwrap();
    Subject::chosen(&contracts, &[name.to_string()]).unwrap().remove(0).info().clone()
}

fn names(modes: &[&ModeInfo]) -> Vec<String> {
    modes.iter().map(|m| m.name.clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chosen_mutations_are_caught_and_chosen_variations_pass() {
    let only = [
        "hostway-orders/add-service:drops-header-location",
        "huawei-apig/postpaid-resize:json-as-text-plain",
        "chunked",
        "lowercase-header-names",
        "html-401",
    ]
    .map(String::from);
    let mut lines = Vec::new();
    let report = run_strength(&RunOptions::default(), &only, &mut |l: &str| lines.push(l.to_string())).await;
    assert!(matches!(report.baseline, Baseline::Passed { ran, .. } if ran > 0), "{:?}", report.baseline);
    let mutations: Vec<&str> = report.mutants.iter().map(|m| m.mutation.name.as_str()).collect();
    assert_eq!(mutations, only[..2]);
    let variations: Vec<&str> = report.variations.iter().map(|v| v.variation.name.as_str()).collect();
    assert_eq!(variations, only[2..]);
    for m in &report.mutants {
        assert!(matches!(&m.verdict, Verdict::Caught { by } if !by.is_empty()), "{}: {:?}", m.mutation.name, m.verdict);
    }
    for v in &report.variations {
        let passed = matches!(v.verdict, VariationVerdict::Passed { ran } if ran > 0);
        assert!(passed, "{}: {:?}", v.variation.name, v.verdict);
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
    assert!(lines[2].starts_with("[1/5] hostway-orders/add-service:drops-header-location … caught by "), "{lines:#?}");
    assert!(lines[4].starts_with("[3/5] chunked … passed"), "{lines:#?}");

    let md = report.to_markdown();
    assert!(md.contains("**2 of 2 mutations caught. 3 of 3 variations passed.**"), "{md}");
    assert!(
        md.contains("| `hostway-orders/add-service:drops-header-location` | hostway-orders/add-service answers a success without its documented"),
        "{md}"
    );
    assert!(md.contains("## Variations: each must pass"), "{md}");
    assert!(md.contains("| `chunked` | Bodies sent with Transfer-Encoding: chunked"), "{md}");
    let summary = report.summary();
    assert!(summary.starts_with("suite strength: 2 of 2 mutations caught, 3 of 3 variations passed"), "{summary}");
}

#[test]
fn a_failed_variation_fails_the_run_and_names_its_first_failure() {
    let failure = ("hostway/service-action.feature::Asking for the cost".to_string(), "total differs".to_string());
    let report = StrengthReport {
        baseline: Baseline::Passed { ran: 100, skipped: 3 },
        mutants: vec![MutantResult {
            mutation: mode("hostway-orders/add-service:drops-header-location"),
            verdict: Verdict::Caught { by: vec!["x".into()] },
            duration: Duration::ZERO,
            peer: None,
        }],
        variations: vec![
            VariationResult {
                variation: mode("hostway-actions:other-amounts"),
                verdict: VariationVerdict::Failed { failures: vec![failure] },
                duration: Duration::ZERO,
                peer: None,
            },
            VariationResult {
                variation: mode("chunked"),
                verdict: VariationVerdict::Passed { ran: 100 },
                duration: Duration::ZERO,
                peer: None,
            },
        ],
        duration: Duration::ZERO,
        date: String::new(),
        peer: None,
    };
    assert_eq!(report.exit_code(), EXIT_FAILED);
    assert_eq!(names(&report.falsely_failed()), ["hostway-actions:other-amounts"]);
    let md = report.to_markdown();
    assert!(md.contains("**1 of 1 mutations caught. 1 of 2 variations passed.**"), "{md}");
    assert!(
        md.contains("| `hostway-actions:other-amounts` |")
            && md.contains(
                "**FAILED** (1 scenario) | `hostway/service-action.feature::Asking for the cost`: total differs |"
            ),
        "{md}"
    );
    let summary = report.summary();
    assert!(summary.contains("  FAILED  hostway-actions:other-amounts (1 scenario)"), "{summary}");
    assert!(
        summary.contains("    first: hostway/service-action.feature::Asking for the cost: total differs"),
        "{summary}"
    );

    let not_caught = StrengthReport {
        variations: vec![],
        mutants: vec![MutantResult {
            mutation: mode("hostway-orders/add-service:drops-header-location"),
            verdict: Verdict::NotCaught,
            duration: Duration::ZERO,
            peer: None,
        }],
        ..report
    };
    assert_eq!(not_caught.exit_code(), EXIT_FAILED);
}

/// Subjects are the stub's modes for the fixtures: every operation's shape mutations, its
/// hooks' own, the variations; a name that is none is refused with where to look.
#[test]
fn subjects_are_the_stubs_modes_by_name() {
    let contracts = Contracts::load(default_fixtures_dir()).unwrap();
    let all = Subject::all(&contracts).unwrap();
    let modes = conformance_stub::modes(&contracts).unwrap();
    assert_eq!(all.len(), modes.mutations.len() + modes.variations.len());
    for op in contracts.operations() {
        let prefix = format!("{}:", op.id());
        assert!(all.iter().any(|s| s.name().starts_with(&prefix)), "no mutation of {}", op.id());
    }
    // the name without its vendor, as older baselines hold it, chooses the same mode
    let chosen = Subject::chosen(&contracts, &["pretty-json".into(), "postpaid-resize:success-status".into()]).unwrap();
    assert!(matches!(&chosen[0], Subject::Variation(m) if m.name == "pretty-json"));
    assert!(matches!(&chosen[1], Subject::Mutation(m) if m.name == "huawei-apig/postpaid-resize:success-status"));
    let e = Subject::chosen(&contracts, &["nope".into()]).unwrap_err();
    assert!(e.contains("no mutation or variation is named `nope`") && e.contains("--list"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_baseline_that_cannot_run_judges_nothing() {
    let opts = RunOptions { fixtures_dir: PathBuf::from("/nonexistent/fixtures"), ..RunOptions::default() };
    let report =
        run_strength(&opts, &["hostway-orders/add-service:drops-header-location".into()], &mut |_: &str| {}).await;
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

#[test]
fn the_peer_gets_a_column_in_both_tables_and_the_counts_side_by_side() {
    let found = |first: &str| Some(PeerVerdict::Found { operations: 1, first: first.into() });
    let report = StrengthReport {
        baseline: Baseline::Passed { ran: 100, skipped: 0 },
        mutants: vec![
            MutantResult {
                mutation: mode("huawei-apig/postpaid-resize:success-status"),
                verdict: Verdict::Caught { by: vec!["a".into(), "b".into()] },
                duration: Duration::ZERO,
                peer: found("POST /v2/resize: ST103 Undocumented status code; Received: 200"),
            },
            MutantResult {
                mutation: mode("hostway-orders/add-service:drops-header-location"),
                verdict: Verdict::Caught { by: vec!["c".into()] },
                duration: Duration::ZERO,
                peer: Some(PeerVerdict::Clean),
            },
        ],
        variations: vec![
            VariationResult {
                variation: mode("html-401"),
                verdict: VariationVerdict::Passed { ran: 100 },
                duration: Duration::ZERO,
                peer: found("PUT /orders: ST105 Undocumented Content-Type; Received: text/html"),
            },
            VariationResult {
                variation: mode("chunked"),
                verdict: VariationVerdict::Passed { ran: 100 },
                duration: Duration::ZERO,
                peer: Some(PeerVerdict::Clean),
            },
        ],
        duration: Duration::ZERO,
        date: "2026-12-02".into(),
        peer: Some(PeerRun { name: "Schemathesis 9.9.9".into(), baseline: PeerVerdict::Clean }),
    };
    assert_eq!(report.exit_code(), EXIT_OK, "the peer's findings do not change the verdict");
    assert_eq!((report.peer_caught(), names(&report.peer_failed())), (1, vec!["html-401".to_string()]));
    let md = report.to_markdown();
    assert!(md.contains("Measured 2026-12-02 with conformance 0.1.0, beside Schemathesis 9.9.9."), "{md}");
    let counts = "| | mutations caught (of 2) | variations failed (of 2) |\n|---|---|---|\n\
                  | this suite | 2 | 0 |\n| Schemathesis 9.9.9 | 1 | 1 (`html-401`) |\n";
    assert!(md.contains(counts), "{md}");
    assert!(
        md.contains("| mutation | what it breaks | verdict | caught by | Schemathesis 9.9.9 |\n|---|---|---|---|---|")
    );
    assert!(md.contains("| caught: POST /v2/resize: ST103 Undocumented status code; Received: 200 |"), "{md}");
    assert!(
        md.contains("| `hostway-orders/add-service:drops-header-location` |") && md.contains("| not caught |"),
        "{md}"
    );
    assert!(md.contains("| **failed**: PUT /orders: ST105 Undocumented Content-Type; Received: text/html |"), "{md}");
    let side = report.side_by_side();
    assert!(side.starts_with("Measured 2026-12-02 against the bundled stub") && side.contains(counts), "{side}");
    assert!(
        side.contains("| `hostway-orders/add-service:drops-header-location` | caught (1 scenario) | **not caught** |"),
        "{side}"
    );
    assert!(side.contains("| `chunked` | passed | passed |"), "{side}");
    let summary = report.summary();
    assert!(
        summary.contains("beside it, Schemathesis 9.9.9: 1 of 2 mutations caught, 1 of 2 variations failed (html-401)"),
        "{summary}"
    );
    assert!(StrengthReport { peer: None, ..report }.side_by_side().is_empty());
}

/// A stand-in for Schemathesis: says its version; run, it refuses a config that does not begin
/// with the run settings (exit 4), else writes a JUnit report naming the Huawei token its config
/// gives (the scheme `huaweiIamToken`, or `huaweiIamToken-huawei` beside another section's) (which must come back redacted) and exits 1, or (with `clean` in the OpenAPI file's
/// name) writes none and exits 0.
const FAKE: &str = r#"#!/bin/sh
if [ "$1" = "--version" ]; then echo "schemathesis, version 9.9.9"; exit 0; fi
head -n 1 "$2" | grep -q '^seed = 7$' || { echo "not the run settings"; exit 4; }
HUAWEI_TOKEN=$(sed -n '/^\[auth.openapi."huaweiSdkHmac-huawei.token"\]$/,/^api_key/ s/^api_key = "\(.*\)"$/\1/p' "$2")
[ -n "$HUAWEI_TOKEN" ] || { echo "no token"; exit 4; }
case "$4" in *clean*) exit 0 ;; esac
while [ $# -gt 0 ]; do
  if [ "$1" = "--report-junit-path" ]; then out=$2; fi
  shift
done
cat > "$out" <<XML
<testsuites><testsuite name="schemathesis">
<testcase name="POST /v2/resize"><failure type="failure" message="ST103">- ST103 Undocumented status code

    Received: 200 with $HUAWEI_TOKEN</failure></testcase>
</testsuite></testsuites>
XML
exit 1
"#;

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_peer_gets_the_stubs_credentials_and_its_findings_come_back_redacted() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("schemathesis");
    std::fs::write(&bin, FAKE).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = dir.path().join("schemathesis.toml");
    std::fs::write(&config, "seed = 7\n").unwrap();
    let missing = Schemathesis::locate(&dir.path().join("nope"), &config, &dir.path().join("o.json"), dir.path());
    assert!(missing.is_err_and(|e| e.contains("--schemathesis BIN")));
    let peer = Schemathesis::locate(&bin, &config, &dir.path().join("openapi.json"), &dir.path().join("work")).unwrap();
    assert_eq!(peer.version, "9.9.9");
    let stub = conformance_stub::StubConfig::deterministic();
    let core = conformance_stub::StubCore::new(stub.clone()).unwrap();
    let token = core.profile("http://x").text("huawei.token").unwrap().to_string();
    let PeerVerdict::Found { operations, first } = peer.check(&stub, "a mode").await else { panic!("no finding") };
    assert_eq!(operations, 1);
    assert_eq!(first, "POST /v2/resize: ST103 Undocumented status code; Received: 200 with [REDACTED]");
    assert!(!first.contains(&token));
    assert!(dir.path().join("work/a_mode/junit.xml").is_file(), "its files stay in its working folder");
    let written = std::fs::read_to_string(dir.path().join("work/a_mode/schemathesis.toml")).unwrap();
    assert!(written.contains("include-operation-id = \"huawei-apig.postpaid-resize\""), "{written}");
    let clean = Schemathesis { openapi: dir.path().join("clean.json"), ..peer };
    assert_eq!(clean.check(&stub, "clean").await, PeerVerdict::Clean);
}

/// A mutation that breaks only a judgement of the fixtures (a blank service name, which no page
/// forbids) passes a default run and is caught by a second run with `--strict`: the report says
/// so, and counts it caught.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mutation_of_a_judgement_is_caught_only_under_strict() {
    let only = ["hostway-orders/add-service:ignores-pattern-name".to_string()];
    let opts = RunOptions { tags: Some("@add-service".into()), ..RunOptions::default() };
    let report = run_strength(&opts, &only, &mut |_: &str| {}).await;
    let m = &report.mutants[0];
    let Verdict::CaughtUnderStrict { by } = &m.verdict else { panic!("{:?}", m.verdict) };
    assert!(by.iter().any(|id| id.contains("A blank name is no valid service name")), "{by:?}");
    assert_eq!(names(&report.caught_under_strict()), only);
    assert_eq!((report.caught(), report.exit_code()), (1, EXIT_OK));
    assert!(report.to_markdown().contains("caught only with `--strict`"), "{}", report.to_markdown());
    assert!(
        report.summary().contains("only with --strict  hostway-orders/add-service:ignores-pattern-name"),
        "{}",
        report.summary()
    );
}

/// Mutations that break only a judgement of an example check (a form read from one example, a
/// relation the page's numbers happen to show) pass a default run, with a note, and are caught
/// only under `--strict`; one that breaks the page's words too (the job id, which the page's
/// message repeats) is caught by a default run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mutation_of_a_judged_example_check_is_caught_only_under_strict() {
    let only = [
        "huawei-cph/change-server-model:volatile-request_id-format".to_string(),
        "hostway-actions:cost-total-breaks-sum".to_string(),
        "huawei-apig/postpaid-resize:volatile-job_id-format".to_string(),
    ];
    let tags = "@change-server-model or @service-action or @postpaid-resize";
    let opts = RunOptions { tags: Some(tags.into()), ..RunOptions::default() };
    let report = run_strength(&opts, &only, &mut |_: &str| {}).await;
    assert_eq!(names(&report.caught_under_strict()), only[..2]);
    assert!(matches!(report.mutants[2].verdict, Verdict::Caught { .. }), "{:?}", report.mutants[2].verdict);
    assert_eq!((report.caught(), report.exit_code()), (3, EXIT_OK));
}
