//! The cucumber writer of a run: it turns cucumber's events into per-scenario records (steps
//! with their status and time, the failure message, whether the failure was a check or a
//! request that could not complete) keyed by the plan's order, and prints a progress line per
//! feature as it finishes. Reporters never see cucumber events, only the [`crate::Report`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use cucumber::event::{self, Cucumber, HookType, StepError};
use cucumber::{Event, parser};

use crate::output::terminal::Terminal;
use crate::report::StepStatus;
use crate::world::ConformanceWorld;

/// What happened to one scenario while it ran.
#[derive(Debug, Default, Clone)]
pub(crate) struct Record {
    pub started: Option<Instant>,
    pub finished: Option<Instant>,
    /// `(line, status, duration)` of each step that reported.
    pub steps: Vec<(usize, StepStatus, Duration)>,
    step_started: Option<Instant>,
    /// The first failure.
    pub failure: Option<Failure>,
    /// Notes the scenario's checks left (undocumented members), handed over by the `after` hook.
    pub notes: Vec<String>,
    /// What its steps used, handed over by the `after` hook.
    pub used: Option<crate::world::Used>,
}

/// Why a scenario did not pass; the message says where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// A check failed (or a step matched no definition): the target does not behave as documented.
    Check(String),
    /// A request could not complete, or a hook failed: the check could not run.
    Errored(String),
}

/// Records shared with the run once cucumber is done.
pub(crate) type Records = Arc<Mutex<Vec<Record>>>;

/// A feature's scenarios, for its progress line.
#[derive(Debug, Clone)]
pub(crate) struct FeatureProgress {
    pub path: String,
    pub indices: Vec<usize>,
    pub skipped: usize,
}

/// The writer.
#[derive(Debug)]
pub(crate) struct Collector {
    pub index: HashMap<(PathBuf, usize), usize>,
    pub features: HashMap<PathBuf, FeatureProgress>,
    pub records: Records,
    pub terminal: Terminal,
}

/// Where a failure happened, the way hurl points at its file: `--> features/<file>:<line>`, then
/// the step's keyword and text, then `message`.
pub(crate) fn at_step(feature: &str, line: usize, step: &str, message: &str) -> String {
    format!("--> features/{feature}:{line}\n    {}\n{message}", step.trim())
}

fn message(e: &StepError) -> String {
    match e {
        StepError::Panic(info) => info
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.downcast_ref::<&str>().map(|s| (*s).to_string()))
            .unwrap_or_else(|| "the step panicked".into()),
        StepError::NotFound => "no step definition matches this step".into(),
        other => other.to_string(),
    }
}

impl Collector {
    fn with_record(&self, key: &(PathBuf, usize), f: impl FnOnce(&mut Record)) {
        if let Some(&i) = self.index.get(key) {
            let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(r) = records.get_mut(i) {
                f(r);
            }
        }
    }

    fn scenario(&self, key: (PathBuf, usize), ev: event::Scenario<ConformanceWorld>) {
        let now = Instant::now();
        let feature = self.features.get(&key.0).map(|f| f.path.clone()).unwrap_or_default();
        let at = |line: usize, step: &str, m: &str| at_step(&feature, line, step, m);
        self.with_record(&key, |r| match ev {
            event::Scenario::Started => r.started = Some(now),
            event::Scenario::Finished => r.finished = Some(now),
            event::Scenario::Hook(ty, event::Hook::Failed(_, info)) => {
                let which = if matches!(ty, HookType::Before) { "before" } else { "after" };
                let m = format!("the {which} hook failed: {}", message(&StepError::Panic(info)));
                r.failure.get_or_insert(Failure::Errored(at(key.1, "(hook)", &m)));
            }
            event::Scenario::Hook(..) | event::Scenario::Log(_) => {}
            event::Scenario::Background(step, ev) | event::Scenario::Step(step, ev) => {
                let line = step.position.line;
                let text = format!("{}{}", step.keyword, step.value);
                let took = || r.step_started.map(|s| now.duration_since(s)).unwrap_or_default();
                match ev {
                    event::Step::Started => r.step_started = Some(now),
                    event::Step::Passed(..) => r.steps.push((line, StepStatus::Passed, took())),
                    event::Step::Skipped => {
                        r.steps.push((line, StepStatus::Undefined, took()));
                        let m = "this step matches no step definition";
                        r.failure.get_or_insert(Failure::Check(at(line, &text, m)));
                    }
                    event::Step::Failed(_, _, world, err) => {
                        r.steps.push((line, StepStatus::Failed, took()));
                        let m = at(line, &text, &message(&err));
                        let failure = if world.as_ref().is_some_and(|w| w.errored) {
                            Failure::Errored(m)
                        } else {
                            Failure::Check(m)
                        };
                        r.failure.get_or_insert(failure);
                    }
                }
            }
        });
    }

    fn feature_finished(&self, path: &PathBuf) {
        let Some(f) = self.features.get(path) else { return };
        let records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut passed, mut failed) = (0, 0);
        for i in &f.indices {
            match records.get(*i).map(|r| r.failure.is_some()) {
                Some(true) => failed += 1,
                Some(false) => passed += 1,
                None => {}
            }
        }
        let word = if failed > 0 { "FAIL" } else { "ok  " };
        let skipped = if f.skipped > 0 { format!(", {} skipped", f.skipped) } else { String::new() };
        let failed = if failed > 0 { format!(", {failed} failed") } else { String::new() };
        self.terminal.progress(&format!("  {word} {}: {passed} passed{failed}{skipped}", f.path));
    }
}

impl cucumber::Writer<ConformanceWorld> for Collector {
    type Cli = cucumber::cli::Empty;

    async fn handle_event(&mut self, ev: parser::Result<Event<Cucumber<ConformanceWorld>>>, _: &Self::Cli) {
        let Ok(ev) = ev else { return };
        let Cucumber::Feature(feature, ev) = ev.into_inner() else { return };
        let path = feature.path.clone().unwrap_or_default();
        let (scenario, ev) = match ev {
            event::Feature::Scenario(s, ev) | event::Feature::Rule(_, event::Rule::Scenario(s, ev)) => (s, ev),
            event::Feature::Finished => return self.feature_finished(&path),
            _ => return,
        };
        self.scenario((path, scenario.position.line), ev.event);
    }
}
