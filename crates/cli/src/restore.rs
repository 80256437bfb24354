//! `conformance restore` (and `cargo xtask restore`): sets back what an unfinished run (killed,
//! its machine lost) left changed, from the journal it wrote before each change
//! (`--journal FILE`), with the credentials of the profile (the journal holds no secret).
//! Argument parsing only; the behaviour is `conformance_runner::restore_journal`.
//!
//! Exit codes: 0 everything the journal names is back (or nothing was left), 1 a resource could
//! not be set back (each is listed, with why), 3 could not run (no journal, a bad profile, an
//! unreachable target).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use conformance_runner::RunOptions;

use crate::Folders;
use crate::flags::{self, Fixtures};

/// Options of `conformance restore`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The journal of the run to set back (default: the one the run with this profile wrote,
    /// `target/conformance-journal/<profile>-<hash>.jsonl`).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// The target profile the run used: where the target is, and its credentials.
    #[arg(long, value_name = "FILE")]
    pub profile: PathBuf,
    /// Base URL of the target, when the run was given one (`--base-url`).
    #[arg(long, value_name = "URL", value_parser = flags::BaseUrl)]
    pub base_url: Option<String>,
    /// Timeout of every request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = conformance_runner::DEFAULT_TIMEOUT.as_secs_f64(),
          value_parser = flags::seconds)]
    pub timeout: f64,
    /// Accept invalid TLS certificates.
    #[arg(long)]
    pub insecure: bool,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: clap shows the field's own flag doc")]
    pub fixtures: Fixtures,
}

/// The journal a run with `profile` writes when no `--journal` is given: under the caller's
/// output folder (`target/` of a checkout), else under `./target/`.
pub fn default_journal(folders: &Folders, profile: &Path) -> PathBuf {
    let out = if folders.out.as_os_str().is_empty() { Path::new("target") } else { folders.out.as_path() };
    conformance_runner::default_journal(&out.join("conformance-journal"), profile)
}

/// Sets back what the journal names; `Err` (exit 3) when it could not run.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    let journal = args.journal.clone().unwrap_or_else(|| default_journal(folders, &args.profile));
    let opts = RunOptions {
        base_url: args.base_url.clone(),
        profile: Some(args.profile.clone()),
        fixtures_dir: args.fixtures.or(folders),
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        insecure: args.insecure,
        ..RunOptions::default()
    };
    let report = conformance_runner::restore_journal_blocking(opts, journal)?;
    Ok(ExitCode::from(report.exit_code()))
}
