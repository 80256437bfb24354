//! `conformance import` on fictional pages of the Huawei API-reference layout
//! (`crates/testkit/data/import/`: nested object tables, a dry-run flag, a request line before
//! an example's JSON, a status with no example, a GET with no body, an example that is not JSON,
//! a status no step provokes, response header tables, a query table with mandatory and optional
//! parameters and limits, and a page in another layout), imported
//! into a copy of the workspace's fixtures and features: each draft loads, the embedded stub
//! serves it, the suite passes it, the strength check catches its mutations (a dropped header
//! among them) and passes every variation, and every anchor it writes is found again in its
//! page.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use conformance_contract::Contracts;
use conformance_matrix::strength::{Baseline, Subject, Verdict, run_strength};
use conformance_runner::{Outcome, RunOptions};
use conformance_testkit::sixth::Suite;

const PAGES: [(&str, &str); 4] = [
    ("ResizeVault.rst", "nimbus-vault/resize-vault"),
    ("ListVaultJobs.rst", "nimbus-vault/list-vault-jobs"),
    ("RenameVault.rst", "nimbus-vault/rename-vault"),
    ("ListVaultSnapshots.rst", "nimbus-vault/list-vault-snapshots"),
];

fn page(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/testkit/data/import").join(name)
}

fn import(suite: &Suite, args: &[&str]) -> ExitCode {
    conformance(suite, &[&["import"], args].concat())
}

/// `conformance ARGS` with the suite's folders.
fn conformance(suite: &Suite, args: &[&str]) -> ExitCode {
    use clap::Parser as _;
    #[derive(clap::Parser)]
    struct Cli {
        #[command(subcommand)]
        command: conformance_cli::Command,
    }
    let folders = conformance_cli::Folders {
        features: suite.features.clone(),
        fixtures: suite.fixtures.clone(),
        out: suite.fixtures.join("../out"),
    };
    let all = std::iter::once("conformance").chain(args.iter().copied());
    Cli::try_parse_from(all).expect("parses").command.run(&folders)
}

fn imported() -> Suite {
    let suite = Suite::new();
    for (file, id) in PAGES {
        let path = page(file);
        let code = import(&suite, &[path.to_str().unwrap(), "--id", id]);
        assert_eq!(code, ExitCode::from(conformance_cli::EXIT_OK), "{file}");
    }
    suite
}

fn options(suite: &Suite) -> RunOptions {
    RunOptions {
        features_dir: suite.features.clone(),
        fixtures_dir: suite.fixtures.clone(),
        quiet: true,
        tags: Some("@nimbus-vault".into()),
        capture: Some(Arc::new(Mutex::new(String::new()))),
        ..RunOptions::default()
    }
}

fn fixture(suite: &Suite, id: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(suite.fixtures.join(format!("{id}.json"))).unwrap()).unwrap()
}

