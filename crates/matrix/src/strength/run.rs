//! Running the strength check: the baseline, then each chosen mutation and variation, one
//! after another, each against a fresh stub on the standalone hyper adapter (in-process, on a
//! random loopback port). The runner reaches it like any target: its URL and its profile,
//! written to a temporary file that is removed after the run.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use conformance_contract::{Contracts, Redactor};
use conformance_runner::{EXIT_OK, Report, RunOptions};
use conformance_stub::StubConfig;

use super::peer::{PeerVerdict, Schemathesis};
use super::{Baseline, MutantResult, PeerRun, StrengthReport, Subject, VariationResult, VariationVerdict, Verdict};
use crate::text::truncate;

/// Runs the suite against the correct stub, then against the stub showing each mode named in
/// `only` (every mutation and every variation when empty), one after another. `template`
/// gives the features, fixtures, tags, timeout, concurrency and (optionally) the stub config;
/// every run is quiet. `progress` gets one line per run. A name that is no mode, or fixtures
/// that do not load, leave the baseline "could not run".
pub async fn run_strength(template: &RunOptions, only: &[String], progress: &mut dyn FnMut(&str)) -> StrengthReport {
    run_strength_with(template, only, None, progress).await
}

/// [`run_strength`], and with `peer` the peer too, against a fresh stub in each mode (the
/// correct one first), after the suite's run of that mode.
pub async fn run_strength_with(
    template: &RunOptions,
    only: &[String],
    peer: Option<&Schemathesis>,
    progress: &mut dyn FnMut(&str),
) -> StrengthReport {
    let start = Instant::now();
    let date = today();
    let config = template
        .stub_config
        .clone()
        .unwrap_or_else(|| StubConfig { fixtures_dir: template.fixtures_dir.clone(), ..StubConfig::deterministic() });
    let chosen =
        Contracts::load(&config.fixtures_dir).map_err(|e| e.to_string()).and_then(|c| Subject::chosen(&c, only));
    let subjects = match chosen {
        Ok(s) => s,
        Err(reason) => {
            progress(&format!("baseline: could not run: {reason}"));
            let baseline = Baseline::CouldNotRun { reason };
            let duration = start.elapsed();
            return StrengthReport {
                baseline,
                mutants: Vec::new(),
                variations: Vec::new(),
                duration,
                date,
                peer: None,
            };
        }
    };
    let redactor = match conformance_stub::StubCore::new(config.clone()) {
        Ok(core) => Redactor::new(core.secrets()),
        Err(e) => Redactor::new(vec![e.to_string()]),
    };
    let (m, v) = subjects.iter().fold((0, 0), |(m, v), s| match s {
        Subject::Mutation(_) => (m + 1, v),
        Subject::Variation(_) => (m, v + 1),
    });
    progress(&format!("baseline: the suite against the correct stub, then {m} mutations and {v} variations…"));
    let baseline = match run_once(template, &config, None, None).await {
        Ok(report) if report.exit_code() == EXIT_OK => {
            let total = report.summary().total;
            let ran = total.passed + total.failed + total.errored;
            progress(&format!("baseline: passed ({ran} scenarios ran, {} skipped)", total.skipped));
            Baseline::Passed { ran, skipped: total.skipped }
        }
        Ok(report) => {
            let failures = failures(&report, &redactor);
            progress(&format!("baseline: {} scenarios failed against the correct stub", failures.len()));
            Baseline::Failed { failures }
        }
        Err(e) => {
            let reason = redactor.text(&e);
            progress(&format!("baseline: could not run: {reason}"));
            Baseline::CouldNotRun { reason }
        }
    };
    let mut report = StrengthReport {
        baseline,
        mutants: Vec::new(),
        variations: Vec::new(),
        duration: start.elapsed(),
        date,
        peer: None,
    };
    if !report.judged() {
        return report;
    }
    if let Some(p) = peer {
        let baseline = p.check(&config, "baseline").await;
        progress(&format!("baseline: Schemathesis {}: {}", p.version, said(&baseline)));
        report.peer = Some(PeerRun { name: format!("Schemathesis {}", p.version), baseline });
    }
    for (i, subject) in subjects.iter().enumerate() {
        let began = Instant::now();
        let (said, name) = match subject.clone() {
            Subject::Mutation(mutation) => {
                let mut verdict = match run_once(template, &config, Some(&mutation.name), None).await {
                    Ok(r) => match r.failed_ids() {
                        ids if ids.is_empty() => Verdict::NotCaught,
                        ids => Verdict::Caught { by: ids.into_iter().map(String::from).collect() },
                    },
                    Err(e) => Verdict::CouldNotRun { reason: redactor.text(&e) },
                };
                if verdict == Verdict::NotCaught && !template.strict {
                    // Does the suite catch it where it rests on the fixtures' judgements?
                    let strict = RunOptions { strict: true, ..template.clone() };
                    if let Ok(r) = run_once(&strict, &config, Some(&mutation.name), None).await
                        && !r.failed_ids().is_empty()
                    {
                        verdict =
                            Verdict::CaughtUnderStrict { by: r.failed_ids().into_iter().map(String::from).collect() };
                    }
                }
                let said = match &verdict {
                    Verdict::Caught { by } if by.len() == 1 => "caught by 1 scenario".to_string(),
                    Verdict::Caught { by } => format!("caught by {} scenarios", by.len()),
                    Verdict::CaughtUnderStrict { by } => {
                        format!("caught only under --strict, by {} scenarios", by.len())
                    }
                    Verdict::NotCaught => "NOT CAUGHT".to_string(),
                    Verdict::CouldNotRun { reason } => format!("could not run: {reason}"),
                };
                let name = mutation.name.clone();
                let peer = match peer {
                    Some(p) => Some(p.check(&config.clone().with_mutation(Some(name.clone())), &name).await),
                    None => None,
                };
                let said = with_peer(said, peer.as_ref());
                report.mutants.push(MutantResult { mutation, verdict, duration: began.elapsed(), peer });
                (said, name)
            }
            Subject::Variation(variation) => {
                let verdict = match run_once(template, &config, None, Some(&variation.name)).await {
                    Ok(r) => match failures(&r, &redactor) {
                        f if f.is_empty() => {
                            let t = r.summary().total;
                            VariationVerdict::Passed { ran: t.passed + t.failed + t.errored }
                        }
                        failures => VariationVerdict::Failed { failures },
                    },
                    Err(e) => VariationVerdict::CouldNotRun { reason: redactor.text(&e) },
                };
                let said = match &verdict {
                    VariationVerdict::Passed { .. } => "passed".to_string(),
                    VariationVerdict::Failed { failures } => format!("FAILED by {} scenarios", failures.len()),
                    VariationVerdict::CouldNotRun { reason } => format!("could not run: {reason}"),
                };
                let name = variation.name.clone();
                let peer = match peer {
                    Some(p) => Some(p.check(&config.clone().with_variation(Some(name.clone())), &name).await),
                    None => None,
                };
                let said = with_peer(said, peer.as_ref());
                report.variations.push(VariationResult { variation, verdict, duration: began.elapsed(), peer });
                (said, name)
            }
        };
        let secs = began.elapsed().as_secs_f64();
        progress(&format!("[{}/{}] {name} … {said} ({secs:.1}s)", i + 1, subjects.len()));
    }
    report.duration = start.elapsed();
    report
}

