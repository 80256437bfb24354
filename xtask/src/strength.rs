//! `cargo xtask strength` (alias `cargo xtask mutants`): the suite's strength, on two sides.
//! Runs the suite against the bundled stub as documented (the baseline), then in each
//! deliberately wrong mode (`conformance_stub::Mutation`: must be caught) and each legitimate
//! variation (`conformance_stub::Variation`: must pass), and reports both tables to the
//! terminal and to `strength.md`. Argument parsing and wiring only; the behaviour is
//! `conformance_matrix::strength`.
//!
//! Exit codes: 0 every mutation caught and every variation passed, 1 a mutation not caught or
//! a variation failed, 2 usage error, 3 the baseline did not pass (nothing can be judged) or a
//! run could not happen.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use conformance_cli::{EXIT_OK, Folders, flags};
use conformance_matrix::strength::{Subject, run_strength_blocking};
use conformance_runner::RunOptions;
use conformance_stub::{Mutation, Variation};

/// Options of `cargo xtask strength`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write `strength.md` here (default: the workspace's `target/strength`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run only this mutation or variation (repeatable); see `--list`.
    #[arg(long, value_name = "NAME", value_parser = flags::subject)]
    pub only: Vec<Subject>,
    /// List the mutations and variations, what each does, and exit.
    #[arg(long)]
    pub list: bool,
}

/// Runs the baseline, the mutations and the variations; `Err` (exit 3) when the report cannot
/// be written.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    if args.list {
        println!("mutations (each must be caught):");
        for m in Mutation::all() {
            println!("  {:<36} {}", m.name(), m.describe());
        }
        println!("variations (each must pass):");
        for v in Variation::all() {
            println!("  {:<36} {}", v.name(), v.describe());
        }
        return Ok(ExitCode::from(EXIT_OK));
    }
    let template = RunOptions {
        features_dir: folders.features.clone(),
        fixtures_dir: folders.fixtures.clone(),
        ..RunOptions::default()
    };
    let report = run_strength_blocking(&template, &args.only, &mut |line: &str| eprintln!("{line}"))
        .map_err(|e| anyhow::anyhow!("could not run: {e}"))?;
    let out = args.out.unwrap_or_else(|| folders.out.join("strength"));
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let md = out.join("strength.md");
    std::fs::write(&md, report.to_markdown()).with_context(|| format!("cannot write {}", md.display()))?;
    print!("{}", report.summary());
    println!("wrote {}", md.display());
    Ok(ExitCode::from(report.exit_code()))
}
