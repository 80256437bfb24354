//! The OpenAPI export's integration tests, one binary: the document, the export command and
//! the Schemathesis settings.

mod document;
mod export;
mod schemathesis;
