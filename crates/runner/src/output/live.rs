//! The terminal as a reporter of the run's events while it goes (`crate::events`): the plan's
//! count starts the live display, which shows the scenarios running (the one running longest,
//! and how many more); each finished scenario prints its line and steps the display, the end
//! clears it; in a dry run, each request that would be sent is printed redacted (headed
//! "would send"), the first after a line explaining the placeholder ids. The other events
//! (an answer, the account) print nothing here: a scenario's line says how
//! it ended, and the summary what the run did to the account (`crate::output::files`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::error::RunError;
use crate::events::{Ended, Event, Reporter};
use crate::failure::Transcript;
use crate::output::terminal::{Terminal, Word};
use crate::transport::dry_run::{PLACEHOLDER, WOULD_SEND};

/// The terminal, subscribed to a run.
#[derive(Debug)]
pub(crate) struct Live {
    terminal: Terminal,
    /// Set once a dry run's placeholder has been explained.
    explained: AtomicBool,
    /// The scenarios running now, in the order they started.
    running: Mutex<Vec<String>>,
}

impl Live {
    /// `terminal` as a reporter.
    pub(crate) fn new(terminal: Terminal) -> Live {
        Live { terminal, explained: AtomicBool::new(false), running: Mutex::default() }
    }

    /// Adds (or removes) `id` to the scenarios running, and shows the one running longest on the
    /// live display, with how many more are.
    fn running(&self, id: &str, started: bool) {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if started {
            running.push(id.to_string());
        } else {
            running.retain(|r| r != id);
        }
        let shown = match running.as_slice() {
            [] => String::new(),
            [one] => format!("running: {one}"),
            [first, more @ ..] => format!("running: {first} (and {} more)", more.len()),
        };
        self.terminal.running(&shown);
    }
}

impl Reporter for Live {
    fn on(&self, event: &Event<'_>) -> Result<(), RunError> {
        match *event {
            Event::Planned { to_run } => self.terminal.start(to_run),
            Event::RequestSent { scenario, n, sent, .. } if self.terminal.dry_run => {
                if !self.explained.swap(true, Ordering::Relaxed) {
                    self.terminal.print(&format!(
                        "dry run: nothing is sent; {PLACEHOLDER}-<n> stands for the id of the resource that the \
                         scenario's request <n> created (named by the header its operation documents)"
                    ));
                }
                let request = Transcript::new(sent, None, &self.terminal.redactor);
                let shown = crate::exchange::render(&request).replacen(crate::exchange::SENT, WOULD_SEND, 1);
                self.terminal.print(&format!("dry run: {scenario}: request {n}\n{}", shown.trim_end()));
            }
            Event::ScenarioStarted { id } => self.running(id, true),
            Event::ScenarioFinished { id, took, ended } => {
                self.running(id, false);
                let (word, reason) = match ended {
                    Ended::Passed => (Word::Pass, None),
                    Ended::Failed(r) => (Word::Fail, Some(r)),
                    Ended::Errored(r) => (Word::Error, Some(r)),
                };
                self.terminal.scenario_line(word, id, took, reason);
            }
            Event::RunFinished { .. } => self.terminal.finish(),
            Event::RequestSent { .. } | Event::AnswerReceived { .. } | Event::AccountChanged { .. } => {}
        }
        Ok(())
    }
}
