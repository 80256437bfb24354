//! Runs the conformance suite against several targets or stub modes and tabulates the outcomes.
//!
//! - [`compat`]: the vendor compatibility matrix — the suite against several targets
//!   ([`compat::run_targets`]), one row per scenario and one column per target
//!   ([`compat::Matrix`]), a per-target score, rendered as Markdown and as one self-contained
//!   HTML page (`cargo xtask compat`).
//! - [`strength`]: the suite's strength — the suite against the bundled stub in each of its
//!   deliberately wrong modes ([`conformance_stub::Mutation`]) and its legitimate variations
//!   ([`conformance_stub::Variation`]): every mutation caught, every variation passed
//!   ([`strength::run_strength`], `cargo xtask strength`).
//!
//! Every text taken from a run (failure messages, skip reasons, URLs) passes through a
//! [`conformance_contract::Redactor`] before it is rendered.

pub mod compat;
pub mod strength;
mod text;

pub use conformance_runner::{EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_OK, EXIT_USAGE};

/// A runtime for the `*_blocking` entry points (two workers, like the runner's own).
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}
