//! Building and sending a request of a documented operation: path parameters and example
//! values from the profile (or from the scenario: services it added, ids that do not exist),
//! `{placeholders}` of the examples' URLs filled (the binding itself is the contract's, asked
//! through `steps::bind`), the vendor's base URL and extra headers, the chosen credentials (a
//! token, the `Authorization` header, the `OwnerId` cookie, or AK/SK signing by
//! `conformance-signing`), and the documented fault header when one is asked for.
//! [`ConformanceWorld::send`] is render, bind, sign, send (the transport), classify (an
//! undocumented redirect is an error).

use std::collections::BTreeMap;

use conformance_contract::{Need, Operation, render_path};
use conformance_signing::{Credentials, DATE_HEADER, RequestParts, format_sdk_date, sign as sign_request};
use serde_json::Value;

use crate::exchange::{Exchange, describe_sent};
use crate::transport::Unanswered;
use crate::wire::{ErrorClass, Received, Sent, TransportError};
use crate::world::{Body, ChosenCredentials, ConformanceWorld, Ctx};

impl ConformanceWorld {
    /// The path parameters of `op` for this scenario.
    fn params(&self, op: &Operation) -> Result<BTreeMap<String, String>, String> {
        let mut out = BTreeMap::new();
        for p in &op.contract().path_params {
            let v = match self.overrides.get(&p.name) {
                Some(v) => v.clone(),
                None if op.id() == "hostway-orders/update-service" && p.name == "serviceId" => {
                    self.services.last().map(|s| s.id.clone()).ok_or_else(|| {
                        "no service to update: add one first (\"a service added to the order\")".to_string()
                    })?
                }
                None => self.path_param(op.id(), &p.name)?,
            };
            out.insert(p.name.clone(), v);
        }
        Ok(out)
    }

    /// The request example `name` of operation `op`, with the profile's values bound, as the
    /// body to send.
    pub(crate) fn load_example(&mut self, op: &str, name: &str) -> Result<(), String> {
        let ctx = self.ctx()?;
        let op = self.operation(&ctx, op)?;
        let ex = op.example(name).ok_or_else(|| format!("{} has no example named {name:?}", op.id()))?;
        if ex.direction != conformance_contract::Direction::Request {
            return Err(format!("example {name:?} of {} is a response, not a request", op.id()));
        }
        let mut body = ex.body.clone().ok_or_else(|| format!("example {name:?} has no JSON body"))?;
        self.bind_example(&mut body, op.id())?;
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
        let (json, body) = self.bind()?;
        let mut headers: Vec<(String, String)> = Vec::new();
        if !matches!(self.body, Body::None) {
            headers.push(("Content-Type".into(), op.contract().request.content_type.clone()));
        }
        if let Some(code) = fault {
            self.require(Need::FaultInjection)?;
            let f = ctx.profile.faults.as_ref().ok_or("no [faults] header")?;
            headers.push((f.header.clone(), code.to_string()));
        }
        let extra = ctx.profile.extra_headers(op_id);
        headers.extend(extra.iter().cloned());
        let mut sent = Sent { method: op.contract().method.clone(), url, headers, body, repeatable: self.harmless() };
        sign(&self.auth, &mut sent, &extra)?;
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
        let mut params = self.params(op)?;
        let path = match path {
            Some(p) => {
                if let Some(id) = p.trim_end_matches('/').rsplit('/').next() {
                    params.insert("serviceId".into(), id.to_string());
                }
                p
            }
            None => render_path(&op.contract().path, &params).map_err(|e| e.to_string())?,
        };
        let url = format!("{}{path}", ctx.profile.base_url_for(op.id()).unwrap_or(&ctx.base));
        let full_path = reqwest::Url::parse(&url).map(|u| u.path().to_string()).unwrap_or(path);
        Ok((url, full_path, params))
    }

    /// The body as sent: the JSON with the examples' `{placeholders}` filled from the profile.
    fn bind(&self) -> Result<(Option<Value>, Vec<u8>), String> {
        Ok(match &self.body {
            Body::None => (None, Vec::new()),
            Body::Raw(s) => (None, s.clone().into_bytes()),
            Body::Json(v) => {
                let mut v = v.clone();
                self.fill_body(&mut v)?;
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
/// cookie, or an AK/SK signature over the method, URL, `Host`, date, `Content-Type`, the
/// vendor's `extra` headers (`X-Project-Id`, `X-Security-Token`) and body.
fn sign(auth: &ChosenCredentials, sent: &mut Sent, extra: &[(String, String)]) -> Result<(), String> {
    let headers = &mut sent.headers;
    match auth {
        ChosenCredentials::None => {}
        ChosenCredentials::Token(t) => headers.push(("X-Auth-Token".into(), t.expose().into())),
        ChosenCredentials::Authorization(a) => headers.push(("Authorization".into(), a.expose().into())),
        ChosenCredentials::Owner(o) => headers.push(("Cookie".into(), format!("OwnerId={}", o.expose()))),
        ChosenCredentials::AkSk { ak, sk } => {
            let u = reqwest::Url::parse(&sent.url).map_err(|e| format!("bad URL {}: {e}", sent.url))?;
            let host = match u.port() {
                Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_string(),
            };
            let now = conformance_signing::unix_now();
            let mut signed = vec![("Host".to_string(), host), (DATE_HEADER.to_string(), format_sdk_date(now))];
            let is_signed = |k: &str| k.eq_ignore_ascii_case("content-type") || extra.iter().any(|(e, _)| e == k);
            signed.extend(headers.iter().filter(|(k, _)| is_signed(k)).cloned());
            let parts = RequestParts {
                method: &sent.method,
                path: u.path(),
                query: u.query().unwrap_or_default(),
                headers: &signed,
                body: &sent.body,
            };
            let creds = Credentials::new(ak.expose(), sk.expose());
            let authorization = sign_request(&creds, &parts).map_err(|e| format!("cannot sign the request: {e}"))?;
            headers.retain(|(k, _)| !is_signed(k));
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
