//! What every operation added as data is shown to do (`sixth`, `seventh`): the embedded stub
//! serves it and the suite runs it with every output on ([`run_with_outputs`]), no output holds
//! the value of its secret key ([`Ran::assert_no_secret`]), and the strength check catches
//! every mutation generated for it and passes every variation ([`assert_strong`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use conformance_contract::Contracts;
use conformance_matrix::strength::{Baseline, Subject, VariationVerdict, Verdict, run_strength};
use conformance_runner::{Report, RunOptions};
use conformance_stub::{StubConfig, StubCore};
use conformance_testkit::sixth::Suite;

/// A quiet run of `suite`'s scenarios that `tags` selects, its terminal captured.
pub fn options(suite: &Suite, tags: String) -> RunOptions {
    RunOptions {
        features_dir: suite.features.clone(),
        fixtures_dir: suite.fixtures.clone(),
        quiet: true,
        capture: Some(Arc::new(Mutex::new(String::new()))),
        tags: Some(tags),
        ..RunOptions::default()
    }
}

/// A run against the embedded stub serving `suite`, and everything it wrote.
pub struct Ran {
    pub report: Report,
    /// What the terminal showed.
    pub terminal: String,
    /// Each output by name: the terminal, the report, JUnit, cucumber JSON, HTML and every file
    /// of the recording.
    pub outputs: Vec<(String, String)>,
    /// The value the stub's profile gives the secret key.
    pub secret: String,
    secret_key: String,
}

impl Ran {
    /// No output holds the secret's value.
    pub fn assert_no_secret(&self) {
        for (name, text) in &self.outputs {
            assert!(!text.contains(&self.secret), "{name} holds the value of {}", self.secret_key);
        }
    }

    /// The recording's files, joined.
    pub fn recorded(&self) -> String {
        self.outputs.iter().filter(|(n, _)| n.contains("recording")).map(|(_, t)| t.as_str()).collect()
    }
}

/// `opts` against the embedded stub serving `suite`, with JUnit, JSON, HTML and a recording,
/// and the value of `secret_key` the stub's profile gives.
pub async fn run_with_outputs(suite: &Suite, mut opts: RunOptions, secret_key: &str) -> Ran {
    let config = StubConfig { fixtures_dir: suite.fixtures.clone(), ..StubConfig::deterministic() };
    let stub = StubCore::new(config.clone()).expect("the stub serves the added operation");
    let secret = stub.profile("http://x").text(secret_key).expect("the stub's profile gives the secret").to_string();
    let dir = tempfile::tempdir().unwrap();
    let capture = opts.capture.clone().unwrap();
    opts.stub_config = Some(config);
    (opts.junit, opts.json, opts.html) =
        (Some(dir.path().join("r.xml")), Some(dir.path().join("r.json")), Some(dir.path().join("r.html")));
    opts.record = Some(dir.path().join("recording"));
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let terminal = capture.lock().unwrap().clone();
    let mut outputs = vec![("terminal".to_string(), terminal.clone()), ("report".to_string(), format!("{report:?}"))];
    for f in ["r.xml", "r.json", "r.html"] {
        outputs.push((f.to_string(), std::fs::read_to_string(dir.path().join(f)).unwrap()));
    }
    for entry in walk(&dir.path().join("recording")) {
        outputs.push((entry.display().to_string(), std::fs::read_to_string(&entry).unwrap()));
    }
    Ran { report, terminal, outputs, secret, secret_key: secret_key.to_string() }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// Runs the strength check of operation `id` of `suite` (its scenarios as `template` selects):
/// the baseline passes, every mutation generated for it is caught and every variation passes.
/// Returns the names of its mutations.
pub async fn assert_strong(suite: &Suite, template: &RunOptions, id: &str) -> Vec<String> {
    let contracts = Contracts::load(&suite.fixtures).unwrap();
    let prefix = format!("{id}:");
    let all = Subject::all(&contracts).unwrap();
    let mine: Vec<String> = all
        .iter()
        .filter(|s| matches!(s, Subject::Variation(_)) || s.name().starts_with(&prefix))
        .map(|s| s.name().to_string())
        .collect();
    let shapes: Vec<String> = mine.iter().filter(|n| n.starts_with(&prefix)).cloned().collect();
    let report = run_strength(template, &mine, &mut |_: &str| {}).await;
    assert!(matches!(report.baseline, Baseline::Passed { .. }), "{:?}", report.baseline);
    for m in &report.mutants {
        assert!(matches!(m.verdict, Verdict::Caught { .. }), "{} not caught: {:?}", m.mutation.name, m.verdict);
    }
    for v in &report.variations {
        assert!(matches!(v.verdict, VariationVerdict::Passed { .. }), "{} failed: {:?}", v.variation.name, v.verdict);
    }
    assert_eq!(report.mutants.len(), shapes.len());
    shapes
}
