//! The per-phase breakdown of the stub's cost per request, from a pass of its own: a third
//! server, the stub with its phases timed (`bench-server --phases`, the stub's `phases` feature),
//! under the same closed-loop load as phase 1. The stub's clock starts once a request's body is
//! read and each phase ends at a mark (routing, auth, validation, state, rendering, the hyper
//! response; reading the body is timed apart), in per-thread counters the server sums when
//! asked on its stdin ([`Snapshot`], one JSON line). What no phase covers is hyper, tokio and the
//! kernel: parsing the head, writing the answer, waking and scheduling. Timing costs a few
//! clock reads per request, which is why the CPU figures judged against bare hyper come from
//! phase 1, where nothing is timed; this pass reports its own CPU per request beside them.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// What the timed server answers to `phases` on its stdin: the totals so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Requests whose clock reached the hyper response.
    pub requests: u64,
    /// Nanoseconds per phase, in pipeline order.
    pub phases: Vec<PhaseNanos>,
}

/// One phase's total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseNanos {
    /// The phase, as the stub names it.
    pub phase: String,
    /// Nanoseconds in all.
    pub nanos: u64,
}

impl Snapshot {
    /// The stub's totals now (what `bench-server --phases` prints).
    pub fn of_stub() -> Snapshot {
        let t = conformance_stub::phases::snapshot();
        let phases = t.phases.iter().map(|p| PhaseNanos { phase: p.phase.name().into(), nanos: p.nanos }).collect();
        Snapshot { requests: t.requests, phases }
    }

    /// What happened between `earlier` and `self`.
    pub fn since(&self, earlier: &Snapshot) -> Snapshot {
        let before = |name: &str| earlier.phases.iter().find(|p| p.phase == name).map_or(0, |p| p.nanos);
        let phases = self
            .phases
            .iter()
            .map(|p| PhaseNanos { phase: p.phase.clone(), nanos: p.nanos.saturating_sub(before(&p.phase)) })
            .collect();
        Snapshot { requests: self.requests.saturating_sub(earlier.requests), phases }
    }
}

/// The breakdown as reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Requests in the timed pass.
    pub requests: u64,
    /// The timed server's CPU time (user + system) per request in this pass, µs.
    pub cpu_us_per_request: f64,
    /// Per phase, µs per request, in pipeline order.
    pub phases: Vec<PhaseRow>,
    /// The phases together, µs per request.
    pub timed_us_per_request: f64,
    /// What no phase covers (hyper, tokio, the kernel): CPU per request less the phases, µs.
    pub untimed_us_per_request: f64,
}

/// One phase's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseRow {
    /// The phase.
    pub phase: String,
    /// Mean time per request, µs.
    pub us_per_request: f64,
}

impl Breakdown {
    /// From the pass's phase totals and the server's CPU seconds over the same requests.
    pub fn new(timed: &Snapshot, requests: u64, cpu_secs: f64) -> Breakdown {
        let per = |nanos: u64| if timed.requests > 0 { nanos as f64 / timed.requests as f64 / 1e3 } else { 0.0 };
        let phases: Vec<PhaseRow> =
            timed.phases.iter().map(|p| PhaseRow { phase: p.phase.clone(), us_per_request: per(p.nanos) }).collect();
        let timed_us = phases.iter().map(|p| p.us_per_request).sum::<f64>();
        let cpu_us = if requests > 0 { cpu_secs * 1e6 / requests as f64 } else { 0.0 };
        Breakdown {
            requests,
            cpu_us_per_request: cpu_us,
            phases,
            timed_us_per_request: timed_us,
            untimed_us_per_request: (cpu_us - timed_us).max(0.0),
        }
    }

    /// The Markdown section; `stub_cpu` and `bare_cpu` are phase 1's CPU per request (untimed).
    pub fn to_markdown(&self, out: &mut String, stub_cpu: Option<f64>, bare_cpu: Option<f64>) {
        let _ = writeln!(
            out,
            "**Per-phase breakdown** (a pass of its own: a third server, the stub with its phases timed, {} \
             requests in the same closed loop; mean time per request)",
            self.requests
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "| phase | µs/req | share of CPU/req |");
        let _ = writeln!(out, "|---|--:|--:|");
        let share = |us: f64| {
            if self.cpu_us_per_request > 0.0 {
                format!("{:.1}%", us / self.cpu_us_per_request * 100.0)
            } else {
                "–".into()
            }
        };
        for p in &self.phases {
            let _ = writeln!(out, "| {} | {:.2} | {} |", p.phase, p.us_per_request, share(p.us_per_request));
        }
        let t = self.timed_us_per_request;
        let _ = writeln!(out, "| **the stub's own code** (the phases above) | {t:.2} | {} |", share(t));
        let u = self.untimed_us_per_request;
        let _ = writeln!(out, "| hyper, tokio, kernel (CPU less the phases) | {u:.2} | {} |", share(u));
        let _ = writeln!(out, "| CPU per request in this pass | {:.2} | 100% |", self.cpu_us_per_request);
        let _ = writeln!(out);
        if let (Some(s), Some(b)) = (stub_cpu, bare_cpu) {
            let _ = writeln!(
                out,
                "Phase 1 (nothing timed): stub {s:.1} µs/req, bare hyper {b:.1} µs/req for the same bytes, so the stub's \
                 cost beyond hyper's is {:.1} µs/req; timing the phases added {:+.1} µs/req here.",
                s - b,
                self.cpu_us_per_request - s
            );
            let _ = writeln!(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(requests: u64, nanos: &[(&str, u64)]) -> Snapshot {
        let phases = nanos.iter().map(|(p, n)| PhaseNanos { phase: (*p).into(), nanos: *n }).collect();
        Snapshot { requests, phases }
    }

    #[test]
    fn rows_are_means_per_request_and_the_rest_is_hyper_and_the_kernel() {
        let before = snap(10, &[("routing", 1_000), ("auth", 2_000)]);
        let after = snap(1_010, &[("routing", 501_000), ("auth", 1_002_000)]);
        let d = Breakdown::new(&after.since(&before), 1_000, 0.010);
        assert_eq!(d.phases.iter().map(|p| p.us_per_request).collect::<Vec<_>>(), [0.5, 1.0]);
        assert!((d.cpu_us_per_request - 10.0).abs() < 1e-9, "{d:?}");
        assert!((d.untimed_us_per_request - 8.5).abs() < 1e-9, "{d:?}");
        let mut md = String::new();
        d.to_markdown(&mut md, Some(9.0), Some(6.0));
        assert!(md.contains("| routing | 0.50 | 5.0% |"), "{md}");
        assert!(md.contains("| hyper, tokio, kernel (CPU less the phases) | 8.50 | 85.0% |"), "{md}");
        assert!(
            md.contains("the stub's cost beyond hyper's is 3.0 µs/req; timing the phases added +1.0 µs/req"),
            "{md}"
        );
    }

    #[test]
    fn snapshots_round_trip_as_one_json_line() {
        let s = snap(3, &[("routing", 7)]);
        let line = serde_json::to_string(&s).expect("serialises");
        assert!(!line.contains('\n'));
        assert_eq!(serde_json::from_str::<Snapshot>(&line).expect("parses"), s);
    }
}
