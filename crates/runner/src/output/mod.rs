//! Reporters: each renders a [`crate::Report`] (never cucumber events) — the terminal summary
//! grouped by vendor and operation, JUnit XML and cucumber JSON for CI, and a self-contained
//! HTML page for people. Each takes a `Redacted<Report>`, made once per run with the
//! profile's `Redactor`: a reporter cannot be handed a report that still holds secrets.

pub mod html;
pub mod json;
pub mod junit;
pub mod terminal;
