//! The vendor compatibility matrix: the suite's outcomes on several targets side by side.
//!
//! Rows are scenarios (the union over the targets, grouped by vendor then operation, in the
//! order the reports list them), columns are targets, and each cell is what happened to that
//! scenario there: pass, fail or error with the failure's one-line reason (the whole message
//! kept for the HTML page to expand), skip with the reason,
//! or nothing when the target could not run or did not plan the scenario. Each target gets
//! a [`Score`]: the share of applicable documented behaviours it meets.
//!
//! [`run_targets`] produces the runs, [`Matrix::from_runs`] tabulates them (redacting every
//! target's secrets), [`Matrix::to_markdown`] and [`Matrix::to_html`] render it.

mod html;
mod markdown;
mod run;

use conformance_contract::{Redacted, Redactor};
use conformance_runner::{EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_OK, Outcome, Report};

pub use run::{TargetRun, TargetSpec, TargetUrl, check_unique_names, run_targets, run_targets_blocking};

/// The matrix: one [`Column`] per target, one [`Row`] per scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// The targets, in the order given.
    pub columns: Vec<Column>,
    /// The scenarios, grouped by vendor then operation; each has one cell per column.
    pub rows: Vec<Row>,
}

/// A target.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its name, as given on the command line.
    pub name: String,
    /// What it is, for people: its base URL (credentials in it hidden) or `embedded stub`.
    pub url: String,
    /// Its score, or why it could not run.
    pub status: ColumnStatus,
}

/// Whether a target ran.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnStatus {
    /// The suite ran; its score.
    Ran(Score),
    /// The suite could not run there at all (unreachable, bad profile…).
    CouldNotRun {
        /// Why (redacted).
        reason: String,
    },
}

/// Outcome counts of one target, and its compatibility score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Scenarios passed.
    pub passed: usize,
    /// Scenarios failed (the target does not behave as documented).
    pub failed: usize,
    /// Scenarios errored (a request could not complete).
    pub errored: usize,
    /// Scenarios skipped: the target's profile does not provide what they need.
    pub skipped: usize,
}

impl Score {
    /// Scenarios that ran there: the applicable documented behaviours.
    pub fn applicable(&self) -> usize {
        self.passed + self.failed + self.errored
    }

    /// The share of applicable behaviours met, in percent; `None` when none was applicable.
    pub fn percent(&self) -> Option<f64> {
        let applicable = self.applicable();
        (applicable > 0).then(|| 100.0 * self.passed as f64 / applicable as f64)
    }

    /// `96.0% (48/50)`, or `n/a (0 applicable)`.
    pub fn display(&self) -> String {
        match self.percent() {
            Some(p) => format!("{p:.1}% ({}/{})", self.passed, self.applicable()),
            None => "n/a (0 applicable)".to_string(),
        }
    }
}

/// A scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its stable id (`<feature path>::<name>`).
    pub id: String,
    /// Vendor tag (`huawei-apig`).
    pub vendor: String,
    /// Operation tag (`postpaid-resize`).
    pub operation: String,
    /// Its one name (an outline row's with its example values), as every report names it.
    pub name: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// What happened to one scenario on one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Passed.
    Pass,
    /// A check failed.
    Fail {
        /// The one-line reason (redacted), as JUnit's `message` and the HTML summary say it.
        reason: String,
        /// The whole message: location, step, reason, detail, exchange (redacted).
        message: String,
    },
    /// The check could not complete (timeout, broken connection).
    Error {
        /// The one-line reason (redacted).
        reason: String,
        /// The whole message (redacted).
        message: String,
    },
    /// Not applicable: the target's profile does not meet the scenario's needs.
    Skip {
        /// Which need, and what the profile lacks.
        reason: String,
    },
    /// No result: the target could not run, or did not plan this scenario.
    Absent,
}

impl Cell {
    fn from_outcome(o: &Outcome) -> Cell {
        match o {
            Outcome::Passed => Cell::Pass,
            Outcome::Failed(f) => Cell::Fail { reason: f.reason.clone(), message: f.message() },
            Outcome::Errored(f) => Cell::Error { reason: f.reason.clone(), message: f.message() },
            Outcome::Skipped { reason } => Cell::Skip { reason: reason.clone() },
        }
    }

