//! Shared helpers of the runner's tests: runs of the suite against the embedded stub (with or
//! without a mutation) or against any base URL with a profile written to a temp file.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use conformance_runner::{Report, RunError, RunOptions};
use conformance_stub::StubConfig;

/// Options for a quiet run whose terminal output is captured.
pub fn quiet() -> (RunOptions, Arc<Mutex<String>>) {
    let capture = Arc::new(Mutex::new(String::new()));
    // The bundled stub answers the docs as the fixtures decided them, their judgements too:
    // with `--strict` every scenario runs against it (`strict.rs` tests the default).
    let opts = RunOptions { quiet: true, strict: true, capture: Some(Arc::clone(&capture)), ..RunOptions::default() };
    (opts, capture)
}

/// The suite against the embedded stub showing the mutation named `mutation`.
pub async fn against_stub(mutation: Option<&str>, tags: Option<&str>) -> Report {
    let (mut opts, _) = quiet();
    opts.stub_config = Some(StubConfig::deterministic().with_mutation(mutation.map(String::from)));
    opts.tags = tags.map(String::from);
    conformance_runner::run(opts).await.expect("the suite runs")
}

/// Every secret the deterministic stub of `config` accepts.
pub fn stub_secrets(config: &StubConfig) -> Vec<String> {
    conformance_stub::StubCore::new(config.clone()).expect("the stub starts").secrets()
}

/// Writes `profile` (TOML) to a temp file kept alive by the returned guard.
pub fn profile_file(toml: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, toml).unwrap();
    (dir, path)
}

/// The suite against `base_url` with the profile `toml`.
pub async fn against(base_url: &str, toml: &str, tags: Option<&str>) -> Result<Report, RunError> {
    let (_dir, path) = profile_file(toml);
    let (mut opts, _) = quiet();
    opts.base_url = Some(base_url.to_string());
    opts.profile = Some(path);
    opts.tags = tags.map(String::from);
    opts.timeout = std::time::Duration::from_secs(2);
    conformance_runner::run(opts).await
}

/// The failing scenario ids, sorted.
pub fn failed(report: &Report) -> Vec<String> {
    let mut ids: Vec<String> = report.failed_ids().into_iter().map(String::from).collect();
    ids.sort();
    ids
}

/// Makes a failure message stable for a snapshot, like nextest's `redact` module: the target's
/// origin (and the `Host` a signature names), the run's suffix of created names, per-call values
/// (uuids, 32-hex ids, job ids, timestamps, CPH order and product ids), the date headers,
/// signatures and elapsed times are replaced by fixed words.
pub fn redact(message: &str, origin: &str) -> String {
    let rules: [(&str, &str); 11] = [
        (r"conformance-[0-9a-f]{8}\b", "conformance-[RUN]"),
        (r"http://127\.0\.0\.1:\d+", "http://TARGET"),
        (r"Host: 127\.0\.0\.1:\d+", "Host: TARGET"),
        (r"\(\d+ ms\)", "(N ms)"),
        (r"JOB-[0-9a-f]{32}", "JOB-[ID]"),
        (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[UUID]"),
        (r"\b[0-9a-f]{32}\b", "[HEX32]"),
        (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "[TIMESTAMP]"),
        (r"CS\d{10}[0-9A-Z]{5}", "CS[ORDER]"),
        (r"\b\d{5}-\d{5}-0--0\b", "[PRODUCT]"),
        (r"\d{8}T\d{6}Z", "[SDK-DATE]"),
    ];
    let mut out = message.replace(origin.trim_end_matches('/'), "http://TARGET");
    for (pattern, word) in rules {
        out = regex::Regex::new(pattern).unwrap().replace_all(&out, word).into_owned();
    }
    out.lines().filter(|l| !l.trim_start().starts_with("date:")).map(|l| format!("{l}\n")).collect()
}

/// A profile for one APIG gateway, with a token and the resize allowed (tests against plain
/// servers that play the gateway).
pub const APIG: &str = r#"
[huawei]
project_id = "p1"
token = "tok-permitted-123"
[huawei.apig]
instance_id = "6a7d71827fd54572b1f31aa9548fcc81"
target_spec_id = "PROFESSIONAL"
current_spec_id = "BASIC"
[safety]
allow = ["billable"]
"#;

/// The resize path of [`APIG`]'s gateway.
pub const RESIZE: &str = "/v2/p1/apigw/instances/6a7d71827fd54572b1f31aa9548fcc81/postpaid-resize";

/// The documented 202 of a resize of [`APIG`]'s gateway.
pub fn accepted() -> serde_json::Value {
    let job = "JOB-0123456789abcdef0123456789abcdef";
    serde_json::json!({
        "instance_id": "6a7d71827fd54572b1f31aa9548fcc81",
        "message": format!("JOB_ASSIGNED_FOR_RESIZE_0086I:The job {job} is assigned to resize instance."),
        "job_id": job,
    })
}
