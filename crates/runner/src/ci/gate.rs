//! The regression gate (`--baseline FILE`): compares a run with a stored baseline, one status
//! per scenario id (passed, failed, skipped; errored counts as failed), and fails only on
//! regressions (passed in the baseline, failed now) and on failures the baseline does not
//! accept (scenarios new to it, or skipped in it, that fail now). Known failures that still
//! fail do not fail the gate; scenarios that got fixed, newly skipped ones (a warning) and ones
//! the baseline lists but the run did not hold are reported.
//!
//! The baseline is JSON sorted by id, so it diffs well:
//! `{ "version": 1, "scenarios": { "<id>": "passed" | "failed" | "skipped" } }`. An outline
//! row's id is its name with its example values (`…::Each action [action=change]`); a
//! baseline written when rows were numbered (`…::Each action #3`) is read once through
//! [`Report::legacy_ids`], with a note to rewrite it ([`Baseline::migrate`]).

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::report::{EXIT_FAILED, EXIT_NOTHING_RAN, EXIT_OK, Outcome, Report};

/// The baseline format's version.
pub const BASELINE_VERSION: u64 = 1;

/// A scenario's status in a baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Passed.
    Passed,
    /// Failed or errored.
    Failed,
    /// Skipped (the profile did not meet its needs).
    Skipped,
}

impl Status {
    /// The status of an outcome.
    pub fn of(outcome: &Outcome) -> Status {
        match outcome {
            Outcome::Passed => Status::Passed,
            Outcome::Failed(_) | Outcome::Errored(_) => Status::Failed,
            Outcome::Skipped { .. } => Status::Skipped,
        }
    }

    /// `passed`, `failed` or `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A baseline file that could not be used (exit 3); names the file and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file could not be read.
    #[error("cannot read the baseline {}: {source} (create one with --update-baseline)", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a baseline.
    #[error("the baseline {} is malformed: {message}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        message: String,
    },
    /// The file could not be written.
    #[error("cannot write the baseline {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Each scenario's status, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// Status by scenario id.
    pub scenarios: BTreeMap<String, Status>,
}

impl Baseline {
    /// The statuses of a run.
    pub fn from_report(report: &Report) -> Baseline {
        Baseline { scenarios: report.scenarios.iter().map(|s| (s.id.clone(), Status::of(&s.outcome))).collect() }
    }

    /// This baseline updated with `report`: when the run left scenarios out (`--tags`,
    /// `--shard`), the entries it did not run are kept; a full run replaces them all.
    pub fn updated(&self, report: &Report) -> Baseline {
        let mut next = if report.deselected > 0 { self.clone() } else { Baseline::default() };
        next.scenarios.extend(Baseline::from_report(report).scenarios);
        next
    }

    /// Renames the entries under an old outline-row id (`… #N`) to the row's id now, by the
    /// run's [`Report::legacy_ids`]; how many were renamed.
    pub fn migrate(&mut self, report: &Report) -> usize {
        let mut renamed = 0;
        for (old, new) in &report.legacy_ids {
            if self.scenarios.contains_key(new) {
                continue;
            }
            if let Some(status) = self.scenarios.remove(old) {
                self.scenarios.insert(new.clone(), status);
                renamed += 1;
            }
        }
        renamed
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| BaselineError::Read { path: path.to_path_buf(), source })?;
        Baseline::parse(&text).map_err(|message| BaselineError::Malformed { path: path.to_path_buf(), message })
    }

    /// Parses a baseline's text; `Err` says what is wrong.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let top = v.as_object().ok_or("expected a JSON object with \"version\" and \"scenarios\"")?;
        match top.get("version").and_then(Value::as_u64) {
            Some(BASELINE_VERSION) => {}
            Some(other) => return Err(format!("version {other} is not supported (expected {BASELINE_VERSION})")),
            None => return Err(format!("\"version\" is missing or not a number (expected {BASELINE_VERSION})")),
        }
        if let Some(k) = top.keys().find(|k| *k != "version" && *k != "scenarios") {
            return Err(format!("unknown field {k:?} (expected \"version\" and \"scenarios\")"));
        }
        let list = top
            .get("scenarios")
            .and_then(Value::as_object)
            .ok_or("\"scenarios\" is missing or not an object of scenario id → status")?;
        let mut scenarios = BTreeMap::new();
        for (id, status) in list {
            let status = match status.as_str() {
                Some("passed") => Status::Passed,
                Some("failed") => Status::Failed,
                Some("skipped") => Status::Skipped,
                _ => {
                    return Err(format!(
                        "scenario {id:?} has status {status}; expected \"passed\", \"failed\" or \"skipped\""
                    ));
                }
            };
            scenarios.insert(id.clone(), status);
        }
        Ok(Baseline { scenarios })
    }

    /// The file's text: pretty JSON sorted by id, ending in a newline.
    pub fn to_json(&self) -> String {
        let scenarios: Map<String, Value> =
            self.scenarios.iter().map(|(id, s)| (id.clone(), Value::String(s.as_str().into()))).collect();
        let mut top = Map::new();
        top.insert("version".into(), Value::from(BASELINE_VERSION));
        top.insert("scenarios".into(), Value::Object(scenarios));
        let mut text = serde_json::to_string_pretty(&Value::Object(top)).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Writes the file (to a temp file beside it, then renamed over it).
    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        super::record::write_atomic(path, self.to_json().as_bytes())
            .map_err(|source| BaselineError::Write { path: path.to_path_buf(), source })
    }
}

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
                (Some(Status::Failed), o) if o.is_failure() => g.known_failures.push(id),
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

    /// True when there is no regression and no new failure.
    pub fn passed(&self) -> bool {
        self.regressions.is_empty() && self.new_failures.is_empty()
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
            "  {} regressions, {} new failures, {} fixed, {} known failures still failing, {} new passing or skipped",
            self.regressions.len(),
            self.new_failures.len(),
            self.fixed.len(),
            self.known_failures.len(),
            self.new_ok
        );
        if !self.fixed.is_empty() || (!self.missing.is_empty() && !self.partial) || self.new_ok > 0 {
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
    /// Compare the run with this baseline; the gate decides the exit code.
    Check(Baseline),
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
            return Baseline::load(path).map(GateMode::Check);
        }
        if !path.exists() {
            return Ok(GateMode::Update { current: None, note: None });
        }
        Ok(match Baseline::load(path) {
            Ok(b) => GateMode::Update { current: Some(b), note: None },
            Err(e) => GateMode::Update { current: None, note: Some(format!("{e}; writing a fresh one")) },
        })
    }

    /// After the run: the exit code and the text to print. A gate over a run in which no
    /// scenario ran is [`EXIT_NOTHING_RAN`], whatever the baseline says: it proved nothing.
    pub fn finish(&self, path: &Path, report: &Report) -> Result<(u8, String), BaselineError> {
        match self {
            GateMode::Check(baseline) => {
                let mut baseline = baseline.clone();
                let renamed = baseline.migrate(report);
                let gate = Gate::compare(&baseline, report);
                let mut out = gate.render(path);
                if renamed > 0 {
                    out = format!(
                        "\nnote: the baseline names {renamed} outline row(s) by their old numbered ids (`… #N`); they \
                         were read as the rows' names now (their example values); rewrite it with --update-baseline\n{out}"
                    );
                }
                let nothing_ran = report.ran() == 0 && !report.dry_run;
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
