//! The run: capture the stub's real answer to the benchmarked request, start the bare server
//! (returning those exact bytes) and the stub side by side, and load them in two phases.
//! Saturation: alternating rounds of 10% of the requests, with the same connections and counts
//! (on a shared, noisy machine a slow spell then falls on both rather than on whichever ran
//! second); checkpoints after the first round (10%) and the last (100%) record req/s, p50/p99,
//! the server's RSS and its CPU time per request. Latency: each server in turn at the same fixed
//! rate (open loop), by default half the stub's saturation req/s. Breakdown: a third server, the
//! stub with its phases timed, in the same closed loop (`breakdown.rs`). Any failed request
//! ends the run after its checkpoint, with no latency phase and no breakdown.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use bytes::Bytes;
use conformance_contract::{Contracts, Profile};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

use crate::breakdown::Breakdown;
use crate::load::Generator;
use crate::report::{self, BARE, Checkpoint, LatencyPhase, Paced, Report, STUB, ServerRun};
use crate::request::BenchRequest;
use crate::server::{self, ServerProcess};

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The `bench-server` binary (a release build, for figures that mean anything).
    pub server_bin: PathBuf,
    /// Keep-alive connections (default 64).
    pub connections: usize,
    /// Requests per server; checkpoints at 10% and 100%.
    pub requests: u64,
    /// Where `stub.json`, `stub.md` and the captured body go.
    pub out_dir: PathBuf,
    /// Requests per server in the latency phase (open loop, fixed rate); 0 skips it.
    pub latency_requests: u64,
    /// The latency phase's rate in req/s; `None`: [`report::LATENCY_SHARE`] of the stub's
    /// server's saturation req/s in this run.
    pub latency_rate: Option<f64>,
    /// Requests in the per-phase breakdown's pass (a stub of its own, phases timed); 0 skips it.
    pub phase_requests: u64,
}

/// Why a run did not produce a report.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A server did not start, the load could not connect, a file could not be written.
    #[error("{0}")]
    CouldNotRun(String),
    /// A server answered wrongly or died while under load.
    #[error("{0}")]
    Wrong(String),
}

/// Headers of a captured answer that the bare server must not replay (hyper writes its own).
const HOP_HEADERS: [&str; 5] = ["date", "content-length", "transfer-encoding", "connection", "keep-alive"];

/// An answer read whole.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
}

/// Sends one request on a fresh connection and reads the whole answer.
async fn fetch(addr: SocketAddr, req: http::Request<Full<Bytes>>) -> Result<Answer, String> {
    let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let resp = sender.send_request(req).await.map_err(|e| format!("request to {addr} failed: {e}"))?;
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .filter(|(k, _)| !HOP_HEADERS.contains(&k.as_str()))
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = resp.into_body().collect().await.map_err(|e| format!("reading the answer: {e}"))?.to_bytes();
    Ok(Answer { status, headers, body })
}

/// The stub's target profile, from `GET /__stub/profile`.
pub async fn stub_profile(addr: SocketAddr, schema: &conformance_contract::KeySchema) -> Result<Profile, String> {
    let req = http::Request::get("/__stub/profile")
        .header(http::header::HOST, addr.to_string())
        .body(Full::new(Bytes::new()))
        .map_err(|e| e.to_string())?;
    let a = fetch(addr, req).await?;
    let text = String::from_utf8_lossy(&a.body);
    if a.status != 200 {
        return Err(format!("GET /__stub/profile answered {}: {text}", a.status));
    }
    Profile::parse(&text, "GET /__stub/profile", |_| None, schema).map_err(|e| e.to_string())
}

