//! `cargo xtask bench run`: how long a run takes when resources settle, against a local target
//! that answers slowly. The standalone stub sits behind a proxy that holds each answer
//! ([`delay`]); its profile is used as a real target's (no `[stub] instance`: the bill is bounded
//! to one change up and one back per resource), everything allowed. The suite runs in four
//! configurations: no settle time; one resource settling (`[huawei.cph] settle_seconds`); every
//! resource settling; and every one settling with `--concurrency 1`, one chain after another.
//! Since each resource of the account is a chain of its own and the chains run side by side,
//! every resource settling should take about as long as one: the goal is within 1.3×
//! ([`Wall::ratio`]). The report is `target/bench/run.md` ([`Wall::markdown`]).

pub mod delay;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use conformance_runner::{Effect, Outcome, RunOptions};
use conformance_stub::StubConfig;

use crate::BenchError;

/// The goal: every resource settling within this factor of one.
pub const GOAL: f64 = 1.3;

/// The profile tables of the account's resources that settle; the first is "one resource".
pub const SETTLING: [&str; 3] = ["huawei.cph", "huawei.apig", "hostway"];

/// What to measure.
#[derive(Debug, Clone)]
pub struct WallOptions {
    /// How long the target holds each answer.
    pub delay: Duration,
    /// The settle time of a resource that settles, in seconds.
    pub settle: u64,
    /// The features and fixtures folders (the runner's defaults: the workspace's).
    pub features_dir: PathBuf,
    /// The fixtures folder.
    pub fixtures_dir: PathBuf,
}

/// One configuration measured.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its name.
    pub name: String,
    /// The tables whose resources settle.
    pub settling: Vec<String>,
    /// `--concurrency`.
    pub concurrency: usize,
    /// Scenarios that ran (passed, failed or errored).
    pub ran: usize,
    /// The run's wall time.
    pub wall: Duration,
}

/// The four configurations, in order: none, one, every, every one after another.
#[derive(Debug, Clone)]
pub struct Wall {
    /// What was measured with.
    pub options: WallOptions,
    /// The rows.
    pub rows: Vec<Row>,
}

impl Wall {
    /// Every resource settling over one resource settling (side by side).
    pub fn ratio(&self) -> f64 {
        let secs = |i: usize| self.rows.get(i).map_or(0.0, |r| r.wall.as_secs_f64());
        if secs(1) > 0.0 { secs(2) / secs(1) } else { 0.0 }
    }

    /// The report, as `target/bench/run.md`.
    pub fn markdown(&self) -> String {
        let o = &self.options;
        let mut out = String::from("# Suite wall time with settle waits (`cargo xtask bench run`)\n\n");
        let _ = writeln!(
            out,
            "Target: the standalone stub behind a loopback proxy that holds every answer {} ms; its profile as a \
             real target's (no `[stub] instance`: at most one change up and one back per resource), \
             `--allow changes,billable`; a resource that settles waits {} s between two changes.\n",
            o.delay.as_millis(),
            o.settle
        );
        out.push_str("| configuration | settling | concurrency | scenarios run | wall s |\n|---|---|--:|--:|--:|\n");
        for r in &self.rows {
            let settling = if r.settling.is_empty() { "none".to_string() } else { r.settling.join(", ") };
            let _ = writeln!(
                out,
                "| {} | {settling} | {} | {} | {:.2} |",
                r.name,
                r.concurrency,
                r.ran,
                r.wall.as_secs_f64()
            );
        }
        let verdict = if self.ratio() <= GOAL { "MET" } else { "MISSED" };
        let _ = writeln!(
            out,
            "\nEvery resource settling / one resource settling: **{:.2}×** (goal ≤ {GOAL}×): {verdict}.",
            self.ratio()
        );
        out
    }
}

