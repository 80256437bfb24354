//! `cargo xtask`: the project's commands. Argument parsing and wiring only; the behaviour lives
//! in the library crates, where tests reach it (see ARCHITECTURE.md).
//!
//! Exit codes of every command: 0 success, 1 scenarios failed (or a gate/check failed),
//! 2 usage error, 3 could not run (bad profile, unreachable target, unreadable files).

mod bench;
mod compat;
mod conformance;
mod openapi;
mod strength;
mod stub;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use conformance_runner::EXIT_COULD_NOT_RUN;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", about = "API conformance harness", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per process")]
enum Command {
    /// Run the conformance suite against a target (default: the bundled stub, in-process).
    Conformance(Box<conformance::Args>),
    /// Run the suite against several targets and write a compatibility matrix (Markdown + HTML).
    Compat(compat::Args),
    /// Run the suite against the stub's deliberate deviations (each must be caught) and its
    /// legitimate variations (each must pass).
    #[command(alias = "mutants")]
    Strength(strength::Args),
    /// Benchmark the standalone stub against a bare hyper server (`cargo xtask bench stub`).
    Bench(bench::Args),
    /// Serve the bundled stub standalone (loopback by default) and print its target profile.
    Stub(stub::Args),
    /// Write the contracts as one OpenAPI 3.1 document (for Schemathesis, Prism, Redoc, …).
    Openapi(openapi::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Conformance(args) => conformance::run(*args),
        Command::Compat(args) => compat::run(args),
        Command::Strength(args) => strength::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Stub(args) => stub::run(args),
        Command::Openapi(args) => openapi::run(args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::from(EXIT_COULD_NOT_RUN)
    })
}
