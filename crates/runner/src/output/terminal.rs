//! The terminal: while the suite runs (unless quiet), one line per finished scenario with its
//! outcome and, on a terminal, a live progress display below them (indicatif) and colour
//! (unless `NO_COLOR`); then the failures with their messages, the skipped scenarios grouped
//! by reason, counts per vendor and operation, and the hints. When stdout is not a terminal
//! (a CI log, a pipe) there is no progress display, no colour and no cursor movement: plain
//! lines only. Output goes to stdout, or to a buffer when the caller captures it.

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use conformance_contract::{Redacted, Redactor};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::report::{Outcome, Report};

/// A finished scenario's outcome, as its progress line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    /// Passed.
    Pass,
    /// A check failed.
    Fail,
    /// A check could not run.
    Error,
}

impl Word {
    fn text(self) -> &'static str {
        match self {
            Word::Pass => "PASS ",
            Word::Fail => "FAIL ",
            Word::Error => "ERROR",
        }
    }

    fn style(self) -> console::Style {
        match self {
            Word::Pass => console::Style::new().green(),
            Word::Fail => console::Style::new().red().bold(),
            Word::Error => console::Style::new().yellow().bold(),
        }
    }
}

/// Whether to colour: only on a terminal, and never when `NO_COLOR` is set to anything but
/// the empty string (no-color.org) or the terminal is `dumb`.
pub(crate) fn colour_enabled(is_terminal: bool, no_color: Option<&str>, term: Option<&str>) -> bool {
    is_terminal && no_color.is_none_or(str::is_empty) && term != Some("dumb")
}

/// Where terminal output goes; every line is redacted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Terminal {
    pub quiet: bool,
    pub capture: Option<Arc<Mutex<String>>>,
    pub redactor: Redactor,
    /// Colour the outcome words (a terminal, `NO_COLOR` unset).
    pub colour: bool,
    /// stdout is a terminal (and not captured): a live progress display may be drawn.
    pub interactive: bool,
    /// A dry run: no scenario's progress line (nothing passed or failed; the requests it would
    /// send are printed instead).
    pub dry_run: bool,
    /// The live progress display while scenarios run, shared by every clone.
    live: Arc<Mutex<Option<ProgressBar>>>,
}

impl Terminal {
    /// The run's terminal: output captured into `capture`, or stdout, whose being a terminal
    /// decides the progress display and the colour.
    pub(crate) fn new(quiet: bool, capture: Option<Arc<Mutex<String>>>, redactor: Redactor) -> Terminal {
        let interactive = capture.is_none() && std::io::stdout().is_terminal();
        let colour = colour_enabled(
            interactive,
            std::env::var("NO_COLOR").ok().as_deref(),
            std::env::var("TERM").ok().as_deref(),
        );
        Terminal { quiet, capture, redactor, colour, interactive, dry_run: false, live: Arc::default() }
    }

    /// A progress line, unless quiet.
    pub(crate) fn progress(&self, line: &str) {
        if !self.quiet {
            self.print(line);
        }
    }

    /// Text always shown (above the progress display, when there is one).
    pub(crate) fn print(&self, text: &str) {
        let text = self.redactor.text(text);
        match &self.capture {
            Some(buf) => {
                let mut b = buf.lock().unwrap_or_else(PoisonError::into_inner);
                b.push_str(&text);
                b.push('\n');
            }
            None => {
                let live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
                match live.as_ref() {
                    // Above the live display, which is drawn again below it.
                    Some(bar) => bar.println(&text),
                    None => println!("{text}"),
                }
            }
        }
    }

    /// Starts the live display over `total` scenarios: only on a terminal, never when quiet.
    pub(crate) fn start(&self, total: usize) {
        if self.interactive {
            self.start_on(total, ProgressDrawTarget::stdout());
        }
    }

    /// Starts the live display over `total` scenarios on `target` (never when quiet).
    fn start_on(&self, total: usize, target: ProgressDrawTarget) {
        if self.quiet || total == 0 {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), target);
        let template = if self.colour {
            "{spinner:.cyan} {elapsed:>4} [{bar:30.cyan/blue}] {pos}/{len} {wide_msg}"
        } else {
            "{spinner} {elapsed:>4} [{bar:30}] {pos}/{len} {wide_msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        *self.live.lock().unwrap_or_else(PoisonError::into_inner) = Some(bar);
    }

    /// Ends the live display, leaving nothing of it on the screen.
    pub(crate) fn finish(&self) {
        if let Some(bar) = self.live.lock().unwrap_or_else(PoisonError::into_inner).take() {
            bar.finish_and_clear();
        }
    }

