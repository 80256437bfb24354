//! Shared by the stub's HTTP tests: a started stub with its profile, a reqwest client (no
//! redirects), requests built the runner's way from the fixtures (paths and example bodies
//! bound with the contract's binder against the stub's own profile), credentials per auth
//! scheme and role, and the runner's example check.

use std::collections::BTreeMap;
use std::sync::Arc;

use conformance_contract::bind::BindContext;
use conformance_contract::{Contracts, Example, Operation, Profile, RequestContext, check_example, render_path};
use conformance_stub::{Stub, StubConfig};
use serde_json::Value;

pub const APIG: &str = "huawei-apig/postpaid-resize";
pub const CPH: &str = "huawei-cph/change-server-model";
pub const ACTION: &str = "hostway/service-action";
pub const ADD: &str = "hostway-orders/add-service";
pub const UPDATE: &str = "hostway-orders/update-service";

/// A response, read whole.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|v| v.to_str().expect("ASCII header").to_string())
    }
}

/// A started stub and what a client needs to call it.
pub struct Ctx {
    pub stub: Stub,
    pub profile: Profile,
    pub client: reqwest::Client,
    pub contracts: Arc<Contracts>,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client builds")
}

pub async fn start() -> Ctx {
    start_with(StubConfig::deterministic()).await
}

pub async fn start_with(config: StubConfig) -> Ctx {
    let stub = Stub::start(config).await.expect("stub starts");
    let profile = stub.profile();
    let contracts = Arc::clone(stub.core().contracts());
    Ctx { stub, profile, client: client(), contracts }
}

pub async fn send_to(
    client: &reqwest::Client,
    base: &str,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: Option<Vec<u8>>,
) -> Resp {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = client.request(method, format!("{base}{path}"));
    for (k, v) in headers {
        req = req.header(k, v);
    }
    if let Some(b) = body {
        req = req.body(b);
    }
    let resp = req.send().await.expect("request is answered");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.bytes().await.expect("body reads").to_vec();
    Resp { status, headers, body }
}

pub fn h(k: &str, v: impl Into<String>) -> (String, String) {
    (k.to_string(), v.into())
}

pub fn json_ct() -> (String, String) {
    h("Content-Type", "application/json; charset=UTF-8")
}

/// The id of the service the fixtures seed in the order product (the last segment of the
/// add-service fixture's second `stub.resources` path).
pub fn seeded_service(contracts: &Contracts) -> String {
    let op = contracts.operation(ADD).expect("add-service");
    let path =
        &op.contract().stub.resources.iter().find(|r| r.path.contains("/services/")).expect("a seeded service").path;
    path.rsplit('/').next().expect("an id").to_string()
}

impl Ctx {
    pub fn base(&self) -> &str {
        self.stub.base_url()
    }

    pub fn host(&self) -> String {
        self.base().trim_start_matches("http://").to_string()
    }

    pub async fn send(&self, method: &str, path: &str, headers: &[(String, String)], body: Option<Vec<u8>>) -> Resp {
        send_to(&self.client, self.base(), method, path, headers, body).await
    }

    /// The stub profile's value of `key`, as text.
    pub fn value(&self, key: &str) -> String {
        conformance_contract::bind::as_text(self.profile.get(key).unwrap_or_else(|| panic!("the stub gives {key}")))
    }

    pub fn op(&self, id: &str) -> &Operation {
        self.contracts.operation(id).unwrap_or_else(|| panic!("operation {id}"))
    }

    pub fn seeded_service(&self) -> String {
        seeded_service(&self.contracts)
    }

