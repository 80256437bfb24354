//! The bundled stub server: a generic engine that serves every documented operation of
//! `fixtures/` from its contract (routes, authentication by scheme, the documented faults, the
//! addressed resource, the request schema and constraints, the answers, the effects on state),
//! with the business rules no schema can say kept as named hooks (`src/hooks/`).
//!
//! - [`StubCore`]: the behaviour, transport-agnostic ([`StubRequest`] → [`StubResponse`]).
//! - [`Stub::start`]: in-process on wiremock, random loopback port (runner default, tests).
//! - [`serve::serve`] / [`serve::run_standalone`]: the long-running standalone server on bare
//!   hyper, flat memory, all cores (`cargo xtask stub`).
//!
//! A mutation (a deliberate deviation) or a variation (a legitimate difference) can be shown:
//! named in [`StubConfig`], or at run time through the admin API's `mode`. They are data: the
//! shape ones are generated per operation from its contract, the rule ones come with their hooks
//! ([`modes()`] lists them all).
//!
//! The admin API under `/__stub/` (reset, state, seed, profile, faults, mode) and the fault
//! header `X-Stub-Fault` are described in `DESIGN.md` and at `GET /__stub/`.

mod admin;
mod answer;
mod auth;
mod body;
mod compiled;
pub mod config;
mod core;
mod dispatch;
mod engine;
mod error;
mod hooks;
mod inprocess;
mod keyring;
mod modes;
mod mutate;
mod params;
mod paths;
pub mod phases;
mod plan;
mod pointer;
pub mod profile;
mod query;
mod request;
mod router;
mod seed;
pub mod serve;
mod snapshot;
mod state;
mod template;
mod vary;

pub use crate::config::{ADMIN_PREFIX, FAULT_HEADER, STUB_SERVICE, StubConfig};
pub use crate::core::StubCore;
pub use crate::error::StubError;
pub use crate::inprocess::Stub;
pub use crate::modes::{HookProbe, ModeInfo, Modes, hook_probes, modes};
pub use crate::request::{StubRequest, StubResponse};
pub use crate::serve::{ServeHandle, run_standalone, run_standalone_blocking, serve};
