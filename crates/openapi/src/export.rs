//! Writing the document to a file: load the fixtures, generate, write pretty JSON (through a
//! temporary file renamed into place, so a failed write never leaves half a document).

use std::path::{Path, PathBuf};

use conformance_contract::{Contracts, LoadError};

/// Why the document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The fixtures did not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The output file (or its folder) could not be written.
    #[error("cannot write the OpenAPI document to {}: {cause}", path.display())]
    Write {
        /// The file or folder that failed.
        path: PathBuf,
        /// The cause (in the message, not a `source`, so that it is printed once).
        cause: std::io::Error,
    },
}

fn write(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |cause| ExportError::Write { path: path.to_path_buf(), cause }
}

/// Loads `fixtures`, generates the document and writes it to `out` (parent folders created).
pub fn export(fixtures: &Path, out: &Path) -> Result<(), ExportError> {
    export_as(fixtures, out, false)
}

/// [`export`], with `strict` the fixtures' judgements joined in ([`crate::document_as`]).
pub fn export_as(fixtures: &Path, out: &Path, strict: bool) -> Result<(), ExportError> {
    let contracts = Contracts::load(fixtures)?;
    let doc = crate::document_as(&contracts, strict);
    if out.is_dir() {
        let e = std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder, not a file");
        return Err(write(out)(e));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write(dir))?;
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    let tmp = out.with_extension("json.tmp");
    let written = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, out));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(write(out))
}
