//! `conformance`: the harness as one installed command (`cargo install --path crates/cli
//! --locked`), with `run`, `stub`, `compat` and `openapi`, the same flags and exit codes as
//! their `cargo xtask` forms. It carries the suite (`embedded.rs`), so it needs no checkout;
//! default outputs go under the current folder.

mod embedded;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use conformance_cli::{Command, EXIT_COULD_NOT_RUN};

/// API conformance harness: does the implementation at a URL behave as the vendor documents?
#[derive(Debug, Parser)]
#[command(name = "conformance", version, after_help = conformance_cli::EXIT_CODES_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let suite = match embedded::CarriedSuite::extract() {
        Ok(suite) => suite,
        Err(e) => {
            eprintln!("error: cannot write the carried features and fixtures to a temporary folder: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
    };
    // the temporary folder lives until the command has ended, and is removed on return
    cli.command.run(&suite.folders(PathBuf::new()))
}
