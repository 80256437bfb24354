//! `cargo xtask bench stub`: the standalone stub under sustained keep-alive load, against a
//! bare hyper server returning the same bytes, measured in the same run (crates/bench).
//! `cargo xtask bench run`: the suite's wall time when the account's resources settle
//! (`bench-wall`, `conformance_bench::wall`).
//!
//! Debug-build figures are meaningless for the stub, so this builds `conformance-bench`'s two
//! binaries in release mode and runs the driver (`bench-run`), which starts `bench-server`
//! children and generates the load itself. A run's wall time is its settle waits and the
//! target's answer delay, not CPU: `bench-wall` runs from the dev build. xtask only wires
//! arguments and passes the exit code on.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, bail};
use conformance_cli::EXIT_COULD_NOT_RUN;

/// What `cargo xtask bench` can measure.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Target {
    /// The standalone stub (`cargo xtask stub`'s server) vs a bare hyper ceiling.
    Stub,
    /// The suite's wall time against a slow local target, with no, one and every resource
    /// settling (target/bench/run.md).
    Run,
}

/// Options of `cargo xtask bench`: the target, then `bench-run`'s own options, passed on as
/// they are, so that they are declared, defaulted and checked in one place (`bench-run`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to benchmark.
    #[arg(value_enum)]
    target: Target,
    /// bench-run's options: --connections N, --requests N, --latency-requests N,
    /// --latency-rate R, --out DIR; bench-wall's (`run`): --delay-ms N, --settle S, --out DIR
    /// (defaults and meaning: crates/bench/README.md).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "OPTIONS")]
    options: Vec<OsString>,
}

/// Builds the bench binaries in release mode and runs the driver; its exit code (0 the run
/// completed, targets met or not; 1 wrong answers; 3 could not run).
pub fn run(args: Args, root: &Path) -> anyhow::Result<ExitCode> {
    let manifest = root.join("Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    if let Target::Run = args.target {
        let status = Command::new(&cargo)
            .arg("run")
            .arg("--manifest-path")
            .arg(&manifest)
            .args(["--quiet", "-p", "conformance-bench", "--bin", "bench-wall", "--"])
            .args(&args.options)
            .status()
            .context("running bench-wall")?;
        return Ok(passed_on(status));
    }

    println!("building release binaries: cargo build --release -p conformance-bench --bins");
    let built = Command::new(&cargo)
        .arg("build")
        .arg("--manifest-path")
        .arg(&manifest)
        .args(["--release", "-p", "conformance-bench", "--bins"])
        .status()
        .context("running cargo build")?;
    if !built.success() {
        bail!("cargo build --release -p conformance-bench failed ({built})");
    }

    // Run from the caller's folder, so that a relative --out is relative to it; bench-run checks
    // every option and says what is wrong with one (exit 2).
    let status = Command::new(&cargo)
        .arg("run")
        .arg("--manifest-path")
        .arg(&manifest)
        .args(["--quiet", "--release", "-p", "conformance-bench", "--bin", "bench-run", "--"])
        .args(&args.options)
        .status()
        .context("running bench-run")?;
    Ok(passed_on(status))
}

/// A driver's exit status as this command's exit code.
fn passed_on(status: std::process::ExitStatus) -> ExitCode {
    match status.code() {
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(EXIT_COULD_NOT_RUN)),
        None => {
            eprintln!("error: the bench driver was stopped by a signal ({status})");
            ExitCode::from(EXIT_COULD_NOT_RUN)
        }
    }
}