    fn bind_cx<'a>(&self, created: &'a [String]) -> BindContext<'a> {
        BindContext { harmless: false, run_id: "t", created }
    }

    /// The path parameters of `op` bound from the profile (`overrides` first).
    pub fn params(&self, op: &str, overrides: &[(&str, &str)]) -> BTreeMap<String, String> {
        let created = [self.seeded_service()];
        let over = overrides.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect();
        self.op(op).bind_path(&self.profile, &self.bind_cx(&created), &over, &mut Vec::new()).expect("binds")
    }

    /// The path of `op` with the profile's values (`overrides` first).
    pub fn path(&self, op: &str, overrides: &[(&str, &str)]) -> String {
        render_path(&self.op(op).contract().path, &self.params(op, overrides)).expect("renders")
    }

    /// The request example `name` of `op`, bound from the profile; created: the seeded service.
    pub fn body(&self, op: &str, name: &str) -> Value {
        let mut body = self.example(op, name).body.expect("a body");
        let created = [self.seeded_service()];
        let (op, cx) = (self.op(op), self.bind_cx(&created));
        op.bind_body(&self.profile, &mut body, &cx, &mut Vec::new()).expect("binds");
        op.fill_templates(&self.profile, &mut body, &cx, &mut Vec::new()).expect("fills");
        body
    }

    pub fn example(&self, op: &str, name: &str) -> Example {
        self.op(op).example(name).cloned().unwrap_or_else(|| panic!("example {name} of {op}"))
    }

    pub fn hostway_auth(&self) -> (String, String) {
        h("Authorization", self.value("hostway.authorization"))
    }

    pub fn owner(&self) -> (String, String) {
        h("Cookie", format!("OwnerId={}", self.value("hostway-orders.owner_id")))
    }

    pub fn forbidden_owner(&self) -> (String, String) {
        h("Cookie", format!("OwnerId={}", self.value("hostway-orders.forbidden_owner_id")))
    }

    pub fn action_path(&self) -> String {
        self.path(ACTION, &[])
    }

    pub fn add_path(&self) -> String {
        self.path(ADD, &[])
    }

    pub fn update_path(&self, service: &str) -> String {
        self.path(UPDATE, &[("serviceId", service)])
    }

    pub async fn action(&self, body: &Value) -> Resp {
        let headers = [self.hostway_auth(), h("Content-Type", "application/json")];
        self.send("POST", &self.action_path(), &headers, Some(body.to_string().into_bytes())).await
    }

    pub async fn add(&self, body: &Value) -> Resp {
        self.send("POST", &self.add_path(), &[self.owner(), json_ct()], Some(body.to_string().into_bytes())).await
    }

    pub async fn update(&self, service: &str, body: &Value) -> Resp {
        let path = self.update_path(service);
        self.send("PUT", &path, &[self.owner(), json_ct()], Some(body.to_string().into_bytes())).await
    }

    pub async fn state(&self) -> Value {
        self.send("GET", "/__stub/state", &[], None).await.json()
    }

    /// The attributes of the resource at `path` in the admin state.
    pub async fn resource(&self, path: &str) -> Value {
        self.state().await["resources"][path].clone()
    }

    /// Checks a response against a response example, the runner's way.
    pub fn assert_example(&self, op: &str, name: &str, resp: &Resp, path: &str, req: Option<&Value>) {
        let ex = self.example(op, name);
        assert_eq!(Some(resp.status), ex.status, "{op} {name}: status; body {}", resp.text());
        if let Some(text) = &ex.text {
            assert_eq!(&resp.text(), text, "{op} {name}: prose body");
            return;
        }
        let params = route_params(self.op(op), path);
        let exchange = RequestContext { path, path_params: &params, body: req };
        if let Err(e) = check_example(&ex, &resp.json(), &exchange) {
            panic!("{op} {name}: {e}");
        }
    }
}

/// The path parameters of `path` for `op`'s template (segments as they are).
pub fn route_params(op: &Operation, path: &str) -> BTreeMap<String, String> {
    let t = op.contract().path.split('/');
    t.zip(path.split('/'))
        .filter_map(|(t, p)| {
            t.strip_prefix('{').and_then(|n| n.strip_suffix('}')).map(|n| (n.to_string(), p.to_string()))
        })
        .collect()
}

/// The `Location` of a 201, as a path on the stub.
pub fn location_path(ctx: &Ctx, resp: &Resp) -> String {
    let loc = resp.header("location").expect("201 has a Location");
    loc.strip_prefix(ctx.base()).unwrap_or_else(|| panic!("Location {loc} is not on the stub")).to_string()
}

pub const SPEC: &str = "https://api.hostway.com/serviceSpecifications/1001";

/// A fresh service added to the seeded order product; its path.
pub async fn add_fresh(ctx: &Ctx) -> String {
    let body = serde_json::json!({ "name": "fresh", "serviceSpecification": SPEC, "billingCycle": 12 });
    let r = ctx.add(&body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    location_path(ctx, &r)
}
