//! What a run tells its reporters as it goes, as typed events (nextest's `TestEvent` and
//! reporters): plain data below the run and every reporter. The run emits them
//! ([`Events::emit`]) to the reporters that subscribed ([`Reporter`], [`Events::subscribe`]), in
//! the order they subscribed:
//! - the plan ([`Event::Planned`]), then per scenario its start, each request as sent and the
//!   answer to it (or why none came), its end ([`Event::ScenarioStarted`],
//!   [`Event::RequestSent`], [`Event::AnswerReceived`], [`Event::ScenarioFinished`]);
//! - each thing the run did to the account, as it learns it ([`Event::AccountChanged`]);
//! - the end, with the report ([`Event::RunFinished`], [`Events::finish`]).
//!
//! Nothing that runs a scenario prints or writes a file: the transport emits requests and
//! answers, the collector a scenario's start and end, the request a created resource; the
//! terminal (`crate::output::live`, `crate::output::files`), every file output and the
//! recording (`crate::ci::record`) are reporters. An event carries data as it is (a request's
//! secrets included); a reporter that shows it redacts it, as the report it is handed at the
//! end already is ([`Redacted`]). A reporter that fails (a file that cannot be written) stops
//! neither the run nor the other reporters: the run ends with the first such error
//! ([`Events::finish`]).

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use conformance_contract::Redacted;

use crate::account::AccountChange;
use crate::error::RunError;
use crate::report::Report;
use crate::wire::{Received, Sent, TransportError};

/// One thing a run did.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// The plan is made and printed: `to_run` scenarios will run (0 in a dry run).
    Planned { to_run: usize },
    /// Scenario `id` started.
    ScenarioStarted { id: &'a str },
    /// Attempt `n` (1-based, each retry counts) of scenario `scenario`'s request, as it goes
    /// out; a dry run sends nothing, so it is what would be sent.
    RequestSent { scenario: &'a str, n: usize, sent: &'a Sent },
    /// What came back to attempt `n` of [`Event::RequestSent`], a request of operation `op`:
    /// the answer, or why none came;
    /// `note` says why the attempt is retried (throttled, a closed kept-alive connection). A
    /// dry run's answer is a stand-in ([`Received::synthetic`]).
    AnswerReceived {
        scenario: &'a str,
        op: &'a str,
        n: usize,
        sent: &'a Sent,
        answer: Result<&'a Received, &'a TransportError>,
        note: Option<&'a str>,
    },
    /// Scenario `id` finished after `took`, as [`Ended`] says.
    ScenarioFinished { id: &'a str, took: Duration, ended: Ended<'a> },
    /// The run did this to the account: created a resource, had a refusal accepted, set a
    /// resource back or could not.
    AccountChanged { change: &'a AccountChange },
    /// Every scenario finished, what they changed is set back, and this is the report
    /// (redacted): the last event.
    RunFinished { report: &'a Redacted<Report> },
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
    /// Takes one event, in the order the run emitted them; `Err` when it could not do what it
    /// does with it (the run goes on, and ends with the first such error).
    fn on(&self, event: &Event<'_>) -> Result<(), RunError>;
}

/// The reporters a run emits to (none while planning).
#[derive(Debug, Clone, Default)]
pub(crate) struct Events {
    reporters: Vec<Arc<dyn Reporter>>,
    /// The first error a reporter returned.
    failed: Arc<Mutex<Option<RunError>>>,
}

impl Events {
    /// Events to `reporter`.
    pub(crate) fn to(reporter: Arc<dyn Reporter>) -> Events {
        let mut events = Events::default();
        events.subscribe(reporter);
        events
    }

    /// Adds `reporter`, after those that subscribed before it.
    pub(crate) fn subscribe(&mut self, reporter: Arc<dyn Reporter>) {
        self.reporters.push(reporter);
    }

    /// Hands `event` to every reporter, in the order they subscribed; a reporter's error is
    /// kept for [`Events::finish`].
    pub(crate) fn emit(&self, event: &Event<'_>) {
        for r in &self.reporters {
            if let Err(e) = r.on(event) {
                self.failed.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(e);
            }
        }
    }

    /// Emits [`Event::RunFinished`] with `report`; `Err` with the first error any reporter
    /// returned during the run.
    pub(crate) fn finish(&self, report: &Redacted<Report>) -> Result<(), RunError> {
        self.emit(&Event::RunFinished { report });
        self.failed.lock().unwrap_or_else(PoisonError::into_inner).take().map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use conformance_contract::Redactor;

    use super::*;

    #[derive(Debug, Default)]
    struct Seen {
        events: Mutex<Vec<String>>,
        /// Fails on this event, by the start of its `Debug`.
        fails_on: Option<&'static str>,
    }

    impl Reporter for Seen {
        fn on(&self, event: &Event<'_>) -> Result<(), RunError> {
            let text = format!("{event:?}");
            let fails = self.fails_on.is_some_and(|f| text.starts_with(f));
            self.events.lock().unwrap_or_else(PoisonError::into_inner).push(text);
            if fails {
                Err(RunError::Render(format!("cannot take {}", self.fails_on.unwrap_or_default())))
            } else {
                Ok(())
            }
        }
    }

    fn seen(r: &Seen) -> Vec<String> {
        r.events.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    #[test]
    fn every_reporter_gets_every_event_in_order_and_none_is_emitted_to_nobody() {
        let first = Arc::new(Seen::default());
        let mut events = Events::to(first.clone());
        let second = Arc::new(Seen::default());
        events.subscribe(second.clone());
        events.emit(&Event::Planned { to_run: 2 });
        events.emit(&Event::ScenarioFinished { id: "a", took: Duration::ZERO, ended: Ended::Failed("why") });
        Events::default().emit(&Event::Planned { to_run: 9 });
        let report = Redacted::new(Report::default(), &Redactor::default());
        assert!(events.finish(&report).is_ok());
        let seen = seen(&first);
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert!(seen[0].starts_with("Planned { to_run: 2 }") && seen[1].contains("Failed(\"why\")"), "{seen:?}");
        assert!(seen[2].starts_with("RunFinished"), "{seen:?}");
        assert_eq!(super::tests::seen(&second), seen, "each reporter gets the same events");
    }

    #[test]
    fn a_failing_reporter_stops_neither_the_run_nor_the_others_and_its_first_error_ends_the_run() {
        let failing = Arc::new(Seen { fails_on: Some("Planned"), ..Seen::default() });
        let after = Arc::new(Seen::default());
        let mut events = Events::to(failing.clone());
        events.subscribe(after.clone());
        events.emit(&Event::Planned { to_run: 1 });
        events.emit(&Event::ScenarioStarted { id: "a" });
        let report = Redacted::new(Report::default(), &Redactor::default());
        let ended = events.finish(&report);
        assert!(matches!(&ended, Err(RunError::Render(m)) if m == "cannot take Planned"), "{ended:?}");
        assert_eq!(seen(&after).len(), 3, "the reporter after the failing one got every event");
        assert_eq!(seen(&failing).len(), 3, "the failing one too");
        assert!(events.finish(&report).is_ok(), "the error is reported once");
    }
}
