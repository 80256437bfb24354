//! The OpenAPI export's integration tests, one binary: the document and the export command.

mod document;
mod export;