#[test]
fn each_draft_loads_runs_green_against_the_stub_and_is_anchored_to_its_page() {
    let suite = imported();
    let contracts = Contracts::load(&suite.fixtures).expect("the drafts load beside the five");
    for (file, id) in PAGES {
        assert!(contracts.operation(id).is_some(), "{id}");
        let text = std::fs::read_to_string(page(file)).unwrap();
        let resolver = conformance_contract::anchor::Page::parse(&text);
        let f = fixture(&suite, id);
        let quotes = conformance_import::anchor::quotes(&f);
        assert!(quotes.len() > 15, "{id}: {quotes:?}");
        for (at, q) in quotes {
            assert!(resolver.find(&q).is_some(), "{id} {at}: {q:?} is not in {file}");
        }
    }
    let opts = options(&suite);
    let capture = opts.capture.clone().unwrap();
    let report = conformance_runner::run_blocking(opts).expect("the drafts run");
    let printed = capture.lock().unwrap().clone();
    assert!(
        printed.contains("untestable: nimbus-vault/resize-vault rule precondition-1"),
        "the plan lists it: {printed}"
    );
    let failed: Vec<_> = report.scenarios.iter().filter(|s| s.outcome != Outcome::Passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(report.scenarios.len() >= 20, "{}", report.scenarios.len());
    let named =
        |part: &str| report.scenarios.iter().find(|s| s.name.contains(part)).unwrap_or_else(|| panic!("{part}"));
    assert!(named("dry run").tags.iter().any(|t| t == "effect-none"), "a dry run changes nothing");
    assert!(named("documented request is accepted").tags.iter().any(|t| t == "effect-changes" || t == "effect-none"));
    assert!(named("vault that does not exist").tags.iter().any(|t| t == "status-404"));
    let untestable =
        report.hints.iter().find(|h| h.starts_with("untestable: nimbus-vault/resize-vault rule precondition-1"));
    assert!(untestable.is_some_and(|h| h.contains("only when it is not being replicated")), "{:?}", report.hints);
    let refusals = report.scenarios.iter().filter(|s| s.name.contains("does not allow")).count();
    assert!(refusals >= 10, "a refusal per boundary of the nested limits: {refusals}");
}

/// `docs check` resolves every anchor of the drafts against their pages: drafts alone in a
/// folder of their own, the pages folder the tests' (exit 0: no drift).
#[test]
fn docs_check_resolves_every_anchor_of_the_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let (fixtures, features) = (dir.path().join("fixtures"), dir.path().join("features"));
    let folders = conformance_cli::Folders {
        features: features.clone(),
        fixtures: fixtures.clone(),
        out: dir.path().join("out"),
    };
    let run = |args: &[&str]| {
        use clap::Parser as _;
        #[derive(clap::Parser)]
        struct Cli {
            #[command(subcommand)]
            command: conformance_cli::Command,
        }
        Cli::try_parse_from(std::iter::once("conformance").chain(args.iter().copied()))
            .expect("parses")
            .command
            .run(&folders)
    };
    for (file, id) in PAGES {
        assert_eq!(
            run(&["import", page(file).to_str().unwrap(), "--id", id]),
            ExitCode::from(conformance_cli::EXIT_OK)
        );
    }
    let pages = page("");
    assert_eq!(run(&["docs", "check", "--pages", pages.to_str().unwrap()]), ExitCode::from(conformance_cli::EXIT_OK));
}

