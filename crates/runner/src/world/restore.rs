//! Leaving the account as it was found: after the last scenario, every resource of the account
//! that is not at its start value is set back, with its operation's `restore` request example,
//! credentials with permission and the start values in its change bindings' places, once its
//! last change has settled. Each restore is one entry of what the run did to the account
//! ([`Change::Restored`], [`Change::NotRestored`]), which every output shows. One that is not
//! answered with a success also errors the scenario that left the resource changed
//! ([`Kind::Restore`]: the resource, its value now, the value it should have, the exchange), so
//! the run exits 1. A resource whose value a change that could not complete left unknown is not
//! restored, and neither is one whose restore's effect class the run may not use (a wrong target
//! accepted a refusal): the run never sends a change it cannot know is one, nor one not allowed.
//! A resource an `irreversible` change changed for good is never set back: the entry says so,
//! and no scenario fails for it (the user allowed the change with `--allow irreversible`).

use std::sync::Arc;

use conformance_contract::{Effect, Operation, Role};

use crate::account::{AccountChange, Change};
use crate::failure::{Failure, Kind};
use crate::tracked::Tracked;
use crate::transport::ScenarioTape;
use crate::world::{Body, ConformanceWorld, Ctx, PlannedRequest};

/// One restore: what the account list shows, and the failure of the scenario that left the
/// resource changed when it could not be set back.
#[derive(Debug)]
pub(crate) struct Restored {
    /// The entry of what the run did to the account.
    pub change: AccountChange,
    /// `(scenario id, failure)` when it failed.
    pub failure: Option<(String, Failure)>,
}

/// Sets back every resource of the account the run left changed, where the effect class of its
/// restore is in `allow`: side by side (each waits its own settle time), or one after another.
pub(crate) async fn restore(ctx: &Arc<Ctx>, allow: &[Effect], side_by_side: bool) -> Vec<Restored> {
    let each = ctx.tracker.resources().into_iter().map(|(key, t)| one(ctx, allow, key, t));
    let done = if side_by_side {
        futures::future::join_all(each).await
    } else {
        let mut done = Vec::new();
        for r in each {
            done.push(r.await);
        }
        done
    };
    done.into_iter().flatten().collect()
}

/// Sets back the resource at `key`, when the run left it changed.
async fn one(ctx: &Arc<Ctx>, allow: &[Effect], key: String, t: Tracked) -> Option<Restored> {
    if !t.account || (t.now == t.start && t.unknown.is_none() && t.for_good.is_none()) {
        return None;
    }
    let resource = format!("{} {key}", t.noun);
    let scenario = t.last_by.clone().unwrap_or_default();
    let to = Tracked::show(&t.start);
    let entry = |change, detail: String| AccountChange {
        change,
        resource: resource.clone(),
        scenario: scenario.clone(),
        detail,
    };
    let failed = |reason: String, detail: Option<Failure>| {
        let mut f = Failure::new(Kind::Restore, format!("the run could not set {resource} back: {reason}"));
        let mut text = reason.clone();
        if let Some(d) = detail {
            text.push('\n');
            text.push_str(&d.message());
            f = f.with_detail(d.reason).with_detail(d.detail);
            f.exchange = d.exchange;
        }
        Restored { change: entry(Change::NotRestored, text), failure: Some((scenario.clone(), f)) }
    };
    if let Some(by) = &t.for_good {
        let detail = format!("it has {} now, never set back to {to} (irreversible)", Tracked::show(&t.now));
        let change = AccountChange { scenario: by.clone(), ..entry(Change::ChangedForGood, detail) };
        return Some(Restored { change, failure: None });
    }
    if let Some(why) = &t.unknown {
        return Some(failed(
            format!(
                "its value is not known ({why}); it should have {to}, as the run found it: check it, and set it \
                 back if it changed (the run sends no change it cannot know is one)"
            ),
            None,
        ));
    }
    let from = Tracked::show(&t.now);
    let class = ctx.contracts.operation(&t.op).map_or(Effect::Billable, restore_class);
    if class != Effect::None && !allow.contains(&class) {
        let k = class.key();
        return Some(failed(
            format!(
                "it has {from} now, after an answer that accepted a change; it should have {to}, as the run found \
                 it: setting it back {} on the target, which this run may not do (allow it with --allow {k})",
                class.does()
            ),
            None,
        ));
    }
    Some(match once(ctx, &key, &t).await {
        Ok(status) => {
            Restored { change: entry(Change::Restored, format!("{from} → {to} ({status})")), failure: None }
        }
        Err(f) => failed(format!("it has {from} now; it should have {to}, as the run found it"), Some(f)),
    })
}

/// The effect class of a restore by `op`: the largest of its successes that set the resource,
/// for the restore request's body (a `when` on a value the restore does not send, such as an
/// irreversible option, does not count).
fn restore_class(op: &Operation) -> Effect {
    let body = op.restore_example().and_then(|name| op.example(name)).and_then(|e| e.body.as_ref());
    let sets = op.contract().responses.iter().filter(|r| (200..300).contains(&r.status));
    let sets = sets.filter(|r| r.state.as_ref().is_some_and(|s| !s.set.is_empty()));
    sets.map(|r| if body.is_some() { r.effect.for_body(body) } else { r.effect.worst() }).max().unwrap_or(Effect::None)
}

/// Sends the restore of `t` (at `key`); the success status, or why it is no success.
async fn once(ctx: &Arc<Ctx>, key: &str, t: &Tracked) -> Result<u16, Failure> {
    let op = ctx.contracts.operation(&t.op).ok_or_else(|| format!("no contract {} in the fixtures", t.op))?;
    let example = op.restore_example().ok_or_else(|| format!("{} names no request that sets it back", op.id()))?;
    let planned = PlannedRequest {
        op: op.id().to_string(),
        refusal: false,
        effect: Effect::Billable,
        changes: true,
        creates: false,
        setup: false,
        accepted: Effect::Billable,
        why: "a restore sets the resource back".into(),
        current: Vec::new(),
    };
    let mut w = ConformanceWorld {
        ctx: Some(Arc::clone(ctx)),
        op: op.id().to_string(),
        role: Some(Role::Valid),
        planned: Arc::new(vec![planned]),
        tape: ScenarioTape { scenario: format!("restore {key}"), sent: 0 },
        restoring: true,
        ..ConformanceWorld::default()
    };
    w.load_example(op.id(), example)?;
    if let Body::Json(body) = &mut w.body {
        for c in op.changes() {
            if let (Some(slot), Some(v)) = (body.pointer_mut(c.pointer), t.start.get(c.attribute)) {
                *slot = v.clone();
            }
        }
    }
    w.send(op.id(), None, None).await?;
    let ex = w.last()?;
    let status = ex.received.status;
    if (200..300).contains(&status) {
        return Ok(status);
    }
    let reason = ex.received.reason.clone();
    Err(w.fail(Kind::Restore, format!("the restore request was answered {status} {reason}")))
}
