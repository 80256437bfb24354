//! The bundled stub server: the five documented operations, driven by the contracts in
//! `fixtures/` (every response body is a fixture example with fresh volatile values).
//!
//! - [`StubCore`]: the behaviour, transport-agnostic ([`StubRequest`] → [`StubResponse`]).
//! - [`Stub::start`]: in-process on wiremock, random loopback port (runner default, tests).
//! - [`serve::serve`] / [`serve::run_standalone`]: the long-running standalone server on bare
//!   hyper, flat memory, all cores (`cargo xtask stub`).
//!
//! A [`Mutation`] (a deliberate deviation) or a [`Variation`] (a legitimate difference) can be
//! shown: chosen in [`StubConfig`], or at run time through the admin API's `mode`.
//!
//! Admin API under `/__stub/` (reset, state, seed, profile, faults, mode) and the fault header
//! `X-Stub-Fault` are described in `DESIGN.md` and at `GET /__stub/`.

mod admin;
mod auth;
pub mod config;
mod core;
mod errors;
mod hostway_action;
mod huawei;
mod inprocess;
mod modes;
pub mod mutation;
mod order_rules;
mod orders;
pub mod profile;
mod router;
pub mod seed;
pub mod serve;
pub mod state;
pub mod variation;
mod vary;

pub use crate::config::{FAULT_HEADER, HostwaySeed, HuaweiSeed, OrdersSeed, Seed, StubConfig};
pub use crate::core::{StubCore, StubRequest};
pub use crate::errors::StubResponse;
pub use crate::inprocess::Stub;
pub use crate::mutation::Mutation;
pub use crate::router::OpKind;
pub use crate::serve::{ServeHandle, run_standalone, run_standalone_blocking, serve};
pub use crate::variation::Variation;

/// The stub could not start.
#[derive(Debug, thiserror::Error)]
pub enum StubError {
    /// The fixtures do not load.
    #[error("fixtures do not load: {0}")]
    Load(#[from] conformance_contract::LoadError),
    /// A fixture the stub serves is missing.
    #[error("the fixtures have no operation `{0}`")]
    MissingOperation(String),
    /// A fixture lacks an example the stub answers with.
    #[error("fixture {operation} has no example `{name}`, which the stub answers with")]
    MissingExample {
        /// Operation id.
        operation: String,
        /// Example name.
        name: String,
    },
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Another I/O failure (runtime, signal handler).
    #[error("{0}")]
    Io(std::io::Error),
}