/// Measures the four configurations; `Err` when the stub or the proxy do not start, or a run
/// fails (a run that fails measures nothing).
pub async fn measure(options: WallOptions) -> Result<Wall, BenchError> {
    let every: Vec<String> = SETTLING.iter().map(|s| (*s).to_string()).collect();
    let configs = [
        ("settle 0", Vec::new(), 8),
        ("one resource settling", vec![every[0].clone()], 8),
        ("every resource settling", every.clone(), 8),
        ("every resource settling, --concurrency 1 (everything one at a time)", every, 1),
    ];
    let mut rows = Vec::new();
    for (name, settling, concurrency) in configs {
        let (ran, wall) = once(&options, &settling, concurrency).await?;
        rows.push(Row { name: name.to_string(), settling, concurrency, ran, wall });
    }
    Ok(Wall { options, rows })
}

/// One run against a fresh stub behind the proxy, with `settling` tables settling.
async fn once(o: &WallOptions, settling: &[String], concurrency: usize) -> Result<(usize, Duration), BenchError> {
    let config = StubConfig { fixtures_dir: o.fixtures_dir.clone(), ..StubConfig::deterministic() };
    let stub =
        conformance_stub::serve(config, "127.0.0.1:0".parse().map_err(|e| BenchError::CouldNotRun(format!("{e}")))?)
            .await
            .map_err(|e| BenchError::CouldNotRun(format!("the stub did not start: {e}")))?;
    let proxy = delay::start(stub.local_addr(), o.delay)
        .await
        .map_err(|e| BenchError::CouldNotRun(format!("the proxy did not start: {e}")))?;
    let url = format!("http://{proxy}");
    let toml = real_profile(
        &conformance_stub::profile::profile_file(&stub.profile()),
        &stub.base_url(),
        &url,
        settling,
        o.settle,
    );
    let dir = tempfile::tempdir().map_err(|e| BenchError::CouldNotRun(format!("a temporary folder: {e}")))?;
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, toml).map_err(|e| BenchError::CouldNotRun(format!("{}: {e}", path.display())))?;
    let capture = Arc::new(Mutex::new(String::new()));
    let opts = RunOptions {
        base_url: Some(url),
        profile: Some(path),
        features_dir: o.features_dir.clone(),
        fixtures_dir: o.fixtures_dir.clone(),
        allow: vec![Effect::Changes, Effect::Billable],
        concurrency,
        quiet: true,
        capture: Some(Arc::clone(&capture)),
        ..RunOptions::default()
    };
    let start = Instant::now();
    let report = conformance_runner::run(opts).await.map_err(|e| BenchError::CouldNotRun(e.to_string()))?;
    let wall = start.elapsed();
    stub.shutdown().await;
    let bad: Vec<&str> = report.scenarios.iter().filter(|s| s.outcome.is_failure()).map(|s| s.id.as_str()).collect();
    if !bad.is_empty() {
        let text = capture.lock().map(|t| t.clone()).unwrap_or_default();
        return Err(BenchError::Wrong(format!("the run failed {bad:?}:\n{text}")));
    }
    let ran = report.scenarios.iter().filter(|s| !matches!(s.outcome, Outcome::Skipped { .. })).count();
    Ok((ran, wall))
}

/// The stub's profile `toml` as a real target's: pointed at `url` instead of `stub`, without its
/// `[stub]` table, `settle` seconds in each table of `settling`.
pub fn real_profile(toml: &str, stub: &str, url: &str, settling: &[String], settle: u64) -> String {
    let mut out = String::new();
    let mut in_stub = false;
    for line in toml.replace(stub.trim_end_matches('/'), url).lines() {
        if line.starts_with('[') {
            in_stub = line.trim() == "[stub]";
        }
        if in_stub {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if settling.iter().any(|s| line.trim() == format!("[{s}]")) {
            let _ = writeln!(out, "settle_seconds = {settle}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_a_real_targets_pointed_at_the_proxy_with_its_settle_times() {
        let toml = "base_url = \"http://127.0.0.1:1\"\n[huawei.cph]\nserver_id = \"s\"\n[stub]\ninstance = \"i\"\n[hostway]\nx = 1\n";
        let got = real_profile(toml, "http://127.0.0.1:1/", "http://127.0.0.1:2", &["huawei.cph".into()], 3);
        assert_eq!(
            got,
            "base_url = \"http://127.0.0.1:2\"\n[huawei.cph]\nsettle_seconds = 3\nserver_id = \"s\"\n[hostway]\nx = 1\n"
        );
    }
}
