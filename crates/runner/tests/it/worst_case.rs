//! A scenario is classed by what its request would do if the target accepted it (issue 24):
//! a default run against the standalone stub showing a mutation that accepts requests a correct
//! target refuses (credentials ignored or without permission, a validation rule ignored), with
//! the stub's profile copied as a real target's (no `[stub] instance`: nothing is allowed),
//! creates and changes nothing: the stub's state, read through its admin API, is the same after
//! the run as before, with the `current_*` keys and without them (the refusals then ask for the
//! target value, and are skipped as what they would do). An accepted refusal is listed as "may
//! have changed <resource>".

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_runner::{Change, Report};
use conformance_stub::StubConfig;
use serde_json::Value;

use crate::common;

async fn state(url: &str) -> Value {
    reqwest::get(format!("{url}/__stub/state")).await.unwrap().json().await.unwrap()
}

/// The stub's profile as a copy pointed at a real target: no `[stub]` table, no `[safety]`,
/// and without the `current_*` keys unless `current`.
fn real_profile(toml: &str, current: bool) -> String {
    let mut out = String::new();
    let mut table = String::new();
    for l in toml.lines() {
        if l.starts_with('[') {
            table = l.to_string();
        }
        let skipped = table == "[stub]" || table == "[safety]" || (!current && l.starts_with("current_"));
        if !skipped {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

async fn default_run(mutation: &str, current: bool) -> (Report, String, Value, Value) {
    let config = StubConfig::deterministic().with_mutation(Some(mutation.to_string()));
    let handle = conformance_stub::serve(config, "127.0.0.1:0".parse().unwrap()).await.expect("the stub serves");
    let url = handle.base_url();
    let toml = real_profile(&conformance_stub::profile::profile_file(&handle.profile()), current);
    let before = state(&url).await;
    let (_dir, path) = common::profile_file(&toml);
    let (mut opts, capture) = common::quiet();
    opts.base_url = Some(url.clone());
    opts.profile = Some(path);
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let after = state(&url).await;
    handle.shutdown().await;
    let text = capture.lock().unwrap().clone();
    (report, text, before, after)
}

/// The mutations that accept what a correct target refuses: every operation's ignored or
/// unchecked credentials, and every validation rule of the order builder ignored.
fn accepting() -> Vec<String> {
    let contracts = conformance_contract::Contracts::load(conformance_contract::default_fixtures_dir()).unwrap();
    let modes = conformance_stub::modes(&contracts).unwrap();
    let names = modes.mutations.into_iter().map(|m| m.name);
    names
        .filter(|n| {
            n.ends_with(":ignores-auth")
                || n.ends_with(":forbidden-allowed")
                || (n.starts_with("hostway-orders/add-service:ignores-")
                    && n != "hostway-orders/add-service:ignores-auth")
        })
        .collect()
}

#[tokio::test]
async fn a_default_run_against_a_target_that_accepts_refusals_creates_and_changes_nothing() {
    let mutations = accepting();
    assert!(mutations.iter().any(|m| m == "huawei-apig/postpaid-resize:ignores-auth"), "{mutations:?}");
    assert!(mutations.iter().filter(|m| m.starts_with("hostway-orders/add-service:")).count() >= 3, "{mutations:?}");
    for mutation in &mutations {
        for current in [true, false] {
            let (report, text, before, after) = default_run(mutation, current).await;
            assert_eq!(
                before, after,
                "{mutation} (current keys: {current}): a default run changed the target's state\n{text}"
            );
            assert!(report.created().is_empty(), "{mutation}: {:?}", report.created());
            assert!(report.ran() > 0, "{mutation}: something ran\n{text}");
        }
    }
}

/// Without `current_spec_id`, the APIG refusals are billable, and the plan says why.
#[tokio::test]
async fn without_the_current_value_a_refusal_is_skipped_as_what_it_would_do_and_the_plan_says_why() {
    let (report, text, _, _) = default_run("postpaid-resize:ignores-auth", false).await;
    let id = "huawei-apig/postpaid-resize.feature::A resize with an invalid token is refused as unauthorized";
    let s = report.scenarios.iter().find(|s| s.id == id).unwrap();
    match &s.outcome {
        conformance_runner::Outcome::Skipped { reason } => assert!(reason.contains("@effect-billable"), "{reason}"),
        other => panic!("{id} ran: {other:?}\n{text}"),
    }
    assert!(
        text.contains("the profile gives no [huawei.apig] current_spec_id: it asks for the target value"),
        "the plan says why:\n{text}"
    );
}

/// Allowed, the refusal a target accepts is listed in the account section.
#[tokio::test]
async fn an_accepted_refusal_is_listed_as_may_have_changed() {
    let config = StubConfig::deterministic().with_mutation(Some("add-service:ignores-auth".to_string()));
    let handle = conformance_stub::serve(config, "127.0.0.1:0".parse().unwrap()).await.expect("the stub serves");
    let toml = real_profile(&conformance_stub::profile::profile_file(&handle.profile()), true);
    let (_dir, path) = common::profile_file(&toml);
    let (mut opts, capture) = common::quiet();
    opts.base_url = Some(handle.base_url());
    opts.profile = Some(path);
    opts.allow = vec![conformance_runner::Effect::Changes];
    opts.tags = Some("@add-service and @status-401".into());
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    handle.shutdown().await;
    let text = capture.lock().unwrap().clone();
    let may: Vec<_> = report.account.iter().filter(|a| a.change == Change::MayHaveChanged).collect();
    assert!(!may.is_empty(), "{text}");
    assert!(text.contains("may have changed "), "{text}");
}

/// With changes allowed, a wrong target that accepts refusals of an operation that creates
/// (add a service with no credentials) creates at most one resource past `--max-created`: once
/// it has accepted one, the refusals that it may accept too are sent only while the run is under
/// its bound, and so are the creates the plan sends; the ones not sent error, naming the bound.
#[tokio::test]
async fn accepted_refusals_that_create_are_held_to_the_bound() {
    let config = StubConfig::deterministic().with_mutation(Some("hostway-orders/add-service:ignores-auth".into()));
    let handle = conformance_stub::serve(config, "127.0.0.1:0".parse().unwrap()).await.expect("the stub serves");
    let url = handle.base_url();
    let toml = real_profile(&conformance_stub::profile::profile_file(&handle.profile()), true);
    let (_dir, path) = common::profile_file(&toml);
    let before = state(&url).await;
    let (mut opts, capture) = common::quiet();
    opts.base_url = Some(url.clone());
    opts.profile = Some(path);
    opts.allow = vec![conformance_runner::Effect::Changes];
    opts.max_created = Some(1);
    opts.tags = Some("@add-service".into());
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let after = state(&url).await;
    handle.shutdown().await;
    let text = capture.lock().unwrap().clone();
    let (b, a) = (before["resources"].as_object().unwrap(), after["resources"].as_object().unwrap());
    let added = a.keys().filter(|p| !b.contains_key(*p) && p.contains("/services/")).count();
    let accepted = report.account.iter().filter(|a| a.change == Change::MayHaveChanged).count();
    assert!(accepted >= 1, "the target accepted a refusal:\n{text}");
    assert!(added <= 2, "{added} services added with --max-created 1:\n{text}");
    let held: Vec<_> = report
        .scenarios
        .iter()
        .filter_map(|s| match &s.outcome {
            conformance_runner::Outcome::Errored(f) if f.kind.id() == "bound" => Some(f.reason.clone()),
            _ => None,
        })
        .collect();
    assert!(!held.is_empty(), "a request past the bound was not sent:\n{text}");
    assert!(held.iter().all(|r| r.contains("--max-created")), "{held:?}");
}
