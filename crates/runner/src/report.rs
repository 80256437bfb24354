//! The result of a run, independent of how it is shown: one [`ScenarioResult`] per planned
//! scenario (passed, failed or errored with its [`Failure`], or skipped with its reason), the
//! steps each ran, what the run did to the account, and a [`Summary`] per vendor and
//! operation. Reporters (terminal, JUnit, cucumber JSON, HTML, recordings) render it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use conformance_contract::{Effect, Need, Redact, Redactor};

use crate::account::AccountChange;
use crate::failure::Failure;

pub use crate::exit::{EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_NOTHING_RAN, EXIT_OK, EXIT_USAGE};

/// What one scenario really used: found by planning it, and again while it runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Used {
    /// The needs its steps bound.
    pub needs: BTreeSet<Need>,
    /// The shared allowances it spends: `(allowance, pool key)` (`wrong-signature`, `huawei.ak`).
    pub spends: BTreeSet<(String, String)>,
    /// What its accepted requests did, by the documented effect of each 2xx answered.
    pub effect: Option<Effect>,
}

/// Everything a run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The base URL the suite ran against.
    pub target: String,
    /// True when the target was the embedded stub.
    pub embedded_stub: bool,
    /// The features, in path order.
    pub features: Vec<FeatureInfo>,
    /// Every selected scenario, in feature and line order.
    pub scenarios: Vec<ScenarioResult>,
    /// Scenarios deselected by `--tags` or outside the `--shard` (not run, not skipped).
    pub deselected: usize,
    /// Wall time of the whole run.
    pub duration: Duration,
    /// What the run did to the account, in order: against a real target each service it added
    /// (which the pages give no way to delete); against any target, at its end, each resource
    /// it set back to its start value or could not (the scenario that left it changed errored).
    pub account: Vec<AccountChange>,
    /// What each scenario that ran really used (needs, a wrong AK), by scenario id.
    pub used: BTreeMap<String, Used>,
    /// The features folder as locations name it (`features`, or `--features DIR` as given).
    pub features_root: String,
    /// Hints the run found for the user, one line each (every request with credentials with
    /// permission answered 401: the credential was refused).
    pub hints: Vec<String>,
    /// A dry run: nothing was sent, every scenario is skipped on purpose.
    pub dry_run: bool,
    /// `--min-ran`: fewer scenarios that ran fail the run (exit 4).
    pub min_ran: Option<crate::exit::MinRan>,
    /// The id each outline row of the suite had before rows were named by their values
    /// (`<feature path>::<outline name> #<row>`) → its id now, selected or not: old
    /// baselines are read through it.
    pub legacy_ids: BTreeMap<String, String>,
    /// The signal that stopped the run (it started nothing new after it, set back what it had
    /// changed and exits the signal's code).
    pub interrupted: Option<crate::interrupt::Signal>,
}

/// A feature file.
#[derive(Debug, Clone)]
pub struct FeatureInfo {
    /// Path relative to the features folder (`huawei-apig/postpaid-resize.feature`).
    pub path: String,
    /// The feature's name.
    pub name: String,
    /// Its line.
    pub line: usize,
    /// Its tags, without `@`.
    pub tags: Vec<String>,
}

/// One scenario (one row of an outline).
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// Stable id: `<feature path>::<name>`.
    pub id: String,
    /// The feature's path relative to the features folder.
    pub feature: String,
    /// Vendor tag (`huawei-apig`).
    pub vendor: String,
    /// Operation tag (`postpaid-resize`).
    pub operation: String,
    /// The scenario's one name, used everywhere: placeholders filled and, for an outline row,
    /// its example values (`Each of the three actions [action=change, status=204]`).
    pub name: String,
    /// The outline row as `column=value` pairs, for outline rows.
    pub example_row: Option<String>,
    /// Line of the scenario (of the row, for outlines).
    pub line: usize,
    /// All its tags (feature, scenario and examples), without `@`.
    pub tags: Vec<String>,
    /// What happened.
    pub outcome: Outcome,
    /// How long it ran (zero when skipped).
    pub duration: Duration,
    /// Its steps (background first), each with what happened.
    pub steps: Vec<StepResult>,
    /// What its checks noticed but the pages allow (members the documentation does not show),
    /// one line each; failures only under `--strict-members`.
    pub notes: Vec<String>,
}

