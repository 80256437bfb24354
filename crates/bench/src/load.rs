//! The load generator: N keep-alive HTTP/1.1 connections, each a tokio task that writes the
//! benchmarked request's bytes as they are ([`BenchRequest::wire`]) and reads the whole answer
//! (`answer.rs`: head parsed by `httparse`, body by its `Content-Length`) before the next one.
//! It is lean on purpose, as wrk is: the generator shares the machine's cores with the server it
//! measures, so every microsecond it spends is taken from the server. (A hyper client cost the
//! servers half their throughput here and doubled their latency; `crates/bench/README.md`.)
//!
//! Two ways to load:
//! - [`Generator::run_to`], closed loop (saturation): every connection sends its next request as
//!   soon as the answer to the last one is in. Counts are exact: the tasks draw tickets from one
//!   counter until the target count is reached, so a run stops at precisely 100 000 or 1 000 000.
//! - [`Generator::run_paced`], open loop (latency at a fixed rate): each connection sends on a
//!   schedule (`rate / N` per second, the connections' schedules evenly staggered). A request
//!   that could not go on time because the previous answer was late is timed from when it was
//!   due, not from when it went (no coordinated omission). One pacer keeps the schedule on a
//!   timerfd ticking every 100 µs (`tokio-timerfd`), not tokio's timer: that one ticks in whole
//!   milliseconds, which sent the requests in bursts of a millisecond's worth. A request sent
//!   after its due instant only because of the tick is timed from when it went.
//!
//! Every answer's status is checked; latencies go into one HDR histogram per connection, merged.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::request::BenchRequest;
use crate::stats::{self, Latency};

/// A request that takes longer than this counts as an error and ends its connection.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// One open connection and its read buffer.
struct Worker {
    stream: TcpStream,
    buf: Vec<u8>,
}

/// What one connection did in a phase, and the connection if it is still usable.
struct WorkerOut {
    worker: Option<Worker>,
    tally: Tally,
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

/// Load on one server: open connections and cumulative counts of the closed-loop run.
pub struct Generator {
    wire: Bytes,
    expected: u16,
    workers: Vec<Worker>,
    connections: usize,
    /// The closed-loop (saturation) figures, summed over connections.
    totals: Tally,
    /// The open-loop (fixed rate) figures, kept apart.
    paced: Tally,
}

/// Counts and latencies: of one connection in a phase, or summed over connections and phases.
struct Tally {
    hist: Histogram<u64>,
    ok: u64,
    errors: u64,
    first_error: Option<String>,
    /// Time spent loading (set on sums only).
    elapsed: Duration,
}

impl Tally {
    fn new() -> Tally {
        Tally { hist: stats::histogram(), ok: 0, errors: 0, first_error: None, elapsed: Duration::ZERO }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            requests: self.ok + self.errors,
            ok: self.ok,
            errors: self.errors,
            first_error: self.first_error.clone(),
            elapsed: self.elapsed,
            latency: stats::summarize(&self.hist),
        }
    }
}

impl std::fmt::Debug for Generator {
    /// Never the request bytes: they hold the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("connections", &self.workers.len())
            .field("ok", &self.totals.ok)
            .field("errors", &self.totals.errors)
            .finish_non_exhaustive()
    }
}

impl Generator {
    /// Opens `connections` keep-alive connections to `addr`.
    pub async fn connect(addr: SocketAddr, connections: usize, request: &BenchRequest) -> Result<Generator, String> {
        let mut workers = Vec::with_capacity(connections);
        for _ in 0..connections {
            let stream = TcpStream::connect(addr).await.map_err(|e| format!("cannot connect to {addr}: {e}"))?;
            stream.set_nodelay(true).map_err(|e| format!("TCP_NODELAY on {addr}: {e}"))?;
            workers.push(Worker { stream, buf: Vec::with_capacity(4096) });
        }
        Ok(Generator {
            wire: request.wire(&addr.to_string()),
            expected: request.expected_status,
            workers,
            connections,
            totals: Tally::new(),
            paced: Tally::new(),
        })
    }

    /// Requests done so far in the closed-loop run.
    pub fn done(&self) -> u64 {
        self.totals.ok + self.totals.errors
    }

