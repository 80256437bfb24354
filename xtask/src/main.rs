//! `cargo xtask`: the project's commands. Argument parsing and wiring only; the behaviour lives
//! in the library crates, where tests reach it (see ARCHITECTURE.md).
//!
//! Exit codes of every command: 0 success, 1 scenarios failed (or a gate/check failed),
//! 2 usage error, 3 could not run (bad profile, unreachable target, unreadable files).

mod bench;
mod compat;
mod conformance;
mod mutants;
mod stub;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", about = "API conformance harness", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the conformance suite against a target (default: the bundled stub, in-process).
    Conformance(Box<conformance::Args>),
    /// Run the suite against several targets and write a compatibility matrix (Markdown + HTML).
    Compat(compat::Args),
    /// Run the suite against the stub in deliberately wrong modes: every deviation must be caught.
    Mutants(mutants::Args),
    /// Benchmark the standalone stub against a bare hyper server (`cargo xtask bench stub`).
    Bench(bench::Args),
    /// Serve the bundled stub standalone (loopback by default) and print its target profile.
    Stub(stub::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Conformance(args) => conformance::run(*args),
        Command::Compat(args) => compat::run(args),
        Command::Mutants(args) => mutants::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Stub(args) => stub::run(args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::from(3)
    })
}
