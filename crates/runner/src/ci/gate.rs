//! The regression gate (`--baseline FILE`): compares a run with a stored baseline, one status
//! per scenario id (passed, failed, skipped; errored counts as failed), and fails only on
//! regressions (passed in the baseline, failed now) and on failures the baseline does not
//! accept (scenarios new to it, or skipped in it, that fail now). Known failures that still
//! fail do not fail the gate; one that fails for another kind of check or another one-line
//! reason than the baseline holds is reported changed, and fails the gate under
//! `--strict-gate`; scenarios that got fixed, newly skipped ones (a warning) and ones
//! the baseline lists but the run did not hold are reported.
//!
//! The baseline is JSON sorted by id, so it diffs well:
//! `{ "version": 1, "scenarios": { "<id>": "passed" | "failed" | "skipped" } }`. An outline
//! row's id is its name with its example values (`…::Each action [action=change]`); a
//! baseline written when rows were numbered (`…::Each action #3`) is read once through
//! [`Report::legacy_ids`], with a note to rewrite it ([`Baseline::migrate`]).

use std::fmt::Write as _;
use std::path::Path;

pub use super::baseline::{BASELINE_VERSION, Baseline, BaselineError, Reason, Status};
use crate::report::{EXIT_FAILED, EXIT_NOTHING_RAN, EXIT_OK, Outcome, Report};

/// What the gate found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate {
    /// Passed in the baseline, failed or errored now: `(id, "failed" | "errored")`.
    pub regressions: Vec<(String, String)>,
    /// Failing now, not accepted as failing by the baseline (absent from it, or skipped in
    /// it): `(id, what the baseline said)`.
    pub new_failures: Vec<(String, Option<Status>)>,
    /// Failed in the baseline, passed now.
    pub fixed: Vec<String>,
    /// Failed in the baseline and still failing (accepted).
    pub known_failures: Vec<String>,
    /// Known failures that fail for another kind of check or another reason now: `(id, in the
    /// baseline, now)`. Shown always; they fail the gate under `--strict-gate` ([`Gate::strict`]).
    pub changed: Vec<(String, Reason, Reason)>,
    /// A changed failure fails the gate (`--strict-gate`).
    pub strict: bool,
    /// Passed in the baseline, skipped now (a warning, not a failure).
    pub newly_skipped: Vec<String>,
    /// In the baseline, not in this run.
    pub missing: Vec<String>,
    /// True when the run left scenarios out (`--tags`, `--shard`), so missing ones may just
    /// not have been selected.
    pub partial: bool,
    /// Passing or skipped scenarios the baseline does not list.
    pub new_ok: usize,
}

impl Gate {
    /// Compares `report` with `baseline`.
    pub fn compare(baseline: &Baseline, report: &Report) -> Gate {
        let mut g = Gate { partial: report.deselected > 0, ..Gate::default() };
        for s in &report.scenarios {
            let id = s.id.clone();
            let before = baseline.scenarios.get(&s.id).copied();
            match (before, &s.outcome) {
                (Some(Status::Passed), Outcome::Failed(_)) => g.regressions.push((id, "failed".into())),
                (Some(Status::Passed), Outcome::Errored(_)) => g.regressions.push((id, "errored".into())),
                (Some(Status::Failed), Outcome::Failed(f) | Outcome::Errored(f)) => {
                    let now = Reason { kind: f.kind.id(), reason: f.reason.clone() };
                    if let Some(before) = baseline.reasons.get(&id).filter(|b| !b.same(&now)) {
                        g.changed.push((id.clone(), before.clone(), now));
                    }
                    g.known_failures.push(id);
                }
                (b, o) if o.is_failure() => g.new_failures.push((id, b)),
                (Some(Status::Failed), Outcome::Passed) => g.fixed.push(id),
                (Some(Status::Passed), Outcome::Skipped { .. }) => g.newly_skipped.push(id),
                (None, _) => g.new_ok += 1,
                _ => {}
            }
        }
        let ran: std::collections::HashSet<&str> = report.scenarios.iter().map(|s| s.id.as_str()).collect();
        g.missing = baseline.scenarios.keys().filter(|id| !ran.contains(id.as_str())).cloned().collect();
        g
    }

    /// True when there is no regression and no new failure (and, under `--strict-gate`, no
    /// known failure that changed).
    pub fn passed(&self) -> bool {
        self.regressions.is_empty() && self.new_failures.is_empty() && (!self.strict || self.changed.is_empty())
    }

    /// [`EXIT_OK`] when the gate passed, else [`EXIT_FAILED`].
    pub fn exit_code(&self) -> u8 {
        if self.passed() { EXIT_OK } else { EXIT_FAILED }
    }

