//! The terminal: progress lines while the suite runs (unless quiet), then the failures with
//! their messages, the skipped scenarios grouped by reason, and counts per vendor and
//! operation. Output goes to stdout, or to a buffer when the caller captures it.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};

use conformance_contract::{Redacted, Redactor};

use crate::report::{Outcome, Report};

/// Where terminal output goes; every line is redacted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Terminal {
    pub quiet: bool,
    pub capture: Option<Arc<Mutex<String>>>,
    pub redactor: Redactor,
}

impl Terminal {
    /// A progress line, unless quiet.
    pub(crate) fn progress(&self, line: &str) {
        if !self.quiet {
            self.print(line);
        }
    }

    /// Text always shown.
    pub(crate) fn print(&self, text: &str) {
        let text = self.redactor.text(text);
        match &self.capture {
            Some(buf) => {
                let mut b = buf.lock().unwrap_or_else(PoisonError::into_inner);
                b.push_str(&text);
                b.push('\n');
            }
            None => println!("{text}"),
        }
    }
}

/// A note left by many scenarios (a member on every error) names this many of them.
const NOTE_IDS: usize = 3;

/// The end-of-run text: failures, skips with reasons, counts per vendor and operation.
pub fn render(report: &Redacted<Report>) -> String {
    let mut out = String::new();
    let failures: Vec<_> = report.scenarios.iter().filter(|s| s.outcome.is_failure()).collect();
    if !failures.is_empty() {
        out.push_str("\nFailures:\n");
        for s in failures {
            let (word, message) = match &s.outcome {
                Outcome::Errored { message } => ("ERROR ", message),
                Outcome::Failed { message } => ("FAILED", message),
                _ => continue,
            };
            let row = s.example_row.as_ref().map(|r| format!(" [{r}]")).unwrap_or_default();
            let _ = writeln!(out, "\n{word} {}{row} (line {})", s.id, s.line);
            out.push_str(&crate::exchange::indent(message, "    "));
        }
    }
    let notes = report.notes();
    if !notes.is_empty() {
        out.push_str("\nNotes (the pages allow these; --strict-members makes them failures):\n");
        for (note, ids) in &notes {
            let _ = writeln!(out, "  {note}");
            for id in ids.iter().take(NOTE_IDS) {
                let _ = writeln!(out, "    - {id}");
            }
            if ids.len() > NOTE_IDS {
                let _ = writeln!(out, "    … and {} more (all are in JUnit and cucumber JSON)", ids.len() - NOTE_IDS);
            }
        }
    }
    let summary = report.summary();
    if !summary.skip_reasons.is_empty() {
        out.push_str("\nSkipped (not run), by reason:\n");
        for (reason, ids) in &summary.skip_reasons {
            let _ = writeln!(out, "  {reason}");
            for id in ids {
                let _ = writeln!(out, "    - {id}");
            }
        }
    }
    let target = if report.embedded_stub { " (embedded stub)" } else { "" };
    let _ = writeln!(
        out,
        "\nSummary: {} against {}{target}, {:.2} s",
        plural(summary.total.total(), "scenario"),
        report.target,
        report.duration.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "  {:<45} {:>6} {:>6} {:>7} {:>7}",
        "vendor / operation", "passed", "failed", "errored", "skipped"
    );
    for ((vendor, operation), c) in &summary.by_operation {
        let name = format!("{vendor} / {operation}");
        let _ = writeln!(out, "  {name:<45} {:>6} {:>6} {:>7} {:>7}", c.passed, c.failed, c.errored, c.skipped);
    }
    let t = summary.total;
    let _ = writeln!(out, "  {:<45} {:>6} {:>6} {:>7} {:>7}", "total", t.passed, t.failed, t.errored, t.skipped);
    if report.deselected > 0 {
        let _ = writeln!(out, "  ({} not selected by --tags or --shard)", plural(report.deselected, "scenario"));
    }
    let verdict = match (t.failed + t.errored, t.passed) {
        (0, 0) => "NOTHING RAN (every selected scenario was skipped; see the reasons above)",
        (0, _) => "PASSED",
        _ => "FAILED",
    };
    let _ = writeln!(out, "Result: {verdict}");
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
