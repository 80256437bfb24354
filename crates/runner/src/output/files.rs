//! What a run writes at its end, as reporters of its last event ([`Event::RunFinished`], which
//! carries the report, redacted): `--junit`, `--json`, `--html`, `--sarif`, `--summary`, the
//! GitHub job summary (appended to; one that cannot be written is a warning, not a lost run),
//! the `::error` annotations and the terminal's summary. [`subscribe`] subscribes the ones
//! [`RunOptions`] asks for, in the order they are written: the files, then the annotations and
//! the summary on the terminal. A file that cannot be written is the reporter's error: the
//! others are still written, and the run ends with it (`crate::events`).

use std::path::PathBuf;
use std::sync::Arc;

use conformance_contract::Redacted;

use crate::RunOptions;
use crate::error::RunError;
use crate::events::{Event, Events, Reporter};
use crate::output::terminal::Terminal;
use crate::output::{github, html, json, junit, sarif, summary, terminal};
use crate::report::Report;

/// A file an output is rendered into.
#[derive(Debug)]
enum Format {
    Junit,
    Json,
    Html,
    Sarif(sarif::Context),
    /// The Markdown summary; its features folder as [`crate::output::repository_root`] names it.
    Markdown {
        root: String,
    },
}

/// One output file, written when the run finishes.
#[derive(Debug)]
struct File {
    path: PathBuf,
    format: Format,
}

impl File {
    fn render(&self, report: &Redacted<Report>) -> Result<String, RunError> {
        Ok(match &self.format {
            Format::Junit => junit::render(report).map_err(RunError::Render)?,
            Format::Json => json::render(report),
            Format::Html => html::render(report),
            Format::Sarif(cx) => sarif::render(report, cx).map_err(RunError::Render)?,
            Format::Markdown { root } => summary::render(report, root),
        })
    }
}

impl Reporter for File {
    fn on(&self, event: &Event<'_>) -> Result<(), RunError> {
        let Event::RunFinished { report } = event else { return Ok(()) };
        let text = self.render(report)?;
        std::fs::write(&self.path, text).map_err(|source| RunError::Io { path: self.path.clone(), source })
    }
}

/// GitHub's job summary (`GITHUB_STEP_SUMMARY`), appended to.
#[derive(Debug)]
struct JobSummary {
    path: PathBuf,
    root: String,
    terminal: Terminal,
}

impl Reporter for JobSummary {
    fn on(&self, event: &Event<'_>) -> Result<(), RunError> {
        let Event::RunFinished { report } = event else { return Ok(()) };
        if let Err(e) = github::append_step_summary(&self.path, &summary::render(report, &self.root)) {
            self.terminal.print(&format!(
                "warning: the job summary ({}, GITHUB_STEP_SUMMARY) could not be written: {e}",
                self.path.display()
            ));
        }
        Ok(())
    }
}

/// What the terminal shows of the finished run: the `::error` annotations (in GitHub Actions),
/// then the summary.
#[derive(Debug)]
struct Finished {
    /// `Some(root)`: print the annotations, naming feature files under `root`.
    annotations: Option<String>,
    terminal: Terminal,
}

impl Reporter for Finished {
    fn on(&self, event: &Event<'_>) -> Result<(), RunError> {
        let Event::RunFinished { report } = event else { return Ok(()) };
        if let Some(root) = &self.annotations {
            for line in github::annotations(report, root) {
                self.terminal.print(&line);
            }
        }
        self.terminal.print(&terminal::render(report));
        Ok(())
    }
}

/// Subscribes to `events` every output `opts` asks for, written into files or onto `terminal`.
pub(crate) fn subscribe(events: &mut Events, opts: &RunOptions, terminal: &Terminal) {
    let root = super::repository_root(opts);
    let sarif = sarif::Context { readme: opts.ci.readme_url.clone(), root: root.clone() };
    let files = [
        (&opts.junit, Format::Junit),
        (&opts.json, Format::Json),
        (&opts.html, Format::Html),
        (&opts.sarif, Format::Sarif(sarif)),
        (&opts.summary, Format::Markdown { root: root.clone() }),
    ];
    for (path, format) in files {
        if let Some(path) = path {
            events.subscribe(Arc::new(File { path: path.clone(), format }));
        }
    }
    if let Some(path) = &opts.ci.step_summary {
        events.subscribe(Arc::new(JobSummary { path: path.clone(), root: root.clone(), terminal: terminal.clone() }));
    }
    let annotations = opts.ci.annotations.then_some(root);
    events.subscribe(Arc::new(Finished { annotations, terminal: terminal.clone() }));
}
