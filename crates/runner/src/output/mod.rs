//! Reporters: each renders a [`crate::Report`] (never cucumber events) — the terminal summary
//! grouped by vendor and operation, JUnit XML and cucumber JSON for CI, and a self-contained
//! HTML page for people. All text passes
//! through the profile's `Redactor` on its way out.

pub mod html;
pub mod json;
pub mod junit;
pub mod terminal;
