//! Building and sending a request of a documented operation: path parameters and example
//! values from the profile (or from the scenario: services it added, ids that do not exist),
//! `{placeholders}` of the examples' URLs filled (the binding itself is the contract's, asked
//! through `steps::bind`), the vendor's base URL and extra headers, the chosen credentials (a token, the
//! `Authorization` header, the `OwnerId` cookie, or AK/SK signing by `conformance-signing`),
//! and the documented fault header when one is asked for.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use conformance_contract::render_path;
use conformance_signing::{Credentials, DATE_HEADER, RequestParts, format_sdk_date, sign};

use crate::exchange::{Exchange, describe_sent};
use crate::http::Sent;
use crate::world::{Auth, Body, ConformanceWorld};

impl ConformanceWorld {
    /// The path parameters of `op` for this scenario.
    fn params(&self, op: &conformance_contract::Operation) -> Result<BTreeMap<String, String>, String> {
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

    /// Sends the scenario's request to `op_id` (at `path`, when given, instead of the rendered
    /// template), with the fault `fault` asked for; the exchange becomes [`ConformanceWorld::last`].
    pub(crate) async fn send(&mut self, op_id: &str, path: Option<String>, fault: Option<u16>) -> Result<(), String> {
        let ctx = self.ctx()?;
        let op = self.operation(&ctx, op_id)?;
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
        let url = format!("{}{path}", ctx.profile.base_url_for(op_id).unwrap_or(&ctx.base));
        let full_path = reqwest::Url::parse(&url).map(|u| u.path().to_string()).unwrap_or(path);
        let (json, body) = match &self.body {
            Body::None => (None, Vec::new()),
            Body::Raw(s) => (None, s.clone().into_bytes()),
            Body::Json(v) => {
                let mut v = v.clone();
                self.fill_body(&mut v)?;
                let bytes = serde_json::to_vec(&v).map_err(|e| e.to_string())?;
                (Some(v), bytes)
            }
        };
        let mut headers: Vec<(String, String)> = Vec::new();
        if !matches!(self.body, Body::None) {
            headers.push(("Content-Type".into(), op.contract().request.content_type.clone()));
        }
        if let Some(code) = fault {
            self.require(conformance_contract::Need::FaultInjection)?;
            let f = ctx.profile.faults.as_ref().ok_or("no [faults] header")?;
            headers.push((f.header.clone(), code.to_string()));
        }
        let extra = ctx.profile.extra_headers(op_id);
        headers.extend(extra.iter().cloned());
        match &self.auth {
            Auth::None => {}
            Auth::Token(t) => headers.push(("X-Auth-Token".into(), t.expose().into())),
            Auth::Authorization(a) => headers.push(("Authorization".into(), a.expose().into())),
            Auth::Owner(o) => headers.push(("Cookie".into(), format!("OwnerId={}", o.expose()))),
            Auth::AkSk { ak, sk } => {
                let u = reqwest::Url::parse(&url).map_err(|e| format!("bad URL {url}: {e}"))?;
                let host = match u.port() {
                    Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
                    None => u.host_str().unwrap_or_default().to_string(),
                };
                let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
                let mut signed = vec![("Host".to_string(), host), (DATE_HEADER.to_string(), format_sdk_date(now))];
                let is_signed = |k: &str| k.eq_ignore_ascii_case("content-type") || extra.iter().any(|(e, _)| e == k);
                signed.extend(headers.iter().filter(|(k, _)| is_signed(k)).cloned());
                let parts = RequestParts {
                    method: &op.contract().method,
                    path: u.path(),
                    query: u.query().unwrap_or_default(),
                    headers: &signed,
                    body: &body,
                };
                let creds = Credentials::new(ak.expose(), sk.expose());
                let authorization = sign(&creds, &parts).map_err(|e| format!("cannot sign the request: {e}"))?;
                headers.retain(|(k, _)| !is_signed(k));
                headers.extend(signed);
                headers.push(("Authorization".into(), authorization));
            }
        }
        let sent = Sent { method: op.contract().method.clone(), url, headers, body };
        let received = match crate::ci::send(&ctx, &mut self.tape, op_id, &sent).await {
            Ok(r) => r,
            Err(crate::ci::Unanswered::Replay(m)) => {
                return Err(format!("{}\n{}", ctx.redactor.text(&m), describe_sent(&sent, &ctx.redactor)));
            }
            Err(crate::ci::Unanswered::Transport(e)) => {
                self.errored = true;
                return Err(format!(
                    "the request could not be completed: {}\n{}",
                    ctx.redactor.text(&e.0),
                    describe_sent(&sent, &ctx.redactor)
                ));
            }
        };
        let over_cap = received.over_cap;
        self.last = Some(Exchange {
            op: op_id.to_string(),
            path: full_path,
            params,
            json,
            request_example: self.request_example.clone(),
            sent,
            received,
        });
        if over_cap {
            return Err(self.fail(format!(
                "the response body is longer than the {}-byte cap the runner reads",
                crate::http::BODY_CAP
            )));
        }
        Ok(())
    }
}
