//! CI features of a run: the regression [`gate`] against a stored baseline, [`shard`]ing the
//! suite across jobs, and [`record`]ing every exchange to a folder that [`replay`] re-judges
//! offline. The gate works on a finished [`crate::Report`]; shards and replay change which
//! scenarios run (see [`select`]); record and replay sit between a scenario and the HTTP
//! client ([`send`]).

pub mod gate;
pub mod record;
pub mod replay;
pub mod shard;

use std::sync::Arc;

use crate::http::{Received, Sent, TransportError};
use crate::plan::{Decision, Plan};
use crate::world::Ctx;

/// Where a run's exchanges go besides the network: to a recording, or from one.
#[derive(Debug)]
pub(crate) enum Tape {
    /// `--record DIR`: every exchange is also saved.
    Record(record::Recorder),
    /// `--replay DIR`: exchanges are answered from the recording, never the network.
    Replay(Arc<replay::Recordings>),
}

/// A scenario's place on the tape: its id and how many requests it has sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScenarioTape {
    /// The scenario's id.
    pub scenario: String,
    /// Requests sent so far.
    pub sent: usize,
}

/// Why a request got no answer.
#[derive(Debug)]
pub(crate) enum Unanswered {
    /// The network failed (the scenario errors).
    Transport(TransportError),
    /// The recording does not hold this request (the scenario fails).
    Replay(String),
}

/// Applies `--shard` and `--replay` to the plan's decisions: scenarios outside the shard are
/// deselected; in a replay, a scenario to run with no recording is skipped ("no recording").
pub(crate) fn select(
    plan: &Plan,
    decisions: &mut [Decision],
    shard: Option<shard::Shard>,
    replay: Option<&replay::Recordings>,
) {
    for ((_, s), d) in plan.scenarios().zip(decisions.iter_mut()) {
        if shard.is_some_and(|sh| !sh.contains(&s.id)) {
            *d = Decision::Deselected;
        } else if *d == Decision::Run && replay.is_some_and(|r| !r.has(&s.id)) {
            *d = Decision::Skip("no recording".into());
        }
    }
}

/// Sends `sent` for the scenario on `tape`: from the recording in a replay, else over the
/// network (and saved, when recording).
pub(crate) async fn send(ctx: &Ctx, tape: &mut ScenarioTape, op: &str, sent: &Sent) -> Result<Received, Unanswered> {
    tape.sent += 1;
    match ctx.tape.as_deref() {
        Some(Tape::Replay(r)) => r.answer(&tape.scenario, tape.sent, sent).map_err(Unanswered::Replay),
        other => {
            let received = ctx.http.send(sent).await.map_err(Unanswered::Transport)?;
            if let Some(Tape::Record(rec)) = other {
                rec.save(&tape.scenario, op, tape.sent, sent, &received);
            }
            Ok(received)
        }
    }
}