    /// Its CSS class and one-word label: `pass`, `fail`, `error`, `skip`, `none`.
    pub fn class(&self) -> &'static str {
        match self {
            Cell::Pass => "pass",
            Cell::Fail { .. } => "fail",
            Cell::Error { .. } => "error",
            Cell::Skip { .. } => "skip",
            Cell::Absent => "none",
        }
    }

    /// The one-line reason of a failure, or the skip reason, if it has one.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Cell::Fail { reason, .. } | Cell::Error { reason, .. } | Cell::Skip { reason } => Some(reason),
            Cell::Pass | Cell::Absent => None,
        }
    }

    /// The whole message of a failure, or the skip reason, if it has one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Cell::Fail { message, .. } | Cell::Error { message, .. } => Some(message),
            Cell::Skip { reason } => Some(reason),
            Cell::Pass | Cell::Absent => None,
        }
    }

    fn redact(&mut self, r: &Redactor) {
        match self {
            Cell::Fail { reason, message } | Cell::Error { reason, message } => {
                *reason = r.text(reason);
                *message = r.text(message);
            }
            Cell::Skip { reason } => *reason = r.text(reason),
            Cell::Pass | Cell::Absent => {}
        }
    }
}

impl Matrix {
    /// The matrix of reports that all ran, named by target; nothing is redacted (see
    /// [`Matrix::redact`]).
    pub fn from_reports(reports: Vec<(String, Report)>) -> Matrix {
        let runs = reports
            .into_iter()
            .map(|(name, report)| {
                let url = if report.embedded_stub { "embedded stub".to_string() } else { report.target.clone() };
                TargetRun { name, url, result: Ok(report), secrets: Vec::new() }
            })
            .collect();
        Matrix::from_runs(runs)
    }

    /// The matrix of these runs, every target's secrets redacted: the reports are tabulated
    /// only once redacted, and so are the URLs and the reasons a target could not run.
    pub fn from_runs(runs: Vec<TargetRun>) -> Matrix {
        let redactor = Redactor::new(runs.iter().flat_map(|r| r.secrets.iter().cloned()));
        let runs: Vec<(String, String, Result<Redacted<Report>, String>)> = runs
            .into_iter()
            .map(|r| {
                let result = r.result.map(|report| Redacted::new(report, &redactor)).map_err(|e| redactor.text(&e));
                (r.name, redactor.text(&crate::text::hide_userinfo(&r.url)), result)
            })
            .collect();
        let mut rows: Vec<Row> = Vec::new();
        let mut groups: Vec<(String, String)> = Vec::new();
        for (_, _, result) in &runs {
            for s in result.iter().flat_map(|r| &r.scenarios) {
                if rows.iter().any(|r| r.id == s.id) {
                    continue;
                }
                let group = (s.vendor.clone(), s.operation.clone());
                if !groups.contains(&group) {
                    groups.push(group);
                }
                rows.push(Row {
                    id: s.id.clone(),
                    vendor: s.vendor.clone(),
                    operation: s.operation.clone(),
                    name: s.name.clone(),
                    cells: Vec::new(),
                });
            }
        }
        let group_of = |r: &Row| groups.iter().position(|(v, o)| *v == r.vendor && *o == r.operation);
        rows.sort_by_key(group_of);
        let mut columns = Vec::new();
        for (name, url, result) in &runs {
            let status = match result {
                Ok(report) => {
                    let mut score = Score::default();
                    for s in &report.scenarios {
                        match s.outcome {
                            Outcome::Passed => score.passed += 1,
                            Outcome::Failed(_) => score.failed += 1,
                            Outcome::Errored(_) => score.errored += 1,
                            Outcome::Skipped { .. } => score.skipped += 1,
                        }
                    }
                    ColumnStatus::Ran(score)
                }
                Err(reason) => ColumnStatus::CouldNotRun { reason: reason.clone() },
            };
            columns.push(Column { name: name.clone(), url: url.clone(), status });
            for row in &mut rows {
                let cell = match result {
                    Ok(report) => report.scenario(&row.id).map_or(Cell::Absent, |s| Cell::from_outcome(&s.outcome)),
                    Err(_) => Cell::Absent,
                };
                row.cells.push(cell);
            }
        }
        Matrix { columns, rows }
    }

