//! `conformance stub` (and `cargo xtask stub`): the bundled stub as a standalone, long-running
//! server (hyper, not wiremock; see crates/stub/DESIGN.md) on loopback by default, until
//! Ctrl-C. Exit 0 when stopped, 3 when it cannot start (fixtures, address in use).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use anyhow::Context;
use conformance_contract::Contracts;
use conformance_stub::StubConfig;

use crate::flags::Fixtures;
use crate::{EXIT_OK, EXIT_USAGE, Folders};

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
    #[arg(long, value_name = "NAME")]
    pub mutation: Option<String>,
    /// Show this legitimate variation of the answers (an unknown name lists them; what each
    /// does: `cargo xtask strength --list`).
    #[arg(long, value_name = "NAME")]
    pub variation: Option<String>,
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
        config.with_mutation(self.mutation.clone()).with_variation(self.variation.clone())
    }

    /// A mode named that the fixtures' stub does not have: the usage error, with the names.
    fn unknown_mode(&self, config: &StubConfig) -> anyhow::Result<Option<String>> {
        let contracts = Contracts::load(&config.fixtures_dir).context("the stub's fixtures")?;
        let modes = conformance_stub::modes(&contracts).context("the stub's modes")?;
        let names = |list: &[conformance_stub::ModeInfo]| list.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
        let (mutations, variations) = (names(&modes.mutations), names(&modes.variations));
        let unknown = |asked: &Option<String>, known: &[String], what: &str| {
            asked
                .as_ref()
                .filter(|a| !known.contains(a))
                .map(|a| format!("no {what} is named `{a}`; {what}s: {}", known.join(", ")))
        };
        Ok(unknown(&self.mutation, &mutations, "mutation")
            .or_else(|| unknown(&self.variation, &variations, "variation")))
    }
}

/// Serves until Ctrl-C; prints the target profile (stdout) once it listens. An unknown mode
/// is a usage error (exit 2) that lists the known ones.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    let addr = SocketAddr::new(args.bind, args.port);
    if let Some(message) = args.unknown_mode(&args.config(folders))? {
        eprintln!("error: {message}");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    conformance_stub::serve::run_standalone_blocking(args.config(folders), addr)
        .with_context(|| format!("stub server on {addr}"))?;
    Ok(ExitCode::from(EXIT_OK))
}
