//! Which planned scenarios a CI job runs: `--shard` deselects the scenarios outside its shard;
//! `--replay` skips a scenario to run that has no recording ("no recording").

use super::{Decision, Plan};
use crate::ci::{replay, shard};

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
