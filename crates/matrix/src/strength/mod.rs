//! The suite's strength: does it notice when the target is wrong?
//!
//! The suite runs against the bundled stub once as documented (the baseline, which must pass,
//! or nothing can be judged) and then once per deliberately wrong mode ([`Mutation`]). A
//! mutation is caught when at least one scenario fails or errors against it. The
//! [`StrengthReport`] says which were caught and by which scenarios, as Markdown and as a
//! terminal summary; its [`StrengthReport::exit_code`] is 0 when all were caught.

mod render;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use conformance_contract::Redactor;
use conformance_runner::{EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_OK, Outcome, Report, RunOptions};
use conformance_stub::{Mutation, StubConfig};

use crate::text::first_line;

/// What the suite made of each mutation.
#[derive(Debug, Clone)]
pub struct StrengthReport {
    /// The run against the correct stub.
    pub baseline: Baseline,
    /// One per mutation run, in order (none when the baseline did not pass).
    pub mutants: Vec<MutantResult>,
    /// Wall time of all runs.
    pub duration: Duration,
}

/// The run against the correct stub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    /// Every scenario that ran passed.
    Passed {
        /// Scenarios that ran.
        ran: usize,
        /// Scenarios skipped.
        skipped: usize,
    },
    /// Scenarios failed against the correct stub: no mutation can be judged.
    Failed {
        /// `(scenario id, first line of its message)`, redacted.
        failures: Vec<(String, String)>,
    },
    /// The suite could not run.
    CouldNotRun {
        /// Why.
        reason: String,
    },
}

/// One mutation's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MutantResult {
    /// The mutation.
    pub mutation: Mutation,
    /// Caught or not.
    pub verdict: Verdict,
    /// How long its run took.
    pub duration: Duration,
}

/// Whether the suite noticed a mutation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// At least one scenario failed or errored.
    Caught {
        /// The ids of the scenarios that failed or errored.
        by: Vec<String>,
    },
    /// Every scenario that ran passed: the suite does not notice this deviation.
    NotCaught,
    /// The suite could not run against the mutated stub.
    CouldNotRun {
        /// Why.
        reason: String,
    },
}

impl StrengthReport {
    /// True when the baseline passed, so the mutations could be judged.
    pub fn judged(&self) -> bool {
        matches!(self.baseline, Baseline::Passed { .. })
    }

    /// The mutations the suite did not catch.
    pub fn not_caught(&self) -> Vec<Mutation> {
        self.mutants.iter().filter(|m| m.verdict == Verdict::NotCaught).map(|m| m.mutation).collect()
    }

    /// How many mutations were caught.
    pub fn caught(&self) -> usize {
        self.mutants.iter().filter(|m| matches!(m.verdict, Verdict::Caught { .. })).count()
    }

    /// 3 when the baseline did not pass or a run could not happen, 1 when a mutation was not
    /// caught, else 0.
    pub fn exit_code(&self) -> u8 {
        let could_not_run = self.mutants.iter().any(|m| matches!(m.verdict, Verdict::CouldNotRun { .. }));
        if !self.judged() || could_not_run {
            EXIT_COULD_NOT_RUN
        } else if !self.not_caught().is_empty() {
            EXIT_FAILED
        } else {
            EXIT_OK
        }
    }

    /// The report as Markdown: the baseline, then one row per mutation.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// A few lines for the terminal: the counts, and each mutation not caught.
    pub fn summary(&self) -> String {
        render::summary(self)
    }
}

/// Runs the suite against the correct stub, then against the stub showing each mutation in
/// `only` (all of [`Mutation::all`] when empty), one after another. `template` gives the
/// features, fixtures, tags, timeout, concurrency and (optionally) the stub config; every run
/// is quiet. `progress` gets one line per run.
pub async fn run_mutants(template: &RunOptions, only: &[Mutation], progress: &mut dyn FnMut(&str)) -> StrengthReport {
    let start = Instant::now();
    let mutations: Vec<Mutation> = if only.is_empty() { Mutation::all().to_vec() } else { only.to_vec() };
    let config = template
        .stub_config
        .clone()
        .unwrap_or_else(|| StubConfig { fixtures_dir: template.fixtures_dir.clone(), ..StubConfig::deterministic() });
    let redactor = Redactor::new(conformance_stub::profile::secrets(&config));
    let run = |mutation: Option<Mutation>| {
        let opts = RunOptions {
            base_url: None,
            profile: None,
            junit: None,
            json: None,
            quiet: true,
            capture: Some(Arc::new(Mutex::new(String::new()))),
            stub_config: Some(config.clone().with_mutation(mutation)),
            ..template.clone()
        };
        conformance_runner::run(opts)
    };
    progress(&format!("baseline: the suite against the correct stub, then {} mutations…", mutations.len()));
    let baseline = match run(None).await {
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
            let reason = redactor.text(&e.to_string());
            progress(&format!("baseline: could not run: {reason}"));
            Baseline::CouldNotRun { reason }
        }
    };
    let mut mutants = Vec::new();
    if matches!(baseline, Baseline::Passed { .. }) {
        for (i, &mutation) in mutations.iter().enumerate() {
            let began = Instant::now();
            let verdict = match run(Some(mutation)).await {
                Ok(report) => match report.failed_ids() {
                    ids if ids.is_empty() => Verdict::NotCaught,
                    ids => Verdict::Caught { by: ids.into_iter().map(String::from).collect() },
                },
                Err(e) => Verdict::CouldNotRun { reason: redactor.text(&e.to_string()) },
            };
            let said = match &verdict {
                Verdict::Caught { by } if by.len() == 1 => "caught by 1 scenario".to_string(),
                Verdict::Caught { by } => format!("caught by {} scenarios", by.len()),
                Verdict::NotCaught => "NOT CAUGHT".to_string(),
                Verdict::CouldNotRun { reason } => format!("could not run: {reason}"),
            };
            let duration = began.elapsed();
            progress(&format!("[{}/{}] {mutation} … {said} ({:.1}s)", i + 1, mutations.len(), duration.as_secs_f64()));
            mutants.push(MutantResult { mutation, verdict, duration });
        }
    }
    StrengthReport { baseline, mutants, duration: start.elapsed() }
}

/// [`run_mutants`] on a runtime of its own, for callers that are not async; `Err` when the
/// runtime cannot start.
pub fn run_mutants_blocking(
    template: &RunOptions,
    only: &[Mutation],
    progress: &mut dyn FnMut(&str),
) -> Result<StrengthReport, String> {
    Ok(crate::runtime()?.block_on(run_mutants(template, only, progress)))
}

fn failures(report: &Report, redactor: &Redactor) -> Vec<(String, String)> {
    report
        .scenarios
        .iter()
        .filter_map(|s| match &s.outcome {
            Outcome::Failed { message } | Outcome::Errored { message } => {
                Some((s.id.clone(), redactor.text(&first_line(message, 200))))
            }
            _ => None,
        })
        .collect()
}
