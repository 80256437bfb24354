//! `cargo xtask bench stub`: how the standalone stub holds up under sustained load, measured
//! against a ceiling taken in the same run. `cargo xtask bench run` ([`wall`]): how long the
//! suite takes when the account's resources settle.
//!
//! The [`driver`] captures one real stub answer to the benchmarked request (the documented APIG
//! resize example, [`request`]) and starts a bare hyper server that returns exactly those bytes
//! ([`bare`]) and the stub, each in its own child process ([`server`], binary `bench-server`).
//! It then drives them with the same keep-alive load from a lean raw-TCP generator ([`load`]) in
//! two phases. Saturation: alternating rounds of 10% of the requests, so that whatever else the
//! machine does falls on both alike, exact request counts, a checkpoint after the first and the
//! last round, the server's resident memory and CPU time from `/proc` ([`procfs`]). Latency: the
//! same fixed rate offered to both, open loop, each request timed from when it was due. Latencies
//! go into HDR histograms ([`stats`]). Then a pass of its own times the stub's phases
//! ([`breakdown`]). The [`report`] gives both servers' rows, the stub/bare ratio, the breakdown
//! and a PASS/MISS verdict against each target, as JSON and Markdown.
//!
//! Figures are only meaningful from a release build (`cargo xtask bench stub` builds one); the
//! load generator and the servers share the machine's cores, so the ratio to the bare server and
//! the CPU time per request, not the absolute req/s, are what to compare between runs.

mod answer;
pub mod bare;
pub mod breakdown;
pub mod driver;
pub mod load;
pub mod procfs;
pub mod report;
pub mod request;
pub mod server;
pub mod stats;
pub mod wall;

pub use driver::{BenchError, Options, run};

/// The checkout the benchmark belongs to, found at run time: the one two folders above the
/// manifest cargo names to the process it runs (`CARGO_MANIFEST_DIR` of `cargo run -p
/// conformance-bench` and of its tests), else the current directory's. Never where it was built.
pub fn workspace() -> std::path::PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from);
    let root = manifest.as_deref().and_then(|m| m.ancestors().nth(2)).and_then(conformance_contract::workspace_of);
    root.unwrap_or_else(conformance_contract::current_workspace)
}
pub use report::{Checkpoint, Report, ServerRun, Verdicts};
