//! Building and sending a request of a documented operation: path parameters and example
//! values from the profile (or from the scenario: services it added, ids that do not exist),
//! `{placeholders}` of the examples' URLs filled, the chosen credentials (a token, the
//! `Authorization` header, the `OwnerId` cookie, or AK/SK signing by `conformance-signing`),
//! and the documented fault header when one is asked for. [`ConformanceWorld::send`] is
//! render, bind, sign, send (the transport), classify (an undocumented redirect is an error).

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use conformance_contract::{Operation, Profile, render_path};
use conformance_signing::{Credentials, DATE_HEADER, RequestParts, format_sdk_date, sign as sign_request};
use serde_json::Value;

use crate::exchange::{Exchange, describe_sent};
use crate::transport::Unanswered;
use crate::wire::{ErrorClass, Received, Sent, TransportError};
use crate::world::{Auth, Body, ConformanceWorld, Ctx};

fn lacks(key: &str, need: &str) -> String {
    format!("the profile gives no {key} (the scenario should be tagged @needs-{need})")
}

/// A path parameter's value from the profile.
fn profile_param(p: &Profile, op: &str, name: &str) -> Result<String, String> {
    let vendor = op.split('/').next().unwrap_or_default();
    let h = p.huawei.as_ref();
    let (hw, orders) = (p.hostway.as_ref(), p.hostway_orders.as_ref());
    let found = match (vendor, name) {
        ("huawei-apig", "project_id") => {
            h.map(|h| h.project_id.clone()).ok_or(("[huawei] project_id", "apig-instance"))
        }
        ("huawei-cph", "project_id") => h.map(|h| h.project_id.clone()).ok_or(("[huawei] project_id", "cph-server")),
        ("huawei-apig", "instance_id") => {
            h.and_then(|h| h.apig.as_ref()).map(|a| a.instance_id.clone()).ok_or(("[huawei.apig]", "apig-instance"))
        }
        ("hostway", "accountId") => hw.map(|h| h.account_id.clone()).ok_or(("[hostway]", "hostway-credentials")),
        ("hostway", "productId") => hw.map(|h| h.product_id.clone()).ok_or(("[hostway]", "hostway-credentials")),
        ("hostway", "serviceId") => hw.map(|h| h.service_id.clone()).ok_or(("[hostway]", "hostway-credentials")),
        ("hostway-orders", "orderId") => orders.map(|o| o.order_id.clone()).ok_or(("[hostway-orders]", "owner-cookie")),
        ("hostway-orders", "productId") => {
            orders.map(|o| o.product_id.clone()).ok_or(("[hostway-orders]", "owner-cookie"))
        }
        _ => return Err(format!("no value for path parameter {name} of {op}: add a service first")),
    };
    found.map_err(|(key, need)| lacks(key, need))
}

/// Replaces the example values that name the target's resources with the profile's.
pub(crate) fn bind_example(body: &mut Value, op: &str, p: &Profile) -> Result<(), String> {
    let bindings: &[(&str, Option<String>, &str, &str)] = &[
        (
            "/server_id",
            p.huawei.as_ref().and_then(|h| h.cph.as_ref()).map(|c| c.server_id.clone()),
            "[huawei.cph] server_id",
            "cph-server",
        ),
        (
            "/actionData/targetServiceSpecification",
            p.hostway.as_ref().map(|h| h.target_service_specification.clone()),
            "[hostway] target_service_specification",
            "hostway-credentials",
        ),
        (
            "/serviceSpecification",
            p.hostway_orders.as_ref().map(|o| o.service_specification.clone()),
            "[hostway-orders] service_specification",
            "owner-cookie",
        ),
    ];
    let vendor_of = |pointer: &str| match pointer {
        "/server_id" => "huawei-cph",
        "/serviceSpecification" => "hostway-orders",
        _ => "hostway",
    };
    for (pointer, value, key, need) in bindings {
        if !op.starts_with(vendor_of(pointer)) {
            continue;
        }
        if let Some(slot) = body.pointer_mut(pointer) {
            *slot = Value::String(value.clone().ok_or_else(|| lacks(key, need))?);
        }
    }
    Ok(())
}

