//! A load of the benchmarked request on a server that is already running, for profiling it
//! (`crates/bench/README.md`, "Profiling"): `drive --profile-from ADDR [--target ADDR]
//! [--requests N] [--connections N]`. The request is built from the stub's profile at
//! `--profile-from` (a running stub) and sent, closed loop, to `--target` (by default the same
//! server): the stub itself, or a bare server started with the stub's answer.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use conformance_bench::load::Generator;
use conformance_bench::request::{BenchRequest, Choice};
use conformance_contract::Contracts;

#[derive(Debug, Parser)]
#[command(name = "drive", about = "Load a running server with the benchmarked request")]
struct Args {
    /// A running stub, whose `GET /__stub/profile` gives the ids and the credentials.
    #[arg(long)]
    profile_from: SocketAddr,
    /// The server to load (default: the stub at --profile-from).
    #[arg(long)]
    target: Option<SocketAddr>,
    /// Requests to send.
    #[arg(long, default_value_t = 10_000)]
    requests: u64,
    /// Keep-alive connections.
    #[arg(long, default_value_t = 16)]
    connections: usize,
}

async fn drive(args: Args) -> Result<String, String> {
    let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).map_err(|e| e.to_string())?;
    let profile = conformance_bench::driver::stub_profile(args.profile_from, contracts.keys()).await?;
    let request = BenchRequest::documented(&contracts, &profile, &Choice::configured()?)?;
    let target = args.target.unwrap_or(args.profile_from);
    let mut load = Generator::connect(target, args.connections, &request).await?;
    load.run_to(args.requests).await;
    let s = load.snapshot();
    if s.errors > 0 {
        return Err(format!("{} of {} requests failed: {}", s.errors, s.requests, s.first_error.unwrap_or_default()));
    }
    Ok(format!("{} requests to {target}: {:.0} req/s, p99 {:.3} ms", s.requests, s.rps(), s.latency.p99_ms))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot build the runtime: {e}");
            return ExitCode::from(3);
        }
    };
    match rt.block_on(drive(args)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
