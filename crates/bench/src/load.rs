//! The load generator: N keep-alive HTTP/1.1 connections (hyper 1 client, one handshake each),
//! each a tokio task sending the benchmarked request, waiting for the whole answer, then the
//! next (closed loop, one request in flight per connection). Counts are exact: the tasks draw
//! tickets from one counter until the target count is reached, so a run stops at precisely
//! 100 000 or 1 000 000 requests. Every answer's status is checked; latencies go into one HDR
//! histogram per connection, merged at checkpoints.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::request::BenchRequest;
use crate::stats::{self, Latency};

/// A request that takes longer than this counts as an error and ends its connection.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// One open connection.
struct Worker {
    sender: SendRequest<Full<Bytes>>,
}

/// What one connection did in a phase.
struct WorkerOut {
    worker: Option<Worker>,
    hist: Histogram<u64>,
    ok: u64,
    errors: u64,
    first_error: Option<String>,
}

/// Cumulative figures of a load run so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Requests answered or failed so far.
    pub requests: u64,
    /// Requests answered with the expected status.
    pub ok: u64,
    /// Requests failed: wrong status, transport error or timeout.
    pub errors: u64,
    /// The first failure, described.
    pub first_error: Option<String>,
    /// Time spent sending them (the pauses at checkpoints excluded).
    pub elapsed: Duration,
    /// Latency of the successful requests.
    pub latency: Latency,
}

impl Snapshot {
    /// Requests per second over the whole run so far.
    pub fn rps(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 { self.requests as f64 / secs } else { 0.0 }
    }
}

/// Load on one server: open connections and cumulative counts.
pub struct Generator {
    authority: Arc<str>,
    request: Arc<BenchRequest>,
    workers: Vec<Worker>,
    connections: usize,
    hist: Histogram<u64>,
    ok: u64,
    errors: u64,
    first_error: Option<String>,
    elapsed: Duration,
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("authority", &self.authority)
            .field("connections", &self.workers.len())
            .field("ok", &self.ok)
            .field("errors", &self.errors)
            .finish_non_exhaustive()
    }
}

impl Generator {
    /// Opens `connections` keep-alive connections to `addr`.
    pub async fn connect(addr: SocketAddr, connections: usize, request: BenchRequest) -> Result<Generator, String> {
        let mut workers = Vec::with_capacity(connections);
        for _ in 0..connections {
            let stream = TcpStream::connect(addr).await.map_err(|e| format!("cannot connect to {addr}: {e}"))?;
            stream.set_nodelay(true).map_err(|e| format!("TCP_NODELAY on {addr}: {e}"))?;
            let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|e| format!("HTTP/1.1 handshake with {addr}: {e}"))?;
            tokio::spawn(async move {
                let _ = conn.await;
            });
            workers.push(Worker { sender });
        }
        Ok(Generator {
            authority: Arc::from(addr.to_string()),
            request: Arc::new(request),
            workers,
            connections,
            hist: stats::histogram(),
            ok: 0,
            errors: 0,
            first_error: None,
            elapsed: Duration::ZERO,
        })
    }

    /// Requests done so far.
    pub fn done(&self) -> u64 {
        self.ok + self.errors
    }

    /// Sends requests on every open connection until `total` requests have been done in all
    /// (including earlier calls). Returns early if every connection failed.
    pub async fn run_to(&mut self, total: u64) {
        let limit = total.saturating_sub(self.done());
        if limit == 0 || self.workers.is_empty() {
            return;
        }
        let tickets = Arc::new(AtomicU64::new(0));
        let start = Instant::now();
        let tasks: Vec<_> = self
            .workers
            .drain(..)
            .map(|w| {
                let (tickets, request, authority) =
                    (Arc::clone(&tickets), Arc::clone(&self.request), Arc::clone(&self.authority));
                tokio::spawn(work(w, tickets, limit, request, authority))
            })
            .collect();
        let mut outs = Vec::with_capacity(tasks.len());
        for t in tasks {
            match t.await {
                Ok(out) => outs.push(out),
                Err(e) => {
                    self.errors += 1;
                    self.first_error.get_or_insert_with(|| format!("a connection task failed: {e}"));
                }
            }
        }
        self.elapsed += start.elapsed();
        for out in outs {
            let _ = self.hist.add(&out.hist);
            self.ok += out.ok;
            self.errors += out.errors;
            if self.first_error.is_none() {
                self.first_error = out.first_error;
            }
            self.workers.extend(out.worker);
        }
    }

    /// Cumulative figures so far.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            requests: self.done(),
            ok: self.ok,
            errors: self.errors,
            first_error: self.first_error.clone(),
            elapsed: self.elapsed,
            latency: stats::summarize(&self.hist),
        }
    }

    /// Connections still open (fewer than asked when some failed).
    pub fn open_connections(&self) -> usize {
        self.workers.len()
    }

    /// Connections asked for.
    pub fn connections(&self) -> usize {
        self.connections
    }
}

/// One connection's loop: draw a ticket, send, check, record; until the tickets run out or the
/// connection fails.
async fn work(
    mut w: Worker,
    tickets: Arc<AtomicU64>,
    limit: u64,
    request: Arc<BenchRequest>,
    authority: Arc<str>,
) -> WorkerOut {
    let mut hist = stats::histogram();
    let (mut ok, mut errors, mut first_error) = (0, 0, None);
    let expected = request.expected_status;
    let mut alive = true;
    while tickets.fetch_add(1, Ordering::Relaxed) < limit {
        let start = Instant::now();
        match tokio::time::timeout(REQUEST_TIMEOUT, one(&mut w.sender, &request, &authority)).await {
            Ok(Ok(status)) if status == expected => {
                stats::record(&mut hist, start.elapsed());
                ok += 1;
            }
            Ok(Ok(status)) => {
                errors += 1;
                first_error.get_or_insert_with(|| format!("status {status}, expected {expected}"));
            }
            Ok(Err(e)) => {
                errors += 1;
                first_error.get_or_insert(e);
                alive = false;
                break;
            }
            Err(_) => {
                errors += 1;
                first_error.get_or_insert_with(|| format!("no answer within {REQUEST_TIMEOUT:?}"));
                alive = false;
                break;
            }
        }
    }
    WorkerOut { worker: alive.then_some(w), hist, ok, errors, first_error }
}

/// Sends one request and reads the whole answer; its status.
async fn one(sender: &mut SendRequest<Full<Bytes>>, request: &BenchRequest, authority: &str) -> Result<u16, String> {
    sender.ready().await.map_err(|e| format!("connection closed: {e}"))?;
    let req = request.to_http(authority).map_err(|e| format!("cannot build the request: {e}"))?;
    let resp = sender.send_request(req).await.map_err(|e| format!("request failed: {e}"))?;
    let status = resp.status().as_u16();
    resp.into_body().collect().await.map_err(|e| format!("reading the body failed: {e}"))?;
    Ok(status)
}
