//! `conformance compat` (and `cargo xtask compat`): runs the suite against several targets and
//! writes the compatibility matrix (scenario × target, each cell pass/fail/error/skip with the
//! reason, a score per target) as `compat.md` and `compat.html` (one self-contained page).
//! Argument parsing and wiring only; the behaviour is `conformance_matrix::compat`.
//!
//! Exit codes: 0 every target ran (the matrix is informational), 1 `--min-score` given and a
//! target below it, 2 usage error, 3 a target could not run at all (the matrix is still
//! written, that target marked "could not run") or the files could not be written.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use conformance_matrix::compat::{Matrix, TargetSpec, check_unique_names, run_targets_blocking};
use conformance_runner::RunOptions;

use crate::flags::{self, Requests, Suite};
use crate::{EXIT_USAGE, Folders};

/// Options of `conformance compat` and `cargo xtask compat`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A target: `NAME=URL[,profile=FILE]`; the URL `stub` (or `embedded`) is the bundled stub
    /// with its own profile, a reference column. Repeat for each target; names must differ.
    #[arg(long = "target", value_name = "NAME=URL[,profile=FILE]", required = true, value_parser = flags::target)]
    pub targets: Vec<TargetSpec>,
    /// Write `compat.md` and `compat.html` here (default: the workspace's `target/compat`; the
    /// installed `conformance` binary: `compat/` in the current folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: each flag has its own doc")]
    pub requests: Requests,
    /// Exit 1 when a target's score (percent of applicable behaviours met) is below this.
    #[arg(long, value_name = "PCT", value_parser = flags::percent)]
    pub min_score: Option<f64>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: each flag has its own doc")]
    pub suite: Suite,
}

impl Args {
    /// What every target's run starts from: the selection, timeout and folders given, else
    /// `folders` (the embedded stub column reads its fixtures from the same folder).
    pub fn template(&self, folders: &Folders) -> RunOptions {
        let mut opts = RunOptions::default();
        self.requests.apply(&mut opts);
        self.suite.apply(folders, &mut opts);
        opts
    }

    /// Where the matrix is written.
    pub fn out_dir(&self, folders: &Folders) -> PathBuf {
        self.out.clone().unwrap_or_else(|| folders.out.join("compat"))
    }
}

/// Runs the suite against every target and writes the matrix; `Err` (exit 3) when nothing
/// could be written.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    if let Err(e) = check_unique_names(&args.targets) {
        eprintln!("error: {e}");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let template = args.template(folders);
    eprintln!("compat: the suite against {} targets, one after another", args.targets.len());
    let runs = run_targets_blocking(&args.targets, &template, &mut |line: &str| eprintln!("{line}"))
        .map_err(|e| anyhow::anyhow!("could not run: {e}"))?;
    let matrix = Matrix::from_runs(runs);

    let out = args.out_dir(folders);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let (md, html) = (out.join("compat.md"), out.join("compat.html"));
    std::fs::write(&md, matrix.to_markdown()).with_context(|| format!("cannot write {}", md.display()))?;
    std::fs::write(&html, matrix.to_html()).with_context(|| format!("cannot write {}", html.display()))?;

    println!("compatibility ({} scenarios):", matrix.rows.len());
    print!("{}", matrix.summary());
    println!("wrote {} and {}", md.display(), html.display());

    let (code, why) = matrix.exit_code(args.min_score);
    if let Some(why) = why {
        eprintln!("compat: {why}");
    }
    Ok(ExitCode::from(code))
}
