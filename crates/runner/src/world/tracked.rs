//! A scenario's side of the account: the resource its next request addresses, waiting for that
//! resource's last change to settle before changing it again, and what an answer did to the
//! account (the values a resource has now; a resource created, counted, pooled when planned
//! and followed from the values it was created with).

use conformance_contract::Operation;
use serde_json::{Map, Value};

use crate::wire::Received;
use crate::world::{ConformanceWorld, Created, Ctx};

/// Where an answered request went, for [`ConformanceWorld::note_account`].
pub(crate) struct Answered<'a> {
    /// The resource it addressed.
    pub key: Option<&'a str>,
    /// The operation's path as rendered (the parent of what it creates).
    pub rendered: &'a str,
    /// The path as sent, the base URL's path included.
    pub full_path: &'a str,
    /// The plan expects it to create a resource.
    pub creates: bool,
    /// The plan expects it to change the resource it addresses.
    pub change: bool,
}

/// The noun of what `op`'s success creates, if it creates one.
pub(crate) fn creates_noun(op: &Operation) -> Option<&str> {
    op.contract().responses.iter().filter_map(|r| r.state.as_ref()?.creates.as_ref()).map(|k| k.noun.as_str()).next()
}

impl ConformanceWorld {
    /// The resource a request of `op` with `body` will address (the path parameters as the
    /// scenario binds them), when the run follows it.
    pub(crate) fn planned_key(&self, ctx: &Ctx, op: &Operation, body: &Value) -> Option<String> {
        let ids: Vec<String> = self.created.iter().map(|c| c.id.clone()).collect();
        let cx = conformance_contract::BindContext { harmless: false, run_id: &ctx.run_id, created: &ids };
        let params = op.bind_path(&ctx.profile, &cx, &self.overrides, &mut Vec::new()).ok()?;
        let key = op.resource_path(&params, Some(body))?;
        ctx.tracker.get(&key).map(|_| key)
    }

    /// Waits until the last change of `key` has settled (the operation's settle time). A
    /// signal cuts a scenario's wait short (`Err`: its change is not sent); a restore's wait is
    /// waited out.
    pub(crate) async fn settle(&self, ctx: &Ctx, op: &Operation, key: &str) -> Result<(), crate::failure::Failure> {
        let Some(wait) = ctx.tracker.settle(op.id(), key) else { return Ok(()) };
        if let Some(t) = &ctx.terminal {
            let noun = ctx.tracker.get(key).map(|r| r.noun).unwrap_or_default();
            t.progress(&format!(
                "  waiting {} s for the last change of {noun} {key} to settle ([{}] settle_seconds)",
                wait.as_secs().max(1),
                op.contract().section
            ));
        }
        if self.restoring {
            tokio::time::sleep(wait).await;
            return Ok(());
        }
        tokio::select! {
            () = tokio::time::sleep(wait) => Ok(()),
            () = ctx.interrupt.stopped() => {
                let signal = ctx.interrupt.stopping().unwrap_or(crate::interrupt::Signal::Interrupt);
                if let (Some(t), Some(r)) = (&ctx.terminal, ctx.tracker.get(key)) {
                    let why = if r.now == r.start && r.unknown.is_none() {
                        "cut short: its change is not sent, and no restore needs the wait"
                    } else {
                        "cut short: its change is not sent; the restore waits out the rest of it"
                    };
                    t.print(&format!("  the wait for {} {key} is {why}", r.noun));
                }
                Err(crate::failure::not_sent(signal))
            }
        }
    }

    /// What an answer did to the account: a 2xx to a request that sets the addressed resource's
    /// attributes gave it the values sent; a created resource is counted, pooled when the plan
    /// expected it, and followed from the values it was created with.
    pub(crate) fn note_account(
        &mut self,
        ctx: &Ctx,
        op: &Operation,
        received: &Received,
        json: Option<&Value>,
        url: &str,
        at: &Answered<'_>,
    ) {
        // A dry run's stand-in counts as the success the plan expects: the requests it prints
        // alternate and share as the run's would.
        let effect = op.response(received.status).map(|d| d.effect.for_body(json));
        let accepted = if received.synthetic {
            at.change || at.creates
        } else {
            (200..300).contains(&received.status) && effect != Some(conformance_contract::Effect::None)
        };
        if !accepted {
            return;
        }
        if let (Some(key), Some(body)) = (at.key, json) {
            let values: Map<String, Value> = op
                .sets()
                .iter()
                .filter_map(|(attr, p)| Some(((*attr).to_string(), body.pointer(p)?.clone())))
                .collect();
            if !values.is_empty() {
                ctx.tracker.changed(key, values, &self.tape.scenario);
            }
            if effect == Some(conformance_contract::Effect::Irreversible) {
                ctx.tracker.for_good(key, &self.tape.scenario);
            }
        }
        let creates = op.contract().responses.iter().filter_map(|r| r.state.as_ref()?.creates.as_ref()).next();
        let Some(k) = creates else { return };
        let Some(made) = received.header(&k.header).and_then(|loc| created_at(url, loc, at.full_path)) else { return };
        let attrs: Map<String, Value> = k
            .attributes
            .iter()
            .filter_map(|(attr, p)| match p {
                conformance_contract::meets::At::Body(p) => Some((attr.clone(), json?.pointer(p)?.clone())),
                conformance_contract::meets::At::Path(_) | conformance_contract::meets::At::Query(_) => None,
            })
            .collect();
        let key = format!("{}/{}", at.rendered.trim_end_matches('/'), made.id);
        ctx.tracker.created(
            at.rendered,
            made,
            key,
            crate::tracked::Tracked::created(&k.noun, op.id(), attrs),
            at.creates,
        );
    }
}

/// The resource a `location` (absolute or relative to `url`) names under `parent` (the path as
/// sent): its id is the one segment after it.
fn created_at(url: &str, location: &str, parent: &str) -> Option<Created> {
    let joined = reqwest::Url::parse(url).ok()?.join(location).ok()?;
    let path = joined.path().trim_end_matches('/').to_string();
    let prefix = format!("{}/", parent.trim_end_matches('/'));
    let id = path.strip_prefix(&prefix).filter(|id| !id.is_empty() && !id.contains('/'))?.to_string();
    Some(Created { id, path })
}
