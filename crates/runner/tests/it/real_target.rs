//! Ready for a real vendor account, checked against loopback servers that record what they
//! receive: a profile that allows nothing sends no request of a changing or billable scenario;
//! per-vendor base URLs send each operation to its own server; every new profile key (target
//! and current specification, flavors, billing cycles, service names, `X-Project-Id`,
//! `X-Security-Token`) reaches the request it is for; created services are listed as
//! leftovers; at most three wrong-AK scenarios run against a real target.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};

use conformance_contract::{Contracts, Effect, Profile, default_fixtures_dir};
use conformance_runner::plan::{Decision, Plan, summarize};
use conformance_runner::{Outcome, Report};
use serde_json::Value;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A profile meeting every need a real profile can meet, allowing nothing.
pub(crate) const FULL: &str = r#"
[huawei]
project_id = "p1"
ak = "AKREALTARGET0000001"
sk = "sk-real-target-secret"
forbidden_token = "forbidden-token-1"
security_token = "sec-token-1"
project_id_header = true

[huawei.apig]
instance_id = "i1"
target_spec_id = "ENTERPRISE"
current_spec_id = "BASIC"

[huawei.cph]
server_id = "s1"
server_model_name = "target.server"
phone_model_name = "target.phone"
current_server_model_name = "cur.server"
current_phone_model_name = "cur.phone"

[hostway]
authorization = "Basic dGVzdDp0ZXN0"
account_id = "a1"
product_id = "p2"
service_id = "s2"
target_service_specification = "https://x.example/specs/2"
current_service_specification = "https://x.example/specs/1"

[hostway-orders]
owner_id = "owner-1"
forbidden_owner_id = "owner-2"
order_id = "ord1"
product_id = "prod1"
service_specification = "https://x.example/specs/1"
unsupported_billing_cycle = 7
supported_billing_cycles = [3, 24]
service_name = "ci-check"
"#;

pub(crate) const ALLOW_ALL: &str = "\n[safety]\nallow = [\"changes\", \"billable\"]\n";

/// Answers an add-service POST with 201 and a Location naming a new service, anything else
/// with 202 and an empty object.
struct Answers(AtomicUsize);

impl Respond for Answers {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let path = req.url.path();
        if req.method.as_str() == "POST" && path.starts_with("/orders/") && path.ends_with("/services") {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            return ResponseTemplate::new(201).insert_header("Location", format!("{path}/svc-{n}").as_str());
        }
        ResponseTemplate::new(202).set_body_json(serde_json::json!({}))
    }
}

async fn server() -> MockServer {
    let s = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(Answers(AtomicUsize::new(0))).mount(&s).await;
    s
}

/// What a server received, the probes (`GET` of a base URL; no operation is a GET) left out.
async fn received(s: &MockServer) -> Vec<Request> {
    s.received_requests().await.unwrap_or_default().into_iter().filter(|r| r.method.as_str() != "GET").collect()
}

fn body(r: &Request) -> Value {
    serde_json::from_slice(&r.body).unwrap_or(Value::Null)
}

fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

async fn run(base: &str, toml: &str, tags: Option<&str>, allow: Vec<Effect>) -> (Report, String) {
    run_as(base, toml, tags, allow, true).await
}

/// [`run`], `quiet` or not (the terminal's text is captured either way).
async fn run_as(base: &str, toml: &str, tags: Option<&str>, allow: Vec<Effect>, quiet: bool) -> (Report, String) {
    let (_dir, path) = common::profile_file(toml);
    let (mut opts, capture) = common::quiet();
    opts.quiet = quiet;
    opts.base_url = Some(base.to_string());
    opts.profile = Some(path);
    opts.tags = tags.map(String::from);
    opts.allow = allow;
    opts.timeout = std::time::Duration::from_secs(2);
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let text = capture.lock().unwrap().clone();
    (report, text)
}

