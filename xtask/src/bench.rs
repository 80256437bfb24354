//! `cargo xtask bench stub`: the standalone stub under sustained keep-alive load, against a
//! bare hyper server returning the same bytes, measured in the same run (crates/bench).
//!
//! Debug-build figures are meaningless, so this builds `conformance-bench`'s two binaries in
//! release mode and runs the driver (`bench-run`), which starts `bench-server` children and
//! generates the load itself; xtask only wires arguments and passes the exit code on.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, bail};

/// What `cargo xtask bench` can measure.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Target {
    /// The standalone stub (`cargo xtask stub`'s server) vs a bare hyper ceiling.
    Stub,
}

/// Options of `cargo xtask bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to benchmark.
    #[arg(value_enum)]
    target: Target,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    connections: u64,
    /// Requests per server; figures are recorded at 10% and 100% of them.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    requests: u64,
    /// Requests per server in the latency phase (open loop at a fixed rate) [default: a tenth
    /// of --requests]; 0 skips it.
    #[arg(long)]
    latency_requests: Option<u64>,
    /// The latency phase's rate in req/s [default: half the stub's saturation req/s].
    #[arg(long)]
    latency_rate: Option<String>,
    /// Folder for stub.json and stub.md [default: target/bench in the workspace].
    #[arg(long)]
    out: Option<PathBuf>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Builds the bench binaries in release mode and runs the driver; its exit code (0 the run
/// completed, targets met or not; 1 wrong answers; 3 could not run).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Target::Stub = args.target;
    let root = workspace_root();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let out = match args.out {
        Some(p) => std::env::current_dir().context("current directory")?.join(p),
        None => root.join("target").join("bench"),
    };

    println!("building release binaries: cargo build --release -p conformance-bench --bins");
    let built = Command::new(&cargo)
        .current_dir(&root)
        .args(["build", "--release", "-p", "conformance-bench", "--bins"])
        .status()
        .context("running cargo build")?;
    if !built.success() {
        bail!("cargo build --release -p conformance-bench failed ({built})");
    }

    let mut run = Command::new(&cargo);
    run.current_dir(&root)
        .args(["run", "--quiet", "--release", "-p", "conformance-bench", "--bin", "bench-run", "--"])
        .arg("--connections")
        .arg(args.connections.to_string())
        .arg("--requests")
        .arg(args.requests.to_string())
        .arg("--out")
        .arg(&out);
    if let Some(n) = args.latency_requests {
        run.arg("--latency-requests").arg(n.to_string());
    }
    // bench-run checks the rate and says what is wrong with it (exit 2).
    if let Some(rate) = &args.latency_rate {
        run.arg("--latency-rate").arg(rate);
    }
    let status = run.status().context("running bench-run")?;
    Ok(match status.code() {
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(3)),
        None => {
            eprintln!("error: bench-run was stopped by a signal ({status})");
            ExitCode::from(3)
        }
    })
}
