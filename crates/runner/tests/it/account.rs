//! Real accounts are stateful (issue 19), proven against the standalone stub and against
//! loopback servers that play a vendor: a run with everything allowed against a stub that
//! refuses no-op changes passes and leaves the stub's account as it found it (read through its
//! admin API), adding at most 3 services; a restore the target refuses is an error naming the
//! resource, its value now and the value it should have; against a real target the bill is
//! bounded per resource (the plan says so, and the scenarios past it are skipped with the flag
//! that raises it), successes alternate up and back, and a change waits for the last one to
//! settle.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use conformance_runner::{AccountChange, Change, Outcome, Report};
use conformance_stub::{ServeHandle, StubConfig};
use serde_json::Value;

use crate::common;
use crate::vendor::{REAL, Vendor};

async fn standalone(config: StubConfig) -> ServeHandle {
    conformance_stub::serve(config, "127.0.0.1:0".parse().unwrap()).await.expect("the stub serves")
}

async fn state(handle: &ServeHandle) -> Value {
    let url = format!("{}/__stub/state", handle.base_url());
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

/// The suite against `handle` with its own profile (everything allowed), `tags` selecting.
async fn run(handle: &ServeHandle, tags: Option<&str>) -> (Report, String) {
    run_with(handle, &conformance_stub::profile::profile_file(&handle.profile()), tags).await
}

/// The suite against `handle` with the profile `toml`.
async fn run_with(handle: &ServeHandle, toml: &str, tags: Option<&str>) -> (Report, String) {
    let (_dir, path) = common::profile_file(toml);
    let (mut opts, capture) = common::quiet();
    opts.base_url = Some(handle.base_url());
    opts.profile = Some(path);
    opts.tags = tags.map(String::from);
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let text = capture.lock().unwrap().clone();
    (report, text)
}

#[tokio::test]
async fn a_full_allowed_run_against_a_stub_that_refuses_no_op_changes_passes_and_leaves_its_account_as_found() {
    let handle = standalone(StubConfig::deterministic().with_variation(Some("refuses-no-op-change".into()))).await;
    let before = state(&handle).await;
    let (report, text) = run(&handle, None).await;
    let failed: Vec<_> = report.scenarios.iter().filter(|s| s.outcome.is_failure()).map(|s| &s.id).collect();
    assert!(failed.is_empty(), "{failed:#?}\n{text}");
    assert_eq!(report.summary().total.skipped, 0, "{text}");
    assert_eq!(report.exit_code(), 0);
    let after = state(&handle).await;
    let (b, a) = (before["resources"].as_object().unwrap(), after["resources"].as_object().unwrap());
    for (path, attrs) in b {
        assert_eq!(a.get(path), Some(attrs), "{path} is not as the run found it");
    }
    let added: Vec<&String> = a.keys().filter(|p| !b.contains_key(*p)).collect();
    assert!(!added.is_empty() && added.len() <= 3, "the run added {added:?}");
    assert!(added.iter().all(|p| p.contains("/services/")), "{added:?}");
    // The changed values went up and back; where the scenarios did not end at the start, the run
    // set the resource back, and said so.
    let restores: Vec<&AccountChange> = report.restores().collect();
    assert!(!restores.is_empty(), "{text}");
    for r in restores {
        assert_eq!(r.change, Change::Restored, "{}", r.line());
        assert!(text.contains(&r.line()), "the terminal reports {}", r.line());
    }
    assert!(text.contains("adds 3 service(s) under /orders/"), "the plan says what it adds:\n{text}");
    handle.shutdown().await;
}

#[tokio::test]
async fn a_restore_the_target_refuses_is_an_error_naming_the_resource_and_both_values() {
    let config =
        StubConfig::deterministic().with_mutation(Some("huawei-apig/postpaid-resize:refuses-change-back".into()));
    let handle = standalone(config).await;
    let profile = handle.profile();
    let gateway = format!(
        "/v2/{}/apigw/instances/{}",
        profile.text("huawei.project_id").unwrap(),
        profile.text("huawei.apig.instance_id").unwrap()
    );
    // A token only: the token resize runs, the AK/SK one is skipped, and the resize is undone by
    // the restore.
    let toml = conformance_stub::profile::profile_file(&profile);
    let toml: String =
        toml.lines().filter(|l| !l.starts_with("ak =") && !l.starts_with("sk =")).map(|l| format!("{l}\n")).collect();
    let (report, text) = run_with(&handle, &toml, Some("@postpaid-resize and @status-202")).await;
    let restores: Vec<&AccountChange> = report.restores().collect();
    assert_eq!(restores.len(), 1, "{text}");
    let r = restores[0];
    assert_eq!(r.change, Change::NotRestored, "{}", r.line());
    assert_eq!(r.resource, format!("gateway {gateway}"));
    let resize = "huawei-apig/postpaid-resize.feature::A resize to the documented specification is accepted";
    assert_eq!(r.scenario, resize, "the scenario that left it changed");
    let line = r.line();
    assert!(line.contains("it has spec_id PROFESSIONAL now; it should have spec_id BASIC"), "{line}");
    assert!(line.contains("answered 400") && line.contains("request sent:"), "with the exchange: {line}");
    // The scenario that left it changed errored: every output says so, and the run exits 1.
    let Outcome::Errored(failure) = &report.scenario(resize).unwrap().outcome else { panic!("{text}") };
    assert_eq!(failure.kind, conformance_runner::failure::Kind::Restore);
    assert!(
        failure.reason.starts_with(&format!("the run could not set gateway {gateway} back: it has")),
        "{failure:?}"
    );
    assert!(failure.exchange.is_some(), "the restore's exchange");
    assert_eq!(report.exit_code(), conformance_runner::EXIT_FAILED, "a failed restore fails the run");
    assert!(text.contains("This run could NOT set back 1 resource(s) of the account"), "{text}");
    assert!(text.contains(&format!("NOT restored gateway {gateway}")), "{text}");
    assert_eq!(state(&handle).await["resources"][&gateway]["spec_id"], "PROFESSIONAL", "left changed, and said so");
    handle.shutdown().await;
}

async fn vendor_run(vendor: &Vendor, toml: &str, tags: &str, max_billable: Option<usize>) -> (Report, String) {
    crate::vendor::vendor_run(vendor, toml, tags, |opts| opts.max_billable = max_billable).await
}

fn sent(vendor: &Vendor, suffix: &str, member: &str) -> Vec<String> {
    let log = vendor.log.lock().unwrap();
    log.iter()
        .filter(|(_, p, _)| p.ends_with(suffix))
        .filter_map(|(_, _, b)| b[member].as_str().map(String::from))
        .collect()
}

#[tokio::test]
async fn against_a_real_target_the_bill_is_bounded_and_successes_alternate_up_and_back() {
    let vendor = Vendor::default();
    let tags = "@change-server-model and @status-200 and not @needs-stub-data";
    let (report, text) = vendor_run(&vendor, REAL, tags, None).await;
    let plan = text.find("plan: ").expect("the plan is printed");
    let resource = "cloud phone server /v1/p1/cloud-phone/servers/s1: 2 billable request(s), 2 change(s), back at its \
                    start value at the end (no restore)";
    assert!(text.find(resource).is_some_and(|at| at > plan), "{text}");
    let f = "huawei-cph/change-server-model.feature::";
    let passed: Vec<String> =
        report.scenarios.iter().filter(|s| s.outcome == Outcome::Passed).map(|s| s.id.replace(f, "")).collect();
    assert_eq!(
        passed,
        ["The documented flavor change is accepted", "Automatic payment may be on, off or left out [is_auto_pay=0]"]
    );
    let skipped: Vec<&str> = report
        .scenarios
        .iter()
        .filter_map(|s| match &s.outcome {
            Outcome::Skipped { reason } if reason.contains("--max-billable N") => Some(s.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(skipped.len(), 2, "auto-pay off, purchase mode left out: {text}");
    // Up, then back: never a change to the value the server has, and nothing left to restore.
    assert_eq!(sent(&vendor, "/change-server-model", "server_model_name"), ["target.server", "cur.server"]);
    assert_eq!(report.restores().count(), 0, "{:?}", report.account);
    assert_eq!(report.exit_code(), 0, "{text}");

    // One success: up, then the restore back.
    let vendor = Vendor::default();
    let (report, text) = vendor_run(
        &vendor,
        REAL,
        &format!("{tags} and @example-change-flavor and not @needs-huawei.ak+huawei.sk"),
        None,
    )
    .await;
    assert_eq!(report.summary().total.passed, 1, "{text}");
    assert!(
        text.contains("1 change(s), then a restore to its start value at the end") && text.contains("2. restore"),
        "{text}"
    );
    assert_eq!(sent(&vendor, "/change-server-model", "server_model_name"), ["target.server", "cur.server"]);
    let restores: Vec<&AccountChange> = report.restores().collect();
    assert_eq!(restores.len(), 1);
    assert_eq!(restores[0].change, Change::Restored);
    assert!(restores[0].detail.ends_with("(200)"), "{:?}", restores[0]);
    let restored = "restored cloud phone server /v1/p1/cloud-phone/servers/s1: server_model_name target.server, \
                    phone_model_name target.phone → server_model_name cur.server, phone_model_name cur.phone (200)";
    assert!(text.contains(restored), "{text}");

    // Raised, every success runs, alternating; an odd number leaves it changed, and the run
    // sets it back.
    let vendor = Vendor::default();
    let (report, text) = vendor_run(&vendor, REAL, tags, Some(6)).await;
    assert_eq!(report.summary().total.passed, 4, "{text}");
    let got = sent(&vendor, "/change-server-model", "server_model_name");
    let (up, back) = ("target.server".to_string(), "cur.server".to_string());
    assert_eq!(got, [up.clone(), back.clone(), up, back], "{text}");
    assert_eq!(report.restores().count(), 0, "an even number of changes ends where it started: {:?}", report.account);
}

#[tokio::test]
async fn a_change_waits_for_the_last_change_of_the_same_resource_to_settle() {
    let vendor = Vendor::default();
    let toml = REAL.replace("[huawei.apig]\n", "[huawei.apig]\nsettle_seconds = 1\n");
    let (report, text) = vendor_run(&vendor, &toml, "@postpaid-resize and @status-202", None).await;
    assert!(text.contains("waits 1 s between its changes (1 wait; [huawei.apig] settle_seconds)"), "{text}");
    assert_eq!(report.summary().total.passed, 1, "{text}");
    let log = vendor.log.lock().unwrap().clone();
    let resizes: Vec<&(Instant, String, Value)> =
        log.iter().filter(|(_, p, _)| p.ends_with("/postpaid-resize")).collect();
    assert_eq!(resizes.len(), 2, "the resize and its restore: {text}");
    assert_eq!(
        (resizes[0].2["spec_id"].as_str(), resizes[1].2["spec_id"].as_str()),
        (Some("ENTERPRISE"), Some("BASIC"))
    );
    let gap = resizes[1].0.duration_since(resizes[0].0);
    assert!(gap >= Duration::from_millis(950), "the restore waited {gap:?}");
}