    /// What the live display says is running (redacted); nothing without one.
    pub(crate) fn running(&self, what: &str) {
        if let Some(bar) = self.live.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            bar.set_message(self.redactor.text(what));
        }
    }

    /// A finished scenario's line, `  PASS  <id> (0.12 s)` (`: <reason>` when it did not pass),
    /// and one step of the live display; nothing in a dry run.
    pub(crate) fn scenario_line(&self, word: Word, id: &str, took: Duration, reason: Option<&str>) {
        if self.dry_run {
            return;
        }
        let shown = if self.colour {
            word.style().force_styling(true).apply_to(word.text()).to_string()
        } else {
            word.text().to_string()
        };
        let mut line = format!("  {shown} {id} ({:.2} s)", took.as_secs_f64());
        if let Some(r) = reason {
            let _ = write!(line, ": {r}");
        }
        self.progress(&line);
        if let Some(bar) = self.live.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            bar.inc(1);
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
            let (word, failure) = match &s.outcome {
                Outcome::Errored(failure) => ("ERROR ", failure),
                Outcome::Failed(failure) => ("FAILED", failure),
                _ => continue,
            };
            let _ = writeln!(out, "\n{word} {} (line {})", s.id, s.line);
            out.push_str(&crate::exchange::indent(&failure.message(), "    "));
        }
    }
    let notes = report.notes();
    if !notes.is_empty() {
        out.push_str("\nNotes (the pages allow these; --strict-members fails an undocumented member, --strict a relaxed judgement):\n");
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
    let account = crate::account::render(&report.account);
    if !account.is_empty() {
        let _ = write!(out, "\n{account}");
    }
    if !report.hints.is_empty() {
        out.push('\n');
        for h in &report.hints {
            let _ = writeln!(out, "{h}");
        }
    }
    let too_few = report.too_few().map(|why| format!("TOO FEW RAN ({why})"));
    let verdict = match (t.failed + t.errored, t.passed) {
        (0, _) if too_few.is_some() => too_few.as_deref().unwrap_or_default(),
        (0, 0) if report.dry_run => "DRY RUN (nothing was sent; every scenario is reported skipped)",
        (0, 0) if t.total() == 0 => "NOTHING RAN (no scenario was selected)",
        (0, 0) => "NOTHING RAN (every selected scenario was skipped; see the reasons above)",
        (0, _) => "PASSED",
        _ => "FAILED",
    };
    let verdict = match report.interrupted {
        Some(signal) => format!(
            "INTERRUPTED ({signal}: nothing was started after it; the scenarios it stopped are reported skipped; \
             exit {})",
            signal.exit_code()
        ),
        None => verdict.to_string(),
    };
    let _ = writeln!(out, "Result: {verdict}");
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_and_never_under_no_color() {
        assert!(colour_enabled(true, None, Some("xterm-256color")));
        assert!(colour_enabled(true, Some(""), None), "an empty NO_COLOR does not count (no-color.org)");
        assert!(!colour_enabled(true, Some("1"), Some("xterm")));
        assert!(!colour_enabled(false, None, Some("xterm")), "not a terminal: a CI log, a pipe");
        assert!(!colour_enabled(true, None, Some("dumb")));
    }

    #[test]
    fn on_a_terminal_the_lines_go_above_a_live_display_that_is_cleared_at_the_end() {
        let term = indicatif::InMemoryTerm::new(6, 100);
        let t = Terminal::new(false, None, Redactor::default());
        t.start_on(3, ProgressDrawTarget::term_like(Box::new(term.clone())));
        t.scenario_line(Word::Pass, "a.feature::first", Duration::from_millis(100), None);
        t.scenario_line(Word::Fail, "a.feature::second", Duration::from_millis(200), Some("expected 202, got 200"));
        t.running("running: a.feature::third");
        if let Some(bar) = t.live.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            bar.tick();
        }
        let screen = term.contents();
        let lines: Vec<&str> = screen.lines().collect();
        assert!(lines.first().is_some_and(|l| l.contains("PASS  a.feature::first (0.10 s)")), "{screen}");
        assert!(lines.get(1).is_some_and(|l| l.contains("FAIL  a.feature::second (0.20 s): expected 202")), "{screen}");
        assert!(lines.get(2).is_some_and(|l| l.contains("2/3") && l.contains("running: a.feature::third")), "{screen}");
        t.finish();
        assert!(!term.contents().contains("2/3"), "the display is cleared: {}", term.contents());
        assert!(term.contents().contains("a.feature::first"), "the lines stay: {}", term.contents());
    }

    #[test]
    fn a_captured_progress_line_is_plain_text() {
        let capture = Arc::new(Mutex::new(String::new()));
        let t = Terminal::new(false, Some(Arc::clone(&capture)), Redactor::new(["s3cret".to_string()]));
        assert!(!t.interactive && !t.colour, "captured output is never a terminal");
        t.start(3);
        t.scenario_line(Word::Error, "f::s3cret", Duration::from_millis(1500), Some("timed out"));
        t.finish();
        assert_eq!(
            capture.lock().unwrap_or_else(PoisonError::into_inner).as_str(),
            "  ERROR f::[REDACTED] (1.50 s): timed out\n"
        );
    }
}
