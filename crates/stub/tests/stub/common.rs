//! Shared by the stub's HTTP tests: a started stub with its profile, a reqwest client (no
//! redirects), request helpers per operation and auth flavour, and the fixtures' examples with
//! their `{placeholders}` expanded to the seeded ids.

use std::collections::BTreeMap;
use std::sync::Arc;

use conformance_contract::{Contracts, Example, Profile, RequestContext, check_example};
use conformance_signing::{Credentials, RequestParts, format_sdk_date};
use conformance_stub::{Stub, StubConfig};
use serde_json::Value;

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

/// How a Huawei request authenticates.
#[derive(Debug, Clone)]
pub enum HwAuth {
    None,
    Token(String),
    /// AK/SK signature; `skew` seconds added to the X-Sdk-Date.
    Signed {
        ak: String,
        sk: String,
        skew: i64,
    },
    /// Signed, then one hex digit of the signature flipped.
    BadSignature {
        ak: String,
        sk: String,
    },
}

/// A started stub and what a client needs to call it.
pub struct Ctx {
    pub stub: Stub,
    pub profile: Profile,
    pub config: StubConfig,
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
    let stub = Stub::start(config.clone()).await.expect("stub starts");
    let profile = stub.profile();
    let contracts = Arc::clone(stub.core().contracts());
    Ctx { stub, profile, config, client: client(), contracts }
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

    pub fn seed(&self) -> &conformance_stub::Seed {
        &self.config.seed
    }

    pub fn example(&self, op: &str, name: &str) -> Example {
        self.contracts.operation(op).and_then(|o| o.example(name)).cloned().expect("example exists")
    }

    /// The example's body with `{orderId}`-style placeholders replaced by the seeded ids.
    pub fn expanded(&self, op: &str, name: &str) -> Value {
        let text = serde_json::to_string(&self.example(op, name).body.expect("has a body")).expect("serialises");
        let s = self.seed();
        let text = text
            .replace("{orderId}", &s.orders.order_id)
            .replace("{productId}", &s.orders.product_id)
            .replace("{serviceId}", &s.orders.service_id)
            .replace("{accountId}", &s.hostway.account_id)
            .replace("{serviceSpecificationId}", "2002");
        serde_json::from_str(&text).expect("still JSON")
    }

    pub fn apig_path(&self) -> String {
        let h = &self.seed().huawei;
        format!("/v2/{}/apigw/instances/{}/postpaid-resize", h.project_id, h.apig_instance_id)
    }

    pub fn cph_path(&self) -> String {
        format!("/v1/{}/cloud-phone/servers/change-server-model", self.seed().huawei.project_id)
    }

    pub fn action_path(&self) -> String {
        let w = &self.seed().hostway;
        format!("/accounts/{}/products/{}/services/{}/action", w.account_id, w.product_id, w.service_id)
    }

    pub fn add_path(&self) -> String {
        let o = &self.seed().orders;
        format!("/orders/{}/account/products/{}/services", o.order_id, o.product_id)
    }

    pub fn update_path(&self, service: &str) -> String {
        format!("{}/{service}", self.add_path())
    }

    pub fn token(&self) -> HwAuth {
        HwAuth::Token(self.seed().huawei.token.0.clone())
    }

    pub fn signed(&self) -> HwAuth {
        let h = &self.seed().huawei;
        HwAuth::Signed { ak: h.ak.0.clone(), sk: h.sk.0.clone(), skew: 0 }
    }

    /// A Huawei POST with `auth` and `extra` headers.
    pub async fn huawei(&self, path: &str, auth: &HwAuth, body: &[u8], extra: &[(String, String)]) -> Resp {
        let mut headers = vec![h("Content-Type", "application/json")];
        headers.extend(extra.iter().cloned());
        match auth {
            HwAuth::None => {}
            HwAuth::Token(t) => headers.push(h("X-Auth-Token", t.clone())),
            HwAuth::Signed { ak, sk, skew } => self.sign(&mut headers, path, body, ak, sk, *skew, false),
            HwAuth::BadSignature { ak, sk } => self.sign(&mut headers, path, body, ak, sk, 0, true),
        }
        self.send("POST", path, &headers, Some(body.to_vec())).await
    }

    #[allow(clippy::too_many_arguments)]
    fn sign(
        &self,
        headers: &mut Vec<(String, String)>,
        path: &str,
        body: &[u8],
        ak: &str,
        sk: &str,
        skew: i64,
        bad: bool,
    ) {
        let now = conformance_signing::unix_now();
        let date = format_sdk_date(now.saturating_add_signed(skew));
        headers.push(h("X-Sdk-Date", date));
        headers.push(h("Host", self.host()));
        let parts = RequestParts { method: "POST", path, query: "", headers, body };
        let mut auth = conformance_signing::sign(&Credentials::new(ak, sk), &parts).expect("signs");
        if bad {
            let last = auth.pop().expect("non-empty");
            auth.push(if last == '0' { '1' } else { '0' });
        }
        headers.retain(|(k, _)| k != "Host");
        headers.push(h("Authorization", auth));
    }

    pub fn hostway_auth(&self) -> (String, String) {
        h("Authorization", self.seed().hostway.authorization.0.clone())
    }

    pub fn owner(&self) -> (String, String) {
        h("Cookie", format!("OwnerId={}", self.seed().orders.owner_id.0))
    }

    pub fn forbidden_owner(&self) -> (String, String) {
        h("Cookie", format!("OwnerId={}", self.seed().orders.forbidden_owner_id.0))
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

    /// Checks a response against a response example, the runner's way.
    pub fn assert_example(
        &self,
        op: &str,
        name: &str,
        resp: &Resp,
        path: &str,
        params: &BTreeMap<String, String>,
        req: Option<&Value>,
    ) {
        let ex = self.example(op, name);
        assert_eq!(Some(resp.status), ex.status, "{op} {name}: status; body {}", resp.text());
        if let Some(text) = &ex.text {
            assert_eq!(&resp.text(), text, "{op} {name}: prose body");
            return;
        }
        let exchange = RequestContext { path, path_params: params, body: req };
        if let Err(e) = check_example(&ex, &resp.json(), &exchange) {
            panic!("{op} {name}: {e}");
        }
    }
}

pub fn params(kv: &[(&str, &str)]) -> BTreeMap<String, String> {
    kv.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()
}

/// The `Location` of a 201, as a path on the stub.
pub fn location_path(ctx: &Ctx, resp: &Resp) -> String {
    let loc = resp.header("location").expect("201 has a Location");
    loc.strip_prefix(ctx.base()).unwrap_or_else(|| panic!("Location {loc} is not on the stub")).to_string()
}

/// A fresh service added to the seeded order product; its path.
pub async fn add_fresh(ctx: &Ctx) -> String {
    let body = serde_json::json!({ "name": "fresh", "serviceSpecification": "https://api.hostway.com/serviceSpecifications/1001", "billingCycle": 12 });
    let r = ctx.add(&body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    location_path(ctx, &r)
}