#[tokio::test]
async fn a_profile_that_allows_nothing_sends_no_request_of_a_changing_or_billable_scenario() {
    let s = server().await;
    let only_effects = Some("@effect-changes or @effect-billable");
    let (report, text) = run(&s.uri(), FULL, only_effects, Vec::new()).await;
    assert!(!report.scenarios.is_empty());
    let mut by_effect = 0;
    for r in &report.scenarios {
        let Outcome::Skipped { reason } = &r.outcome else { panic!("{} ran: {:?}", r.id, r.outcome) };
        by_effect += usize::from(reason.starts_with("@effect-") && reason.contains("--allow"));
    }
    assert!(by_effect > 20, "{by_effect} skipped for their effect class");
    assert_eq!(received(&s).await.len(), 0, "requests of changing or billable scenarios were sent");
    assert!(text.contains("plan: 0 scenarios to run"), "{text}");

    // The whole suite: only refusals and reads run, and no request asks for a change.
    let (report, _) = run(&s.uri(), FULL, None, Vec::new()).await;
    let ran: Vec<_> = report.scenarios.iter().filter(|r| !matches!(r.outcome, Outcome::Skipped { .. })).collect();
    assert!(ran.len() > 40, "{} ran", ran.len());
    assert!(ran.iter().all(|r| r.tags.iter().any(|t| t == "effect-none")));
    let got = received(&s).await;
    assert!(got.iter().all(|r| body(r)["spec_id"] != "ENTERPRISE"), "a refusal asked for the target spec");

    // Allowed on the command line, the changing ones run.
    let (report, _) =
        run(&s.uri(), FULL, Some("@effect-changes and not @needs-faults.header"), vec![Effect::Changes]).await;
    assert!(report.scenarios.iter().all(|r| !matches!(r.outcome, Outcome::Skipped { .. })));
    assert!(received(&s).await.len() > got.len());
}

#[tokio::test]
async fn per_vendor_base_urls_send_each_operation_to_its_own_server() {
    let (default, b, c) = (server().await, server().await, server().await);
    let toml = FULL
        .replace("[huawei.apig]\n", &format!("[huawei.apig]\nbase_url = \"{}\"\n", c.uri()))
        .replace("[huawei.cph]\n", &format!("[huawei.cph]\nbase_url = \"{}/cph\"\n", b.uri()))
        .replace("[hostway]\n", &format!("[hostway]\nbase_url = \"{}\"\n", c.uri()))
        .replace("[hostway-orders]\n", &format!("[hostway-orders]\nbase_url = \"{}/\"\n", b.uri()));
    let (report, _) = run(&default.uri(), &toml, Some("@effect-none"), Vec::new()).await;
    assert!(report.summary().total.skipped < report.scenarios.len());
    assert_eq!(received(&default).await.len(), 0, "every vendor has its own base URL");
    let (at_b, at_c) = (received(&b).await, received(&c).await);
    let paths = |got: &[Request]| got.iter().map(|r| r.url.path().to_string()).collect::<Vec<_>>();
    let (at_b, at_c) = (paths(&at_b), paths(&at_c));
    for (prefix, at) in
        [("/cph/v1/p1/cloud-phone/", &at_b), ("/orders/", &at_b), ("/v2/p1/apigw/", &at_c), ("/accounts/", &at_c)]
    {
        assert!(at.iter().any(|p| p.starts_with(prefix)), "nothing under {prefix}");
    }
    assert!(at_b.iter().all(|p| p.starts_with("/cph/v1/p1/cloud-phone/") || p.starts_with("/orders/")), "{at_b:?}");
    assert!(at_c.iter().all(|p| p.starts_with("/v2/p1/apigw/") || p.starts_with("/accounts/")), "{at_c:?}");
}

