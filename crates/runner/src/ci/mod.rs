//! CI features of a run: the regression [`gate`] against a stored baseline, [`shard`]ing the
//! suite across jobs, and the recording format: [`record`] writes every exchange to a folder
//! that [`replay`] loads to re-judge offline. The gate works on a finished [`crate::Report`];
//! shards and replay change which scenarios run (see `select`). Sending, and answering from a
//! recording, is the transport's (`crate::transport`).

mod baseline;
pub mod gate;
pub mod record;
pub mod replay;
pub mod shard;

use crate::plan::{Decision, Plan};

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
