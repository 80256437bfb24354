//! Parallel resource chains (issue 24, item 8): what may change or charge runs as one chain
//! per resource of the account, in plan order within each chain, the chains side by side, so a
//! resource's settle wait does not hold up another's changes; `--concurrency 1` stays serial.
//! Shown by the order a loopback vendor receives the changes in, and by the plan's chains.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use conformance_runner::{Effect, Report};
use serde_json::Value;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::common;

/// A vendor's account in a loopback server: each resize or flavor change is accepted only
/// when it changes something (a no-op is refused with 400), and what it received is kept.
#[derive(Clone, Default)]
struct Vendor {
    now: Arc<Mutex<std::collections::BTreeMap<String, Value>>>,
    log: Arc<Mutex<Vec<(Instant, String, Value)>>>,
}

impl Respond for Vendor {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let path = req.url.path().to_string();
        self.log.lock().unwrap().push((Instant::now(), path.clone(), body.clone()));
        let value = if path.ends_with("/postpaid-resize") {
            body.get("spec_id").cloned()
        } else if path.ends_with("/change-server-model") {
            body.get("server_model_name").cloned()
        } else {
            None
        };
        let Some(value) = value else { return ResponseTemplate::new(404) };
        if req.headers.get("X-Auth-Token").is_none() && req.headers.get("Authorization").is_none() {
            return ResponseTemplate::new(401).set_body_json(serde_json::json!({"error_code": "x", "error_msg": "y"}));
        }
        let mut now = self.now.lock().unwrap();
        let was = now
            .get(&path)
            .cloned()
            .unwrap_or_else(|| Value::from(if path.contains("apigw") { "BASIC" } else { "cur.server" }));
        if value == was
            || !value.as_str().is_some_and(|v| ["BASIC", "ENTERPRISE", "cur.server", "target.server"].contains(&v))
        {
            return ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"error_code": "x", "error_msg": "no-op"}));
        }
        let cph = path.ends_with("/change-server-model");
        now.insert(path, value);
        if cph {
            let ok = serde_json::json!({
                "request_id": "6837531fd3f54550927b930180a706bf",
                "order_id": "CS1909211347TNTWM",
                "product_id": "00301-25217-0--0"
            });
            return ResponseTemplate::new(200).set_body_json(ok);
        }
        let job = "JOB-0123456789abcdef0123456789abcdef";
        let accepted = serde_json::json!({
            "instance_id": "6a7d71827fd54572b1f31aa9548fcc81",
            "message": format!("JOB_ASSIGNED_FOR_RESIZE_0086I:The job {job} is assigned to resize instance."),
            "job_id": job,
        });
        ResponseTemplate::new(202).set_body_json(accepted)
    }
}

const REAL: &str = r#"
[huawei]
project_id = "p1"
token = "tok-1"
[huawei.apig]
instance_id = "6a7d71827fd54572b1f31aa9548fcc81"
target_spec_id = "ENTERPRISE"
current_spec_id = "BASIC"
[huawei.cph]
server_id = "s1"
server_model_name = "target.server"
phone_model_name = "target.phone"
current_server_model_name = "cur.server"
current_phone_model_name = "cur.phone"
"#;

async fn vendor_run(vendor: &Vendor, toml: &str, tags: &str, concurrency: usize) -> (Report, String) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST")).respond_with(vendor.clone()).mount(&server).await;
    let (_dir, path) = common::profile_file(toml);
    let (mut opts, capture) = common::quiet();
    opts.base_url = Some(server.uri());
    opts.profile = Some(path);
    opts.tags = Some(tags.into());
    opts.allow = vec![Effect::Billable];
    opts.concurrency = concurrency;
    opts.timeout = Duration::from_secs(5);
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let text = capture.lock().unwrap().clone();
    (report, text)
}

/// Which resource each change went to, in the order the vendor received them.
fn order(vendor: &Vendor) -> Vec<&'static str> {
    let log = vendor.log.lock().unwrap();
    log.iter().map(|(_, p, _)| if p.ends_with("/postpaid-resize") { "gateway" } else { "phone" }).collect()
}

const TAGS: &str = "((@postpaid-resize and @status-202) or (@change-server-model and @status-200 and \
                    @example-change-flavor)) and not @needs-stub-data";

#[tokio::test]
async fn each_resource_is_a_chain_and_the_chains_run_side_by_side_unless_concurrency_is_1() {
    // AK/SK as well: each resource is changed up (token) and back (AK/SK), a wait between.
    let toml = REAL
        .replace("token = \"tok-1\"\n", "token = \"tok-1\"\nak = \"AK1\"\nsk = \"SK1\"\n")
        .replace("[huawei.apig]\n", "[huawei.apig]\nsettle_seconds = 1\n")
        .replace("[huawei.cph]\n", "[huawei.cph]\nsettle_seconds = 1\n");
    let vendor = Vendor::default();
    let (report, text) = vendor_run(&vendor, &toml, TAGS, 8).await;
    assert_eq!(report.exit_code(), 0, "{text}");
    assert!(text.contains("runs 2 chains side by side, each in plan order"), "{text}");
    assert!(text.contains("2 scenario(s), waits 1 s: cloud phone server /v1/p1/cloud-phone/servers/s1"), "{text}");
    assert!(text.contains("expected length: 1 s of settle waits (the longest chain), against 2 s one after"), "{text}");
    let got = order(&vendor);
    assert_eq!(got.len(), 4, "{got:?}\n{text}");
    // Each resource's second change waits for its first to settle; the other resource's first
    // change does not wait for it.
    let second_gateway = got.iter().rposition(|r| *r == "gateway").unwrap();
    let first_phone = got.iter().position(|r| *r == "phone").unwrap();
    assert!(first_phone < second_gateway, "side by side: {got:?}");

    let vendor = Vendor::default();
    let (report, text) = vendor_run(&vendor, &toml, TAGS, 1).await;
    assert_eq!(report.exit_code(), 0, "{text}");
    assert!(!text.contains("chains side by side"), "{text}");
    let got = order(&vendor);
    let last_gateway = got.iter().rposition(|r| *r == "gateway").unwrap();
    let first_phone = got.iter().position(|r| *r == "phone").unwrap();
    assert!(
        last_gateway < first_phone
            || got.iter().rposition(|r| *r == "phone").unwrap() < got.iter().position(|r| *r == "gateway").unwrap(),
        "one after another: {got:?}"
    );
}
