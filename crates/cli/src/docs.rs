//! `conformance docs check` (and `cargo xtask docs check`): every anchor of the fixtures
//! resolved against the vendor pages in `--pages DIR` (`conformance_runner::docs`). Found
//! anchors are printed at `page:line`; a lost one is drift (with the nearest text and the
//! scenarios that rest on it) or, for wording no check rests on, a note. Outputs: the
//! terminal, `--json FILE`, `--sarif FILE`, `--summary FILE`, and under GitHub Actions the job
//! summary and annotations at the page's line. Exit 0 when every anchor a check rests on
//! holds (notes allowed), 1 on drift, 3 when a page is missing or unreadable.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use conformance_runner::docs::{self, DocsOptions};
use conformance_runner::output::github::CiEnv;

use crate::flags::Suite;
use crate::{EXIT_COULD_NOT_RUN, Folders};

/// `conformance docs …`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    #[allow(missing_docs, reason = "the subcommands have their own docs")]
    pub command: Sub,
}

/// The subcommands of `docs`.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Resolve every anchor of the fixtures against the vendor pages: drift, wording notes.
    Check(CheckArgs),
}

/// Options of `docs check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The folder of the vendor pages, by the file names the fixtures give as `source` (the
    /// pages are not part of this repository; CI: `../shared/vendor-docs`).
    #[arg(long, value_name = "DIR")]
    pub pages: PathBuf,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: the flags have their own docs")]
    pub suite: Suite,
    /// Write every anchor found, drift and note as JSON here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the drifts and notes as SARIF 2.1.0 here.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// Write the Markdown summary here (as a GitHub job summary shows it).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
}

impl CheckArgs {
    /// The check's folders: the flags given, else `folders`.
    pub fn options(&self, folders: &Folders) -> DocsOptions {
        let mut run = conformance_runner::RunOptions::default();
        self.suite.apply(folders, &mut run);
        let fixtures_label = self.suite.fixtures.fixtures.is_none().then(|| "fixtures".to_string());
        DocsOptions {
            pages: self.pages.clone(),
            fixtures_dir: run.fixtures_dir,
            features_dir: run.features_dir,
            features_label: run.features_label,
            fixtures_label,
        }
    }
}

/// Writes `--json`, `--sarif` and `--summary`; the Markdown summary.
fn write_files(args: &CheckArgs, report: &docs::DocsReport) -> anyhow::Result<String> {
    let write = |path: &PathBuf, text: String| {
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    if let Some(path) = &args.json {
        write(path, docs::json(report))?;
    }
    if let Some(path) = &args.sarif {
        write(path, docs::sarif(report, &args.pages.display().to_string()).map_err(anyhow::Error::msg)?)?;
    }
    let markdown = docs::markdown(report);
    if let Some(path) = &args.summary {
        write(path, markdown.clone())?;
    }
    Ok(markdown)
}

/// Runs `docs check`; its exit code.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    let Sub::Check(args) = args.command;
    let opts = args.options(folders);
    let report = match docs::check_blocking(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: docs check could not run: {e}");
            return Ok(ExitCode::from(EXIT_COULD_NOT_RUN));
        }
    };
    let pages = args.pages.display().to_string();
    let markdown = write_files(&args, &report)?;
    let ci = CiEnv::from_env();
    if let Some(path) = &ci.step_summary
        && let Err(e) = conformance_runner::output::github::append_step_summary(path, &markdown)
    {
        eprintln!("warning: the job summary ({}) could not be written: {e}", path.display());
    }
    print!("{}", docs::terminal(&report));
    if ci.annotations {
        for line in docs::annotations(&report, &pages) {
            println!("{line}");
        }
    }
    Ok(ExitCode::from(report.exit_code()))
}
