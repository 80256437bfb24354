//! Reporters: each renders a [`crate::Report`] (never cucumber events) — the terminal summary
//! grouped by vendor and operation, JUnit XML and cucumber JSON for CI. All text passes
//! through the profile's `Redactor` on its way out.

pub mod json;
pub mod junit;
pub mod terminal;