/// Runs the whole benchmark; `progress` gets a line at each step, round and checkpoint.
pub async fn run(opts: &Options, progress: &(dyn Fn(&str) + Sync)) -> Result<Report, BenchError> {
    let started = Instant::now();
    let cannot = BenchError::CouldNotRun;
    if opts.connections == 0 || opts.requests == 0 {
        return Err(cannot("--connections and --requests must be at least 1".into()));
    }
    std::fs::create_dir_all(&opts.out_dir)
        .map_err(|e| cannot(format!("cannot create {}: {e}", opts.out_dir.display())))?;
    let contracts = Contracts::load(crate::workspace().join("fixtures")).map_err(|e| cannot(e.to_string()))?;

    progress("starting the stub to capture its answer to the benchmarked request");
    let stub = ServerProcess::spawn(STUB, &opts.server_bin, &server::stub_args()).await.map_err(cannot)?;
    let profile = stub_profile(stub.addr(), contracts.keys()).await.map_err(cannot)?;
    let choice = crate::request::Choice::configured().map_err(cannot)?;
    let request = BenchRequest::documented(&contracts, &profile, &choice).map_err(cannot)?;
    let authority = stub.addr().to_string();
    let sample = fetch(stub.addr(), request.to_http(&authority).map_err(|e| cannot(e.to_string()))?)
        .await
        .map_err(BenchError::Wrong)?;
    stub.stop().await;
    if sample.status != request.expected_status {
        return Err(BenchError::Wrong(format!(
            "the stub answered {} (expected {}) to {}: {}",
            sample.status,
            request.expected_status,
            request.describe(),
            String::from_utf8_lossy(&sample.body)
        )));
    }
    let body_file = opts.out_dir.join("stub-sample-body.json");
    std::fs::write(&body_file, &sample.body)
        .map_err(|e| cannot(format!("cannot write {}: {e}", body_file.display())))?;
    progress(&format!(
        "{} answered {} with {} body bytes ({}); the bare server returns those bytes",
        request.describe(),
        sample.status,
        sample.body.len(),
        sample.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ")
    ));

    let bare_args = server::bare_args(sample.status, &sample.headers, &body_file);
    let mut contestants = [
        Contestant::start(BARE, &bare_args, &request, opts, progress).await?,
        Contestant::start(STUB, &server::stub_args(), &request, opts, progress).await?,
    ];
    let rounds = rounds(opts.requests);
    let mut failed = false;
    'rounds: for (i, &at) in rounds.iter().enumerate() {
        let checkpoint = i == 0 || i + 1 == rounds.len();
        // Alternate who goes first, so a slow spell of the machine does not favour one.
        let order = if i % 2 == 0 { [0, 1] } else { [1, 0] };
        let mut took = Vec::new();
        for k in order {
            let c = &mut contestants[k];
            let t = Instant::now();
            c.load.run_to(at).await;
            took.push(format!("{} {:.1} s", c.name, t.elapsed().as_secs_f64()));
            c.server.check_alive().map_err(BenchError::Wrong)?;
            failed = c.load.snapshot().errors > 0 || c.load.done() < at;
            if checkpoint || failed {
                let cp = c.checkpoint()?;
                progress(&describe(&c.name, &cp));
                c.recorded.push(cp);
            }
            if failed {
                break 'rounds;
            }
        }
        if !checkpoint {
            progress(&format!("round {}/{} done ({} requests each): {}", i + 1, rounds.len(), at, took.join(", ")));
        }
    }
    let latency = if failed || opts.latency_requests == 0 {
        None
    } else {
        Some(latency_phase(&mut contestants, opts, progress).await?)
    };
    let mut runs = Vec::new();
    for c in contestants {
        runs.push(c.finish().await);
    }
    let breakdown =
        if failed || opts.phase_requests == 0 { None } else { Some(breakdown_pass(&request, opts, progress).await?) };
    let verdicts = match runs.as_slice() {
        [bare, stub] if bare.checkpoints.len() == stub.checkpoints.len() => report::verdicts(bare, stub),
        _ => None,
    };
    Ok(Report {
        target: "stub".into(),
        request: request.describe(),
        build: if cfg!(debug_assertions) { "debug" } else { "release" }.into(),
        cores: std::thread::available_parallelism().map_or(1, usize::from),
        connections: opts.connections,
        server_nice: server::SERVER_NICE,
        requests: opts.requests,
        duration_secs: started.elapsed().as_secs_f64(),
        latency,
        runs,
        verdicts,
        breakdown,
    })
}