    /// Closed loop: sends requests on every open connection until `total` requests have been
    /// done in all (including earlier calls). Returns early if every connection failed.
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
                let (tickets, wire, expected) = (Arc::clone(&tickets), self.wire.clone(), self.expected);
                tokio::spawn(closed_loop(w, tickets, limit, wire, expected))
            })
            .collect();
        let outs = join(tasks).await;
        self.totals.elapsed += start.elapsed();
        absorb(&mut self.totals, &mut self.workers, outs);
    }

    /// Open loop: `count` more requests at `rate` per second over the open connections, the
    /// j-th due at `t0 + j / rate` on connection `j mod n` (see [`pace`]). Its figures add up
    /// apart from the closed loop's (see [`Generator::paced_snapshot`]); `elapsed` runs from the
    /// first request due to the last answer. The open-loop figures so far.
    pub async fn run_paced(&mut self, count: u64, rate: f64) -> Snapshot {
        let n = self.workers.len();
        if count == 0 || n == 0 || !(rate.is_finite() && rate > 0.0) {
            return self.paced.snapshot();
        }
        let t0 = Instant::now() + Duration::from_millis(5);
        let (senders, receivers): (Vec<_>, Vec<_>) =
            (0..n).map(|_| tokio::sync::mpsc::unbounded_channel::<Instant>()).unzip();
        let tasks: Vec<_> = self
            .workers
            .drain(..)
            .zip(receivers)
            .map(|(w, due)| tokio::spawn(open_loop(w, due, self.wire.clone(), self.expected)))
            .collect();
        let paced = pace(senders, count, rate, t0).await;
        let outs = join(tasks).await;
        self.paced.elapsed += t0.elapsed();
        absorb(&mut self.paced, &mut self.workers, outs);
        if let Err(e) = paced {
            self.paced.fail(e);
        }
        self.paced.snapshot()
    }

    /// Cumulative figures of the open-loop runs so far.
    pub fn paced_snapshot(&self) -> Snapshot {
        self.paced.snapshot()
    }

    /// Cumulative figures of the closed-loop run so far.
    pub fn snapshot(&self) -> Snapshot {
        self.totals.snapshot()
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

async fn join(tasks: Vec<tokio::task::JoinHandle<WorkerOut>>) -> Vec<Result<WorkerOut, String>> {
    let mut outs = Vec::with_capacity(tasks.len());
    for t in tasks {
        outs.push(t.await.map_err(|e| format!("a connection task failed: {e}")));
    }
    outs
}

/// Adds the connections' figures to `totals` and gives the live connections back.
fn absorb(totals: &mut Tally, workers: &mut Vec<Worker>, outs: Vec<Result<WorkerOut, String>>) {
    for out in outs {
        match out {
            Ok(out) => {
                totals.add(out.tally);
                workers.extend(out.worker);
            }
            Err(e) => totals.fail(e),
        }
    }
}

impl Tally {
    /// Adds a connection's counts and latencies (the first error seen stays first).
    fn add(&mut self, other: Tally) {
        let _ = self.hist.add(&other.hist);
        self.ok += other.ok;
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }

    /// Counts one failure that is no request's (a task or the pacer failed).
    fn fail(&mut self, e: String) {
        self.errors += 1;
        self.first_error.get_or_insert(e);
    }

    /// Records one outcome; `false` when the connection can no longer be used.
    fn record(
        &mut self,
        outcome: Result<Result<u16, String>, tokio::time::error::Elapsed>,
        expected: u16,
        latency: Duration,
    ) -> bool {
        match outcome {
            Ok(Ok(status)) if status == expected => {
                stats::record(&mut self.hist, latency);
                self.ok += 1;
                true
            }
            Ok(Ok(status)) => {
                self.errors += 1;
                self.first_error.get_or_insert_with(|| format!("status {status}, expected {expected}"));
                true
            }
            Ok(Err(e)) => {
                self.errors += 1;
                self.first_error.get_or_insert(e);
                false
            }
            Err(_) => {
                self.errors += 1;
                self.first_error.get_or_insert_with(|| format!("no answer within {REQUEST_TIMEOUT:?}"));
                false
            }
        }
    }

    fn finish(self, w: Worker, alive: bool) -> WorkerOut {
        WorkerOut { worker: alive.then_some(w), tally: self }
    }
}

/// One connection's closed loop: draw a ticket, send, check, record; until the tickets run out
/// or the connection fails.
async fn closed_loop(mut w: Worker, tickets: Arc<AtomicU64>, limit: u64, wire: Bytes, expected: u16) -> WorkerOut {
    let mut tally = Tally::new();
    let mut alive = true;
    while alive && tickets.fetch_add(1, Ordering::Relaxed) < limit {
        let start = Instant::now();
        let outcome = tokio::time::timeout(REQUEST_TIMEOUT, exchange(&mut w, &wire)).await;
        alive = tally.record(outcome, expected, start.elapsed());
    }
    tally.finish(w, alive)
}

/// How often the pacer wakes to hand out the requests that have come due.
const PACER_TICK: Duration = Duration::from_micros(100);

/// The pacer: wakes every [`PACER_TICK`] on one timerfd and sends each request that has come due
/// (its due instant) to its connection, `count` in all, then closes the connections' queues.
/// One timer for all connections keeps the generator's own cost low: a timer per connection
/// cost it three system calls a request and took that CPU from the server being measured.
async fn pace(
    connections: Vec<tokio::sync::mpsc::UnboundedSender<Instant>>,
    count: u64,
    rate: f64,
    t0: Instant,
) -> Result<(), String> {
    let mut ticks =
        tokio_timerfd::Interval::new(t0, PACER_TICK).map_err(|e| format!("cannot create a timerfd: {e}"))?;
    let n = connections.len() as u64;
    let due = |j: u64| t0 + Duration::from_secs_f64(j as f64 / rate);
    let mut next = 0u64;
    while next < count {
        match futures::StreamExt::next(&mut ticks).await {
            Some(Ok(())) => {}
            Some(Err(e)) => return Err(format!("the pacing timerfd failed: {e}")),
            None => return Err("the pacing timer stopped".into()),
        }
        let now = Instant::now();
        while next < count && due(next) <= now {
            let k = usize::try_from(next % n).unwrap_or_default();
            // A connection that failed has dropped its queue; its requests are not sent.
            let _ = connections[k].send(due(next));
            next += 1;
        }
    }
    Ok(())
}

/// One connection's open loop: each due instant the pacer sends, one request, until the pacer
/// is done and the queue is empty, or the connection fails.
async fn open_loop(
    mut w: Worker,
    mut due: tokio::sync::mpsc::UnboundedReceiver<Instant>,
    wire: Bytes,
    expected: u16,
) -> WorkerOut {
    let mut tally = Tally::new();
    let mut alive = true;
    let mut ready = Instant::now();
    while let Some(at) = due.recv().await {
        // Behind schedule (the last answer came after this one was due): time it from when it
        // was due. Otherwise from when it went (the pacer's tick is not the server's).
        let start = if ready > at { at } else { Instant::now() };
        let outcome = tokio::time::timeout(REQUEST_TIMEOUT, exchange(&mut w, &wire)).await;
        alive = tally.record(outcome, expected, start.elapsed());
        if !alive {
            break;
        }
        ready = Instant::now();
    }
    tally.finish(w, alive)
}

/// Writes the request and reads the whole answer; its status.
async fn exchange(w: &mut Worker, wire: &[u8]) -> Result<u16, String> {
    w.stream.write_all(wire).await.map_err(|e| format!("sending the request failed: {e}"))?;
    w.buf.clear();
    crate::answer::read_answer(&mut w.stream, &mut w.buf).await
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    /// A server that answers every request `200` after `delay`, one at a time per connection.
    async fn slow_server(delay: Duration) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            while let Ok((mut s, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    loop {
                        let mut headers = [httparse::EMPTY_HEADER; 16];
                        let mut req = httparse::Request::new(&mut headers);
                        if let Ok(httparse::Status::Complete(head)) = req.parse(&buf) {
                            let len = req.headers.iter().find(|h| h.name == "content-length");
                            let len = len.and_then(|h| std::str::from_utf8(h.value).ok()?.parse::<usize>().ok());
                            if buf.len() >= head + len.unwrap_or(0) {
                                buf.clear();
                                tokio::time::sleep(delay).await;
                                let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                                if s.write_all(answer).await.is_err() {
                                    return;
                                }
                                continue;
                            }
                        }
                        if s.read_buf(&mut buf).await.map_or(true, |n| n == 0) {
                            return;
                        }
                    }
                });
            }
        });
        addr
    }

    fn request() -> BenchRequest {
        BenchRequest {
            method: http::Method::POST,
            template: "/x".into(),
            path: "/x".into(),
            credentials: vec![("X-Auth-Token".into(), "t".into())],
            body: Bytes::from_static(b"{}"),
            expected_status: 200,
        }
    }

    /// The open loop times each request from when it was due: a server slower than the rate
    /// makes the requests queue, and that wait is in the figures (no coordinated omission).
    #[tokio::test]
    async fn a_server_behind_schedule_is_charged_for_the_wait() {
        let addr = slow_server(Duration::from_millis(20)).await;
        let mut g = Generator::connect(addr, 1, &request()).await.expect("connect");
        // Due every 2 ms, answered every 20 ms: the k-th request waits about 18·k ms.
        let s = g.run_paced(10, 500.0).await;
        assert_eq!((s.requests, s.ok, s.errors), (10, 10, 0), "{s:?}");
        // Timed from when they went, every latency would be about 20 ms.
        assert!(s.latency.p50_ms > 60.0, "p50 {} ms", s.latency.p50_ms);
        assert!(s.latency.max_ms > 150.0, "max {} ms", s.latency.max_ms);
        assert!(s.rps() < 100.0, "achieved {} req/s of 500 offered", s.rps());
        assert_eq!(g.snapshot().requests, 0, "the open loop leaves the closed-loop counts alone");
        assert_eq!(g.open_connections(), 1, "the connection is kept for the next phase");
    }

    /// The closed loop stops at exactly the count asked for, over all connections.
    #[tokio::test]
    async fn the_closed_loop_counts_exactly() {
        let addr = slow_server(Duration::ZERO).await;
        let mut g = Generator::connect(addr, 3, &request()).await.expect("connect");
        g.run_to(10).await;
        g.run_to(25).await;
        let s = g.snapshot();
        assert_eq!((s.requests, s.ok, s.errors), (25, 25, 0), "{s:?}");
        assert_eq!(g.run_paced(7, 10_000.0).await.requests, 7);
        assert_eq!(g.run_paced(3, 10_000.0).await.requests, 10, "open-loop figures add up");
        assert_eq!((g.paced_snapshot().requests, g.snapshot().requests), (10, 25), "each loop keeps its own");
    }
}
