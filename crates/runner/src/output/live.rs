//! The terminal as a reporter of the run's events (`crate::events`): the plan's count starts
//! the live display, each finished scenario prints its line and steps the display, the end
//! clears it; in a dry run, each request that would be sent is printed (headed "would send"),
//! the first after a line explaining the placeholder ids.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::events::{Ended, Event, Reporter};
use crate::output::terminal::{Terminal, Word};
use crate::transport::dry_run::{PLACEHOLDER, WOULD_SEND};

/// The terminal, subscribed to a run.
#[derive(Debug)]
pub(crate) struct Live {
    terminal: Terminal,
    /// Set once a dry run's placeholder has been explained.
    explained: AtomicBool,
}

impl Live {
    /// `terminal` as a reporter.
    pub(crate) fn new(terminal: Terminal) -> Live {
        Live { terminal, explained: AtomicBool::new(false) }
    }
}

impl Reporter for Live {
    fn on(&self, event: &Event<'_>) {
        match *event {
            Event::Planned { to_run } => self.terminal.start(to_run),
            Event::RequestSent { scenario, n, request } if self.terminal.dry_run => {
                if !self.explained.swap(true, Ordering::Relaxed) {
                    self.terminal.print(&format!(
                        "dry run: nothing is sent; {PLACEHOLDER}-<n> stands for the id of the resource that the \
                         scenario's request <n> created (named by the header its operation documents)"
                    ));
                }
                let shown = crate::exchange::render(request).replacen(crate::exchange::SENT, WOULD_SEND, 1);
                self.terminal.print(&format!("dry run: {scenario}: request {n}\n{}", shown.trim_end()));
            }
            Event::RequestSent { .. } => {}
            Event::ScenarioFinished { id, took, ended } => {
                let (word, reason) = match ended {
                    Ended::Passed => (Word::Pass, None),
                    Ended::Failed(r) => (Word::Fail, Some(r)),
                    Ended::Errored(r) => (Word::Error, Some(r)),
                };
                self.terminal.scenario_line(word, id, took, reason);
            }
            Event::RunFinished => self.terminal.finish(),
        }
    }
}
