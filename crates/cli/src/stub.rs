//! `conformance stub` (and `cargo xtask stub`): the bundled stub as a standalone, long-running
//! server (hyper, not wiremock; see crates/stub/DESIGN.md) on loopback by default, until
//! Ctrl-C. Exit 0 when stopped, 3 when it cannot start (fixtures, address in use).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use anyhow::Context;
use conformance_stub::{Mutation, StubConfig, Variation};

use crate::flags::{self, Fixtures};
use crate::{EXIT_OK, Folders};

/// The port `stub` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8080;

/// Options of `conformance stub` and `cargo xtask stub`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Address to bind; loopback by default, so nothing outside this machine reaches it.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Use the fixed test credentials instead of fresh random ones.
    #[arg(long)]
    pub deterministic: bool,
    /// Show this deliberate deviation from the pages (an unknown name lists them; what each
    /// does: `cargo xtask strength --list`).
    #[arg(long, value_name = "NAME", value_parser = flags::mutation)]
    pub mutation: Option<Mutation>,
    /// Show this legitimate variation of the answers (an unknown name lists them; what each
    /// does: `cargo xtask strength --list`).
    #[arg(long, value_name = "NAME", value_parser = flags::variation)]
    pub variation: Option<Variation>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: the flag has its own doc")]
    pub fixtures: Fixtures,
}

impl Args {
    /// The stub's configuration: its secrets, mode, and the fixtures folder given or else
    /// `folders`'.
    pub fn config(&self, folders: &Folders) -> StubConfig {
        let config = if self.deterministic { StubConfig::deterministic() } else { StubConfig::random_secrets() };
        let config = StubConfig { fixtures_dir: self.fixtures.or(folders), ..config };
        config.with_mutation(self.mutation).with_variation(self.variation)
    }
}

/// Serves until Ctrl-C; prints the base URL and the target profile first.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    let addr = SocketAddr::new(args.bind, args.port);
    conformance_stub::serve::run_standalone_blocking(args.config(folders), addr)
        .with_context(|| format!("stub server on {addr}"))?;
    Ok(ExitCode::from(EXIT_OK))
}
