//! What a run tells its reporters as it goes, as typed events (nextest's `TestEvent` and
//! reporters): plain data below the run and every reporter. The run emits them
//! ([`Events::emit`]) to the reporters that subscribed ([`Reporter`]); the terminal's lines and
//! live display are one (`crate::output::live`). Nothing that runs a scenario prints: the
//! transport emits a dry run's request as an event, the collector a finished scenario.
//! The report itself (`crate::report`) is plain data built at the end, which the file outputs
//! render.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::transcript::Transcript;

/// One thing a run did.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// The plan is made and printed: `to_run` scenarios will run (0 in a dry run).
    Planned { to_run: usize },
    /// Request `n` of scenario `scenario`, as sent (secrets redacted); a dry run sends nothing,
    /// so it is what would be sent.
    RequestSent { scenario: &'a str, n: usize, request: &'a Transcript },
    /// Scenario `id` finished after `took`, as [`Ended`] says.
    ScenarioFinished { id: &'a str, took: Duration, ended: Ended<'a> },
    /// Every scenario finished and what they changed is set back (the report follows).
    RunFinished,
}

/// How a scenario ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended<'a> {
    /// Every check passed.
    Passed,
    /// A check failed, for this reason.
    Failed(&'a str),
    /// A check could not run, for this reason.
    Errored(&'a str),
}

/// A subscriber to a run's events.
pub(crate) trait Reporter: Send + Sync + fmt::Debug {
    /// Takes one event, in the order the run emitted them.
    fn on(&self, event: &Event<'_>);
}

/// The reporters a run emits to (none while planning).
#[derive(Debug, Clone, Default)]
pub(crate) struct Events {
    reporters: Vec<Arc<dyn Reporter>>,
}

impl Events {
    /// Events to `reporter`.
    pub(crate) fn to(reporter: Arc<dyn Reporter>) -> Events {
        Events { reporters: vec![reporter] }
    }

    /// Whether some reporter listens (an event need not be built otherwise).
    pub(crate) fn listened(&self) -> bool {
        !self.reporters.is_empty()
    }

    /// Hands `event` to every reporter, in the order they subscribed.
    pub(crate) fn emit(&self, event: &Event<'_>) {
        for r in &self.reporters {
            r.on(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Mutex, PoisonError};

    use super::*;

    #[derive(Debug, Default)]
    struct Seen(Mutex<Vec<String>>);

    impl Reporter for Seen {
        fn on(&self, event: &Event<'_>) {
            self.0.lock().unwrap_or_else(PoisonError::into_inner).push(format!("{event:?}"));
        }
    }

    #[test]
    fn every_reporter_gets_every_event_in_order_and_none_is_emitted_to_nobody() {
        let seen = Arc::new(Seen::default());
        let events = Events::to(seen.clone());
        assert!(events.listened() && !Events::default().listened());
        events.emit(&Event::Planned { to_run: 2 });
        events.emit(&Event::ScenarioFinished { id: "a", took: Duration::ZERO, ended: Ended::Failed("why") });
        Events::default().emit(&Event::RunFinished);
        let seen = seen.0.lock().unwrap_or_else(PoisonError::into_inner);
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert!(seen[0].starts_with("Planned") && seen[1].contains("Failed(\"why\")"), "{seen:?}");
    }
}
