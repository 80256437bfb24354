//! The report: per server, a row at each saturation checkpoint (requests, req/s, p50, p99, RSS,
//! server CPU per request) and a row for the latency phase (p50, p99 and max at a fixed rate),
//! the stub/bare throughput ratio and a PASS/MISS verdict against each target; as JSON
//! (`stub.json`) and as Markdown (`stub.md`, also printed).
//!
//! Where each target is judged: throughput and memory at saturation (closed loop, every
//! connection busy), latency at a fixed rate (open loop). In a closed loop the latency is the
//! connections divided by the throughput, whatever the server (Little's law), so its p99 says
//! how busy the machine was; it is reported, but the p99 target is judged where latency is the
//! server's own: at the same fixed rate for both servers.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::breakdown::Breakdown;
use crate::procfs::mb;

/// The stub must reach at least this share of the bare server's requests/s.
pub const MIN_RATIO: f64 = 0.70;
/// The bare server's CPU time per request must be at least this share of the stub's (the stub
/// at most 1.25 times the bare server's): the req/s ratio to expect where each server has its
/// cores to itself.
pub const MIN_CPU_RATIO: f64 = 0.80;
/// The stub's p99 latency in the latency phase must stay at or below this.
pub const MAX_P99_MS: f64 = 2.0;
/// The latency phase's default rate: this share of the stub's saturation req/s, offered to both
/// servers. A latency target holds at a stated load; this is the stub at half its capacity.
/// (At a share of the bare server's capacity instead, the stub runs near 80% of its own, where
/// one 10 ms stall of the machine takes it some 40 ms to work off: the p99 then counts the
/// machine's stalls, not the stub.)
pub const LATENCY_SHARE: f64 = 0.5;
/// The stub's resident memory must stay at or below this (MB = 2^20 bytes), at every checkpoint.
pub const MAX_RSS_MB: f64 = 50.0;
/// Flat memory: RSS at the last checkpoint at most this much above RSS at the first.
pub const MAX_RSS_GROWTH_MB: f64 = 10.0;

/// Name of the ceiling's row.
pub const BARE: &str = "bare hyper";
/// Name of the stub's row.
pub const STUB: &str = "stub";

/// A whole benchmark run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// What was benchmarked (`stub`).
    pub target: String,
    /// The request, e.g. `POST /v2/{project_id}/…/postpaid-resize → 202`.
    pub request: String,
    /// `release` or `debug` (debug figures are meaningless).
    pub build: String,
    /// Cores of the machine, shared by the load generator and the server.
    pub cores: usize,
    /// Keep-alive connections.
    pub connections: usize,
    /// The servers' nice value; the generator runs at 0, ahead of them.
    #[serde(default)]
    pub server_nice: i32,
    /// Requests sent to each server.
    pub requests: u64,
    /// Wall time of the whole run, in seconds.
    pub duration_secs: f64,
    /// The latency phase's settings, when it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<LatencyPhase>,
    /// One per server, the ceiling first.
    pub runs: Vec<ServerRun>,
    /// Against the targets, when both servers ran.
    pub verdicts: Option<Verdicts>,
    /// The stub's cost per request by phase, from a pass of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Breakdown>,
}

/// One server's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerRun {
    /// [`BARE`] or [`STUB`].
    pub server: String,
    /// Resident memory after start, before any load, in bytes.
    pub rss_idle_bytes: u64,
    /// At 10% and 100% of the requests.
    pub checkpoints: Vec<Checkpoint>,
    /// In the latency phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paced: Option<Paced>,
}

/// How the latency phase ran: every server at the same rate, open loop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatencyPhase {
    /// Offered requests per second, over all connections.
    pub rate: f64,
    /// Where the rate comes from (a share of the stub's saturation req/s, or the option).
    pub basis: String,
    /// Requests per server.
    pub requests: u64,
}

/// One server's figures in the latency phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paced {
    /// Requests answered or failed.
    pub requests: u64,
    /// Requests per second achieved (below the offered rate when the server fell behind).
    pub achieved_rps: f64,
    /// Median latency, ms, from when each request was due.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// Slowest request, ms.
    pub max_ms: f64,
    /// Requests failed (any fails the run).
    pub errors: u64,
    /// The first failure, described.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
}

