//! `cargo xtask strength` (alias `cargo xtask mutants`): the suite's strength, on two sides.
//! Runs the suite against the bundled stub as documented (the baseline), then in each
//! deliberately wrong mode (a mutation: must be caught) and each legitimate variation (must
//! pass), as `conformance_stub::modes` lists them for the fixtures, and reports both tables to the
//! terminal and to `strength.md`. Argument parsing and wiring only; the behaviour is
//! `conformance_matrix::strength`.
//!
//! `--peer schemathesis` also runs the pinned Schemathesis (`--schemathesis BIN`, else the CI
//! virtualenv's `target/ci/venv/bin/schemathesis`, which `.ci/run` makes) with
//! `ci/schemathesis.toml` against the OpenAPI export and the stub in every mode, and adds its
//! column to both tables; a missing binary is an error (exit 3) before anything runs. It does
//! not change the exit code: the peer's findings are information.
//!
//! Exit codes: 0 every mutation caught and every variation passed, 1 a mutation not caught or
//! a variation failed, 2 usage error, 3 the baseline did not pass (nothing can be judged) or a
//! run could not happen.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use conformance_cli::{EXIT_OK, Folders};
use conformance_contract::Contracts;
use conformance_matrix::strength::{Schemathesis, run_strength_blocking};
use conformance_runner::RunOptions;

/// Options of `cargo xtask strength`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write `strength.md` here (default: the workspace's `target/strength`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run only this mutation or variation (repeatable); see `--list`.
    #[arg(long, value_name = "NAME")]
    pub only: Vec<String>,
    /// List the mutations and variations, what each does, and exit.
    #[arg(long)]
    pub list: bool,
    /// Also run this peer against the stub in every mode, and add its column to both tables.
    #[arg(long, value_enum, value_name = "PEER")]
    pub peer: Option<Peer>,
    /// The Schemathesis binary for `--peer schemathesis` (default: the CI virtualenv's,
    /// `target/ci/venv/bin/schemathesis`, made by `.ci/run`).
    #[arg(long, value_name = "BIN", requires = "peer")]
    pub schemathesis: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: the flag has its own doc")]
    pub features: conformance_cli::flags::Features,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: the flag has its own doc")]
    pub fixtures: conformance_cli::flags::Fixtures,
}

/// A peer the strength check can run beside the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Peer {
    /// Schemathesis, pinned in `ci/python-requirements.txt`, with `ci/schemathesis.toml`.
    Schemathesis,
}

/// The peer, ready: its binary found and asked its version, the OpenAPI export written
/// under `out`. `Err` says what is missing.
fn peer(args: &Args, folders: &Folders, root: &Path, out: &Path) -> anyhow::Result<Option<Schemathesis>> {
    let Some(Peer::Schemathesis) = args.peer else { return Ok(None) };
    let binary = args.schemathesis.clone().unwrap_or_else(|| root.join("target/ci/venv/bin/schemathesis"));
    let work = out.join("peer");
    let openapi = work.join("openapi.json");
    let peer = Schemathesis::locate(&binary, &root.join("ci/schemathesis.toml"), &openapi, &work)
        .map_err(|e| anyhow::anyhow!("could not run: {e}"))?;
    conformance_openapi::export_as(&folders.fixtures, &openapi, true).context("the OpenAPI export for Schemathesis")?;
    let pinned = std::fs::read_to_string(root.join("ci/python-requirements.txt")).unwrap_or_default();
    if !pinned.lines().any(|l| l.trim() == format!("schemathesis=={}", peer.version)) {
        eprintln!(
            "warning: {} is Schemathesis {}, not the version ci/python-requirements.txt pins",
            binary.display(),
            peer.version
        );
    }
    Ok(Some(peer))
}

/// Runs the baseline, the mutations and the variations (`root`: the workspace, for the CI
/// virtualenv and `ci/`); `Err` (exit 3) when the report cannot be written.
pub fn run(args: Args, folders: &Folders, root: &Path) -> anyhow::Result<ExitCode> {
    let folders =
        &Folders { features: args.features.or(folders), fixtures: args.fixtures.or(folders), ..folders.clone() };
    if args.list {
        let contracts = Contracts::load(&folders.fixtures).context("the fixtures")?;
        let modes = conformance_stub::modes(&contracts).context("the stub's modes")?;
        println!("mutations (each must be caught):");
        for m in &modes.mutations {
            println!("  {:<48} {}", m.name, m.description);
        }
        println!("variations (each must pass):");
        for v in &modes.variations {
            println!("  {:<48} {}", v.name, v.description);
        }
        return Ok(ExitCode::from(EXIT_OK));
    }
    let template = RunOptions {
        features_dir: folders.features.clone(),
        fixtures_dir: folders.fixtures.clone(),
        ..RunOptions::default()
    };
    let out = args.out.clone().unwrap_or_else(|| folders.out.join("strength"));
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let peer = peer(&args, folders, root, &out)?;
    let report = run_strength_blocking(&template, &args.only, peer.as_ref(), &mut |line: &str| eprintln!("{line}"))
        .map_err(|e| anyhow::anyhow!("could not run: {e}"))?;
    let md = out.join("strength.md");
    std::fs::write(&md, report.to_markdown()).with_context(|| format!("cannot write {}", md.display()))?;
    print!("{}", report.summary());
    println!("wrote {}", md.display());
    if report.peer.is_some() {
        let side = out.join("side-by-side.md");
        std::fs::write(&side, report.side_by_side()).with_context(|| format!("cannot write {}", side.display()))?;
        println!("wrote {} (the README's \"Suite strength\" tables)", side.display());
    }
    Ok(ExitCode::from(report.exit_code()))
}
