//! `--dry-run`: nothing is sent and no connection is opened. Each request is printed as it
//! would be sent (secrets redacted, AK/SK signatures computed), and answered by a stand-in
//! marked synthetic: the operation's documented success status and, for a 201, a `Location`
//! naming a placeholder service, so later steps that depend on it print their requests with
//! the placeholder. Checks of answers are not run (they pass over a stand-in), so every
//! request of a scenario is printed; the scenario is reported skipped ("dry run"), never passed.

use std::sync::Arc;

use conformance_contract::Contracts;

use crate::exchange::describe_sent;
use crate::output::terminal::Terminal;
use crate::report::{Outcome, Report};
use crate::wire::{Received, Sent};

/// The skip reason of every scenario a dry run went through.
pub const DRY_RUN: &str = "dry run";

/// The id a dry run's stand-in `Location` gives a created service, followed by `-<n>`, the
/// number of the request that created it (URL-safe as it is, so it prints as it would be sent).
pub const PLACEHOLDER: &str = "CREATED-SERVICE-ID";

/// Prints requests and answers them with stand-ins.
#[derive(Debug)]
pub(crate) struct DryRun {
    pub contracts: Arc<Contracts>,
    pub terminal: Terminal,
    /// Set once the placeholder has been explained.
    pub explained: std::sync::atomic::AtomicBool,
}

impl DryRun {
    /// Prints request `n` of `scenario` and returns its stand-in answer.
    pub(crate) fn send(&self, scenario: &str, n: usize, op: &str, sent: &Sent) -> Received {
        if !self.explained.swap(true, std::sync::atomic::Ordering::Relaxed) {
            self.terminal.print(&format!(
                "dry run: nothing is sent; {PLACEHOLDER}-<n> stands for the id of the service that the \
                 scenario's request <n> created (the Location of its 201)"
            ));
        }
        let shown = describe_sent(sent, &self.terminal.redactor);
        self.terminal.print(&format!("dry run: {scenario}: request {n}\n{}", shown.trim_end()));
        let status = self
            .contracts
            .operation(op)
            .and_then(|o| o.contract().responses.iter().map(|r| r.status).find(|s| (200..300).contains(s)))
            .unwrap_or(200);
        let mut headers = Vec::new();
        if status == 201 {
            let path = reqwest::Url::parse(&sent.url).map(|u| u.path().to_string()).unwrap_or_default();
            headers.push(("location".to_string(), format!("{}/{PLACEHOLDER}-{n}", path.trim_end_matches('/'))));
        }
        Received { status, reason: "(dry run)".into(), headers, synthetic: true, ..Received::default() }
    }
}

/// Reports every scenario the dry run went through to its end as skipped ("dry run"), never
/// passed. One that failed (a profile that lacks a value, a request that cannot be built)
/// keeps its failure.
pub(crate) fn mark_skipped(report: &mut Report) {
    for s in &mut report.scenarios {
        if s.outcome == Outcome::Passed {
            s.outcome = Outcome::Skipped { reason: DRY_RUN.to_string() };
        }
    }
}
