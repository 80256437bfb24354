//! `cargo xtask mutants`: the suite's strength. Runs the suite against the bundled stub as
//! documented (the baseline), then in each deliberately wrong mode (`conformance_stub::Mutation`),
//! and reports which deviations the suite caught, to the terminal and to `mutants.md`.
//! Argument parsing and wiring only; the behaviour is `conformance_matrix::strength`.
//!
//! Exit codes: 0 every mutation caught, 1 a mutation not caught, 2 usage error, 3 the baseline
//! did not pass (nothing can be judged) or a run could not happen.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use conformance_matrix::strength::run_mutants_blocking;
use conformance_runner::RunOptions;
use conformance_stub::Mutation;

/// Options of `cargo xtask mutants`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write `mutants.md` here (default: the workspace's `target/mutants`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run only this mutation (repeatable); see `--list`.
    #[arg(long, value_name = "NAME", value_parser = mutation)]
    pub only: Vec<Mutation>,
    /// List the mutations and what each breaks, and exit.
    #[arg(long)]
    pub list: bool,
}

fn mutation(s: &str) -> Result<Mutation, String> {
    s.parse().map_err(|e: String| {
        let known: Vec<&str> = Mutation::all().iter().map(|m| m.name()).collect();
        format!("{e}; known: {}", known.join(", "))
    })
}

/// Runs the baseline and the mutations; `Err` (exit 3) when the report cannot be written.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.list {
        for m in Mutation::all() {
            println!("{:<28} {}", m.name(), m.describe());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = run_mutants_blocking(&RunOptions::default(), &args.only, &mut |line: &str| eprintln!("{line}"))
        .map_err(|e| anyhow::anyhow!("could not run: {e}"))?;
    let out = args.out.unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).join("target/mutants")
    });
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let md = out.join("mutants.md");
    std::fs::write(&md, report.to_markdown()).with_context(|| format!("cannot write {}", md.display()))?;
    print!("{}", report.summary());
    println!("wrote {}", md.display());
    Ok(ExitCode::from(report.exit_code()))
}