/// Per-vendor base URLs alone (no top-level one, no `--base-url`) are enough; each one is probed
/// before any scenario, and a vendor section without one is an error naming the vendor.
#[tokio::test]
async fn per_vendor_base_urls_alone_are_probed_each_and_a_missing_one_is_named() {
    let (b, c) = (server().await, server().await);
    let per_vendor = FULL
        .replace("[huawei.apig]\n", &format!("[huawei.apig]\nbase_url = \"{}\"\n", c.uri()))
        .replace("[huawei.cph]\n", &format!("[huawei.cph]\nbase_url = \"{}\"\n", b.uri()))
        .replace("[hostway]\n", &format!("[hostway]\nbase_url = \"{}\"\n", c.uri()))
        .replace("[hostway-orders]\n", &format!("[hostway-orders]\nbase_url = \"{}\"\n", b.uri()));
    let (_dir, path) = common::profile_file(&per_vendor);
    let (mut opts, _) = common::quiet();
    opts.profile = Some(path);
    opts.tags = Some("@effect-none and @huawei-cph".into());
    let report = conformance_runner::run(opts.clone()).await.expect("per-vendor URLs alone run");
    let outcomes: Vec<_> = report.scenarios.iter().map(|s| (&s.id, &s.outcome)).collect();
    assert!(report.summary().total.passed + report.summary().total.failed > 0, "{outcomes:#?}");
    for s in [&b, &c] {
        let probes = s.received_requests().await.unwrap_or_default();
        assert!(probes.iter().any(|r| r.url.path() == "/" && r.method.as_str() == "GET"), "{} was not probed", s.uri());
    }
    assert!(!received(&b).await.is_empty(), "no CPH request reached the CPH base URL");
    assert!(received(&c).await.is_empty(), "CPH requests went to another vendor's server");

    // A vendor URL where nothing listens stops the run before any scenario, naming that URL.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let (_dir2, path) = common::profile_file(&per_vendor.replace(&b.uri(), &dead));
    opts.profile = Some(path);
    let err = conformance_runner::run(opts.clone()).await.unwrap_err().to_string();
    assert!(err.contains("cannot reach") && err.contains(&dead), "{err}");

    // A vendor section with no URL of its own and no top-level one is an error naming it.
    let missing = per_vendor.replace(&format!("base_url = \"{}\"\n", c.uri()), "");
    let (_dir3, path) = common::profile_file(&missing);
    opts.profile = Some(path);
    let err = conformance_runner::run(opts).await.unwrap_err().to_string();
    assert!(err.contains("no base URL for [hostway], [huawei.apig]"), "{err}");
}

#[tokio::test]
async fn every_new_profile_key_reaches_the_request_it_is_for() {
    let s = server().await;
    let toml = format!("{FULL}{ALLOW_ALL}");
    let tags = Some("@huawei-apig or @huawei-cph or @add-service");
    let billable = "  [billable] huawei-apig/postpaid-resize.feature::A resize to the documented specification is accepted: \
                    its documented answer may create an order or a charge\n";
    let (_, quiet) = run(&server().await.uri(), &toml, tags, Vec::new()).await;
    assert!(quiet.contains("plan: ") && !quiet.contains(billable), "-q lists no scenario: {quiet}");
    let (report, text) = run_as(&s.uri(), &toml, tags, Vec::new(), false).await;
    let plan_line = text.find("plan: ").expect("the plan is printed");
    assert!(text.find(billable).is_some_and(|at| at < plan_line), "{text}");
    let got = received(&s).await;
    let bodies: Vec<Value> = got.iter().map(body).collect();
    let has = |k: &str, v: &str| bodies.iter().any(|b| b[k] == v);
    assert!(has("spec_id", "ENTERPRISE") && has("spec_id", "BASIC"), "target and current spec_id");
    assert!(has("server_model_name", "target.server") && has("phone_model_name", "target.phone"));
    assert!(has("server_model_name", "cur.server") && has("phone_model_name", "cur.phone"));
    let added: Vec<&Value> = bodies.iter().filter(|b| b.get("serviceSpecification").is_some()).collect();
    assert!(!added.is_empty());
    // Every name but the blank ones of the refusals is the run's.
    let run_names: Vec<&str> =
        added.iter().filter_map(|b| b["name"].as_str()).filter(|n| !n.trim().is_empty()).collect();
    assert!(run_names.iter().all(|n| n.starts_with("ci-check-") && n.len() > 9), "{run_names:?}");
    let cycles: Vec<u64> = added.iter().filter_map(|b| b["billingCycle"].as_u64()).collect();
    assert!(cycles.contains(&3) && cycles.contains(&24), "{cycles:?}");

    let huawei: Vec<&wiremock::Request> = got.iter().filter(|r| r.url.path().contains("/p1/")).collect();
    assert!(!huawei.is_empty());
    for r in &huawei {
        assert_eq!(header(r, "X-Project-Id"), Some("p1"));
        assert_eq!(header(r, "X-Security-Token"), Some("sec-token-1"));
        let auth = header(r, "Authorization").unwrap_or_default();
        if auth.starts_with("SDK-HMAC-SHA256") {
            assert!(auth.contains("x-project-id") && auth.contains("x-security-token"), "not signed: {auth}");
        }
    }
    assert!(huawei.iter().any(|r| header(r, "Authorization").is_some_and(|a| a.starts_with("SDK-HMAC-SHA256"))));
    assert!(!text.contains("sec-token-1"), "the security token was printed");

    // Leftovers: every service added is listed, and printed.
    let services = got.iter().filter(|r| r.method.as_str() == "POST" && r.url.path().ends_with("/services")).count();
    assert_eq!(report.created().len(), services, "{:?}", report.created());
    assert!(report.created().iter().all(|u| u.starts_with(&format!("{}/orders/", s.uri()))), "{:?}", report.created());
    assert!(text.contains("remove them yourself") && text.contains(report.created()[0]), "{text}");
}

