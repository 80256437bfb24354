//! `cargo xtask conformance` from the outside: exit codes and messages of the CI options
//! (`--shard`, `--baseline`, `--update-baseline`, `--record`, `--replay`); and the other
//! commands that `conformance-cli` now owns (`openapi`, `compat`, `stub`) still answer the
//! xtask command lines as before; `docs check` exits 0, 1 or 3.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    command(&[&["conformance"], args].concat())
}

fn command(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A fresh, empty folder under the system temp dir.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stub_baseline() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ci/stub-baseline.json")
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    for bad in ["0/2", "3/2", "two"] {
        let o = xtask(&["--shard", bad]);
        assert_eq!(code(&o), 2, "{}", text(&o));
        assert!(text(&o).contains("--shard"), "{}", text(&o));
    }
    let o = xtask(&["--update-baseline"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    let o = xtask(&["--replay", "x", "--record", "y"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
}

#[test]
fn a_missing_or_malformed_baseline_could_not_run() {
    let dir = scratch("baseline");
    let missing = dir.join("missing.json");
    let o = xtask(&["-q", "--baseline", missing.to_str().unwrap()]);
    assert_eq!(code(&o), 3, "{}", text(&o));
    assert!(text(&o).contains("missing.json"), "{}", text(&o));

    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"version": 1, "scenarios": {"x": 1}}"#).unwrap();
    let o = xtask(&["-q", "--baseline", bad.to_str().unwrap()]);
    assert_eq!(code(&o), 3, "{}", text(&o));
    assert!(text(&o).contains("bad.json is malformed"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_stub_passes_its_own_gate() {
    // --strict: the stub holds the fixtures' judgements too, so every scenario runs.
    let o = xtask(&["-q", "--strict", "--baseline", stub_baseline().to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains("Gate: PASSED"), "{}", text(&o));
}

#[test]
fn a_known_failure_keeps_the_gate_green_and_is_reported_fixed() {
    let dir = scratch("fixed");
    let path = dir.join("b.json");
    let mut v: serde_like::Baseline = serde_like::read(&stub_baseline());
    let first = v.first_id();
    v.set(&first, "failed");
    std::fs::write(&path, v.text).unwrap();
    let o = xtask(&["-q", "--strict", "--baseline", path.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains(&format!("fixed        {first}")), "{}", text(&o));

    let o = xtask(&["-q", "--strict", "--baseline", path.to_str().unwrap(), "--update-baseline"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(
        std::fs::read_to_string(&path).unwrap() == std::fs::read_to_string(stub_baseline()).unwrap(),
        "ci/stub-baseline.json is not the stub's run as it is now: after adding or renaming a scenario, \
         regenerate it with `cargo xtask conformance --strict --baseline ci/stub-baseline.json --update-baseline` \
         and review its diff (README, \"Adding an operation\")"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn record_then_replay() {
    let dir = scratch("record");
    let rec = dir.join("rec");
    let o = xtask(&["-q", "--tags", "@huawei-apig", "--record", rec.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(rec.join("index.json").is_file());
    let o = xtask(&["-q", "--replay", rec.to_str().unwrap(), "--baseline", stub_baseline().to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains("replayed from"), "{}", text(&o));
    let o = xtask(&["--replay", dir.join("nothing").to_str().unwrap()]);
    assert_eq!(code(&o), 3, "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_other_user_commands_keep_their_xtask_command_lines() {
    let dir = scratch("others");
    let out = dir.join("doc.json");
    let o = command(&["openapi", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(std::fs::read_to_string(&out).unwrap().contains("\"openapi\": \"3.1"), "{}", text(&o));
    let settings = dir.join("st/schemathesis.toml");
    let o = command(&["openapi", "--out", out.to_str().unwrap(), "--schemathesis", settings.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let written = std::fs::read_to_string(&settings).unwrap();
    let parsed: toml::Table = written.parse().unwrap_or_else(|e| panic!("{e}\n{written}"));
    let contracts = conformance_contract::Contracts::load(conformance_contract::default_fixtures_dir()).unwrap();
    for op in contracts.operations() {
        let id = op.contract().id.replace('/', ".");
        assert!(written.contains(&format!("include-operation-id = \"{id}\"")), "{id} missing:\n{written}");
    }
    assert!(!parsed["auth"]["openapi"].as_table().unwrap().is_empty(), "{written}");
    // A target's own profile gives its ids and credentials; one that does not load exits 3.
    let profile = dir.join("target.toml");
    let stub = conformance_stub::StubCore::new(conformance_stub::StubConfig::deterministic()).unwrap();
    let file = conformance_stub::profile::profile_file(&stub.profile("http://127.0.0.1:9"));
    let token = stub.profile("http://x").text("huawei.token").unwrap().to_string();
    std::fs::write(&profile, file.replace(&token, "their-own-token")).unwrap();
    let args = ["openapi", "--out", out.to_str().unwrap(), "--schemathesis", settings.to_str().unwrap(), "--profile"];
    let o = command(&[&args[..], &[profile.to_str().unwrap()]].concat());
    assert_eq!(code(&o), 0, "{}", text(&o));
    let written = std::fs::read_to_string(&settings).unwrap();
    assert!(written.contains("api_key = \"their-own-token\"") && !written.contains(&token), "{written}");
    let o = command(&[&args[..], &[dir.join("no-such.toml").to_str().unwrap()]].concat());
    assert_eq!(code(&o), 3, "{}", text(&o));
    assert!(text(&o).contains("no-such.toml"), "{}", text(&o));
    let o = command(&["openapi", "--fixtures", dir.join("none").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 3, "{}", text(&o));

    let matrix = dir.join("matrix");
    let o = command(&["compat", "--target", "ref=stub", "--tags", "@huawei-cph", "--out", matrix.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(matrix.join("compat.md").is_file() && matrix.join("compat.html").is_file(), "{}", text(&o));
    let o = command(&["compat", "--target", "a=stub", "--target", "a=stub"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    let o = command(&["compat", "--target", "a=stub", "--timeout", "0"]);
    assert_eq!(code(&o), 2, "{}", text(&o));

    let o = command(&["stub", "--mutation", "no-such-mutation"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("mutations: "), "{}", text(&o));
    let o = command(&["stub", "--port", "0", "--fixtures", dir.join("none").to_str().unwrap()]);
    assert_eq!(code(&o), 3, "{}", text(&o));
    assert!(text(&o).contains("none"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Just enough of the baseline format to edit one entry without a JSON dependency.
mod serde_like {
    use std::path::Path;

    pub struct Baseline {
        pub text: String,
    }

    pub fn read(path: &Path) -> Baseline {
        Baseline { text: std::fs::read_to_string(path).unwrap() }
    }

    impl Baseline {
        pub fn first_id(&self) -> String {
            let line = self.text.lines().find(|l| l.ends_with("\"passed\",")).unwrap();
            line.trim().trim_start_matches('"').rsplit_once("\": ").unwrap().0.to_string()
        }

        pub fn set(&mut self, id: &str, status: &str) {
            self.text = self.text.replacen(&format!("\"{id}\": \"passed\""), &format!("\"{id}\": \"{status}\""), 1);
        }
    }
}

/// `cargo xtask docs check` on the sixth operation's fictional page: exit 0 as written (with
/// its JSON, SARIF and summary), 1 when the page drifted, 3 when the page is missing.
#[test]
fn docs_check_exits_0_on_the_page_1_on_drift_3_without_it() {
    let sixth = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/testkit/data/sixth");
    let dir = scratch("docs");
    let (fixtures, features) = (sixth.join("fixtures"), sixth.join("features"));
    let run = |pages: &Path| {
        let json = dir.join("docs.json");
        let o = command(&[
            "docs",
            "check",
            "--pages",
            pages.to_str().unwrap(),
            "--fixtures",
            fixtures.to_str().unwrap(),
            "--features",
            features.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
            "--sarif",
            dir.join("docs.sarif").to_str().unwrap(),
            "--summary",
            dir.join("docs.md").to_str().unwrap(),
        ]);
        (o, std::fs::read_to_string(json).unwrap_or_default())
    };
    let (o, json) = run(&sixth.join("pages"));
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains("found nimbus-edge-resize-cache.txt:"), "{}", text(&o));
    assert!(json.contains("\"drifts\": []"), "{json}");
    assert!(dir.join("docs.sarif").is_file() && dir.join("docs.md").is_file());

    let drifted = dir.join("drifted");
    std::fs::create_dir_all(&drifted).unwrap();
    let page = std::fs::read_to_string(sixth.join("pages/nimbus-edge-resize-cache.txt")).unwrap();
    std::fs::write(drifted.join("nimbus-edge-resize-cache.txt"), page.replace("404         | Not Found.", "")).unwrap();
    let (o, json) = run(&drifted);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(text(&o).contains("drift: nimbus-edge/resize-cache status 404"), "{}", text(&o));
    assert!(json.contains("A cache cluster that does not exist is not found"), "{json}");

    let (o, _) = run(&dir.join("no-pages"));
    assert_eq!(code(&o), 3, "{}", text(&o));
    assert!(text(&o).contains("nimbus-edge-resize-cache.txt"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}