/// What happened to a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every step passed.
    Passed,
    /// A check failed: the target does not behave as documented (JUnit `<failure>`); what
    /// was checked, expected and received, where, and the exchange (secrets redacted).
    Failed(Failure),
    /// The check could not run: the request timed out or the connection broke (JUnit
    /// `<error>`); what went wrong, where, with the request sent (secrets redacted).
    Errored(Failure),
    /// Not run: the profile does not meet the scenario's needs.
    Skipped {
        /// Which need and what the profile lacks.
        reason: String,
    },
}

impl Outcome {
    /// True for failed and errored.
    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_) | Outcome::Errored(_))
    }

    /// The failure, for failed and errored.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Outcome::Failed(f) | Outcome::Errored(f) => Some(f),
            Outcome::Passed | Outcome::Skipped { .. } => None,
        }
    }

    /// The word for it: `passed`, `failed`, `errored`, `skipped`.
    pub fn word(&self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed(_) => "failed",
            Outcome::Errored(_) => "errored",
            Outcome::Skipped { .. } => "skipped",
        }
    }
}

/// One step of a scenario.
#[derive(Debug, Clone)]
pub struct StepResult {
    /// `Given `, `When `, `Then `, `And `…
    pub keyword: String,
    /// The step's text.
    pub text: String,
    /// Its line.
    pub line: usize,
    /// What happened.
    pub status: StepStatus,
    /// How long it ran.
    pub duration: Duration,
}

/// What happened to a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// Passed.
    Passed,
    /// Failed (its message is the scenario's).
    Failed,
    /// Not run: an earlier step failed, or the scenario was skipped.
    Skipped,
    /// No step definition matches its text.
    Undefined,
}

/// Counts of outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Passed.
    pub passed: usize,
    /// Failed checks.
    pub failed: usize,
    /// Checks that could not run.
    pub errored: usize,
    /// Skipped for unmet needs.
    pub skipped: usize,
}

impl Counts {
    fn add(&mut self, o: &Outcome) {
        match o {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed(_) => self.failed += 1,
            Outcome::Errored(_) => self.errored += 1,
            Outcome::Skipped { .. } => self.skipped += 1,
        }
    }

    /// All of them.
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.errored + self.skipped
    }

    /// The ones that ran: passed, failed or errored.
    pub fn ran(&self) -> usize {
        self.passed + self.failed + self.errored
    }
}

/// Outcomes in total, per vendor and operation, and the skip reasons.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Over all scenarios.
    pub total: Counts,
    /// Per `(vendor, operation)`.
    pub by_operation: BTreeMap<(String, String), Counts>,
    /// Each skip reason with the ids of the scenarios it skipped.
    pub skip_reasons: BTreeMap<String, Vec<String>>,
}

impl Redact for Report {
    fn redact(&mut self, r: &Redactor) {
        self.target.redact(r);
        self.features.redact(r);
        self.scenarios.redact(r);
        self.account.redact(r);
        self.features_root.redact(r);
        self.hints.redact(r);
        self.used = std::mem::take(&mut self.used).into_iter().map(|(id, u)| (r.text(&id), u)).collect();
    }
}

impl Redact for FeatureInfo {
    fn redact(&mut self, r: &Redactor) {
        self.path.redact(r);
        self.name.redact(r);
        self.tags.redact(r);
    }
}

