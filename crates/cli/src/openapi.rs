//! `conformance openapi` (and `cargo xtask openapi`): write the contracts of `fixtures/` as one
//! OpenAPI 3.1 document (`conformance-openapi`), and with `--schemathesis FILE` Schemathesis's
//! per-operation settings and credentials for it, derived from the same fixtures and a target's
//! profile: `--profile FILE`, or the deterministic bundled stub's (what `ci/schemathesis.sh`
//! runs against). Exit 0 when written, 3 when the fixtures or the profile do not load or a file
//! cannot be written.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::flags::Fixtures;
use crate::{EXIT_OK, Folders};

/// Options of `conformance openapi` and `cargo xtask openapi`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the document here (default: the workspace's `target/openapi/openapi.json`; the
    /// installed `conformance` binary: `openapi/openapi.json` in the current folder; a relative
    /// path is relative to the current folder).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write Schemathesis's per-operation settings and credentials here (TOML to follow
    /// the run settings of `ci/schemathesis.toml`). They hold the profile's secrets: keep the
    /// file out of the repository.
    #[arg(long, value_name = "FILE")]
    pub schemathesis: Option<PathBuf>,
    /// The target profile whose ids, test data and credentials the Schemathesis settings use
    /// (default: the deterministic bundled stub's).
    #[arg(long, value_name = "FILE", requires = "schemathesis")]
    pub profile: Option<PathBuf>,
    /// Join the fixtures' judgements (`x-strict`) into the schemas, as `--strict` and the
    /// bundled stub hold them (for a tool run against the stub; by default the schemas are the
    /// pages' words, each judgement an `x-strict` extension).
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: the flag has its own doc")]
    pub fixtures: Fixtures,
}

impl Args {
    /// The fixtures folder and the file to write.
    pub fn paths(&self, folders: &Folders) -> (PathBuf, PathBuf) {
        let out = self.out.clone().unwrap_or_else(|| folders.out.join("openapi").join("openapi.json"));
        (self.fixtures.or(folders), out)
    }
}

/// Writes the document and names the file.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    let (fixtures, out) = args.paths(folders);
    conformance_openapi::export_as(&fixtures, &out, args.strict)?;
    println!("OpenAPI 3.1 document written to {}", out.display());
    if let Some(file) = &args.schemathesis {
        let config = conformance_stub::StubConfig {
            fixtures_dir: fixtures.clone(),
            ..conformance_stub::StubConfig::deterministic()
        };
        let stub = conformance_stub::StubCore::new(config).context("the stub whose profile the settings use")?;
        let contracts = stub.contracts();
        let profile = match &args.profile {
            Some(path) => conformance_contract::Profile::load(path, contracts.keys())
                .with_context(|| format!("the profile {}", path.display()))?,
            None => stub.profile("http://127.0.0.1"),
        };
        let text = conformance_openapi::schemathesis::settings(contracts, &profile)
            .context("the Schemathesis settings have no TOML form")?;
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(file, text).with_context(|| format!("cannot write {}", file.display()))?;
        println!("Schemathesis settings written to {}", file.display());
    }
    Ok(ExitCode::from(EXIT_OK))
}
