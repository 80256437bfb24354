//! The serial phase of a run: the scenarios that may change or charge, as the plan's chains
//! ([`crate::plan::Chains`]), each one scenario at a time in plan order, at most `--concurrency`
//! chains side by side, one cucumber run each (one after another when they do not run side by
//! side).

use std::sync::Arc;

use crate::collect::Records;
use crate::execute::execute;
use crate::plan::{self, Decision, Plan};
use crate::world::Ctx;

/// The serial phase: each chain one scenario at a time, at most `concurrency` chains side by
/// side (one after another when they do not run side by side).
#[allow(clippy::too_many_arguments, reason = "the phase's one call, each argument named where it is passed")]
pub(crate) async fn run_chains(
    plan: &Plan,
    decisions: &[Decision],
    chains: &plan::Chains,
    ctx: &Arc<Ctx>,
    concurrency: usize,
    root: &str,
    records: &Records,
) {
    use futures::StreamExt as _;
    if !chains.side_by_side || chains.chains.len() < 2 {
        execute(plan, decisions, Arc::clone(ctx), 1, root, true, records).await;
        return;
    }
    // Each cucumber run swaps the global panic hook and puts back the one it found; runs side by
    // side would put back each other's. They all find a silent one, and the caller's comes back
    // after.
    let callers = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let runs = chains.chains.iter().map(|c| {
        let only = c.only(decisions);
        let ctx = Arc::clone(ctx);
        async move { execute(plan, &only, ctx, 1, root, true, records).await }
    });
    futures::stream::iter(runs).buffer_unordered(concurrency.max(1)).collect::<Vec<()>>().await;
    std::panic::set_hook(callers);
}