/// Cumulative figures at one checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Requests done so far.
    pub requests: u64,
    /// Time spent sending them, in seconds.
    pub elapsed_secs: f64,
    /// Requests per second so far.
    pub rps: f64,
    /// Median latency so far, ms.
    pub p50_ms: f64,
    /// 99th percentile latency so far, ms.
    pub p99_ms: f64,
    /// Slowest request so far, ms.
    pub max_ms: f64,
    /// The server's `VmRSS` at the checkpoint, bytes.
    pub rss_bytes: u64,
    /// The server's `VmHWM` (peak RSS) at the checkpoint, bytes.
    pub hwm_bytes: u64,
    /// The server's CPU time (user + system) per request so far, µs: its cost per request,
    /// whatever else the machine was doing.
    pub cpu_us_per_request: f64,
    /// Requests failed so far (any fails the run).
    pub errors: u64,
    /// The first failure, described.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
}

/// One target, measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// The target, e.g. `p99 ≤ 2 ms`.
    pub target: String,
    /// What the stub did, e.g. `1.62 ms (worst checkpoint)`.
    pub measured: String,
    /// Met or not.
    pub pass: bool,
}

/// The stub against the targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdicts {
    /// stub req/s ÷ bare req/s at each checkpoint.
    pub ratios: Vec<f64>,
    /// Throughput, CPU per request, p99, RSS, RSS flat.
    pub checks: Vec<Check>,
}

impl Verdicts {
    /// Every target met.
    pub fn all_pass(&self) -> bool {
        self.checks.iter().all(|c| c.pass)
    }
}

/// `1000000` → `1M`, `100000` → `100k`, `2500` → `2.5k`.
pub fn count_label(n: u64) -> String {
    let short = |v: f64, unit: &str| {
        let s = format!("{v:.1}");
        format!("{}{unit}", s.trim_end_matches(".0"))
    };
    match n {
        n if n >= 1_000_000 => short(n as f64 / 1e6, "M"),
        n if n >= 1_000 => short(n as f64 / 1e3, "k"),
        n => n.to_string(),
    }
}

/// The stub's run against the targets, with the bare run as the ceiling; `None` unless both
/// have checkpoints.
pub fn verdicts(bare: &ServerRun, stub: &ServerRun) -> Option<Verdicts> {
    let (b_last, s_first, s_last) = (bare.checkpoints.last()?, stub.checkpoints.first()?, stub.checkpoints.last()?);
    let ratio = |s: &Checkpoint, b: &Checkpoint| if b.rps > 0.0 { s.rps / b.rps } else { 0.0 };
    let ratios = stub.checkpoints.iter().zip(&bare.checkpoints).map(|(s, b)| ratio(s, b)).collect();
    let final_ratio = ratio(s_last, b_last);
    let cpu_ratio =
        if s_last.cpu_us_per_request > 0.0 { b_last.cpu_us_per_request / s_last.cpu_us_per_request } else { 0.0 };
    let max_rss = stub.checkpoints.iter().map(|c| c.rss_bytes).max().unwrap_or(0);
    let growth = mb(s_last.rss_bytes) - mb(s_first.rss_bytes);
    let (first, last) = (count_label(s_first.requests), count_label(s_last.requests));
    let checks = vec![
        Check {
            target: format!("req/s ≥ {:.0}% of bare", MIN_RATIO * 100.0),
            measured: format!("{:.1}% at {last}", final_ratio * 100.0),
            pass: final_ratio >= MIN_RATIO,
        },
        Check {
            target: format!("CPU/req ≤ {:.2}× bare (bare/stub ≥ {:.0}%)", 1.0 / MIN_CPU_RATIO, MIN_CPU_RATIO * 100.0),
            measured: format!(
                "bare/stub {:.1}% at {last} (stub {:.1} µs, bare {:.1} µs)",
                cpu_ratio * 100.0,
                s_last.cpu_us_per_request,
                b_last.cpu_us_per_request
            ),
            pass: cpu_ratio >= MIN_CPU_RATIO,
        },
        match &stub.paced {
            Some(p) => Check {
                target: format!("p99 ≤ {MAX_P99_MS} ms at a fixed rate"),
                measured: match &bare.paced {
                    Some(b) => format!(
                        "{:.2} ms at {:.0} req/s; bare hyper {:.2} ms at the same rate",
                        p.p99_ms, p.achieved_rps, b.p99_ms
                    ),
                    None => format!("{:.2} ms at {:.0} req/s", p.p99_ms, p.achieved_rps),
                },
                pass: p.p99_ms <= MAX_P99_MS && p.errors == 0,
            },
            None => Check {
                target: format!("p99 ≤ {MAX_P99_MS} ms at a fixed rate"),
                measured: "not measured: the latency phase did not run".into(),
                pass: false,
            },
        },
        Check {
            target: format!("RSS ≤ {MAX_RSS_MB} MB"),
            measured: format!("{:.1} MB (highest checkpoint)", mb(max_rss)),
            pass: mb(max_rss) <= MAX_RSS_MB,
        },
        Check {
            target: format!("RSS flat (at {last} within +{MAX_RSS_GROWTH_MB} MB of {first})"),
            measured: format!("{growth:+.1} MB"),
            pass: growth <= MAX_RSS_GROWTH_MB,
        },
    ];
    Some(Verdicts { ratios, checks })
}