/// The peer's verdict in a few words, for a progress line.
fn said(v: &PeerVerdict) -> String {
    match v {
        PeerVerdict::Clean => "found nothing".into(),
        PeerVerdict::Found { operations, first } => format!("found failures in {operations} operation(s): {first}"),
        PeerVerdict::CouldNotRun { reason } => format!("could not run: {reason}"),
    }
}

fn with_peer(said: String, peer: Option<&PeerVerdict>) -> String {
    match peer {
        None => said,
        Some(PeerVerdict::Clean) => format!("{said}; Schemathesis found nothing"),
        Some(PeerVerdict::Found { .. }) => format!("{said}; Schemathesis found failures"),
        Some(PeerVerdict::CouldNotRun { .. }) => format!("{said}; Schemathesis could not run"),
    }
}

/// Today's date, UTC (`2026-12-02`).
fn today() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!("{:04}-{:02}-{:02}", now.year(), u8::from(now.month()), now.day())
}

/// [`run_strength`] on a runtime of its own, for callers that are not async; `Err` when the
/// runtime cannot start.
pub fn run_strength_blocking(
    template: &RunOptions,
    only: &[String],
    peer: Option<&Schemathesis>,
    progress: &mut dyn FnMut(&str),
) -> Result<StrengthReport, String> {
    Ok(crate::runtime()?.block_on(run_strength_with(template, only, peer, progress)))
}

/// A unique temporary file name for one run's profile.
fn profile_path() -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("conformance-strength-{}-{n}.toml", std::process::id()))
}

/// One suite run against a fresh standalone stub in the given mode; `Err` says why it could
/// not run.
async fn run_once(
    template: &RunOptions,
    config: &StubConfig,
    mutation: Option<&str>,
    variation: Option<&str>,
) -> Result<Report, String> {
    let config = config.clone().with_mutation(mutation.map(String::from)).with_variation(variation.map(String::from));
    let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let handle = conformance_stub::serve(config, addr).await.map_err(|e| e.to_string())?;
    let path = profile_path();
    let written = std::fs::write(&path, conformance_stub::profile::profile_file(&handle.profile()))
        .map_err(|e| format!("cannot write the stub's profile to {}: {e}", path.display()));
    let result = match written {
        Ok(()) => {
            let opts = RunOptions {
                base_url: Some(handle.base_url()),
                profile: Some(path.clone()),
                junit: None,
                json: None,
                quiet: true,
                capture: Some(Arc::new(Mutex::new(String::new()))),
                stub_config: None,
                ..template.clone()
            };
            conformance_runner::run(opts).await.map_err(|e| e.to_string())
        }
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_file(&path);
    handle.shutdown().await;
    result
}

/// Each failed or errored scenario with its one-line reason (redacted).
fn failures(report: &Report, redactor: &Redactor) -> Vec<(String, String)> {
    report
        .scenarios
        .iter()
        .filter_map(|s| Some((s.id.clone(), redactor.text(&truncate(&s.outcome.failure()?.reason, 300)))))
        .collect()
}