async fn plan_of(features: &[(&str, String)]) -> (tempfile::TempDir, Plan, Contracts) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in features {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let contracts = std::sync::Arc::new(Contracts::load(default_fixtures_dir()).unwrap());
    let mut plan = Plan::load(dir.path(), &contracts).unwrap();
    conformance_runner::plan::derive(&mut plan, &contracts).await.unwrap();
    (dir, plan, std::sync::Arc::try_unwrap(contracts).unwrap())
}

fn wrong_signatures(tags: &str, n: usize, example: &str) -> String {
    let mut feature = format!("{tags}\nFeature: f\n");
    for i in 0..n {
        feature.push_str(&format!(
            "  @status-401\n  Scenario: s{i}\n    Given AK/SK signing with a wrong secret key\n    When I send the documented example request \"{example}\"\n    Then the response status is 401\n"
        ));
    }
    feature
}

/// The fixtures' allowance (three wrong signatures per AK and run) is shared by every
/// operation signing with that AK, and chosen one per operation first; the bundled stub has
/// no account to lock.
#[tokio::test]
async fn wrong_signatures_are_shared_per_account_and_chosen_one_per_operation_first() {
    let mut apig = wrong_signatures("@huawei-apig @postpaid-resize", 4, "resize-to-professional");
    apig.push_str("  @status-202\n  Scenario: paid\n    Given a gateway token with permission\n    When I send the documented example request \"resize-to-professional\"\n    Then the response status is 202\n");
    let cph = wrong_signatures("@huawei-cph @change-server-model", 2, "change-flavor");
    let features = [("huawei-apig/postpaid-resize.feature", apig), ("huawei-cph/change-server-model.feature", cph)];
    let (_dir, plan, contracts) = plan_of(&features).await;
    let huawei =
        |o: &&conformance_contract::Operation| ["huawei-apig", "huawei-cph"].contains(&o.contract().vendor.as_str());
    let per_run = contracts
        .operations()
        .iter()
        .filter(huawei)
        .flat_map(|o| o.contract().auth.allowances.iter())
        .map(|a| a.per_run)
        .min();
    assert_eq!(per_run, Some(3), "the fixtures' allowance");
    let profile = Profile::every_key(contracts.keys());
    let runs = |d: &[Decision]| d.iter().filter(|d| **d == Decision::Run).count();
    let ids = |d: &[Decision]| -> Vec<String> {
        plan.scenarios().zip(d).filter(|(_, d)| **d == Decision::Run).map(|((_, s), _)| s.id.clone()).collect()
    };

    let mut real = plan.decide(None, &profile);
    plan.guard(&mut real, &[], false, &contracts, &profile);
    assert_eq!(runs(&real), 3);
    let (a, c) = ("huawei-apig/postpaid-resize.feature::s", "huawei-cph/change-server-model.feature::s");
    assert_eq!(ids(&real), [format!("{a}0"), format!("{a}1"), format!("{c}0")], "one per operation first");
    let skipped: Vec<&String> =
        real.iter().filter_map(|d| if let Decision::Skip(r) = d { Some(r) } else { None }).collect();
    assert!(
        skipped.iter().any(|r| r.contains("@spends-wrong-signature") && r.contains("locks an AK/SK pair")),
        "{skipped:?}"
    );
    assert!(skipped.iter().any(|r| r.contains("--allow billable")), "{skipped:?}");
    let summary = summarize(&plan, &real);
    assert_eq!((summary.scenarios, summary.skipped, summary.billable_requests), (3, 4, 0));

    let mut stub = plan.decide(None, &profile);
    plan.guard(&mut stub, &[Effect::Billable], true, &contracts, &profile);
    assert_eq!(runs(&stub), 7);
    let summary = summarize(&plan, &stub);
    assert_eq!((summary.billable_requests, summary.changing_requests), (1, 0));
    assert!(summary.to_string().contains("up to 1 may create an order or a charge"), "{summary}");
}

