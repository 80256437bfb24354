//! `cargo xtask`: the project's commands. Argument parsing and wiring only; the behaviour lives
//! in the library crates, where tests reach it (see ARCHITECTURE.md). The user-facing commands
//! (`conformance`, `restore`, `compat`, `stub`, `openapi`) are `conformance-cli`'s, the same as the
//! installed `conformance` binary's, given the workspace's folders: features and fixtures are
//! read at run time, so editing one needs no rebuild.
//!
//! Exit codes of every command (`conformance_cli::EXIT_*`): 0 success, 1 scenarios failed (or a
//! gate/check failed), 2 usage error, 3 could not run (bad profile, unreachable target,
//! unreadable files), 4 no scenario ran (`conformance`: every selected one was skipped).

mod bench;
mod strength;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use conformance_cli::{
    Folders, compat, docs, exit_code, import, openapi, profile, restore, run, scaffold, steps, stub,
};

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "API conformance harness",
    version,
    after_help = conformance_cli::EXIT_CODES_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the conformance suite against a target (default: the bundled stub, in-process).
    Conformance(Box<run::Args>),
    /// Run the suite against several targets and write a compatibility matrix (Markdown + HTML).
    Compat(compat::Args),
    /// Run the suite against the stub's deliberate deviations (each must be caught) and its
    /// legitimate variations (each must pass).
    #[command(alias = "mutants")]
    Strength(strength::Args),
    /// Benchmark the standalone stub against a bare hyper server (`cargo xtask bench stub`), or
    /// the suite's wall time when resources settle (`cargo xtask bench run`).
    Bench(bench::Args),
    /// Serve the bundled stub standalone (loopback by default) and print its target profile.
    Stub(stub::Args),
    /// Set back what an unfinished run (killed, its machine lost) left changed, from its journal.
    Restore(restore::Args),
    /// Write the contracts as one OpenAPI 3.1 document (for Schemathesis, Prism, Redoc, …).
    Openapi(openapi::Args),
    /// Write the skeleton fixture and feature of a new operation (a method, a path, a scheme).
    Scaffold(scaffold::Args),
    /// Read a vendor page (the Huawei API-reference layout) into a draft fixture and feature.
    Import(import::Args),
    /// List the step vocabulary features are written in, with an example each.
    Steps(steps::Args),
    /// Check the fixtures against the vendor pages (`cargo xtask docs check --pages DIR`).
    Docs(docs::Args),
    /// Print the complete example target profile (`--example`), made from the fixtures' keys.
    Profile(profile::Args),
}

/// The workspace's root, the one place xtask finds it, at run time: the folder above xtask's
/// manifest as cargo gives it to the process it runs (`CARGO_MANIFEST_DIR` in the environment
/// of `cargo xtask`, i.e. `cargo run`), else the checkout of the current directory. Never the
/// folder it was built in: a copied clone with its `target/` reads and writes itself.
fn workspace_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    manifest.as_deref().and_then(Path::parent).map_or_else(conformance_contract::current_workspace, Path::to_path_buf)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let folders = Folders::workspace(&root);
    exit_code(match cli.command {
        Command::Conformance(args) => run::run(*args, &folders),
        Command::Compat(args) => compat::run(args, &folders),
        Command::Strength(args) => strength::run(args, &folders, &root),
        Command::Bench(args) => bench::run(args, &root),
        Command::Stub(args) => stub::run(args, &folders),
        Command::Restore(args) => restore::run(args, &folders),
        Command::Openapi(args) => openapi::run(args, &folders),
        Command::Scaffold(args) => scaffold::run(args, &folders),
        Command::Import(args) => import::run(args, &folders),
        Command::Steps(args) => steps::run(&args),
        Command::Docs(args) => docs::run(args, &folders),
        Command::Profile(args) => profile::run(&args, &folders),
    })
}
