//! A scenario's effect class, by the worst case: what each of its requests would do if the
//! target accepted it. A request a correct target refuses counts as its success would
//! (creating, changing or charging) unless it is harmless by construction:
//! - its success changes nothing for its body (a read, a documented dry-run flag);
//! - it names a resource that does not exist;
//! - it asks for the values the resource it addresses has now: a resource the scenario created
//!   (the run knows its values), or the account's, from the profile's `current_*` keys. Those
//!   keys are checked against the run's profile by [`Plan::classify`]: without one, the refusal
//!   asks for the target value, and counts as the success it would be.
//!
//! No or invalid credentials make nothing harmless alone: a target that ignores them does what
//! the request asks. Each request, and so each scenario, carries why it has its class; the
//! plan's listing shows it.

use conformance_contract::{Contracts, Effect, Need, Operation, Profile};
use serde_json::Value;

use super::Plan;
use crate::world::{Expect, PlannedRequest, RequestRecord};

/// What the plan expects of a request: refused or not, its effect, whether it changes or
/// creates a resource, whether a set-up sent it, and why it has its effect. `planning` is the
/// profile the plan binds with (every key given).
pub(super) fn request(contracts: &Contracts, planning: &Profile, r: &RequestRecord) -> PlannedRequest {
    let refusal = r.expected.is_some_and(Expect::is_refusal);
    let op = contracts.operation(&r.op);
    let state = op.filter(|_| !refusal).and_then(|op| success_state(op, r));
    let accepted = op.map_or(Effect::Billable, |op| success(op, r.body.as_ref()));
    let mut p = PlannedRequest {
        op: r.op.clone(),
        refusal,
        effect: Effect::None,
        changes: false,
        creates: false,
        setup: r.setup,
        accepted,
        why: String::new(),
        current: Vec::new(),
    };
    let Some(op) = op else {
        p.effect = Effect::Billable;
        p.why = format!("{} is no operation of the fixtures", r.op);
        return p;
    };
    if refusal && !r.fault {
        refused(op, planning, r, &mut p);
    } else {
        p.effect = effect(op, r);
        p.why = if r.fault {
            format!("a real vendor ignores the fault header and answers the success, which {}", p.effect.does())
        } else if r.setup {
            format!("its set-up {}", p.effect.does())
        } else {
            format!("its documented answer {}", p.effect.does())
        };
    }
    p.changes = p.effect != Effect::None && state.is_some_and(|s| !s.set.is_empty());
    p.creates = p.effect != Effect::None && state.is_some_and(|s| s.creates.is_some());
    p
}

/// A refusal's effect: none when harmless by construction (see the module doc), else what
/// its success would do.
fn refused(op: &Operation, planning: &Profile, r: &RequestRecord, p: &mut PlannedRequest) {
    let noun = op.contract().resource.as_ref().map_or("resource", |d| d.noun.as_str());
    let harmless = "even accepted it changes nothing";
    if p.accepted == Effect::None {
        let flag = worst(op) != Effect::None;
        let what = if flag { "asks for a dry run" } else { "is a read" };
        p.why = format!("a refusal that {what}: {harmless}");
        return;
    }
    if r.absent {
        p.why = format!("a refusal naming a resource that does not exist: {harmless}");
        return;
    }
    let changes = op.changes();
    let asks_now = !changes.is_empty()
        && changes.iter().all(|c| {
            let Some(current) = c.current else { return false };
            let sent = r.body.as_ref().and_then(|b| b.pointer(c.pointer));
            let now = planning.get(current);
            sent.is_none_or(|v| Some(v) == now || now.is_some_and(|n| !same_type(v, n)))
        });
    if asks_now {
        p.current = changes.iter().filter_map(|c| c.current.map(str::to_string)).collect();
        let keys: Vec<String> = p.current.iter().map(|k| conformance_contract::keys::shown(k)).collect();
        p.why = format!("a refusal that asks for the value the {noun} has now ({}): {harmless}", keys.join(", "));
        return;
    }
    if r.on_created && changes.is_empty() {
        p.why = format!("a refusal that asks for the values the {noun} the scenario created has now: {harmless}");
        return;
    }
    p.effect = p.accepted;
    p.why = wrongly_accepted(op, p.accepted);
}