#[test]
fn the_drafts_record_what_they_could_not_read_and_what_the_user_decides() {
    let suite = imported();
    let resize = fixture(&suite, "nimbus-vault/resize-vault");
    let codes = |f: &serde_json::Value| -> Vec<String> {
        f["import"]["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap().to_string()).collect()
    };
    assert!(codes(&resize).contains(&"UNTESTABLE_RULE".to_string()), "{:?}", codes(&resize));
    assert!(codes(&resize).contains(&"EFFECT_TO_CONFIRM".to_string()));
    assert_eq!(resize["rules"][0]["text"], "A vault can be resized only when it is not being replicated.");
    assert!(resize["rules"][0]["untestable"].is_string());
    let request = resize["examples"].as_array().unwrap().iter().find(|e| e["direction"] == "request").unwrap();
    assert_eq!(request["body"]["vault"]["size"], 200, "the request line before the JSON is set aside");
    let vault = &resize["request"]["schema"]["properties"]["vault"];
    assert_eq!(
        (vault["properties"]["size"]["minimum"].as_i64(), vault["properties"]["size"]["maximum"].as_i64()),
        (Some(10), Some(10240))
    );
    assert_eq!(vault["properties"]["tier"]["enum"], serde_json::json!(["standard", "archive"]));
    assert_eq!(resize["request"]["schema"]["properties"]["tags"]["items"]["required"], serde_json::json!(["key"]));
    let effect = &resize["responses"][0]["effect"];
    assert_eq!(effect["when"][0]["body"], "/dry_run", "{effect}");
    let bad_request = resize["responses"].as_array().unwrap().iter().find(|r| r["status"] == 400).unwrap();
    assert!(bad_request["answer"]["fields"].is_object(), "a status with no example is answered from the error shape");
    let jobs = fixture(&suite, "nimbus-vault/list-vault-jobs");
    for code in ["EXAMPLE_INVALID_JSON", "STATUS_NOT_PROVOKED", "EXAMPLE_IS_DATA"] {
        assert!(codes(&jobs).contains(&code.to_string()), "{code}: {:?}", codes(&jobs));
    }
    assert_eq!(jobs["request"]["no_body"], true);
    let doc = conformance_openapi::document(&Contracts::load(&suite.fixtures).unwrap());
    let get = &doc["paths"]["/v1/{project_id}/vaults/{vault_id}/jobs"]["get"];
    assert!(get.is_object() && get.get("requestBody").is_none(), "a GET without a body exports none: {get}");
    assert!(jobs["responses"].as_array().unwrap().iter().all(|r| r["effect"] == "none"), "a read changes nothing");
}

#[test]
fn another_layout_is_refused_with_1_a_bad_id_is_2_and_no_file_is_written_over() {
    let suite = imported();
    let other = page("OtherLayout.rst");
    let code = import(&suite, &[other.to_str().unwrap(), "--id", "nimbus-vault/other"]);
    assert_eq!(code, ExitCode::from(conformance_cli::EXIT_FAILED));
    assert!(!suite.fixtures.join("nimbus-vault/other.json").exists(), "nothing written");
    let resize = page(PAGES[0].0);
    let code = import(&suite, &[resize.to_str().unwrap(), "--id", "Nimbus"]);
    assert_eq!(code, ExitCode::from(conformance_cli::EXIT_USAGE));
    let before = std::fs::read_to_string(suite.fixtures.join("nimbus-vault/resize-vault.json")).unwrap();
    let code = import(&suite, &[resize.to_str().unwrap(), "--id", PAGES[0].1]);
    assert_eq!(code, ExitCode::from(conformance_cli::EXIT_COULD_NOT_RUN), "never over a file");
    assert_eq!(std::fs::read_to_string(suite.fixtures.join("nimbus-vault/resize-vault.json")).unwrap(), before);
}

/// The response headers a page documents are in the draft, anchored to their rows, and checked
/// by the scenarios of each status that keeps them, which pass against the stub.
#[test]
fn a_documented_response_header_is_in_the_draft_anchored_and_checked() {
    let suite = imported();
    let rename = fixture(&suite, "nimbus-vault/rename-vault");
    let ok = rename["responses"].as_array().unwrap().iter().find(|r| r["status"] == 200).unwrap();
    let quota = ok["headers"].as_array().unwrap().iter().find(|h| h["name"] == "X-Rename-Quota").unwrap();
    assert_eq!(quota["format"], "integer");
    assert_eq!(quota["provenance"]["quote"], "X-Rename-Quota Integer Renames left to the vault today.");
    let report = conformance_runner::run_blocking(RunOptions { tags: Some("@rename-vault".into()), ..options(&suite) })
        .expect("runs");
    let failed: Vec<_> = report.scenarios.iter().filter(|s| s.outcome != Outcome::Passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    let checked: Vec<&str> = report
        .scenarios
        .iter()
        .filter(|s| s.steps.iter().any(|st| st.text == "the response has the documented headers"))
        .filter_map(|s| s.tags.iter().find(|t| t.starts_with("status-")).map(String::as_str))
        .collect();
    for status in ["status-200", "status-400", "status-401", "status-404"] {
        assert!(checked.contains(&status), "{status} checks its headers: {checked:?}");
    }
    assert!(!checked.contains(&"status-500"), "500's table has other columns: no header to check");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_strength_check_catches_every_mutation_of_the_drafts() {
    let suite = imported();
    let contracts = Contracts::load(&suite.fixtures).unwrap();
    let mine: Vec<String> = Subject::all(&contracts)
        .unwrap()
        .iter()
        .filter(|s| {
            PAGES.iter().any(|(_, id)| s.name().starts_with(&format!("{id}:")))
                || matches!(s, conformance_matrix::strength::Subject::Variation(_))
        })
        .map(|s| s.name().to_string())
        .collect();
    assert!(mine.len() >= 30, "{mine:?}");
    for header in ["drops-header-x-rename-quota", "drops-header-401-x-request-id", "drops-header-404-x-request-id"] {
        let name = format!("nimbus-vault/rename-vault:{header}");
        assert!(mine.contains(&name), "the stub drops a documented header: {name} in {mine:?}");
    }
    let optional = "nimbus-vault/rename-vault:drops-header-404-x-retry-hint";
    assert!(!mine.iter().any(|n| n == optional), "X-Retry-Hint is optional: a target may leave it out");
    let report = run_strength(&options(&suite), &mine, &mut |_: &str| {}).await;
    assert!(matches!(report.baseline, Baseline::Passed { .. }), "{:?}", report.baseline);
    let missed: Vec<_> = report
        .mutants
        .iter()
        .filter(|m| !matches!(m.verdict, Verdict::Caught { .. }))
        .map(|m| &m.mutation.name)
        .collect();
    assert!(missed.is_empty(), "not caught: {missed:?}");
    let failed: Vec<_> = report.falsely_failed().iter().map(|v| v.name.clone()).collect();
    assert!(failed.is_empty(), "a variation no page forbids failed: {failed:?}");
    assert!(report.variations.len() >= 10, "{}", report.variations.len());
    assert_eq!(report.mutants.len() + report.variations.len(), mine.len());
}

/// The query table: mandatory parameters in `query_params`, bound (a resource's id from a key of
/// the section) or sent with the value the page states, a value the page does not state assumed
/// under an erratum, a range the page says is converted left unchecked, an array left out; a
/// refusal for each required parameter and each stated limit, the 400 provoked.
#[test]
fn a_query_table_is_read_into_query_params_and_its_refusals() {
    let suite = imported();
    let f = fixture(&suite, "nimbus-vault/list-vault-snapshots");
    let q = |name: &str| f["query_params"].as_array().unwrap().iter().find(|q| q["name"] == name).cloned();
    assert_eq!(q("kind").unwrap()["schema"]["enum"], serde_json::json!(["full", "incremental"]));
    assert_eq!(q("action").unwrap()["schema"]["enum"], serde_json::json!(["list"]), "The value must be list.");
    assert_eq!(q("since").unwrap()["provenance"]["erratum"], "import-query-value-assumed");
    assert_eq!(
        (q("limit").unwrap()["schema"]["minimum"].as_i64(), q("limit").unwrap()["required"].as_bool()),
        (Some(1), Some(false))
    );
    assert!(q("offset").unwrap()["schema"].get("minimum").is_none(), "a converted value is no refusal");
    assert!(q("tags").is_none(), "an array is not a query value the model holds");
    let bound = f["bindings"].as_array().unwrap().iter().any(|b| b["at"] == "query:region_id");
    assert!(bound, "a resource's id from a key: {}", f["bindings"]);
    let codes: Vec<&str> =
        f["import"]["problems"].as_array().unwrap().iter().filter_map(|p| p["code"].as_str()).collect();
    for code in ["QUERY_VALUE_ASSUMED", "LIMIT_NOT_REFUSED", "QUERY_PARAMETER"] {
        assert!(codes.contains(&code), "{code}: {codes:?}");
    }
    assert!(!codes.contains(&"STATUS_NOT_PROVOKED"), "the query provokes 400: {codes:?}");
    let feature = std::fs::read_to_string(suite.features.join("nimbus-vault/list-vault-snapshots.feature")).unwrap();
    for step in [
        r#"the query parameter "region_id" is left out"#,
        r#"the query parameter "limit" is "101""#,
        r#"the query parameter "limit" is "0""#,
    ] {
        assert!(feature.contains(step), "{step}");
    }
}

/// A target that refuses a request without its mandatory query parameters (as a correct one
/// does, with 400) answers the draft's documented request: every request sends them, the
/// resource's id from the profile, the others as the page states them, URL-encoded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_sends_the_mandatory_query_parameters() {
    use wiremock::matchers::{method, path_regex, query_param};
    let suite = imported();
    let target = wiremock::MockServer::start().await;
    let ok = serde_json::json!({ "total": 0, "snapshots": [] });
    wiremock::Mock::given(method("GET"))
        .and(path_regex(r"^/v1/p1/vaults/v1/snapshots$"))
        .and(query_param("region_id", "eu west/1"))
        .and(query_param("kind", "full"))
        .and(query_param("action", "list"))
        .and(query_param("since", "a"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(ok))
        .mount(&target)
        .await;
    let refused =
        serde_json::json!({ "error_code": "NVB.0400", "error_msg": "a mandatory query parameter is missing" });
    wiremock::Mock::given(method("GET"))
        .respond_with(wiremock::ResponseTemplate::new(400).set_body_json(refused))
        .mount(&target)
        .await;
    let profile = suite.fixtures.join("../target.toml");
    let text = format!(
        "[huawei]\nproject_id = \"p1\"\ntoken = \"tok-1\"\n[huawei.nimbus_vault]\nbase_url = \"{}\"\nvault_id = \"v1\"\nregion_id = \"eu west/1\"\n",
        target.uri()
    );
    std::fs::write(&profile, text).unwrap();
    let opts = RunOptions {
        profile: Some(profile),
        tags: Some("@list-vault-snapshots and @status-200".into()),
        ..options(&suite)
    };
    let report = tokio::task::spawn_blocking(move || conformance_runner::run_blocking(opts).map_err(|e| e.to_string()))
        .await
        .unwrap()
        .expect("runs");
    let ran: Vec<_> = report.scenarios.iter().map(|s| (s.name.clone(), s.outcome.clone())).collect();
    assert_eq!(ran.len(), 1, "{ran:?}");
    assert_eq!(ran[0].1, Outcome::Passed, "{report:#?}");
    let received = target.received_requests().await.unwrap();
    let sent = received.iter().find(|r| r.url.path().ends_with("/snapshots")).expect("the request was sent");
    let query = sent.url.query().unwrap_or_default().to_string();
    assert!(query.contains("region_id=eu+west%2F1"), "URL-encoded: {query}");
}

/// Schemathesis's settings for the draft give each mandatory query parameter the value every
/// request of the suite sends (the resource's id from the profile the settings are made with, the
/// others as the page states them), so that its positive requests are not refused with 400; an
/// optional parameter is left for Schemathesis to generate.
#[test]
fn the_schemathesis_settings_give_the_mandatory_query_parameters() {
    let suite = imported();
    let out = suite.fixtures.join("../out/openapi");
    let (doc, file) = (out.join("openapi.json"), out.join("operations.toml"));
    let args = ["openapi", "--strict", "--out", doc.to_str().unwrap(), "--schemathesis", file.to_str().unwrap()];
    assert_eq!(conformance(&suite, &args), ExitCode::from(conformance_cli::EXIT_OK));
    let settings: toml::Table = std::fs::read_to_string(&file).unwrap().parse().expect("TOML");
    let entries = settings["operations"].as_array().expect("[[operations]]");
    let id = "nimbus-vault.list-vault-snapshots";
    let entry = entries.iter().find(|e| e["include-operation-id"].as_str() == Some(id)).expect(id);
    let params = entry["parameters"].as_table().expect("parameters");
    let value = |name: &str| params.get(&format!("query.{name}")).and_then(|v| v.as_str()).map(str::to_string);
    assert_eq!(value("kind").as_deref(), Some("full"), "the first enumeration value: {params:?}");
    assert_eq!(value("action").as_deref(), Some("list"));
    assert_eq!(value("since").as_deref(), Some("a"), "the value assumed under its erratum");
    let stub = conformance_stub::StubCore::new(conformance_stub::StubConfig {
        fixtures_dir: suite.fixtures.clone(),
        ..conformance_stub::StubConfig::deterministic()
    })
    .expect("the stub serves the drafts");
    let profile = stub.profile("http://127.0.0.1");
    let region = profile.text("huawei.nimbus_vault.region_id").expect("the stub's profile has the key");
    assert_eq!(value("region_id").as_deref(), Some(region), "the binding's key, from the profile");
    for optional in ["limit", "offset", "name"] {
        assert!(value(optional).is_none(), "{optional} is Schemathesis's to generate: {params:?}");
    }
}
