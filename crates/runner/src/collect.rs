//! The cucumber writer of a run: it turns cucumber's events into per-scenario records (steps
//! with their status and time, the [`Failure`] a step raised — cucumber carries it as the
//! step's panic payload, downcast here — with its location added) keyed by the plan's order,
//! and emits each scenario's start and end, with its outcome (`crate::events`). Reporters never
//! see cucumber events, only the run's own.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use cucumber::event::{self, Cucumber, HookType, StepError};
use cucumber::{Event, parser};

use crate::events::{self, Ended, Events};
use crate::failure::{Failure, Kind, Location};
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
    /// The first failure, located.
    pub failure: Option<Failure>,
    /// Notes the scenario's checks left (undocumented members), handed over by the `after` hook.
    pub notes: Vec<String>,
    /// What its steps used, handed over by the `after` hook.
    pub used: Option<crate::world::Used>,
    /// The statuses answered to its requests with credentials with permission, handed over by
    /// the `after` hook.
    pub permitted: Vec<u16>,
}

/// Records shared with the run once cucumber is done.
pub(crate) type Records = Arc<Mutex<Vec<Record>>>;

/// The writer.
#[derive(Debug)]
pub(crate) struct Collector {
    /// `(absolute feature path, scenario line)` → the scenario's index in plan order.
    pub index: HashMap<(PathBuf, usize), usize>,
    /// Each feature's path relative to the features folder, by cucumber's absolute path.
    pub features: HashMap<PathBuf, String>,
    /// The features folder as locations name it.
    pub root: String,
    /// Each scenario's id, by index.
    pub ids: Vec<String>,
    pub records: Records,
    /// Where each finished scenario goes.
    pub events: Events,
}

/// The failure a step's panic carries: the step's own [`Failure`], or any other panic's text.
fn failure_of(e: &StepError) -> Failure {
    match e {
        StepError::Panic(info) => info.downcast_ref::<Failure>().cloned().unwrap_or_else(|| {
            let text = info
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| info.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_else(|| "the step panicked".into());
            Failure::new(Kind::Step, text)
        }),
        StepError::NotFound => Failure::new(Kind::Step, "no step definition matches this step"),
        other => Failure::new(Kind::Step, other.to_string()),
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
        let file = self.features.get(&key.0).cloned().unwrap_or_default();
        let at = |line: usize, step: &str| Location {
            root: self.root.clone(),
            file: file.clone(),
            line,
            step: step.trim().to_string(),
        };
        let (mut started, mut finished) = (false, false);
        self.with_record(&key, |r| match ev {
            event::Scenario::Started => {
                r.started = Some(now);
                started = true;
            }
            event::Scenario::Finished => {
                r.finished = Some(now);
                finished = true;
            }
            event::Scenario::Hook(ty, event::Hook::Failed(_, info)) => {
                let which = if matches!(ty, HookType::Before) { "before" } else { "after" };
                let cause = failure_of(&StepError::Panic(info));
                let f = Failure::new(Kind::Hook, format!("the {which} hook failed: {}", cause.reason));
                r.failure.get_or_insert(f.at(at(key.1, "(hook)")));
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
                        let f = Failure::new(Kind::Step, "this step matches no step definition");
                        r.failure.get_or_insert(f.at(at(line, &text)));
                    }
                    event::Step::Failed(_, _, _, err) => {
                        r.steps.push((line, StepStatus::Failed, took()));
                        r.failure.get_or_insert(failure_of(&err).at(at(line, &text)));
                    }
                }
            }
        });
        if started && let Some(id) = self.index.get(&key).and_then(|&i| self.ids.get(i)) {
            self.events.emit(&events::Event::ScenarioStarted { id });
        }
        if finished {
            self.scenario_finished(&key);
        }
    }

    /// Emits the scenario's end: its id, time, outcome and, when it did not pass, the reason.
    fn scenario_finished(&self, key: &(PathBuf, usize)) {
        let Some(&i) = self.index.get(key) else { return };
        let (ended, took) = {
            let records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(r) = records.get(i) else { return };
            let took = r.started.zip(r.finished).map(|(a, b)| b.duration_since(a)).unwrap_or_default();
            match &r.failure {
                // A scenario a signal stopped is reported skipped at the end.
                Some(f) if crate::failure::is_not_sent(f) => return,
                None => (None, took),
                Some(f) => (Some((f.is_error(), f.reason.clone())), took),
            }
        };
        let id = self.ids.get(i).map_or("", String::as_str);
        let ended = match &ended {
            None => Ended::Passed,
            Some((true, reason)) => Ended::Errored(reason),
            Some((false, reason)) => Ended::Failed(reason),
        };
        self.events.emit(&events::Event::ScenarioFinished { id, took, ended });
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
            _ => return,
        };
        self.scenario((path, scenario.position.line), ev.event);
    }
}