/// Why a refusal counts as its success: what a target that wrongly accepted it would do.
fn wrongly_accepted(op: &Operation, accepted: Effect) -> String {
    let creates = op.contract().responses.iter().filter_map(|d| d.state.as_ref()?.creates.as_ref()).next();
    match creates {
        Some(k) => {
            format!("a refusal, but a target that wrongly accepted it would add a {} ({})", k.noun, accepted.does())
        }
        None => format!("a refusal, but a target that wrongly accepted it {}", accepted.does()),
    }
}

fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// What the success a request is expected to answer does to the state.
fn success_state<'c>(op: &'c Operation, r: &RequestRecord) -> Option<&'c conformance_contract::meets::StateDoc> {
    let doc = match r.expected {
        Some(Expect::Status(s)) => op.response(s),
        _ => op.contract().responses.iter().find(|d| (200..300).contains(&d.status)),
    };
    doc?.state.as_ref()
}

/// What the operation's success does with this body (the largest of its 2xx).
fn success(op: &Operation, body: Option<&Value>) -> Effect {
    let all = op.contract().responses.iter().filter(|d| (200..300).contains(&d.status));
    all.map(|d| d.effect.for_body(body)).max().unwrap_or(Effect::None)
}

/// The largest effect any success of the operation can have.
fn worst(op: &Operation) -> Effect {
    let all = op.contract().responses.iter().filter(|d| (200..300).contains(&d.status));
    all.map(|d| d.effect.worst()).max().unwrap_or(Effect::None)
}

/// What a request a correct target accepts does: the documented effect of the status it
/// expects (a fault asked for: the success a real vendor would answer instead).
fn effect(op: &Operation, r: &RequestRecord) -> Effect {
    match r.expected {
        _ if r.fault => success(op, r.body.as_ref()),
        Some(Expect::Status(s)) if (200..300).contains(&s) => {
            op.response(s).map_or_else(|| success(op, r.body.as_ref()), |d| d.effect.for_body(r.body.as_ref()))
        }
        _ => success(op, r.body.as_ref()),
    }
}

/// Why a scenario has its class: the reason of its first request with the largest effect, or,
/// when nothing it sends changes anything, of its first refusal that would if accepted.
pub(super) fn scenario_why(planned: &[PlannedRequest]) -> String {
    let effect = planned.iter().map(|r| r.effect).max().unwrap_or(Effect::None);
    let first = if effect == Effect::None {
        planned.iter().find(|r| r.accepted != Effect::None).or(planned.first())
    } else {
        planned.iter().find(|r| r.effect == effect)
    };
    first.map_or_else(|| "it sends no request".to_string(), |r| r.why.clone())
}

impl Plan {
    /// Settles each scenario's class for the run's `profile`: a refusal harmless only by the
    /// `current_*` keys the profile does not give asks for the target value instead, and counts
    /// as its success (its `@effect-…` tag, `@serial` and its reason follow).
    pub fn classify(&mut self, profile: &Profile) {
        for s in self.features.iter_mut().flat_map(|f| f.scenarios.iter_mut()) {
            let lacking =
                |r: &PlannedRequest| r.current.iter().find(|k| !Need::key(k.as_str()).is_met(profile)).cloned();
            if !s.planned.iter().any(|r| lacking(r).is_some()) {
                continue;
            }
            let mut planned = s.planned.as_ref().clone();
            for r in &mut planned {
                if let Some(key) = lacking(r) {
                    r.effect = r.accepted;
                    r.why = format!(
                        "a refusal that would ask for the value the resource has now, but {}: it asks for the target \
                         value, and a target that wrongly accepted it {}",
                        Need::key(key.as_str()).reason(),
                        r.accepted.does()
                    );
                    r.current.clear();
                }
            }
            s.effect = planned.iter().map(|r| r.effect).max().unwrap_or(Effect::None);
            s.why = scenario_why(&planned);
            s.planned = std::sync::Arc::new(planned);
            s.tags.retain(|t| Effect::from_tag(t).is_none());
            s.tags.push(format!("effect-{}", s.effect.key()));
            if s.effect != Effect::None && !s.tags.iter().any(|t| t == "serial") {
                s.tags.push("serial".into());
            }
        }
    }
}
