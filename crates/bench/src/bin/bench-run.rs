//! `bench-run`: the benchmark driver behind `cargo xtask bench stub` (which builds both
//! binaries in release mode and runs this one). Runs the bare hyper ceiling and the stub in
//! turn, then the stub with its phases timed, writes `stub.json` and `stub.md` to `--out` and
//! prints the tables.
//!
//! Exit codes: 0 the run completed (targets missed are reported, not an error), 1 a server
//! answered wrongly or died, 3 the run could not start (a server did not start, files).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use conformance_bench::{BenchError, Options};

#[derive(Debug, Parser)]
#[command(name = "bench-run", about = "Benchmark the standalone stub against a bare hyper server")]
struct Args {
    /// Keep-alive connections.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    connections: u64,
    /// Requests per server; figures at 10% and 100% of them.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    requests: u64,
    /// Requests per server in the latency phase (open loop at a fixed rate); 0 skips it, and
    /// the p99 target then counts as missed. Default: a tenth of --requests.
    #[arg(long)]
    latency_requests: Option<u64>,
    /// The latency phase's rate, req/s over all connections. Default: half the stub's
    /// saturation req/s in this run.
    #[arg(long, value_parser = positive_rate)]
    latency_rate: Option<f64>,
    /// Requests in the per-phase breakdown's pass (a stub of its own with its phases timed);
    /// 0 skips it. Default: a tenth of --requests.
    #[arg(long)]
    phase_requests: Option<u64>,
    /// Folder for stub.json and stub.md (default: the checkout's `target/bench`, found at run
    /// time).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The bench-server binary (default: next to this one).
    #[arg(long)]
    server_bin: Option<PathBuf>,
}

fn positive_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if r.is_finite() && r >= 1.0 => Ok(r),
        _ => Err(format!("{s:?} is not a rate of at least 1 request per second")),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    if cfg!(debug_assertions) {
        eprintln!("warning: bench-run is a debug build; its figures say nothing about performance (use --release)");
    }
    let server_bin = match args.server_bin {
        Some(p) => p,
        None => match std::env::current_exe() {
            Ok(me) => me.with_file_name(format!("bench-server{}", std::env::consts::EXE_SUFFIX)),
            Err(e) => {
                eprintln!("error: cannot find bench-server next to this binary: {e}");
                return ExitCode::from(3);
            }
        },
    };
    let connections = usize::try_from(args.connections).unwrap_or(usize::MAX);
    let opts = Options {
        server_bin,
        connections,
        requests: args.requests,
        out_dir: args.out.unwrap_or_else(|| conformance_bench::workspace().join("target/bench")),
        latency_requests: args.latency_requests.unwrap_or(args.requests.div_ceil(10)),
        latency_rate: args.latency_rate,
        phase_requests: args.phase_requests.unwrap_or(args.requests.div_ceil(10)),
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot build the runtime: {e}");
            return ExitCode::from(3);
        }
    };
    let progress = |line: &str| println!("bench: {line}");
    let report = match rt.block_on(conformance_bench::run(&opts, &progress)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(match e {
                BenchError::CouldNotRun(_) => 3,
                BenchError::Wrong(_) => 1,
            });
        }
    };
    let written = conformance_bench::driver::write(&report, &opts.out_dir);
    println!();
    print!("{}", report.to_markdown());
    println!();
    match written {
        Ok((json, md)) => println!("written: {} and {}", json.display(), md.display()),
        Err(e) => {
            eprintln!("error: cannot write the report to {}: {e}", opts.out_dir.display());
            return ExitCode::from(3);
        }
    }
    if report.errors() > 0 {
        eprintln!("error: {} requests failed; the figures above are not valid", report.errors());
        return ExitCode::from(1);
    }
    match &report.verdicts {
        Some(v) if !v.all_pass() => println!("The stub MISSED targets (reported above; not an error)."),
        Some(_) => println!("The stub met every target."),
        None => {
            eprintln!("error: the run did not complete for both servers");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
