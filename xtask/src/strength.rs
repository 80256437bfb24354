//! `cargo xtask strength` (alias `cargo xtask mutants`): the suite's strength, on two sides.
//! Runs the suite against the bundled stub as documented (the baseline), then in each
//! deliberately wrong mode (a mutation: must be caught) and each legitimate variation (must
//! pass), as `conformance_stub::modes` lists them for the fixtures, and reports both tables to the
//! terminal and to `strength.md`. Argument parsing and wiring only; the behaviour is
//! `conformance_matrix::strength`.
//!
//! Exit codes: 0 every mutation caught and every variation passed, 1 a mutation not caught or
//! a variation failed, 2 usage error, 3 the baseline did not pass (nothing can be judged) or a
//! run could not happen.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use conformance_cli::{EXIT_OK, Folders};
use conformance_contract::Contracts;
use conformance_matrix::strength::run_strength_blocking;
use conformance_runner::RunOptions;

/// Options of `cargo xtask strength`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write `strength.md` here (default: the workspace's `target/strength`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run only this mutation or variation (repeatable); see `--list`.
    #[arg(long, value_name = "NAME")]
    pub only: Vec<String>,
    /// List the mutations and variations, what each does, and exit.
    #[arg(long)]
    pub list: bool,
}

/// Runs the baseline, the mutations and the variations; `Err` (exit 3) when the report cannot
/// be written.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    if args.list {
        let contracts = Contracts::load(&folders.fixtures).context("the fixtures")?;
        let modes = conformance_stub::modes(&contracts).context("the stub's modes")?;
        println!("mutations (each must be caught):");
        for m in &modes.mutations {
            println!("  {:<48} {}", m.name, m.description);
        }
        println!("variations (each must pass):");
        for v in &modes.variations {
            println!("  {:<48} {}", v.name, v.description);
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
