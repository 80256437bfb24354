//! `bench-server`: one server under test, in its own process so its RSS can be read from
//! `/proc` and it shares no runtime with the load generator. `--kind stub` serves the standalone
//! stub (`conformance_stub::serve`, deterministic config); `--kind bare` serves the bare hyper
//! ceiling answering every request with `--status`, `--header`s and the bytes of `--body`.
//! `--phases` times the stub's phases (the breakdown's pass). Prints its bound address on
//! stdout's first line, then serves until killed (or, with `--watch-stdin`, until its stdin
//! closes; a `phases` line on stdin prints the phase totals as one JSON line).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, ValueEnum};
use conformance_bench::bare::{self, FixedResponse};
use conformance_bench::breakdown::Snapshot;
use conformance_stub::StubConfig;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    /// The standalone stub.
    Stub,
    /// The bare hyper ceiling.
    Bare,
}

#[derive(Debug, Parser)]
#[command(name = "bench-server", about = "A server under test for cargo xtask bench")]
struct Args {
    /// Which server.
    #[arg(long, value_enum)]
    kind: Kind,
    /// Port (0: a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Bare: the status to answer.
    #[arg(long, default_value_t = 200)]
    status: u16,
    /// Bare: a `Name: value` header to answer with (repeatable).
    #[arg(long = "header")]
    headers: Vec<String>,
    /// Bare: the file whose bytes are the body.
    #[arg(long)]
    body: Option<PathBuf>,
    /// Lower this process's scheduling priority by this nice value (0–19) before serving, so a
    /// load generator on the same cores runs first.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i32).range(0..=19))]
    nice: i32,
    /// Exit when stdin closes (the driver holds it open, so a killed driver leaves no server);
    /// a `phases` line on stdin prints the phase totals as one JSON line on stdout.
    #[arg(long)]
    watch_stdin: bool,
    /// Stub: time its phases (the per-phase breakdown's pass; every other pass times nothing).
    #[arg(long)]
    phases: bool,
}

fn fixed(args: &Args) -> anyhow::Result<FixedResponse> {
    let status = http::StatusCode::from_u16(args.status).context("--status")?;
    let mut headers = http::HeaderMap::new();
    for h in &args.headers {
        let (name, value) = bare::parse_header(h).map_err(anyhow::Error::msg)?;
        headers.append(name, value);
    }
    let body = match &args.body {
        Some(path) => std::fs::read(path).with_context(|| format!("reading {}", path.display()))?,
        None => Vec::new(),
    };
    Ok(FixedResponse { status, headers, body: body.into() })
}

async fn serve(args: Args) -> anyhow::Result<()> {
    let addr = SocketAddr::new(args.bind, args.port);
    // The stub's handle is held until the process ends: dropping it would stop the server.
    let (local, _stub) = match args.kind {
        Kind::Stub => {
            if args.phases {
                conformance_stub::phases::enable();
            }
            let handle =
                conformance_stub::serve(StubConfig::deterministic(), addr).await.context("starting the stub")?;
            (handle.local_addr(), Some(handle))
        }
        Kind::Bare => {
            let fixed = fixed(&args)?;
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
            let local = listener.local_addr()?;
            tokio::spawn(bare::serve(listener, fixed));
            (local, None)
        }
    };
    println!("{local}");
    std::future::pending::<()>().await;
    Ok(())
}

/// Serves stdin's commands until it closes, then exits: `phases` prints the phase totals.
fn watch_stdin() {
    use std::io::{BufRead, Write};
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if line.trim() == "phases" {
            let json = serde_json::to_string(&Snapshot::of_stub()).unwrap_or_default();
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{json}");
            let _ = out.flush();
        }
    }
    std::process::exit(0);
}

fn main() -> ExitCode {
    let args = Args::parse();
    // Before the runtime starts: its threads inherit the nice value.
    if args.nice != 0
        && let Err(e) = rustix::process::setpriority_process(None, args.nice)
    {
        eprintln!("bench-server: cannot set nice {}: {e}", args.nice);
        return ExitCode::from(3);
    }
    if args.phases && !conformance_stub::phases::AVAILABLE {
        eprintln!("bench-server: --phases needs the stub built with its `phases` feature");
        return ExitCode::from(2);
    }
    if args.watch_stdin {
        std::thread::spawn(watch_stdin);
    }
    let result = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("building the runtime")
        .and_then(|rt| rt.block_on(serve(args)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-server: {e:#}");
            ExitCode::from(3)
        }
    }
}