    /// The gate section of the terminal output, for the baseline at `path`.
    pub fn render(&self, path: &Path) -> String {
        let mut out = format!("\nGate against the baseline {}:\n", path.display());
        for (id, now) in &self.regressions {
            let _ = writeln!(out, "  REGRESSION   {id} (passed in the baseline, {now} now)");
        }
        for (id, before) in &self.new_failures {
            let why = before.map_or("not in the baseline".to_string(), |b| format!("{b} in the baseline"));
            let _ = writeln!(out, "  NEW FAILURE  {id} ({why})");
        }
        let strict =
            if self.strict { "fails the gate: --strict-gate" } else { "not a gate failure without --strict-gate" };
        for (id, before, now) in &self.changed {
            let _ = writeln!(out, "  CHANGED      {id} (failed in the baseline for {before}; now for {now}; {strict})");
        }
        for id in &self.fixed {
            let _ = writeln!(out, "  fixed        {id} (failed in the baseline, passes now)");
        }
        for id in &self.newly_skipped {
            let _ = writeln!(out, "  warning: newly skipped {id} (passed in the baseline; not a gate failure)");
        }
        if !self.missing.is_empty() {
            let why = if self.partial {
                "in the baseline, not selected in this run"
            } else {
                "in the baseline, no longer in the suite"
            };
            if self.partial {
                let _ = writeln!(out, "  {} {why}", self.missing.len());
            } else {
                for id in &self.missing {
                    let _ = writeln!(out, "  removed      {id} ({why})");
                }
            }
        }
        let _ = writeln!(
            out,
            "  {} regressions, {} new failures, {} fixed, {} known failures still failing ({} for another reason), {} \
             new passing or skipped",
            self.regressions.len(),
            self.new_failures.len(),
            self.fixed.len(),
            self.known_failures.len(),
            self.changed.len(),
            self.new_ok
        );
        if !self.fixed.is_empty()
            || !self.changed.is_empty()
            || (!self.missing.is_empty() && !self.partial)
            || self.new_ok > 0
        {
            let _ = writeln!(out, "  (record the changes with --update-baseline)");
        }
        let verdict = if self.passed() { "PASSED" } else { "FAILED" };
        let _ = writeln!(out, "Gate: {verdict}");
        out
    }
}

/// What `--baseline FILE` does with a run: check it, or (`--update-baseline`) write it.
#[derive(Debug, Clone)]
pub enum GateMode {
    /// Compare the run with this baseline; the gate decides the exit code. `strict`: a known
    /// failure that fails for another reason fails the gate (`--strict-gate`).
    Check(Baseline, bool),
    /// Write the run as the new baseline, merged into the current one (if readable) when the
    /// run left scenarios out; the note says why the current one was not used.
    Update {
        /// The current baseline, when there is a readable one.
        current: Option<Baseline>,
        /// Why an existing file was not used.
        note: Option<String>,
    },
}

impl GateMode {
    /// Reads the baseline before the run, so a bad file stops it before anything runs.
    pub fn prepare(path: &Path, update: bool) -> Result<GateMode, BaselineError> {
        if !update {
            return Baseline::load(path).map(|b| GateMode::Check(b, false));
        }
        if !path.exists() {
            return Ok(GateMode::Update { current: None, note: None });
        }
        Ok(match Baseline::load(path) {
            Ok(b) => GateMode::Update { current: Some(b), note: None },
            Err(e) => GateMode::Update { current: None, note: Some(format!("{e}; writing a fresh one")) },
        })
    }

    /// The same mode, where a known failure that fails for another reason fails the gate
    /// (`--strict-gate`) when `on`.
    #[must_use]
    pub fn strict(self, on: bool) -> GateMode {
        match self {
            GateMode::Check(b, _) => GateMode::Check(b, on),
            update => update,
        }
    }

    /// After the run: the exit code and the text to print. A gate over a run in which no
    /// scenario ran is [`EXIT_NOTHING_RAN`], whatever the baseline says: it proved nothing.
    pub fn finish(&self, path: &Path, report: &Report) -> Result<(u8, String), BaselineError> {
        match self {
            GateMode::Check(baseline, strict) => {
                let mut baseline = baseline.clone();
                let renamed = baseline.migrate(report);
                let gate = Gate { strict: *strict, ..Gate::compare(&baseline, report) };
                let mut out = gate.render(path);
                if renamed > 0 {
                    out = format!(
                        "\nnote: the baseline names {renamed} outline row(s) by their old numbered ids (`… #N`); they \
                         were read as the rows' names now (their example values); rewrite it with --update-baseline\n{out}"
                    );
                }
                let nothing_ran = (report.ran() == 0 && !report.dry_run) || report.too_few().is_some();
                Ok((if nothing_ran && gate.passed() { EXIT_NOTHING_RAN } else { gate.exit_code() }, out))
            }
            GateMode::Update { current, note } => {
                let mut current = current.clone().unwrap_or_default();
                let renamed = current.migrate(report);
                let next = current.updated(report);
                next.save(path)?;
                let mut out = String::new();
                if let Some(n) = note {
                    let _ = writeln!(out, "\nwarning: {n}");
                }
                if renamed > 0 {
                    let _ = writeln!(
                        out,
                        "\nnote: {renamed} outline row(s) of the baseline had old numbered ids (`… #N`); they are \
                         written under the rows' names now (their example values)"
                    );
                }
                let _ = writeln!(out, "\nBaseline {} updated: {} scenarios.", path.display(), next.scenarios.len());
                Ok((EXIT_OK, out))
            }
        }
    }
}
