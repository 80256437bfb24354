//! A sixth operation, added as data only: the Nimbus Edge resize of `crates/testkit/data/sixth/`
//! (a fictional vendor's page, fixture and feature) beside the five, with no line of Rust for
//! it (README, "Adding an operation"). The embedded stub serves it and the suite passes it; the
//! strength check catches its shape mutations and passes the variations; the OpenAPI export
//! includes it; and the value of a secret key it declares is in no output, `--record` included.

use conformance_contract::Contracts;
use conformance_runner::{Outcome, RunOptions};
use conformance_stub::{StubConfig, StubCore};
use conformance_testkit::sixth::{ID, SECRET_KEY, Suite};

use crate::added::{assert_strong, run_with_outputs};

/// The sixth operation's scenarios: its vendor and operation.
fn options(suite: &Suite) -> RunOptions {
    let (vendor, op) = ID.split_once('/').unwrap_or((ID, ID));
    crate::added::options(suite, format!("@{vendor} and @{op}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_stub_serves_it_and_the_suite_passes_it_with_no_secret_in_any_output() {
    let suite = Suite::new();
    let contracts = Contracts::load(&suite.fixtures).expect("six contracts load");
    assert!(contracts.operation(ID).is_some() && contracts.operations().len() > 5);
    let ran = run_with_outputs(&suite, options(&suite), SECRET_KEY).await;
    let report = &ran.report;
    let ids: Vec<&str> = report.scenarios.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.len() >= 8 && ids.iter().all(|id| id.starts_with("nimbus-edge/")), "{ids:?}");
    assert!(report.scenarios.iter().all(|s| s.outcome == Outcome::Passed), "{}", ran.terminal);
    let dry = report.scenarios.iter().find(|s| s.name.contains("dry run")).expect("the dry-run scenario");
    assert!(dry.tags.iter().any(|t| t == "effect-none"), "a dry run is planned as changing nothing: {:?}", dry.tags);
    let paid = report.scenarios.iter().find(|s| s.name.contains("documented flavor")).expect("the resize");
    assert!(paid.tags.iter().any(|t| t == "effect-billable"), "{:?}", paid.tags);
    assert!(ran.outputs.iter().any(|(n, _)| n.ends_with("profile.toml")), "the recording keeps its profile");
    assert!(ran.outputs.iter().any(|(_, text)| text.contains("[REDACTED]")), "credentials were sent and redacted");
    ran.assert_no_secret();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_strength_check_catches_its_mutations_and_passes_the_variations() {
    let suite = Suite::new();
    let shapes = assert_strong(&suite, &options(&suite), ID).await;
    assert!(shapes.len() >= 10, "the sixth operation got its shape mutations for free: {shapes:?}");
}

#[test]
fn the_openapi_export_includes_it() {
    let suite = Suite::new();
    let contracts = Contracts::load(&suite.fixtures).unwrap();
    let doc = conformance_openapi::document(&contracts);
    let path = "/v3/{project_id}/caches/{cache_id}/resize";
    let op = &doc["paths"][path]["post"];
    assert_eq!(op["x-contract"], ID, "{}", serde_json::to_string_pretty(&doc["paths"]).unwrap());
    assert!(op["responses"]["202"]["x-effect"].is_object(), "the conditional effect is exported");
    assert!(doc["paths"].as_object().unwrap().len() > 5);
}

/// Schemathesis's settings come from the same data: the sixth gets its `[[operations]]` entry
/// with every path parameter filled from the stub's profile, and its scheme's credential.
#[test]
fn the_schemathesis_settings_include_it() {
    let suite = Suite::new();
    let config = StubConfig { fixtures_dir: suite.fixtures.clone(), ..StubConfig::deterministic() };
    let stub = StubCore::new(config).unwrap();
    let profile = stub.profile("http://127.0.0.1");
    let text = conformance_openapi::schemathesis::settings(stub.contracts(), &profile).unwrap();
    let settings: toml::Table = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    let ops = settings["operations"].as_array().unwrap();
    assert_eq!(ops.len(), stub.contracts().operations().len(), "{text}");
    let id = ID.replace('/', ".");
    let entry =
        ops.iter().find(|o| o["include-operation-id"].as_str() == Some(&id)).unwrap_or_else(|| panic!("{text}"));
    let params = entry["parameters"].as_table().unwrap_or_else(|| panic!("{text}"));
    for name in ["project_id", "cache_id"] {
        let value = params[&format!("path.{name}")].as_str().unwrap_or_else(|| panic!("{name}: {text}"));
        assert!(!value.is_empty() && !value.contains('{'), "{name} = {value}");
    }
    // The security scheme the export gives the sixth is its own, and its key is the sixth's
    // credential (not the token of the five Huawei operations, which share one scheme).
    let doc = conformance_openapi::document(stub.contracts());
    let op = doc["paths"].as_object().unwrap().values().flat_map(|item| item.as_object().unwrap().values());
    let op = op.into_iter().find(|o| o["operationId"].as_str() == Some(&id)).expect("the sixth in the export");
    let scheme = op["security"][0].as_object().unwrap().keys().next().unwrap().clone();
    let secret = profile.text(SECRET_KEY).unwrap();
    let auth = settings["auth"]["openapi"].as_table().unwrap();
    assert_eq!(auth[&scheme]["api_key"].as_str(), Some(secret), "{scheme}: {text}");
    let others: Vec<_> = auth.iter().filter(|(name, _)| **name != scheme).collect();
    assert!(others.len() >= 3, "the five keep their schemes: {text}");
    assert!(others.iter().all(|(_, v)| v["api_key"].as_str() != Some(secret)), "{text}");
}

/// The first step of "Adding an operation": `scaffold` writes a skeleton that loads and runs
/// green against the embedded stub as it is, and refuses to write over a file.
#[test]
fn a_scaffolded_operation_runs_green_as_it_is() {
    let suite = Suite::new();
    let folders = conformance_cli::Folders {
        features: suite.features.clone(),
        fixtures: suite.fixtures.clone(),
        out: suite.fixtures.join("../out"),
    };
    let args = [
        "scaffold",
        "acme-cloud/resize-widget",
        "--method",
        "POST",
        "--path",
        "/v1/{tenant}/widgets/{widget_id}/resize",
        "--scheme",
        "api-key:header:Authorization",
        "--status",
        "202",
    ];
    let run = |args: &[&str]| {
        use clap::Parser as _;
        #[derive(clap::Parser)]
        struct Cli {
            #[command(subcommand)]
            command: conformance_cli::Command,
        }
        let cli = Cli::try_parse_from(std::iter::once("conformance").chain(args.iter().copied())).expect("parses");
        cli.command.run(&folders)
    };
    assert_eq!(run(&args), std::process::ExitCode::from(conformance_cli::EXIT_OK));
    assert!(suite.fixtures.join("acme-cloud/resize-widget.json").is_file());
    assert_eq!(run(&args), std::process::ExitCode::from(conformance_cli::EXIT_COULD_NOT_RUN), "never over a file");
    let mut opts = options(&suite);
    opts.tags = Some("@acme-cloud".into());
    let report = conformance_runner::run_blocking(opts).expect("the skeleton runs");
    assert_eq!(report.scenarios.len(), 2);
    assert!(report.scenarios.iter().all(|s| s.outcome == Outcome::Passed), "{:?}", report.scenarios);
}

/// `scaffold` for a vendor with operations already: no `--scheme`, the vendor's credential keys
/// and its table pattern (`[huawei.ecs]`, no new top-level table), and the skeleton runs green;
/// a new vendor without `--scheme` is a usage error.
#[test]
fn a_scaffolded_operation_of_a_known_vendor_reuses_its_keys_and_runs_green() {
    use clap::Parser as _;
    #[derive(clap::Parser)]
    struct Cli {
        #[command(subcommand)]
        command: conformance_cli::Command,
    }
    let suite = Suite::new();
    let folders = conformance_cli::Folders {
        features: suite.features.clone(),
        fixtures: suite.fixtures.clone(),
        out: suite.fixtures.join("../out"),
    };
    let run = |args: &[&str]| {
        let cli = Cli::try_parse_from(std::iter::once("conformance").chain(args.iter().copied())).expect("parses");
        cli.command.run(&folders)
    };
    let args = [
        "scaffold",
        "huawei-ecs/resize",
        "--method",
        "POST",
        "--path",
        "/v1/{project_id}/cloudservers/{server_id}/resize",
    ];
    assert_eq!(run(&args), std::process::ExitCode::from(conformance_cli::EXIT_OK));
    let text = std::fs::read_to_string(suite.fixtures.join("huawei-ecs/resize.json")).unwrap();
    let fixture: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (fixture["auth"]["scheme"].as_str(), fixture["section"].as_str()),
        (Some("huawei-sdk-hmac"), Some("huawei.ecs"))
    );
    assert_eq!(fixture["auth"]["credentials"]["token"], "huawei.token");
    let contracts = Contracts::load(&suite.fixtures).expect("loads beside the others");
    assert!(contracts.keys().declared().all(|k| !k.doc.key.starts_with("huawei-ecs")), "no [huawei-ecs] table");
    let mut opts = options(&suite);
    opts.tags = Some("@huawei-ecs".into());
    let report = conformance_runner::run_blocking(opts).expect("the skeleton runs");
    assert!(!report.scenarios.is_empty());
    assert!(report.scenarios.iter().all(|s| s.outcome == Outcome::Passed), "{:?}", report.scenarios);

    let new = ["scaffold", "acme-new/resize", "--method", "POST", "--path", "/v1/x"];
    assert_eq!(run(&new), std::process::ExitCode::from(conformance_cli::EXIT_USAGE), "a new vendor names its scheme");
}
