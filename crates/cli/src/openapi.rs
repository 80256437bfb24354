//! `conformance openapi` (and `cargo xtask openapi`): write the contracts of `fixtures/` as one
//! OpenAPI 3.1 document (`conformance-openapi`). Exit 0 when written, 3 when the fixtures do
//! not load or the file cannot be written.

use std::path::PathBuf;
use std::process::ExitCode;

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
    conformance_openapi::export(&fixtures, &out)?;
    println!("OpenAPI 3.1 document written to {}", out.display());
    Ok(ExitCode::from(EXIT_OK))
}
