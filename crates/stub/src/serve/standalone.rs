//! The standalone stub as a command (`conformance stub`, `cargo xtask stub`): serves until
//! Ctrl-C, writing the target profile (TOML with a comment header) to stdout and everything
//! else to stderr (the banner with the base URL and the mode in force, a warning when bound
//! beyond loopback, where the unauthenticated admin API is reachable), so
//! `conformance stub > stub.toml` saves a profile that parses.

use std::net::SocketAddr;

use super::{ServeHandle, serve};
use crate::StubError;
use crate::config::StubConfig;

/// Serves at `addr` until Ctrl-C: the target profile (TOML with a comment header) on stdout,
/// the banner on stderr. Call it on a multi-thread runtime to use every core, or use
/// [`run_standalone_blocking`].
pub async fn run_standalone(config: StubConfig, addr: SocketAddr) -> Result<(), StubError> {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    run_until(config, addr, &mut out, &mut err, tokio::signal::ctrl_c()).await
}

/// [`run_standalone`] writing to `out` and `err`, serving until `stop` completes (its error,
/// such as a signal handler that cannot be installed, is the result).
pub async fn run_until(
    config: StubConfig,
    addr: SocketAddr,
    out: &mut (dyn std::io::Write + Send),
    err: &mut (dyn std::io::Write + Send),
    stop: impl std::future::Future<Output = std::io::Result<()>>,
) -> Result<(), StubError> {
    let handle = serve(config, addr).await?;
    let outcome = match write_banner(&handle, addr, out, err) {
        Ok(()) => stop.await,
        Err(e) => Err(e),
    };
    handle.shutdown().await;
    outcome.map_err(StubError::Io)
}

fn write_banner(
    handle: &ServeHandle,
    addr: SocketAddr,
    out: &mut (dyn std::io::Write + Send),
    err: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let core = handle.core();
    let mode = match (core.mutation(), core.variation()) {
        (Some(m), Some(v)) => format!("showing mutation `{m}` and variation `{v}`"),
        (Some(m), None) => format!("showing mutation `{m}` (a deliberate deviation from the pages)"),
        (None, Some(v)) => format!("showing variation `{v}` (a legitimate difference from the pages)"),
        (None, None) => "answering as the pages document (no mutation, no variation)".to_string(),
    };
    writeln!(err, "Stub listening on {}, {mode}", handle.base_url())?;
    if !addr.ip().is_loopback() {
        writeln!(
            err,
            "warning: bound to {addr}, beyond loopback: the admin API ({}/__stub/) has no authentication, \
             so anyone who can reach this address can reset, seed and switch modes",
            handle.base_url()
        )?;
    }
    writeln!(
        err,
        "admin API: {}/__stub/ ; the target profile follows on stdout; press Ctrl-C to stop",
        handle.base_url()
    )?;
    write!(out, "{}", crate::profile::profile_file(&handle.profile()))?;
    out.flush()
}

/// [`run_standalone`] on a new multi-thread runtime with one worker per core.
pub fn run_standalone_blocking(config: StubConfig, addr: SocketAddr) -> Result<(), StubError> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(StubError::Io)?;
    rt.block_on(run_standalone(config, addr))
}
