//! `cargo xtask stub`: the bundled stub as a standalone, long-running server (hyper, not
//! wiremock; see crates/stub/DESIGN.md) on loopback by default, until Ctrl-C.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use anyhow::Context;
use conformance_stub::{Mutation, StubConfig, Variation};

/// Options of `cargo xtask stub`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to bind; loopback by default, so nothing outside this machine reaches it.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Use the fixed test credentials instead of fresh random ones.
    #[arg(long)]
    deterministic: bool,
    /// Show this deliberate deviation from the pages (`cargo xtask strength --list` lists them).
    #[arg(long, value_name = "NAME", value_parser = crate::strength::mutation)]
    mutation: Option<Mutation>,
    /// Show this legitimate variation of the answers (`cargo xtask strength --list` lists them).
    #[arg(long, value_name = "NAME", value_parser = crate::strength::variation)]
    variation: Option<Variation>,
}

/// Serves until Ctrl-C; prints the base URL and the target profile first.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = if args.deterministic { StubConfig::deterministic() } else { StubConfig::random_secrets() };
    let config = config.with_mutation(args.mutation).with_variation(args.variation);
    let addr = SocketAddr::new(args.bind, args.port);
    conformance_stub::serve::run_standalone_blocking(config, addr).with_context(|| format!("stub server on {addr}"))?;
    Ok(ExitCode::SUCCESS)
}
