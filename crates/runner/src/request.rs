//! Building and sending a request of a documented operation: the request example read from the
//! fixtures with the profile's values bound (the contract's `bindings`: path parameters, the
//! values that name the account's resources, a change's target), then the values the run knows
//! the addressed resource has ([`crate::tracked`]): a request a correct target refuses asks for
//! the values it has now, a success for those it does not have (up and back); the operation
//! table's base URL, the credentials of the scenario's role by the operation's scheme (`auth`),
//! and the documented fault header when one is asked for. [`ConformanceWorld::send`] is render,
//! bind, wait for the resource's last change to settle, sign, send (the transport), classify
//! (an undocumented redirect is an error), and notes what the answer did: the documented effect
//! of its status, the values the resource has now, and the resource it created.

use std::collections::BTreeMap;

use conformance_contract::{BindContext, Direction, Need, Operation, Redact as _, Role, match_path, render_path};
use serde_json::Value;

use crate::account::{AccountChange, Change};
use crate::events::Event;
use crate::exchange::Exchange;
use crate::failure::{Failure, Kind, Transcript};
use crate::transport::Unanswered;
use crate::wire::{ErrorClass, Received, Sent, TransportError};
use crate::world::{Answered, creates_noun};
use crate::world::{Body, ConformanceWorld, Ctx, RequestRecord};

