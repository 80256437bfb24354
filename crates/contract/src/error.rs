//! Errors of the contract layer: a bad fixture names its file and the field at fault.

use std::path::PathBuf;

/// A fixture could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The fixtures folder or a file in it could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not valid JSON or does not fit the fixture format.
    #[error("{path}: field `{field}`: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// Path of the field at fault (`responses[2].body.kind`), `.` for the whole file.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The fixtures folder holds no contract at all.
    #[error("{path}: no contract files (*.json) found")]
    Empty {
        /// The folder.
        path: PathBuf,
    },
}

impl LoadError {
    pub(crate) fn field(path: &std::path::Path, field: impl Into<String>, message: impl Into<String>) -> Self {
        LoadError::Format { path: path.to_path_buf(), field: field.into(), message: message.into() }
    }
}

/// A path could not be rendered from its template.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    /// A parameter of the template was not given.
    #[error("path parameter `{0}` has no value")]
    Missing(String),
    /// The template itself is malformed.
    #[error("malformed path template `{template}`: {reason}")]
    Template {
        /// The template.
        template: String,
        /// What went wrong, in words.
        reason: String,
    },
}
