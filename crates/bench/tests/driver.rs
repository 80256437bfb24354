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
    assert_eq!(r.verdicts.as_ref().map(|v| v.checks.len()), Some(4));
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
    assert!(lines.lock().expect("lock").iter().any(|l| l.starts_with("stub: 2k requests")), "progress lines");
}