impl Redact for ScenarioResult {
    fn redact(&mut self, r: &Redactor) {
        for text in [&mut self.id, &mut self.feature, &mut self.vendor, &mut self.operation, &mut self.name] {
            text.redact(r);
        }
        self.example_row.redact(r);
        self.tags.redact(r);
        match &mut self.outcome {
            Outcome::Passed => {}
            Outcome::Failed(f) | Outcome::Errored(f) => f.redact(r),
            Outcome::Skipped { reason } => reason.redact(r),
        }
        for step in &mut self.steps {
            step.keyword.redact(r);
            step.text.redact(r);
        }
        self.notes.redact(r);
    }
}

impl Report {
    /// Counts per vendor and operation, and why scenarios were skipped.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for r in &self.scenarios {
            s.total.add(&r.outcome);
            s.by_operation.entry((r.vendor.clone(), r.operation.clone())).or_default().add(&r.outcome);
            if let Outcome::Skipped { reason } = &r.outcome {
                s.skip_reasons.entry(reason.clone()).or_default().push(r.id.clone());
            }
        }
        s
    }

    /// [`EXIT_FAILED`] when a scenario failed or errored, else [`EXIT_NOTHING_RAN`] when none
    /// ran (a dry run aside: it runs nothing on purpose), else [`EXIT_OK`].
    pub fn exit_code(&self) -> u8 {
        if let Some(signal) = self.interrupted {
            signal.exit_code()
        } else if self.scenarios.iter().any(|s| s.outcome.is_failure()) {
            EXIT_FAILED
        } else if (self.ran() == 0 && !self.dry_run) || self.too_few().is_some() {
            EXIT_NOTHING_RAN
        } else {
            EXIT_OK
        }
    }

    /// Why fewer scenarios ran than `--min-ran` asks (`2 of 114 scenarios ran; --min-ran 50%
    /// asks for at least 57`), if they did.
    pub fn too_few(&self) -> Option<String> {
        let min = self.min_ran.filter(|_| !self.dry_run)?;
        let (ran, selected) = (self.ran(), self.scenarios.len());
        let required = min.required(selected);
        (ran < required)
            .then(|| format!("{ran} of {selected} scenarios ran; --min-ran {min} asks for at least {required}"))
    }

    /// How many scenarios ran (passed, failed or errored).
    pub fn ran(&self) -> usize {
        self.scenarios.iter().filter(|s| !matches!(s.outcome, Outcome::Skipped { .. })).count()
    }

    /// The URLs of the resources the run created, in order.
    pub fn created(&self) -> Vec<&str> {
        self.account
            .iter()
            .filter(|a| a.change == crate::account::Change::Created)
            .map(|a| a.resource.as_str())
            .collect()
    }

    /// The resources of the account the run set back at its end, or could not
    /// ([`crate::Change::Restored`], [`crate::Change::NotRestored`]), in key order.
    pub fn restores(&self) -> impl Iterator<Item = &AccountChange> {
        use crate::account::Change;
        self.account
            .iter()
            .filter(|a| matches!(a.change, Change::Restored | Change::NotRestored | Change::ChangedForGood))
    }

    /// What the run did to the account through scenario `id`.
    pub fn account_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a AccountChange> + 'a {
        self.account.iter().filter(move |a| a.scenario == id)
    }

    /// The ids of the failed and errored scenarios, in order.
    pub fn failed_ids(&self) -> Vec<&str> {
        self.scenarios.iter().filter(|s| s.outcome.is_failure()).map(|s| s.id.as_str()).collect()
    }

    /// Every note of the run, each with the ids of the scenarios that left it, in note order.
    pub fn notes(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for s in &self.scenarios {
            for n in &s.notes {
                out.entry(n.as_str()).or_default().push(s.id.as_str());
            }
        }
        out
    }

    /// The result with this id.
    pub fn scenario(&self, id: &str) -> Option<&ScenarioResult> {
        self.scenarios.iter().find(|s| s.id == id)
    }
}