    /// Replaces every secret `redactor` knows in every message, reason and URL.
    pub fn redact(&mut self, redactor: &Redactor) {
        for c in &mut self.columns {
            c.url = redactor.text(&c.url);
            if let ColumnStatus::CouldNotRun { reason } = &mut c.status {
                *reason = redactor.text(reason);
            }
        }
        for row in &mut self.rows {
            for cell in &mut row.cells {
                cell.redact(redactor);
            }
        }
    }

    /// The rows of each vendor and operation, in order: `(vendor, operation, rows)`.
    pub fn groups(&self) -> Vec<(&str, &str, &[Row])> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=self.rows.len() {
            let next = self.rows.get(i);
            let this = &self.rows[start];
            if next.is_none_or(|n| n.vendor != this.vendor || n.operation != this.operation) {
                out.push((this.vendor.as_str(), this.operation.as_str(), &self.rows[start..i]));
                start = i;
            }
        }
        out
    }

    /// The score of the column named `name`, if it ran.
    pub fn score(&self, name: &str) -> Option<Score> {
        self.columns.iter().find(|c| c.name == name).and_then(|c| match c.status {
            ColumnStatus::Ran(s) => Some(s),
            ColumnStatus::CouldNotRun { .. } => None,
        })
    }

    /// The matrix as Markdown: the scores, then one table per vendor and operation.
    /// The command's verdict: [`EXIT_COULD_NOT_RUN`] when a target could not run (the others
    /// are still in the matrix), else [`EXIT_FAILED`] when `min_score` is given and a target
    /// scored below it or has no applicable scenario, else [`EXIT_OK`]; with the reason.
    pub fn exit_code(&self, min_score: Option<f64>) -> (u8, Option<String>) {
        let could_not_run: Vec<&str> = self
            .columns
            .iter()
            .filter(|c| matches!(c.status, ColumnStatus::CouldNotRun { .. }))
            .map(|c| c.name.as_str())
            .collect();
        if !could_not_run.is_empty() {
            return (EXIT_COULD_NOT_RUN, Some(format!("could not run against: {}", could_not_run.join(", "))));
        }
        let Some(min) = min_score else { return (EXIT_OK, None) };
        let below: Vec<String> = self
            .columns
            .iter()
            .filter_map(|c| match &c.status {
                ColumnStatus::Ran(s) if s.percent().is_none_or(|p| p < min) => {
                    Some(format!("{} ({})", c.name, s.display()))
                }
                _ => None,
            })
            .collect();
        if below.is_empty() {
            (EXIT_OK, None)
        } else {
            (EXIT_FAILED, Some(format!("below --min-score {min}%: {}", below.join(", "))))
        }
    }

    /// The matrix as Markdown.
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// The matrix as one self-contained HTML page: inline CSS, no scripts, no external URLs.
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// A few lines for the terminal: each target's score or why it could not run.
    pub fn summary(&self) -> String {
        let width = self.columns.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
        let mut out = String::new();
        for c in &self.columns {
            let line = match &c.status {
                ColumnStatus::Ran(s) => format!(
                    "{} — {} passed, {} failed, {} errored, {} skipped",
                    s.display(),
                    s.passed,
                    s.failed,
                    s.errored,
                    s.skipped
                ),
                ColumnStatus::CouldNotRun { reason } => {
                    format!("could not run: {}", crate::text::first_line(reason, 300))
                }
            };
            out.push_str(&format!("  {:<width$}  {line}\n", c.name));
        }
        out
    }
}

/// The explanation of the score printed under both renderings.
pub(crate) const SCORE_NOTE: &str = "Score: the share of applicable documented behaviours met — passed ÷ (passed + failed + errored). \
     A skipped scenario is not applicable: the target's profile does not provide what it needs.";