impl Report {
    /// Failed requests over all servers.
    pub fn errors(&self) -> u64 {
        let saturation: u64 = self.runs.iter().filter_map(|r| r.checkpoints.last()).map(|c| c.errors).sum();
        saturation + self.runs.iter().filter_map(|r| r.paced.as_ref()).map(|p| p.errors).sum::<u64>()
    }

    /// The server CPU per request of `server` at its last saturation checkpoint.
    fn last_cpu(&self, server: &str) -> Option<f64> {
        let run = self.runs.iter().find(|r| r.server == server)?;
        run.checkpoints.last().map(|c| c.cpu_us_per_request)
    }

    /// The Markdown report: a header line, the table, the ratio and verdicts.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "### `cargo xtask bench {}`", self.target);
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "`{}` · {} keep-alive connections · {} requests per server · {} build · {} cores shared by the load \
             generator and the server (the server at nice {}) · {:.0} s in all",
            self.request, self.connections, self.requests, self.build, self.cores, self.server_nice, self.duration_secs
        );
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "**Saturation** (closed loop: every connection sends its next request as soon as it has an answer)"
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "| server | checkpoint | requests | req/s | p50 ms | p99 ms | RSS MB | CPU µs/req |");
        let _ = writeln!(out, "|---|---|--:|--:|--:|--:|--:|--:|");
        for run in &self.runs {
            for c in &run.checkpoints {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {:.0} | {:.3} | {:.3} | {:.1} | {:.1} |",
                    run.server,
                    count_label(c.requests),
                    c.requests,
                    c.rps,
                    c.p50_ms,
                    c.p99_ms,
                    mb(c.rss_bytes),
                    c.cpu_us_per_request
                );
            }
        }
        let _ = writeln!(out);
        self.latency_table(&mut out);
        for run in &self.runs {
            let saturation = run.checkpoints.last().map(|c| (c.errors, c.first_error.as_deref()));
            let paced = run.paced.as_ref().map(|p| (p.errors, p.first_error.as_deref()));
            for (errors, first) in [saturation, paced].into_iter().flatten().filter(|(e, _)| *e > 0) {
                let first = first.unwrap_or("?");
                let _ = writeln!(out, "**{}: {errors} requests FAILED** (first: {first})", run.server);
                let _ = writeln!(out);
            }
        }
        match &self.verdicts {
            Some(v) => {
                let stub = self.runs.iter().find(|r| r.server == STUB);
                let labels = stub.map(|r| r.checkpoints.iter().map(|c| count_label(c.requests)).collect::<Vec<_>>());
                let ratios: Vec<String> = v
                    .ratios
                    .iter()
                    .zip(labels.unwrap_or_default())
                    .map(|(r, at)| format!("{:.1}% at {at}", r * 100.0))
                    .collect();
                let checks: Vec<String> = v
                    .checks
                    .iter()
                    .map(|c| format!("{}: {} ({})", c.target, if c.pass { "PASS" } else { "MISS" }, c.measured))
                    .collect();
                let _ = writeln!(out, "stub/bare req/s: {} — {}", ratios.join(", "), checks.join(" · "));
                let _ = writeln!(out);
                if let (Some(b), Some(s)) = (self.last_cpu(BARE), self.last_cpu(STUB))
                    && s > 0.0
                {
                    let _ = writeln!(
                        out,
                        "Server CPU per request: stub {s:.1} µs, bare {b:.1} µs (bare/stub {:.1}%: the req/s ratio to expect where each \
                         server has its cores to itself).",
                        b / s * 100.0
                    );
                    let _ = writeln!(out);
                }
                let missed: Vec<&str> = v.checks.iter().filter(|c| !c.pass).map(|c| c.target.as_str()).collect();
                if missed.is_empty() {
                    let _ = writeln!(out, "All targets met.");
                } else {
                    let _ = writeln!(out, "**Targets MISSED: {}.**", missed.join("; "));
                }
            }
            None => {
                let _ = writeln!(out, "No verdict: the run did not complete for both servers.");
            }
        }
        if let Some(b) = &self.breakdown {
            let _ = writeln!(out);
            b.to_markdown(&mut out, self.last_cpu(STUB), self.last_cpu(BARE));
        }
        if self.build != "release" {
            let _ = writeln!(out);
            let _ = writeln!(out, "**{} build: these figures say nothing about performance.**", self.build);
        }
        out
    }
}

