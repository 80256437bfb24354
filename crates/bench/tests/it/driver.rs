//! The real driver with tiny counts against both real servers (debug builds: no timing is
//! asserted, only that the run completes with both rows, every checkpoint and no errors).

use std::path::PathBuf;

use conformance_bench::{Options, report};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_servers_answer_every_request() {
    let out = tempfile::tempdir().expect("temp dir");
    let opts = Options {
        server_bin: PathBuf::from(env!("CARGO_BIN_EXE_bench-server")),
        connections: 4,
        requests: 2_000,
        out_dir: out.path().to_path_buf(),
        latency_requests: 400,
        latency_rate: None,
        phase_requests: 300,
    };
    let lines = std::sync::Mutex::new(Vec::<String>::new());
    let progress = |l: &str| lines.lock().expect("lock").push(l.to_string());
    let r = conformance_bench::run(&opts, &progress).await.expect("the run completes");

    assert_eq!(r.errors(), 0, "{}", r.to_markdown());
    let servers: Vec<&str> = r.runs.iter().map(|s| s.server.as_str()).collect();
    assert_eq!(servers, [report::BARE, report::STUB]);
    for run in &r.runs {
        let counts: Vec<u64> = run.checkpoints.iter().map(|c| c.requests).collect();
        assert_eq!(counts, [200, 2_000], "{}", run.server);
        for c in &run.checkpoints {
            assert!(c.rps > 0.0 && c.p99_ms >= c.p50_ms && c.rss_bytes > 0, "{c:?}");
        }
    }
    assert_eq!(r.verdicts.as_ref().map(|v| v.checks.len()), Some(5));
    // The latency phase: both servers at the same rate (half the stub's saturation
    // req/s), every request answered; the p99 target is judged on the stub's figures there.
    let phase = r.latency.as_ref().expect("the latency phase ran");
    let stub_rps = r.runs[1].checkpoints.last().map(|c| c.rps).expect("the stub ran");
    assert!((phase.rate - stub_rps * report::LATENCY_SHARE).abs() < 1e-6, "{phase:?}");
    assert_eq!(phase.requests, 400);
    for run in &r.runs {
        let p = run.paced.as_ref().expect("paced figures");
        assert_eq!((p.requests, p.errors), (400, 0), "{}", run.server);
        assert!(p.achieved_rps > 0.0 && p.p99_ms >= p.p50_ms && p.max_ms >= p.p99_ms, "{p:?}");
    }
    // The breakdown's pass: every phase timed on every request of its own stub.
    let b = r.breakdown.as_ref().expect("the breakdown ran");
    assert_eq!(b.requests, 300);
    let names: Vec<&str> = b.phases.iter().map(|p| p.phase.as_str()).collect();
    for phase in ["routing", "auth", "validation", "state", "rendering"] {
        assert!(names.contains(&phase), "{phase} in {names:?}");
    }
    assert!(b.phases.iter().all(|p| p.us_per_request > 0.0), "every phase took time: {b:?}");
    assert!((b.timed_us_per_request - b.phases.iter().map(|p| p.us_per_request).sum::<f64>()).abs() < 1e-9);
    let p99 = &r.verdicts.as_ref().expect("verdicts").checks[2];
    assert!(p99.target.contains("at a fixed rate") && p99.measured.contains(" req/s"), "{p99:?}");
    assert_eq!(r.request, "POST /v2/{project_id}/apigw/instances/{instance_id}/postpaid-resize → 202");

    // The bare server was given the stub's real answer.
    let sample = std::fs::read(out.path().join("stub-sample-body.json")).expect("captured body");
    let sample: serde_json::Value = serde_json::from_slice(&sample).expect("JSON");
    assert!(sample["job_id"].as_str().is_some_and(|j| j.starts_with("JOB-")), "{sample}");

    let (json, md) = conformance_bench::driver::write(&r, out.path()).expect("written");
    let back: conformance_bench::Report =
        serde_json::from_str(&std::fs::read_to_string(json).expect("json")).expect("parses");
    assert_eq!(back.runs.len(), 2);
    let md = std::fs::read_to_string(md).expect("md");
    assert!(md.contains("| bare hyper | 2k | 2000 |") && md.contains("| stub | 2k | 2000 |"), "{md}");
    assert!(md.contains("**Per-phase breakdown**") && md.contains("| routing |"), "{md}");
    assert!(lines.lock().expect("lock").iter().any(|l| l.starts_with("stub: 2k requests")), "progress lines");
}

/// A server that answers the benchmarked request wrongly fails the run: the report counts the
/// errors and names the first (here the bare server is made to answer 500 instead of 202).
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_answers_are_counted_and_stop_the_run() {
    use std::os::unix::fs::PermissionsExt;

    let out = tempfile::tempdir().expect("temp dir");
    let wrapper = out.path().join("wrong-server.sh");
    let script = format!(
        "#!/bin/sh\n# bench-server, with the bare server's status replaced by 500\nfor a do\n  if [ \"$prev\" = --status ]; then a=500; fi\n  \
         set -- \"$@\" \"$a\"; shift; prev=$a\ndone\nexec '{}' \"$@\"\n",
        env!("CARGO_BIN_EXE_bench-server")
    );
    std::fs::write(&wrapper, script).expect("write wrapper");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let opts = Options {
        server_bin: wrapper,
        connections: 2,
        requests: 100,
        out_dir: out.path().to_path_buf(),
        latency_requests: 100,
        latency_rate: None,
        phase_requests: 100,
    };
    let r = conformance_bench::run(&opts, &|_| {}).await.expect("the run reports");

    assert!(r.errors() > 0, "{}", r.to_markdown());
    let bare = &r.runs[0];
    assert_eq!(bare.server, report::BARE);
    let first = bare.checkpoints.last().and_then(|c| c.first_error.as_deref()).unwrap_or_default();
    assert_eq!(first, "status 500, expected 202");
    // The first round loads the ceiling first; once it failed the stub was never loaded.
    assert!(r.runs[1].checkpoints.is_empty(), "the run stops at the first failure");
    assert!(r.verdicts.is_none());
    assert!(r.latency.is_none(), "no latency phase after a failed saturation run");
    assert!(r.breakdown.is_none(), "no breakdown after a failed saturation run");
    assert!(r.to_markdown().contains("requests FAILED"));
}
