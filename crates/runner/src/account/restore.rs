//! Leaving the account as it was found: after the last scenario, every resource of the account
//! that is not at its start value is set back, with its operation's `restore` request example,
//! credentials with permission and the start values in its change bindings' places, once its
//! last change has settled. Each restore is reported ([`Restore`]); one that is not answered
//! with a success names the resource, its value now and the value it should have, and the run
//! exits 1. A resource whose value a change that could not complete left unknown is reported
//! failed without a request: the run never sends a change it cannot know is one.

use std::sync::Arc;

use super::Tracked;
use crate::transport::ScenarioTape;
use crate::world::{Body, ConformanceWorld, Ctx, PlannedRequest};
use conformance_contract::{Effect, Role};

/// A resource of the account the run set back at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restore {
    /// What it is and where (`gateway /v2/p1/apigw/instances/i1`).
    pub resource: String,
    /// The operation that set it back (`huawei-apig/postpaid-resize`).
    pub operation: String,
    /// Its values before the restore, as the run knew them (`spec_id PROFESSIONAL`).
    pub from: String,
    /// Its values at the start of the run: what it has after the restore (`spec_id BASIC`).
    pub to: String,
    /// What happened.
    pub outcome: RestoreOutcome,
}

/// What happened to a restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreOutcome {
    /// The target accepted it with this status.
    Restored {
        /// The success status.
        status: u16,
    },
    /// It was refused or could not complete: the resource is left changed (exit 1).
    Failed {
        /// The resource, its value now, the value it should have, and the exchange.
        message: String,
    },
}

impl Restore {
    /// Whether it failed.
    pub fn failed(&self) -> bool {
        matches!(self.outcome, RestoreOutcome::Failed { .. })
    }
}

impl std::fmt::Display for Restore {
    /// One line: `restored gateway …: spec_id PROFESSIONAL → BASIC (202)`, or the failure.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.outcome {
            RestoreOutcome::Restored { status } => {
                write!(f, "restored {}: {} → {} ({status})", self.resource, self.from, self.to)
            }
            RestoreOutcome::Failed { message } => write!(f, "RESTORE FAILED {}: {message}", self.resource),
        }
    }
}

/// Sets back every resource of the account the run left changed, where the effect class of
/// its restore is in `allow`; one [`Restore`] each.
pub(crate) async fn restore(ctx: &Arc<Ctx>, allow: &[Effect]) -> Vec<Restore> {
    let mut out = Vec::new();
    for (key, t) in ctx.account.resources() {
        if !t.account || (t.now == t.start && t.unknown.is_none()) {
            continue;
        }
        let resource = format!("{} {key}", t.noun);
        let (to, op) = (Tracked::show(&t.start), t.op.clone());
        if let Some(why) = &t.unknown {
            // Never a change the run cannot know is one: the request that did not complete may
            // have changed the resource or not, and is never sent twice.
            let message = format!(
                "its value is not known ({why}); it should have {to}, as the run found it: check it, and set it \
                 back if it changed (the run sends no change it cannot know is one)"
            );
            let from = format!("unknown ({why})");
            out.push(Restore { resource, operation: op, from, to, outcome: RestoreOutcome::Failed { message } });
            continue;
        }
        let from = Tracked::show(&t.now);
        let class = ctx.contracts.operation(&t.op).map_or(Effect::Billable, restore_class);
        if class != Effect::None && !allow.contains(&class) {
            // A target that accepted a request a correct one refuses changed it; setting it
            // back is a change the user did not allow.
            let k = class.key();
            let message = format!(
                "it has {from} now, after an answer that accepted a change; it should have {to}, as the run found \
                 it: setting it back {} on the target, which this run may not do (allow it with --allow {k})",
                class.does()
            );
            out.push(Restore { resource, operation: op, from, to, outcome: RestoreOutcome::Failed { message } });
            continue;
        }
        let outcome = match once(ctx, &key, &t).await {
            Ok(status) => RestoreOutcome::Restored { status },
            Err(why) => RestoreOutcome::Failed {
                message: format!(
                    "the run could not set it back: it has {from} now; it should have {to}, as the run found it.\n{why}"
                ),
            },
        };
        out.push(Restore { resource, operation: op, from, to, outcome });
    }
    out
}

/// The effect class of a restore by `op`: the largest of its successes that set the resource.
fn restore_class(op: &conformance_contract::Operation) -> Effect {
    let sets = op.contract().responses.iter().filter(|r| (200..300).contains(&r.status));
    let sets = sets.filter(|r| r.state.as_ref().is_some_and(|s| !s.set.is_empty()));
    sets.map(|r| r.effect.worst()).max().unwrap_or(Effect::None)
}

/// Sends the restore of `t` (at `key`); the success status, or why it is no success.
async fn once(ctx: &Arc<Ctx>, key: &str, t: &Tracked) -> Result<u16, String> {
    let op = ctx.contracts.operation(&t.op).ok_or_else(|| format!("no contract {} in the fixtures", t.op))?;
    let example = op.restore_example().ok_or_else(|| format!("{} names no request that sets it back", op.id()))?;
    let planned = PlannedRequest {
        op: op.id().to_string(),
        refusal: false,
        effect: Effect::Billable,
        changes: true,
        creates: false,
        setup: false,
    };
    let mut w = ConformanceWorld {
        ctx: Some(Arc::clone(ctx)),
        op: op.id().to_string(),
        role: Some(Role::Valid),
        planned: Arc::new(vec![planned]),
        tape: ScenarioTape { scenario: format!("restore {key}"), sent: 0 },
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
    Err(w.fail(format!("the restore request was answered {status} {reason}")))
}
