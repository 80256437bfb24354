//! A vendor's account in a loopback server, shared by the tests of a run against a real
//! target's account (`account.rs`, `chains.rs`): it accepts a change only when it changes
//! something and keeps what it received; and a real target's profile of it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use conformance_runner::{Effect, Report, RunOptions};

use serde_json::Value;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::common;

/// A vendor's account in a loopback server: each resize or flavor change is accepted only
/// when it changes something (a no-op is refused with 400), and what it received is kept.
#[derive(Clone, Default)]
pub struct Vendor {
    pub now: Arc<Mutex<std::collections::BTreeMap<String, Value>>>,
    pub log: Arc<Mutex<Vec<(Instant, String, Value)>>>,
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

pub const REAL: &str = r#"
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

/// The suite against `vendor` in a loopback server, as a real target with billable changes
/// allowed, `tags` selecting and `tune` setting what the test varies; the report and the
/// terminal's text.
pub async fn vendor_run(
    vendor: &Vendor,
    toml: &str,
    tags: &str,
    tune: impl FnOnce(&mut RunOptions),
) -> (Report, String) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST")).respond_with(vendor.clone()).mount(&server).await;
    let (_dir, path) = common::profile_file(toml);
    let (mut opts, capture) = common::quiet();
    opts.base_url = Some(server.uri());
    opts.profile = Some(path);
    opts.tags = Some(tags.into());
    opts.allow = vec![Effect::Billable];
    opts.timeout = Duration::from_secs(5);
    tune(&mut opts);
    let report = conformance_runner::run(opts).await.expect("the suite runs");
    let text = capture.lock().unwrap().clone();
    (report, text)
}
