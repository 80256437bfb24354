//! `conformance profile --example` (and `cargo xtask profile --example`): the complete example
//! of a target profile, made from the keys the fixtures declare
//! (`conformance_contract::example_profile`); README's "Target profile" shows its output.

use std::process::ExitCode;

use anyhow::Context as _;
use conformance_contract::{Contracts, example_profile};

use crate::{EXIT_OK, EXIT_USAGE, Folders};

/// Options of `conformance profile`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the complete example profile: every key the fixtures declare, with what it is.
    #[arg(long)]
    pub example: bool,
    /// Read the contracts from this folder (default: the suite's `fixtures/`).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<std::path::PathBuf>,
}

/// The example profile of the contracts in `folders` (or `--fixtures`).
pub fn example(args: &Args, folders: &Folders) -> anyhow::Result<String> {
    let dir = args.fixtures.clone().unwrap_or_else(|| folders.fixtures.clone());
    let contracts = Contracts::load(&dir).with_context(|| format!("the fixtures in {}", dir.display()))?;
    Ok(example_profile(contracts.keys()))
}

/// Prints the example (`--example`); without it, says what to ask for (exit 2).
pub fn run(args: &Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    if !args.example {
        eprintln!("error: say what to print: `profile --example` prints the complete example profile");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    print!("{}", example(args, folders)?);
    Ok(ExitCode::from(EXIT_OK))
}
