//! A second fictional vendor added as data only (`crates/testkit/data/seventh/`: Oceanic
//! Cloud's machine actions), with no line of Rust for it: a bearer token, a body in one of two
//! shapes, a dry run answered 202, a documented 429 with rate-limit headers (and an optional
//! Retry-After). The embedded stub serves it and the suite passes it; the strength check
//! catches every mutation generated for it and passes every variation; the OpenAPI export
//! secures it with an http bearer scheme; its token is in no output.

use std::sync::{Arc, Mutex};

use conformance_contract::Contracts;
use conformance_runner::{Outcome, RunOptions};
use conformance_testkit::seventh::{ID, SECRET_KEY};
use conformance_testkit::sixth::Suite;

use crate::added::{assert_strong, run_with_outputs};

const PAGE: &str = "oceanic-cloud-machine-action.txt";

fn suite() -> Suite {
    Suite::with(&["seventh"])
}

/// The seventh operation's scenarios.
fn options(suite: &Suite) -> RunOptions {
    crate::added::options(suite, format!("@{}", ID.split_once('/').map_or(ID, |(_, op)| op)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_stub_serves_it_and_the_suite_passes_it_with_its_token_in_no_output() {
    let suite = suite();
    let ran = run_with_outputs(&suite, options(&suite), SECRET_KEY).await;
    let (report, terminal) = (&ran.report, &ran.terminal);
    let names: Vec<&str> = report.scenarios.iter().map(|s| s.name.as_str()).collect();
    assert!(names.len() >= 10 && report.scenarios.iter().all(|s| s.id.starts_with("oceanic-cloud/")), "{names:?}");
    assert!(report.scenarios.iter().all(|s| s.outcome == Outcome::Passed), "{terminal}");
    let tags = |name: &str| {
        let s = report.scenarios.iter().find(|s| s.name.contains(name)).unwrap_or_else(|| panic!("{name}: {names:?}"));
        s.tags.clone()
    };
    assert!(tags("dry run").iter().any(|t| t == "effect-none"), "a dry run changes nothing: {:?}", tags("dry run"));
    assert!(tags("resize to").iter().any(|t| t == "effect-billable"), "{:?}", tags("resize to"));
    assert!(tags("reboot").iter().any(|t| t == "effect-changes"), "{:?}", tags("reboot"));
    assert!(tags("for good").iter().any(|t| t == "effect-irreversible"), "{:?}", tags("for good"));
    let for_good: Vec<_> =
        report.account.iter().filter(|a| a.change == conformance_runner::Change::ChangedForGood).collect();
    assert_eq!(for_good.len(), 1, "the machine is changed for good, never set back: {:?}", report.account);
    assert!(for_good[0].scenario.contains("for good"), "{:?}", for_good[0]);
    assert!(terminal.contains("for good"), "the plan and the account list say so in words: {terminal}");
    let recorded = ran.recorded();
    assert!(recorded.contains("Bearer [REDACTED]") || recorded.contains("[REDACTED]"), "the token was sent, redacted");
    assert!(recorded.contains("ratelimit-reset"), "the provoked 429 was recorded once, with its headers");
    ran.assert_no_secret();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_strength_check_catches_every_mutation_and_passes_every_variation() {
    let suite = suite();
    let shapes = assert_strong(&suite, &options(&suite), ID).await;
    let wanted = [
        "ignores-when-202",
        "drops-header-429-ratelimit-reset",
        "fault-429-never",
        "volatile-id-format",
        "ignores-auth",
        "ignores-length-resize.size",
        "ignores-required-resize.size",
        "ignores-enum-reboot.type",
        "ignores-enum-reboot.mode",
        "ignores-provoked-422",
    ];
    for want in wanted {
        assert!(shapes.iter().any(|n| *n == format!("{ID}:{want}")), "{want}: {shapes:?}");
    }
    // Retry-After is optional: a target may leave it out, so dropping it is no mutation.
    assert!(!shapes.iter().any(|n| n.contains("retry-after")), "{shapes:?}");
}

#[test]
fn the_openapi_export_secures_it_with_an_http_bearer_scheme_named_by_kind_and_key() {
    let suite = suite();
    let contracts = Contracts::load(&suite.fixtures).unwrap();
    let doc = conformance_openapi::document(&contracts);
    let op = &doc["paths"]["/v2/machines/{machine_id}/actions"]["post"];
    assert_eq!(op["x-contract"], ID);
    let name = format!("httpBearer-{SECRET_KEY}");
    assert_eq!(op["security"][0][&name], serde_json::json!([]), "{}", op["security"]);
    let scheme = &doc["components"]["securitySchemes"][&name];
    assert_eq!((&scheme["type"], &scheme["scheme"]), (&"http".into(), &"bearer".into()), "{scheme}");
    // Adding it renamed no other operation's scheme.
    let five = conformance_openapi::document(&Contracts::load(conformance_contract::default_fixtures_dir()).unwrap());
    let before = five["components"]["securitySchemes"].as_object().unwrap();
    let after = doc["components"]["securitySchemes"].as_object().unwrap();
    assert!(before.iter().all(|(k, v)| after.get(k) == Some(v)), "{before:?} vs {after:?}");
    let headers = &op["responses"]["429"]["headers"];
    assert_eq!(headers.as_object().map(|h| h.len()), Some(4), "{}", op["responses"]["429"]);
    assert_eq!(
        (&headers["RateLimit-Reset"]["required"], &headers["Retry-After"]["required"]),
        (&true.into(), &false.into())
    );
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(schema["discriminator"]["propertyName"], "type", "{schema}");
    let default = &op["responses"]["default"];
    assert_eq!((&default["x-checked"], &default["x-provenance"]["source"]), (&false.into(), &PAGE.into()), "{default}");
    // The request value that chooses a status, what provokes one and the variants carry their
    // anchors' place on the page.
    let (ok, provoked) = (&op["responses"]["202"]["x-when"], &op["responses"]["422"]["x-provoked"]);
    assert_eq!((&ok["equals"], &ok["x-provenance"]["section"]), (&true.into(), &"Resize, dry_run".into()), "{ok}");
    assert_eq!((&provoked["equals"], &provoked["x-provenance"]["source"]), (&"hard".into(), &PAGE.into()));
    let fault = &op["responses"]["429"]["x-provoked"];
    assert_eq!((&fault["by"], &fault["x-provenance"]["section"]), (&"fault".into(), &"Responses, 429".into()));
    assert_eq!(schema["x-variants-provenance"]["section"], "Request body", "{schema}");
    let c = contracts.operation(ID).unwrap().contract();
    let error_body = c.error_body.as_ref().unwrap();
    assert_eq!(error_body.provenance.source, PAGE, "error_body.provenance defaults to the fixture's source");
}

#[test]
fn its_page_is_a_fictional_vendors() {
    assert!(conformance_testkit::seventh::page().contains("A fictional vendor page"));
}

/// Against a real target (a dry run: nothing is sent), the irreversible scenario runs only with
/// `--allow irreversible`: a profile allowing changes and charges does not allow it, nor does a
/// disposable one, and a profile that lists it does not load.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_irreversible_change_runs_only_with_allow_irreversible_on_the_command_line() {
    let suite = suite();
    let dir = tempfile::tempdir().unwrap();
    let keys =
        "[oceanic]\ntoken = \"t-1\"\nmachine_id = \"mch-000001\"\ntarget_size = \"m-8\"\ncurrent_size = \"m-4\"\n";
    let write = |name: &str, allow: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{keys}[safety]\nallow = [{allow}]\nmax_billable = 10\n")).unwrap();
        path
    };
    let terminal = Arc::new(Mutex::new(String::new()));
    let run = |profile: std::path::PathBuf, allow: Vec<conformance_runner::Effect>| {
        let mut opts = options(&suite);
        (opts.base_url, opts.profile, opts.dry_run, opts.allow) =
            (Some("http://127.0.0.1:9".into()), Some(profile), true, allow);
        opts.capture = Some(terminal.clone());
        conformance_runner::run(opts)
    };
    let for_good = |r: &conformance_runner::Report| {
        r.scenarios.iter().find(|s| s.name.contains("for good")).map(|s| s.outcome.clone()).unwrap()
    };
    let profile = write("p.toml", "\"changes\", \"billable\"");
    let report = run(profile.clone(), Vec::new()).await.expect("a dry run");
    let Outcome::Skipped { reason } = for_good(&report) else { panic!("{:?}", for_good(&report)) };
    assert!(reason.contains("--allow irreversible on the command line (a profile cannot allow it)"), "{reason}");
    let resize = report.scenarios.iter().find(|s| s.name.contains("resize to")).unwrap();
    assert_eq!(resize.outcome, Outcome::Skipped { reason: conformance_runner::DRY_RUN.into() }, "billable is allowed");
    let report = run(profile, vec![conformance_runner::Effect::Irreversible]).await.expect("a dry run");
    assert_eq!(for_good(&report), Outcome::Skipped { reason: conformance_runner::DRY_RUN.into() });
    let printed = terminal.lock().unwrap().clone();
    assert!(printed.contains("never set back") && printed.contains("irreversible"), "the plan says so: {printed}");
    // A disposable profile is still a profile: every other class runs, this one does not.
    let disposable = dir.path().join("d.toml");
    std::fs::write(&disposable, format!("{keys}[safety]\ndisposable = true\n")).unwrap();
    let report = run(disposable, Vec::new()).await.expect("a dry run");
    let Outcome::Skipped { reason } = for_good(&report) else { panic!("{:?}", for_good(&report)) };
    assert!(reason.contains("a profile cannot allow it"), "disposable does not allow irreversible: {reason}");
    let resize = report.scenarios.iter().find(|s| s.name.contains("resize to")).unwrap();
    assert_eq!(resize.outcome, Outcome::Skipped { reason: conformance_runner::DRY_RUN.into() }, "billable is allowed");
    let refused = run(write("q.toml", "\"irreversible\""), Vec::new()).await.expect_err("the profile does not load");
    assert!(refused.to_string().contains("--allow irreversible on the command line"), "{refused}");
}

/// The body's variants in scope: a body is validated by the variant its `type` names (its
/// violations are that variant's), and a variant in scope that no branch of the schema has
/// does not load.
#[test]
fn a_body_is_held_to_the_variant_it_names_and_every_variant_in_scope_has_a_branch() {
    let suite = suite();
    let contracts = Contracts::load(&suite.fixtures).unwrap();
    let op = contracts.operation(ID).unwrap();
    let names: Vec<String> = op.variants().unwrap().into_iter().map(|v| v.name).collect();
    assert_eq!(names, ["resize", "reboot"]);
    assert!(op.validate_request(&serde_json::json!({ "type": "reboot" })).is_ok());
    let v = op.validate_request(&serde_json::json!({ "type": "resize", "disk": true })).unwrap_err();
    assert!(v.0.iter().any(|x| x.message.contains("size")), "the resize variant's own violation: {v:?}");
    let path = suite.fixtures.join("oceanic-cloud/machine-action.json");
    let mut f: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    f["request"]["variants"]["in_scope"] = serde_json::json!(["resize", "hibernate"]);
    std::fs::write(&path, f.to_string()).unwrap();
    let e = Contracts::load(&suite.fixtures).unwrap_err().to_string();
    assert!(e.contains("request.variants") && e.contains("hibernate"), "{e}");
}

/// A status's `when`, its `provoked` and the body's `variants` are items a check rests on: the
/// fixture does not load when one has neither the page's words nor an erratum (the form before
/// anchors, `"provoked": "fault"`, reads and is refused so), and the error names the file and
/// the item.
#[test]
fn a_when_a_provoked_or_the_variants_without_anchor_do_not_load() {
    let suite = suite();
    let path = suite.fixtures.join("oceanic-cloud/machine-action.json");
    let original: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let cases: [(&str, &str, Edit); 4] = [
        ("responses[1].when", "status 202 chosen by /dry_run = true", |f| {
            f["responses"][1]["when"].as_object_mut().unwrap().remove("provenance");
        }),
        ("responses[5].provoked", "status 422 provoked by /mode = \"hard\"", |f| {
            f["responses"][5]["provoked"]["provenance"] = serde_json::json!({"section": "Reboot, mode"});
        }),
        ("responses[6].provoked", "status 429 provoked by the fault header", |f| {
            f["responses"][6]["provoked"] = "fault".into();
        }),
        ("request.variants", "request variants by type (resize, reboot)", |f| {
            f["request"]["variants"].as_object_mut().unwrap().remove("provenance");
        }),
    ];
    for (field, label, edit) in cases {
        let mut f = original.clone();
        edit(&mut f);
        std::fs::write(&path, f.to_string()).unwrap();
        let e = Contracts::load(&suite.fixtures).unwrap_err().to_string();
        assert!(e.contains("machine-action.json") && e.contains(field), "{e}");
        assert!(e.contains(&format!("{label} has no anchor")), "{e}");
    }
    let mut f = original;
    f["responses"][1]["when"]["provenance"] = serde_json::json!({"section": "Resize", "erratum": "oc-400-no-example"});
    std::fs::write(&path, f.to_string()).unwrap();
    Contracts::load(&suite.fixtures).expect("an erratum explains it");
}