/// The dry run with every profile key set: one scenario per operation that uses the keys, every
/// request as it would be sent (signed, secrets redacted), pinned as
/// `snapshots/runner/dry-run-profile-keys.snap` so each key is seen reaching its request.
#[tokio::test]
async fn a_dry_run_shows_every_profile_key_in_its_request() {
    let (_dir, path) = common::profile_file(&format!("{FULL}{ALLOW_ALL}"));
    let (mut opts, capture) = common::quiet();
    opts.base_url = Some("http://127.0.0.1:9".into());
    opts.profile = Some(path);
    opts.dry_run = true;
    // Every success of the selection runs: the bound of the bill is another test's.
    opts.max_billable = Some(10);
    opts.tags = Some(
        "(@postpaid-resize and @status-202) or (@change-server-model and @status-200 and not @needs-stub-data) \
         or (@service-action and @example-change) \
         or (@update-service and @status-204 and @needs-hostway-orders.supported_billing_cycles)"
            .into(),
    );
    let report = conformance_runner::run(opts).await.expect("a dry run runs");
    assert!(
        report.scenarios.iter().all(|s| matches!(&s.outcome, Outcome::Skipped { reason } if reason == "dry run")),
        "{:#?}",
        report.scenarios.iter().map(|s| (&s.id, &s.outcome)).collect::<Vec<_>>()
    );
    assert!(report.created().is_empty(), "a dry run creates nothing: {:?}", report.created());
    let text = capture.lock().unwrap().clone();
    for secret in ["sk-real-target-secret", "sec-token-1", "owner-1", "dGVzdDp0ZXN0"] {
        assert!(!text.contains(secret), "a secret is in the dry run");
    }
    let shown: String = text
        .lines()
        .filter(|l| !l.starts_with("conformance: ") && !l.contains("Summary:") && !l.contains(" s\n"))
        .map(|l| format!("{l}\n"))
        .collect();
    let shown = common::redact(&shown, "http://127.0.0.1:9");
    let shown = regex::Regex::new(r"Signature=[0-9a-f]{64}").unwrap().replace_all(&shown, "Signature=[SIG]");
    let shown = regex::Regex::new(r"ci-check-[0-9a-f]{8}\b").unwrap().replace_all(&shown, "ci-check-[RUN]");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../../../snapshots/runner");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("dry-run-profile-keys", shown));
}