/// The per-phase breakdown's pass: a stub of its own with its phases timed, in the same closed
/// loop as phase 1, alone (the two measured servers have stopped).
async fn breakdown_pass(
    request: &BenchRequest,
    opts: &Options,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Breakdown, BenchError> {
    let cannot = BenchError::CouldNotRun;
    let name = "stub (phases timed)";
    let mut server = ServerProcess::spawn(name, &opts.server_bin, &server::timed_stub_args()).await.map_err(cannot)?;
    let mut load = Generator::connect(server.addr(), opts.connections, request).await.map_err(cannot)?;
    progress(&format!(
        "breakdown: {} requests to a stub with its phases timed (pid {})",
        opts.phase_requests,
        server.pid()
    ));
    let (before, cpu_before) = (server.phases().await.map_err(cannot)?, server.cpu_secs().map_err(cannot)?);
    load.run_to(opts.phase_requests).await;
    server.check_alive().map_err(BenchError::Wrong)?;
    let (after, cpu_after) = (server.phases().await.map_err(cannot)?, server.cpu_secs().map_err(cannot)?);
    let s = load.snapshot();
    drop(load);
    server.stop().await;
    if s.errors > 0 {
        let first = s.first_error.unwrap_or_default();
        return Err(BenchError::Wrong(format!("{name}: {} requests failed (first: {first})", s.errors)));
    }
    let b = Breakdown::new(&after.since(&before), s.requests, cpu_after - cpu_before);
    progress(&format!(
        "breakdown: CPU {:.1} µs/req, the stub's phases {:.1} µs/req, hyper, tokio and the kernel {:.1} µs/req",
        b.cpu_us_per_request, b.timed_us_per_request, b.untimed_us_per_request
    ));
    Ok(b)
}

/// The open-loop phase: each server in turn at the same fixed rate, on the same connections.
async fn latency_phase(
    contestants: &mut [Contestant; 2],
    opts: &Options,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<LatencyPhase, BenchError> {
    let stub_rps = contestants[1].recorded.last().map_or(0.0, |c| c.rps);
    let (rate, basis) = match opts.latency_rate {
        Some(r) => (r, "set by --latency-rate".to_string()),
        None => (
            stub_rps * report::LATENCY_SHARE,
            format!("{:.0}% of the stub's saturation req/s in this run", report::LATENCY_SHARE * 100.0),
        ),
    };
    if !(rate.is_finite() && rate >= 1.0) {
        return Err(BenchError::CouldNotRun(format!("the latency phase's rate {rate:.1} req/s is not usable")));
    }
    progress(&format!(
        "latency phase: {} requests per server at {rate:.0} req/s ({basis}), open loop, in alternating rounds",
        opts.latency_requests
    ));
    // Alternating rounds here too, so that a slow spell of the machine falls on both servers.
    'rounds: for (i, &at) in rounds(opts.latency_requests).iter().enumerate() {
        let order = if i % 2 == 0 { [0, 1] } else { [1, 0] };
        for k in order {
            let c = &mut contestants[k];
            let s = c.load.run_paced(at.saturating_sub(c.load.paced_snapshot().requests), rate).await;
            c.server.check_alive().map_err(BenchError::Wrong)?;
            if s.errors > 0 || s.requests < at {
                break 'rounds;
            }
        }
    }
    for c in contestants.iter_mut() {
        let s = c.load.paced_snapshot();
        let paced = Paced {
            requests: s.requests,
            achieved_rps: s.rps(),
            p50_ms: s.latency.p50_ms,
            p99_ms: s.latency.p99_ms,
            max_ms: s.latency.max_ms,
            errors: s.errors,
            first_error: s.first_error,
        };
        progress(&format!(
            "{} at {rate:.0} req/s: {:.0} req/s achieved, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms{}",
            c.name,
            paced.achieved_rps,
            paced.p50_ms,
            paced.p99_ms,
            paced.max_ms,
            if paced.errors > 0 { format!(", {} FAILED", paced.errors) } else { String::new() }
        ));
        c.paced = Some(paced);
    }
    Ok(LatencyPhase { rate, basis, requests: opts.latency_requests })
}

/// The request counts after each round: 10 rounds of 10% each (fewer for tiny counts).
/// Checkpoints are after the first and the last round.
pub fn rounds(requests: u64) -> Vec<u64> {
    let mut at: Vec<u64> = (1..=10).map(|k| requests * k / 10).filter(|n| *n > 0).collect();
    at.dedup();
    at
}

fn describe(name: &str, c: &Checkpoint) -> String {
    format!(
        "{name}: {} requests in {:.1} s: {:.0} req/s, p50 {:.3} ms, p99 {:.3} ms, RSS {:.1} MB, CPU {:.1} µs/req{}",
        report::count_label(c.requests),
        c.elapsed_secs,
        c.rps,
        c.p50_ms,
        c.p99_ms,
        crate::procfs::mb(c.rss_bytes),
        c.cpu_us_per_request,
        if c.errors > 0 { format!(", {} FAILED", c.errors) } else { String::new() }
    )
}

/// One server under test with its load and its checkpoints so far.
struct Contestant {
    name: String,
    server: ServerProcess,
    load: Generator,
    idle_rss: u64,
    /// CPU time the server had used when the load began.
    cpu_start: f64,
    recorded: Vec<Checkpoint>,
    /// Its latency-phase figures, once measured.
    paced: Option<Paced>,
}

impl Contestant {
    async fn start(
        name: &str,
        args: &[String],
        request: &BenchRequest,
        opts: &Options,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<Contestant, BenchError> {
        let cannot = BenchError::CouldNotRun;
        let server = ServerProcess::spawn(name, &opts.server_bin, args).await.map_err(cannot)?;
        let idle = server.rss().map_err(cannot)?;
        let load = Generator::connect(server.addr(), opts.connections, request).await.map_err(cannot)?;
        let cpu_start = server.cpu_secs().map_err(cannot)?;
        progress(&format!(
            "{name}: pid {} on {}, RSS {:.1} MB, {} connections open",
            server.pid(),
            server.addr(),
            crate::procfs::mb(idle.rss_bytes),
            load.open_connections()
        ));
        Ok(Contestant {
            name: name.into(),
            server,
            load,
            idle_rss: idle.rss_bytes,
            cpu_start,
            recorded: Vec::new(),
            paced: None,
        })
    }

    /// The cumulative figures now.
    fn checkpoint(&self) -> Result<Checkpoint, BenchError> {
        let rss = self.server.rss().map_err(BenchError::CouldNotRun)?;
        let cpu = self.server.cpu_secs().map_err(BenchError::CouldNotRun)? - self.cpu_start;
        let s = self.load.snapshot();
        Ok(Checkpoint {
            requests: s.requests,
            elapsed_secs: s.elapsed.as_secs_f64(),
            rps: s.rps(),
            p50_ms: s.latency.p50_ms,
            p99_ms: s.latency.p99_ms,
            max_ms: s.latency.max_ms,
            rss_bytes: rss.rss_bytes,
            hwm_bytes: rss.hwm_bytes,
            cpu_us_per_request: if s.requests > 0 { cpu * 1e6 / s.requests as f64 } else { 0.0 },
            errors: s.errors,
            first_error: s.first_error,
        })
    }

    async fn finish(self) -> ServerRun {
        drop(self.load);
        self.server.stop().await;
        ServerRun { server: self.name, rss_idle_bytes: self.idle_rss, checkpoints: self.recorded, paced: self.paced }
    }
}

/// Writes `<target>.json` and `<target>.md` into `dir`; their paths.
pub fn write(report: &Report, dir: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(dir)?;
    let json = dir.join(format!("{}.json", report.target));
    let md = dir.join(format!("{}.md", report.target));
    let text = serde_json::to_string_pretty(report).map_err(std::io::Error::other)?;
    std::fs::write(&json, text + "\n")?;
    std::fs::write(&md, report.to_markdown())?;
    Ok((json, md))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_rounds_of_ten_percent() {
        let r = rounds(1_000_000);
        assert_eq!(r.len(), 10);
        assert_eq!((r[0], r[1], r[9]), (100_000, 200_000, 1_000_000));
        assert_eq!(rounds(2_000)[..2], [200, 400]);
        // Counts that do not divide by 10 still end exactly at the total.
        assert_eq!(rounds(25), [2, 5, 7, 10, 12, 15, 17, 20, 22, 25]);
        assert_eq!(rounds(5), [1, 2, 3, 4, 5]);
        assert_eq!(rounds(0), Vec::<u64>::new());
    }

    #[test]
    fn hop_headers_are_lower_case() {
        // hyper's header names are lower case; an upper-case entry here would never match.
        assert!(HOP_HEADERS.iter().all(|h| h.chars().all(|c| !c.is_ascii_uppercase())));
    }
}
