//! `cargo xtask openapi`: write the contracts of `fixtures/` as one OpenAPI 3.1 document
//! (`conformance-openapi`). Exit 0 when written, 3 when the fixtures do not load or the file
//! cannot be written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of `cargo xtask openapi`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the document here (default: the workspace's `target/openapi/openapi.json`; a relative
    /// path is relative to the current folder).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The fixtures folder (default: the workspace's `fixtures/`).
    #[arg(long, value_name = "DIR")]
    fixtures: Option<PathBuf>,
}

/// Writes the document and names the file.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    let out = args.out.unwrap_or_else(|| root.join("target/openapi/openapi.json"));
    let fixtures = args.fixtures.unwrap_or_else(|| root.join("fixtures"));
    conformance_openapi::export(&fixtures, &out)?;
    println!("OpenAPI 3.1 document written to {}", out.display());
    Ok(ExitCode::SUCCESS)
}
