//! The matrix crate's integration tests, one binary: the compatibility matrix (and its page in a browser) and suite strength.

mod browser;
mod common;
mod compat;
mod matrix;
mod strength;