impl Report {
    fn latency_table(&self, out: &mut String) {
        let Some(l) = &self.latency else { return };
        let _ = writeln!(
            out,
            "**Latency at a fixed rate** (open loop: {:.0} req/s offered over the same {} connections, {}; each \
             request timed from when it was due)",
            l.rate, self.connections, l.basis
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "| server | requests | offered req/s | achieved req/s | p50 ms | p99 ms | max ms |");
        let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|");
        for run in &self.runs {
            if let Some(p) = &run.paced {
                let _ = writeln!(
                    out,
                    "| {} | {} | {:.0} | {:.0} | {:.3} | {:.3} | {:.3} |",
                    run.server, p.requests, l.rate, p.achieved_rps, p.p50_ms, p.p99_ms, p.max_ms
                );
            }
        }
        let _ = writeln!(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;

    fn cp(requests: u64, rps: f64, p99_ms: f64, rss_mb: u64) -> Checkpoint {
        Checkpoint {
            requests,
            elapsed_secs: requests as f64 / rps,
            rps,
            p50_ms: p99_ms / 4.0,
            p99_ms,
            max_ms: p99_ms * 3.0,
            rss_bytes: rss_mb * MB,
            hwm_bytes: rss_mb * MB,
            cpu_us_per_request: 1e6 / rps,
            errors: 0,
            first_error: None,
        }
    }

    fn paced(p99_ms: f64) -> Paced {
        Paced {
            requests: 100_000,
            achieved_rps: 40_000.0,
            p50_ms: p99_ms / 4.0,
            p99_ms,
            max_ms: p99_ms * 3.0,
            errors: 0,
            first_error: None,
        }
    }

    /// A server's run; its latency phase's p99 is its last checkpoint's.
    fn run(server: &str, cps: Vec<Checkpoint>) -> ServerRun {
        let paced = cps.last().map(|c| paced(c.p99_ms));
        ServerRun { server: server.into(), rss_idle_bytes: 3 * MB, checkpoints: cps, paced }
    }

    fn bare() -> ServerRun {
        run(BARE, vec![cp(100_000, 80_000.0, 1.0, 4), cp(1_000_000, 80_000.0, 1.0, 4)])
    }

    fn passes(v: &Verdicts) -> Vec<bool> {
        v.checks.iter().map(|c| c.pass).collect()
    }

    /// `r` with a CPU time per request of `us` at every checkpoint.
    fn cpu(mut r: ServerRun, us: f64) -> ServerRun {
        r.checkpoints.iter_mut().for_each(|c| c.cpu_us_per_request = us);
        r
    }

    /// A stub run at `rps`, `p99_ms` and `rss_mb` at both checkpoints, 15 µs of CPU a request
    /// (bare: 12.5 µs, 83%).
    fn stub_at(rps: f64, p99_ms: f64, rss_mb: [u64; 2]) -> ServerRun {
        cpu(run(STUB, vec![cp(100_000, rps, p99_ms, rss_mb[0]), cp(1_000_000, rps, p99_ms, rss_mb[1])]), 15.0)
    }

    #[test]
    fn a_good_stub_passes_everything() {
        let stub = cpu(run(STUB, vec![cp(100_000, 60_000.0, 1.5, 12), cp(1_000_000, 56_000.0, 1.9, 14)]), 15.0);
        let v = verdicts(&bare(), &stub).expect("both ran");
        assert_eq!(v.ratios, vec![0.75, 0.7]);
        assert_eq!(passes(&v), [true, true, true, true, true]);
        assert!(v.all_pass());
    }

    #[test]
    fn each_target_can_be_missed() {
        // Throughput: 55 999 / 80 000 < 70%.
        let slow = stub_at(55_999.0, 1.0, [10, 10]);
        assert_eq!(passes(&verdicts(&bare(), &slow).expect("v")), [false, true, true, true, true]);
        // CPU: 12.5 / 15.7 < 80%, whatever the req/s on this shared machine.
        let costly = cpu(stub_at(60_000.0, 1.0, [10, 10]), 15.7);
        let v = verdicts(&bare(), &costly).expect("v");
        assert_eq!(passes(&v), [true, false, true, true, true]);
        assert_eq!(v.checks[1].measured, "bare/stub 79.6% at 1M (stub 15.7 µs, bare 12.5 µs)");
        // p99 is judged in the latency phase: over 2 ms there misses, whatever the saturation p99.
        let mut laggy = stub_at(60_000.0, 1.0, [10, 10]);
        laggy.paced = Some(paced(2.01));
        let v = verdicts(&bare(), &laggy).expect("v");
        assert_eq!(passes(&v), [true, true, false, true, true]);
        assert_eq!(v.checks[2].measured, "2.01 ms at 40000 req/s; bare hyper 1.00 ms at the same rate");
        // Saturation p99 of 9 ms with a fixed-rate p99 of 1.5 ms: met.
        let mut busy = stub_at(60_000.0, 9.0, [10, 10]);
        busy.paced = Some(paced(1.5));
        assert_eq!(passes(&verdicts(&bare(), &busy).expect("v")), [true, true, true, true, true]);
        // No latency phase, or a failed request in it: not met.
        let mut unmeasured = stub_at(60_000.0, 1.0, [10, 10]);
        unmeasured.paced = None;
        let v = verdicts(&bare(), &unmeasured).expect("v");
        assert_eq!(
            (v.checks[2].pass, v.checks[2].measured.as_str()),
            (false, "not measured: the latency phase did not run")
        );
        let mut failing = stub_at(60_000.0, 1.0, [10, 10]);
        failing.paced = Some(Paced { errors: 1, ..paced(1.0) });
        assert_eq!(passes(&verdicts(&bare(), &failing).expect("v")), [true, true, false, true, true]);
        // 51 MB is over 50 MB, but only +1 MB growth: still flat.
        let fat = stub_at(60_000.0, 1.0, [50, 51]);
        assert_eq!(passes(&verdicts(&bare(), &fat).expect("v")), [true, true, true, false, true]);
        // 5 → 16 MB: under 50 MB, but it grew 11 MB.
        let leaky = stub_at(60_000.0, 1.0, [5, 16]);
        let v = verdicts(&bare(), &leaky).expect("v");
        assert_eq!(passes(&v), [true, true, true, true, false]);
        assert_eq!(v.checks[4].measured, "+11.0 MB");
    }

    #[test]
    fn boundaries_are_inclusive() {
        // 70% of the req/s, 80% of the CPU (12.5 / 15.625), 2 ms, 50 MB.
        let stub = cpu(run(STUB, vec![cp(100_000, 56_000.0, 2.0, 40), cp(1_000_000, 56_000.0, 2.0, 50)]), 15.625);
        assert_eq!(passes(&verdicts(&bare(), &stub).expect("v")), [true, true, true, true, true]);
    }

    #[test]
    fn no_verdict_without_both_runs() {
        assert_eq!(verdicts(&bare(), &run(STUB, vec![])), None);
    }

    #[test]
    fn labels() {
        assert_eq!(count_label(1_000_000), "1M");
        assert_eq!(count_label(100_000), "100k");
        assert_eq!(count_label(2_500), "2.5k");
        assert_eq!(count_label(200), "200");
    }

    fn report(stub: ServerRun) -> Report {
        let verdicts = verdicts(&bare(), &stub);
        Report {
            target: "stub".into(),
            request: "POST /x → 202".into(),
            build: "release".into(),
            cores: 2,
            connections: 64,
            server_nice: 5,
            requests: 1_000_000,
            duration_secs: 42.0,
            latency: Some(LatencyPhase {
                rate: 40_000.0,
                basis: "50% of the stub's saturation req/s in this run".into(),
                requests: 100_000,
            }),
            runs: vec![bare(), stub],
            verdicts,
            breakdown: None,
        }
    }

    #[test]
    fn markdown_has_a_row_per_checkpoint_and_the_verdicts() {
        let stub = run(STUB, vec![cp(100_000, 60_000.0, 1.5, 12), cp(1_000_000, 40_000.0, 1.9, 14)]);
        let md = report(stub).to_markdown();
        assert!(
            md.contains("| server | checkpoint | requests | req/s | p50 ms | p99 ms | RSS MB | CPU µs/req |"),
            "{md}"
        );
        assert!(md.contains("| bare hyper | 100k | 100000 | 80000 | 0.250 | 1.000 | 4.0 | 12.5 |"), "{md}");
        assert!(md.contains("| stub | 1M | 1000000 | 40000 | 0.475 | 1.900 | 14.0 | 25.0 |"), "{md}");
        assert!(md.contains("2 cores shared by the load generator and the server (the server at nice 5)"), "{md}");
        assert!(md.contains("Server CPU per request: stub 25.0 µs, bare 12.5 µs (bare/stub 50.0%"), "{md}");
        assert!(md.contains("stub/bare req/s: 75.0% at 100k, 50.0% at 1M"), "{md}");
        assert!(md.contains("req/s ≥ 70% of bare: MISS (50.0% at 1M)"), "{md}");
        assert!(
            md.contains(
                "CPU/req ≤ 1.25× bare (bare/stub ≥ 80%): MISS (bare/stub 50.0% at 1M (stub 25.0 µs, bare 12.5 µs))"
            ),
            "{md}"
        );
        assert!(
            md.contains(
                "p99 ≤ 2 ms at a fixed rate: PASS (1.90 ms at 40000 req/s; bare hyper 1.00 ms at the same rate)"
            ),
            "{md}"
        );
        assert!(
            md.contains(
                "**Latency at a fixed rate** (open loop: 40000 req/s offered over the same 64 connections, 50% of"
            ),
            "{md}"
        );
        assert!(md.contains("| stub | 100000 | 40000 | 40000 | 0.475 | 1.900 | 5.700 |"), "{md}");
        assert!(
            md.contains("**Targets MISSED: req/s ≥ 70% of bare; CPU/req ≤ 1.25× bare (bare/stub ≥ 80%).**"),
            "{md}"
        );
        assert!(!md.contains("Per-phase breakdown"), "no breakdown pass, no section: {md}");
        assert!(!md.contains("FAILED"), "{md}");
    }

    #[test]
    fn markdown_shows_failures_and_debug_builds() {
        let mut stub = run(STUB, vec![cp(100_000, 60_000.0, 1.5, 12)]);
        stub.checkpoints[0].errors = 3;
        stub.checkpoints[0].first_error = Some("status 401, expected 202".into());
        stub.paced =
            Some(Paced { errors: 2, first_error: Some("the server closed the connection".into()), ..paced(1.0) });
        let mut r = report(stub);
        r.build = "debug".into();
        assert_eq!(r.errors(), 5, "saturation and latency phase failures both count");
        let md = r.to_markdown();
        assert!(md.contains("**stub: 3 requests FAILED** (first: status 401, expected 202)"), "{md}");
        assert!(md.contains("**stub: 2 requests FAILED** (first: the server closed the connection)"), "{md}");
        assert!(md.contains("debug build"), "{md}");
    }

    #[test]
    fn the_breakdown_follows_the_verdicts() {
        let stub = stub_at(60_000.0, 1.0, [10, 10]);
        let mut r = report(stub);
        let timed = crate::breakdown::Snapshot {
            requests: 100,
            phases: vec![crate::breakdown::PhaseNanos { phase: "routing".into(), nanos: 50_000 }],
        };
        r.breakdown = Some(Breakdown::new(&timed, 100, 0.0016));
        let md = r.to_markdown();
        let (verdict, section) = (md.find("All targets met."), md.find("**Per-phase breakdown**"));
        assert!(verdict.is_some() && section > verdict, "{md}");
        assert!(md.contains("| routing | 0.50 | 3.1% |"), "{md}");
        assert!(md.contains("Phase 1 (nothing timed): stub 15.0 µs/req, bare hyper 12.5 µs/req"), "{md}");
    }

    #[test]
    fn json_round_trips() {
        let r = report(run(STUB, vec![cp(100_000, 60_000.0, 1.5, 12), cp(1_000_000, 56_000.0, 1.9, 14)]));
        let text = serde_json::to_string_pretty(&r).expect("serialise");
        let back: Report = serde_json::from_str(&text).expect("parse");
        assert_eq!(back, r);
    }
}