impl ConformanceWorld {
    /// Fills `{orderId}`-style placeholders of URLs in example bodies.
    fn fill(&self, s: &str, p: &Profile) -> Result<String, String> {
        if !s.contains('{') {
            return Ok(s.to_string());
        }
        let mut vars: Vec<(&str, String)> = Vec::new();
        if s.contains("/orders/") {
            let o = p.hostway_orders.as_ref().ok_or_else(|| lacks("[hostway-orders]", "owner-cookie"))?;
            vars.push(("{orderId}", o.order_id.clone()));
            vars.push(("{productId}", o.product_id.clone()));
            if let Some(first) = self.services.first() {
                vars.push(("{serviceId}", first.id.clone()));
            } else if s.contains("{serviceId}") {
                return Err(format!(
                    "{s:?} names a service in the order: add one first (\"a service added to the order\")"
                ));
            }
        } else if s.contains("/accounts/") {
            let h =
                p.hostway.as_ref().ok_or_else(|| lacks("[hostway] (its account service)", "hostway-credentials"))?;
            vars.push(("{accountId}", h.account_id.clone()));
            vars.push(("{productId}", h.product_id.clone()));
            vars.push(("{serviceId}", h.service_id.clone()));
        }
        let filled = vars.iter().fold(s.to_string(), |acc, (k, v)| acc.replace(k, v));
        match filled.find('{').zip(filled.find('}')) {
            Some((a, b)) if a < b => Err(format!("no value for placeholder {} in {s:?}", &filled[a..=b])),
            _ => Ok(filled),
        }
    }

    fn fill_all(&self, v: &mut Value, p: &Profile) -> Result<(), String> {
        match v {
            Value::String(s) => *s = self.fill(s, p)?,
            Value::Array(a) => a.iter_mut().try_for_each(|x| self.fill_all(x, p))?,
            Value::Object(o) => o.values_mut().try_for_each(|x| self.fill_all(x, p))?,
            _ => {}
        }
        Ok(())
    }

    /// The path parameters of `op` for this scenario.
    fn params(
        &self,
        op: &conformance_contract::Operation,
        ctx_profile: &Profile,
    ) -> Result<BTreeMap<String, String>, String> {
        let mut out = BTreeMap::new();
        for p in &op.contract().path_params {
            let v = match self.overrides.get(&p.name) {
                Some(v) => v.clone(),
                None if op.id() == "hostway-orders/update-service" && p.name == "serviceId" => {
                    self.services.last().map(|s| s.id.clone()).ok_or_else(|| {
                        "no service to update: add one first (\"a service added to the order\")".to_string()
                    })?
                }
                None => profile_param(ctx_profile, op.id(), &p.name)?,
            };
            out.insert(p.name.clone(), v);
        }
        Ok(out)
    }

    /// The request example `name` of the feature's operation, with the profile's values bound.
    pub(crate) fn load_example(&mut self, name: &str) -> Result<(), String> {
        let ctx = self.ctx()?;
        let op = self.operation(&ctx, &self.op.clone())?;
        let ex = op.example(name).ok_or_else(|| format!("{} has no example named {name:?}", op.id()))?;
        if ex.direction != conformance_contract::Direction::Request {
            return Err(format!("example {name:?} of {} is a response, not a request", op.id()));
        }
        let mut body = ex.body.clone().ok_or_else(|| format!("example {name:?} has no JSON body"))?;
        bind_example(&mut body, op.id(), &ctx.profile)?;
        self.body = Body::Json(body);
        self.request_example = Some(name.to_string());
        Ok(())
    }

    /// Sends the scenario's request to `op_id` (at `path`, when given, instead of the rendered
    /// template), with the fault `fault` asked for; the exchange becomes [`ConformanceWorld::last`].
    /// Render, bind, sign, send, classify.
    pub(crate) async fn send(&mut self, op_id: &str, path: Option<String>, fault: Option<u16>) -> Result<(), String> {
        let ctx = self.ctx()?;
        let op = self.operation(&ctx, op_id)?;
        let (url, full_path, params) = self.render(&ctx, op, path)?;
        let (json, body) = self.bind(&ctx.profile)?;
        let mut headers: Vec<(String, String)> = Vec::new();
        if !matches!(self.body, Body::None) {
            headers.push(("Content-Type".into(), op.contract().request.content_type.clone()));
        }
        if let Some(code) = fault {
            let f = ctx.profile.faults.as_ref().ok_or_else(|| lacks("[faults] header", "fault-injection"))?;
            headers.push((f.header.clone(), code.to_string()));
        }
        let mut sent = Sent { method: op.contract().method.clone(), url, headers, body };
        sign(&self.auth, &mut sent)?;
        let received = match ctx.transport.send(&mut self.tape, op_id, &sent).await {
            Ok(r) => r,
            Err(Unanswered::Replay(m)) => {
                return Err(format!("{}\n{}", ctx.redactor.text(&m), describe_sent(&sent, &ctx.redactor)));
            }
            Err(Unanswered::Transport(e)) => return Err(self.errored(&ctx, &e, &sent)),
        };
        if let Some(e) = classify(op, &received, &sent.url) {
            return Err(self.errored(&ctx, &e, &sent));
        }
        self.last = Some(Exchange {
            op: op_id.to_string(),
            path: full_path,
            params,
            json,
            request_example: self.request_example.clone(),
            sent,
            received,
        });
        Ok(())
    }

