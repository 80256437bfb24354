//! The report of a run, assembled at its end (plain data, `crate::report`): each planned
//! scenario's outcome from its record (`crate::collect`), a resource the run could not set back
//! erroring the scenario that left it changed, what the run did to the account (the
//! [`AccountLog`] of its [`Event::AccountChanged`] events), what each scenario used, and the
//! hints. It is then handed, redacted, to every reporter (`crate::events::Events::finish`).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use conformance_contract::{Contracts, Profile};

use crate::account::{AccountChange, Change};
use crate::collect::Record;
use crate::error::RunError;
use crate::events::{Event, Reporter};
use crate::failure::{self, Failure, Kind};
use crate::interrupt::Signal;
use crate::plan::{Decision, Plan};
use crate::report::{Outcome, Report, ScenarioResult, StepResult, StepStatus};
use crate::world::restore::Restored;
use crate::{RunOptions, hints, leftover, thin, transport};

/// What the run did to the account, as it emitted it: the reporter the report's account list
/// comes from.
#[derive(Debug, Default)]
pub(crate) struct AccountLog(Mutex<Vec<AccountChange>>);

impl Reporter for AccountLog {
    fn on(&self, event: &Event<'_>) -> Result<(), RunError> {
        if let Event::AccountChanged { change } = event {
            self.0.lock().unwrap_or_else(PoisonError::into_inner).push((*change).clone());
        }
        Ok(())
    }
}

impl AccountLog {
    /// Every change logged, in the order emitted.
    fn take(&self) -> Vec<AccountChange> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// What a finished run hands over to be reported.
pub(crate) struct Ending<'a> {
    pub opts: &'a RunOptions,
    pub plan: &'a Plan,
    pub decisions: &'a [Decision],
    pub contracts: &'a Contracts,
    pub profile: &'a Profile,
    /// The features folder as locations name it.
    pub root: String,
    /// The base URL, and every base URL the run sent to.
    pub target: String,
    pub bases: Vec<String>,
    pub embedded_stub: bool,
    /// The target is a stub (its account is thrown away).
    pub stub_target: bool,
    /// The rules no scenario can test, one line each.
    pub untestable: Vec<String>,
    pub elapsed: Duration,
    pub interrupted: Option<Signal>,
    /// Every real answer: its URL and status (`None`: no answer).
    pub answers: Vec<(String, Option<u16>)>,
}

/// Marks the restores that failed on the scenario that left the resource changed (a dry run's
/// restores are only printed), at the scenario's line.
pub(crate) fn restores_failed(end: &Ending<'_>, records: &mut [Record], restores: Vec<Restored>) {
    let index: HashMap<&str, (usize, &str, usize)> = end
        .plan
        .scenarios()
        .enumerate()
        .map(|(i, (f, s))| (s.id.as_str(), (i, f.info.path.as_str(), s.line)))
        .collect();
    for r in restores {
        if let Some((id, failure)) = r.failure
            && let Some(&(i, file, line)) = index.get(id.as_str())
            && let Some(rec) = records.get_mut(i)
            && rec.failure.is_none()
        {
            let step = "(after the last scenario) the run sets back what it changed".to_string();
            let root = end.root.clone();
            rec.failure = Some(failure.at(failure::Location { root, file: file.into(), line, step }));
        }
    }
}

/// The report of the run `end` describes, from its `records` and the account `log`.
pub(crate) fn report(end: Ending<'_>, records: &[Record], log: &AccountLog) -> Report {
    let opts = end.opts;
    let mut report = build(end.plan, end.decisions, records, end.target, end.embedded_stub, end.elapsed);
    report.interrupted = end.interrupted;
    if let Some(signal) = report.interrupted {
        leftover::interrupted_skips(&mut report, signal);
    }
    report.features_root = end.root;
    report.dry_run = opts.dry_run;
    report.used =
        end.plan.scenarios().zip(records).filter_map(|((_, s), r)| Some((s.id.clone(), r.used.clone()?))).collect();
    // A stub's account is thrown away: what the run created there is no leftover. A refusal the
    // target accepted, and what the run set back (or could not), are listed against any target.
    // A dry run created nothing (its placeholders are no resources) and emits no change.
    report.account = log.take().into_iter().filter(|a| !(end.stub_target && a.change == Change::Created)).collect();
    report.hints = hints::hints(end.plan, end.decisions, records, end.contracts, opts, end.profile, end.stub_target);
    report.min_ran = opts.min_ran;
    report.hints.extend(thin::misrouted(&end.bases, &end.answers));
    report.hints.extend(thin::thin_warning(&report));
    report.hints.extend(end.untestable);
    if let Some(dir) = &opts.replay {
        report.target = format!("{} (replayed from {})", report.target, dir.display());
    }
    if opts.dry_run {
        transport::dry_run::mark_skipped(&mut report);
    }
    report
}

/// The report's scenarios, features and times, from the plan and each scenario's record.
fn build(
    plan: &Plan,
    decisions: &[Decision],
    records: &[Record],
    target: String,
    embedded_stub: bool,
    duration: Duration,
) -> Report {
    let mut scenarios = Vec::new();
    let mut deselected = 0;
    for (i, ((f, s), d)) in plan.scenarios().zip(decisions).enumerate() {
        let rec = records.get(i).cloned().unwrap_or_default();
        let (outcome, duration) = match d {
            Decision::Deselected => {
                deselected += 1;
                continue;
            }
            Decision::Skip(reason) => (Outcome::Skipped { reason: reason.clone() }, Duration::ZERO),
            Decision::Run => {
                let took = rec.started.zip(rec.finished).map(|(a, b)| b.duration_since(a)).unwrap_or_default();
                let outcome = match (&rec.failure, rec.finished) {
                    (Some(f), _) if f.is_error() => Outcome::Errored(f.clone()),
                    (Some(f), _) => Outcome::Failed(f.clone()),
                    (None, None) => Outcome::Errored(Failure::new(Kind::Unfinished, "the scenario did not finish")),
                    (None, Some(_)) => Outcome::Passed,
                };
                (outcome, took)
            }
        };
        let steps = s
            .steps
            .iter()
            .map(|step| {
                let done = rec.steps.iter().find(|(l, _, _)| *l == step.line);
                StepResult {
                    keyword: step.keyword.clone(),
                    text: step.text.clone(),
                    line: step.line,
                    status: done.map_or(StepStatus::Skipped, |d| d.1),
                    duration: done.map(|d| d.2).unwrap_or_default(),
                }
            })
            .collect();
        scenarios.push(ScenarioResult {
            id: s.id.clone(),
            feature: f.info.path.clone(),
            vendor: f.vendor.clone(),
            operation: f.operation.clone(),
            name: s.name.clone(),
            example_row: s.example_row.clone(),
            line: s.line,
            tags: s.tags.clone(),
            outcome,
            duration,
            steps,
            notes: rec.notes.clone(),
        });
    }
    Report {
        target,
        embedded_stub,
        features: plan.features.iter().map(|f| f.info.clone()).collect(),
        scenarios,
        deselected,
        duration,
        account: Vec::new(),
        used: Default::default(),
        features_root: String::new(),
        hints: Vec::new(),
        dry_run: false,
        min_ran: None,
        legacy_ids: plan.scenarios().filter_map(|(_, s)| Some((s.legacy_id.clone()?, s.id.clone()))).collect(),
        interrupted: None,
    }
}