impl ConformanceWorld {
    fn bind_context<'a>(&'a self, ctx: &'a Ctx, ids: &'a [String]) -> BindContext<'a> {
        BindContext { harmless: self.next_is_refusal(), run_id: &ctx.run_id, created: ids }
    }

    /// The request example `name` of operation `op`, with the profile's values bound, as the
    /// body to send.
    pub(crate) fn load_example(&mut self, op: &str, name: &str) -> Result<(), String> {
        let ctx = self.ctx()?;
        let op = self.operation(&ctx, op)?;
        let ex = op.example(name).ok_or_else(|| format!("{} has no example named {name:?}", op.id()))?;
        self.rests_on(op, op.example_item(name), false);
        if ex.direction != Direction::Request {
            return Err(format!("example {name:?} of {} is a response, not a request", op.id()));
        }
        let mut body = ex.body.clone().ok_or_else(|| format!("example {name:?} has no JSON body"))?;
        let ids: Vec<String> = self.created.iter().map(|c| c.id.clone()).collect();
        let mut used = Vec::new();
        let bound = op.bind_body(&ctx.profile, &mut body, &self.bind_context(&ctx, &ids), &mut used);
        self.record_needs(used);
        bound.map_err(|e| e.to_string())?;
        let refusal = self.next_is_refusal();
        if let Some(key) = self.planned_key(&ctx, op, &body) {
            for (pointer, v) in ctx.tracker.pins(op, &key, refusal) {
                if let Some(slot) = body.pointer_mut(&pointer) {
                    *slot = v;
                }
            }
        }
        for (pointer, v) in &self.body_overrides {
            if let Some(slot) = body.pointer_mut(pointer) {
                *slot = v.clone();
            }
        }
        self.body = Body::Json(body);
        self.edited.clear();
        self.request_example = Some(name.to_string());
        Ok(())
    }

    /// Sends the scenario's request to `op_id` (at `path`, when given, instead of the rendered
    /// template), with the fault `fault` asked for; the exchange becomes [`ConformanceWorld::last`].
    pub(crate) async fn send(&mut self, op_id: &str, path: Option<String>, fault: Option<u16>) -> Result<(), Failure> {
        let ctx = self.ctx()?;
        if let Some(signal) = ctx.interrupt.stopping().filter(|_| !self.restoring) {
            return Err(crate::failure::not_sent(signal));
        }
        let op = self.operation(&ctx, op_id)?;
        let role = self.role.unwrap_or(Role::None);
        // Every request rests on the documented method and path, its parameters and headers,
        // the authentication and the request body (and a variant's body on the variants).
        for field in ["provenance", "auth.provenance", "request"] {
            self.rests_on(op, op.item(field), false);
        }
        for i in 0..op.contract().path_params.len() {
            self.rests_on(op, op.item(&format!("path_params[{i}]")), false);
        }
        for i in 0..op.contract().request_headers.len() {
            self.rests_on(op, op.item(&format!("request_headers[{i}]")), false);
        }
        if let Body::Json(v) = &self.body {
            self.rests_on(op, op.variant_item(v), false);
        }
        let (need, spends) = crate::auth::footprint(op, role)?;
        self.record_needs(need.into_iter().collect());
        self.used.spends.extend(spends);
        let (url, full_path, rendered, params) = self.render(&ctx, op, path)?;
        let url = self.with_query(&ctx, op, url)?;
        let (json, body) = match &self.body {
            Body::None => (None, Vec::new()),
            Body::Raw(s) => (None, s.clone().into_bytes()),
            Body::Json(v) => {
                let mut v = v.clone();
                let ids: Vec<String> = self.created.iter().map(|c| c.id.clone()).collect();
                let mut used = Vec::new();
                let filled = op.fill_templates(&ctx.profile, &mut v, &self.bind_context(&ctx, &ids), &mut used);
                self.record_needs(used);
                filled.map_err(|e| e.to_string())?;
                let bytes = serde_json::to_vec(&v).map_err(|e| e.to_string())?;
                (Some(v), bytes)
            }
        };
        let mut headers: Vec<(String, String)> = Vec::new();
        if !matches!(self.body, Body::None) {
            headers.push(("Content-Type".into(), op.contract().request.content_type.clone()));
        }
        // The profile's [headers] (never a credential: the profile refuses one), before the
        // credentials, so an AK/SK signature covers them.
        headers.extend(ctx.profile.headers.iter().map(|(k, v)| (k.clone(), v.clone())));
        if let Some(code) = fault {
            self.record_needs(vec![Need::key("faults.header")]);
            let header = ctx.profile.fault_header().ok_or("the profile gives no [faults] header")?;
            headers.push((header.to_string(), code.to_string()));
        }
        let repeatable = self.next_is_repeatable();
        let planned = self.next_planned().cloned();
        let key = op.resource_path(&params, json.as_ref());
        let change = planned.as_ref().is_some_and(|p| p.changes && !p.refusal);
        if let (true, Some(key)) = (change, &key) {
            self.settle(&ctx, op, key).await?;
        }
        let creates = planned.as_ref().is_some_and(|p| p.creates && !p.refusal);
        let refusal = planned.as_ref().is_some_and(|p| p.refusal);
        if let Some(noun) = creates_noun(op) {
            let bound = if creates {
                ctx.tracker.may_create(&rendered, noun)
            } else if refusal {
                ctx.tracker.may_risk_create(&rendered, noun)
            } else {
                Ok(())
            };
            bound.map_err(|m| Failure::new(Kind::Bound, m))?;
        }
        let mut sent = Sent { method: op.contract().method.clone(), url, headers, body, repeatable, provoked: fault };
        crate::auth::apply(op, &ctx.profile, role, &mut sent)?;
        let on_created = key.as_deref().is_some_and(|k| self.created.iter().any(|c| c.path.ends_with(k)));
        let names_query = |k: &String| {
            let at = conformance_contract::meets::At::Query(k.clone());
            op.contract().bindings.iter().any(|b| b.at == at && b.names.is_some())
        };
        let absent_query = self.query_overrides.iter().any(|(k, v)| v.is_some() && names_query(k));
        let absent = !self.overrides.is_empty() || !self.body_overrides.is_empty() || absent_query;
        self.requests.push(RequestRecord {
            op: op_id.to_string(),
            body: json.clone(),
            fault: fault.is_some(),
            edited: self.edited.clone(),
            absent,
            on_created,
            ..RequestRecord::default()
        });
        // Written (and synced) before it is sent: what no signal handler survives leaves a journal.
        let irreversible = op.contract().responses.iter().any(|d| {
            (200..300).contains(&d.status)
                && d.effect.for_body(json.as_ref()) == conformance_contract::Effect::Irreversible
        });
        let intended =
            key.as_deref().filter(|k| ctx.tracker.journal_intent(op_id, k, &sets(op, json.as_ref()), irreversible));
        let answered = ctx.transport.send(&ctx.events, &mut self.tape, op_id, &sent).await;
        if let Ok(r) = &answered
            && !r.synthetic
        {
            ctx.answers
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((sent.url.clone(), Some(r.status)));
        } else if let Err(Unanswered::Transport(_)) = &answered {
            ctx.answers.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((sent.url.clone(), None));
        }
        let received = match answered {
            Ok(r) => r,
            Err(Unanswered::Replay(m)) => {
                let exchange = Transcript::new(&sent, None, &ctx.redactor);
                return Err(Failure::new(Kind::Replay, ctx.redactor.text(&m)).with_exchange(Some(exchange)));
            }
            Err(Unanswered::Transport(e)) => {
                if let (true, Some(key)) = (change, &key) {
                    ctx.tracker.unknown(
                        key,
                        format!("a change could not complete: {}", e.summary),
                        &self.tape.scenario,
                    );
                }
                if let Some(k) = intended {
                    ctx.tracker.journal_state(k);
                }
                return Err(errored(&ctx, &e, &sent));
            }
        };
        if let Some(e) = classify(op, &received, &sent.url) {
            return Err(errored(&ctx, &e, &sent));
        }
        if role == Role::Valid && !received.synthetic {
            self.permitted.push(received.status);
        }
        self.note_effect(&ctx, op, &received, json.as_ref(), &sent.url);
        if planned.as_ref().is_some_and(|p| p.refusal) {
            self.note_accepted_refusal(&ctx, op, &received, key.as_deref().unwrap_or(&full_path));
        }
        let at = Answered { key: key.as_deref(), rendered: &rendered, full_path: &full_path, creates, change };
        self.note_account(&ctx, op, &received, json.as_ref(), &sent.url, &at);
        if let Some(k) = intended {
            ctx.tracker.journal_state(k);
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

    /// What a real answer did, by its documented status: its effect, and the resource it
    /// created (listed as a leftover at the end of the run).
    fn note_effect(&mut self, ctx: &Ctx, op: &Operation, received: &Received, json: Option<&Value>, url: &str) {
        if received.synthetic || !(200..300).contains(&received.status) {
            return;
        }
        let Some(doc) = op.response(received.status) else { return };
        let did = doc.effect.for_body(json);
        self.used.effect = self.used.effect.max(Some(did));
        let creates = doc.state.as_ref().and_then(|s| s.creates.as_ref());
        if let Some(location) = creates.and_then(|c| received.header(&c.header)) {
            let joined = reqwest::Url::parse(url).and_then(|u| u.join(location));
            let shown = joined.map_or_else(|_| location.to_string(), |u| u.to_string());
            let entry = AccountChange {
                change: Change::Created,
                resource: shown,
                scenario: self.tape.scenario.clone(),
                detail: String::new(),
            };
            ctx.events.emit(&Event::AccountChanged { change: &entry });
        }
    }

    /// A request a correct target refuses, accepted (a real 2xx): the account may have changed,
    /// whatever the target: listed as "may have changed <resource>".
    fn note_accepted_refusal(&self, ctx: &Ctx, op: &Operation, received: &Received, at: &str) {
        if received.synthetic || !(200..300).contains(&received.status) {
            return;
        }
        let noun = op.contract().resource.as_ref().map_or("resource", |r| r.noun.as_str());
        let entry = AccountChange {
            change: Change::MayHaveChanged,
            resource: format!("{noun} {at}"),
            scenario: self.tape.scenario.clone(),
            detail: format!(
                "{} answered {} {} to a request a correct target refuses",
                op.id(),
                received.status,
                received.reason
            ),
        };
        ctx.events.emit(&Event::AccountChanged { change: &entry });
    }

    /// The URL (base + path), the path as sent (the base URL's path included), the operation's
    /// path as rendered, and the path parameters.
    fn render(
        &mut self,
        ctx: &Ctx,
        op: &Operation,
        path: Option<String>,
    ) -> Result<(String, String, String, BTreeMap<String, String>), String> {
        let mut overrides = self.overrides.clone();
        if let Some(p) = &path {
            let found = match_path(&op.contract().path, p)
                .ok_or_else(|| format!("{p} is not a path of {} ({})", op.id(), op.contract().path))?;
            overrides.extend(found);
        }
        let ids: Vec<String> = self.created.iter().map(|c| c.id.clone()).collect();
        let mut used = Vec::new();
        let params = op.bind_path(&ctx.profile, &self.bind_context(ctx, &ids), &overrides, &mut used);
        self.record_needs(used);
        let params = params.map_err(|e| e.to_string())?;
        let path = match path {
            Some(p) => p,
            None => render_path(&op.contract().path, &params).map_err(|e| e.to_string())?,
        };
        let url = format!("{}{path}", ctx.profile.base_url_for(&op.contract().section).unwrap_or(&ctx.base));
        let full_path = reqwest::Url::parse(&url).map(|u| u.path().to_string()).unwrap_or_else(|_| path.clone());
        Ok((url, full_path, path, params))
    }
}

/// The attributes a request of `op` with `body` sets, by attribute.
fn sets(op: &Operation, body: Option<&Value>) -> serde_json::Map<String, Value> {
    let Some(body) = body else { return serde_json::Map::new() };
    op.sets().iter().filter_map(|(attr, p)| Some(((*attr).to_string(), body.pointer(p)?.clone()))).collect()
}

/// The scenario errored (not failed): the request could not complete.
fn errored(ctx: &Ctx, e: &TransportError, sent: &Sent) -> Failure {
    let mut f = Failure::transport(e, Transcript::new(sent, None, &ctx.redactor));
    f.redact(&ctx.redactor);
    f
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