    /// The URL (base + path), the path as sent, and the path parameters.
    fn render(
        &self,
        ctx: &Ctx,
        op: &Operation,
        path: Option<String>,
    ) -> Result<(String, String, BTreeMap<String, String>), String> {
        let mut params = self.params(op, &ctx.profile)?;
        let path = match path {
            Some(p) => {
                if let Some(id) = p.trim_end_matches('/').rsplit('/').next() {
                    params.insert("serviceId".into(), id.to_string());
                }
                p
            }
            None => render_path(&op.contract().path, &params).map_err(|e| e.to_string())?,
        };
        let url = format!("{}{path}", ctx.base);
        let full_path = reqwest::Url::parse(&url).map(|u| u.path().to_string()).unwrap_or(path);
        Ok((url, full_path, params))
    }

    /// The body as sent: the JSON with the examples' `{placeholders}` filled from the profile.
    fn bind(&self, profile: &Profile) -> Result<(Option<Value>, Vec<u8>), String> {
        Ok(match &self.body {
            Body::None => (None, Vec::new()),
            Body::Raw(s) => (None, s.clone().into_bytes()),
            Body::Json(v) => {
                let mut v = v.clone();
                self.fill_all(&mut v, profile)?;
                let bytes = serde_json::to_vec(&v).map_err(|e| e.to_string())?;
                (Some(v), bytes)
            }
        })
    }

    /// The scenario errored (not failed): the request could not complete.
    fn errored(&mut self, ctx: &Ctx, e: &TransportError, sent: &Sent) -> String {
        self.errored = true;
        format!(
            "the request could not be completed: {}\n{}",
            ctx.redactor.text(&e.to_string()),
            describe_sent(sent, &ctx.redactor)
        )
    }
}

/// Adds the chosen credentials to `sent`: a token, the `Authorization` header, the `OwnerId`
/// cookie, or an AK/SK signature over the method, URL, `Host`, date, `Content-Type` and body.
fn sign(auth: &Auth, sent: &mut Sent) -> Result<(), String> {
    let headers = &mut sent.headers;
    match auth {
        Auth::None => {}
        Auth::Token(t) => headers.push(("X-Auth-Token".into(), t.expose().into())),
        Auth::Authorization(a) => headers.push(("Authorization".into(), a.expose().into())),
        Auth::Owner(o) => headers.push(("Cookie".into(), format!("OwnerId={}", o.expose()))),
        Auth::AkSk { ak, sk } => {
            let u = reqwest::Url::parse(&sent.url).map_err(|e| format!("bad URL {}: {e}", sent.url))?;
            let host = match u.port() {
                Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_string(),
            };
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let mut signed = vec![("Host".to_string(), host), (DATE_HEADER.to_string(), format_sdk_date(now))];
            signed.extend(headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("content-type")).cloned());
            let parts = RequestParts {
                method: &sent.method,
                path: u.path(),
                query: u.query().unwrap_or_default(),
                headers: &signed,
                body: &sent.body,
            };
            let creds = Credentials::new(ak.expose(), sk.expose());
            let authorization = sign_request(&creds, &parts).map_err(|e| format!("cannot sign the request: {e}"))?;
            headers.retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
            headers.extend(signed);
            headers.push(("Authorization".into(), authorization));
        }
    }
    Ok(())
}

/// An answer that is no answer to check: a redirect the contract does not document (the
/// runner never follows one).
fn classify(op: &Operation, received: &Received, url: &str) -> Option<TransportError> {
    if !(300..400).contains(&received.status) || op.response(received.status).is_some() {
        return None;
    }
    let location = received.header("location").unwrap_or("(no Location header)").to_string();
    let summary = format!("redirect not followed: {} {} to {location}", received.status, received.reason);
    Some(TransportError::new(ErrorClass::Redirect(location), summary, url, Vec::new()))
}
