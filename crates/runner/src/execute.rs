//! One phase of a run on cucumber: the runnable scenarios of the plan (the concurrent ones, or
//! one chain of those that may change the account) handed to cucumber-rs with the one catch-all
//! step, each scenario's World given the run's context by the `before` hook, and what happened
//! collected into the records (`crate::collect`, which also emits each scenario's start and
//! end; its notes and what it used taken from the World by the `after` hook).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, PoisonError};

use cucumber::{World as _, WriterExt as _};

use crate::collect::{Collector, Records};
use crate::plan::{self, Decision, Plan};
use crate::steps;
use crate::world::{self, ConformanceWorld, Ctx};

/// The pattern of cucumber's only step: every text; [`steps`] matches it.
fn catch_all() -> regex::Regex {
    regex::Regex::new("(?s)^.*$").unwrap_or_else(|e| unreachable!("a constant pattern: {e}"))
}

/// Hands the runnable scenarios of one phase (the concurrent ones, or the `serial` ones) to
/// cucumber and collects what happened into `records`.
#[allow(clippy::too_many_arguments, reason = "one call per phase, each argument named where it is passed")]
pub(crate) async fn execute(
    plan: &Plan,
    decisions: &[Decision],
    ctx: Arc<Ctx>,
    concurrency: usize,
    root: &str,
    serial_phase: bool,
    records: &Records,
) {
    let mut features = HashMap::new();
    let mut ops = HashMap::new();
    for f in &plan.features {
        let path = plan.feature_path(f);
        ops.insert(path.clone(), format!("{}/{}", f.vendor, f.operation));
        features.insert(path, f.info.path.clone());
    }
    let index = plan.index();
    type Planned = (String, Arc<Vec<world::PlannedRequest>>);
    let all: Vec<Planned> = plan.scenarios().map(|(_, s)| (s.id.clone(), Arc::clone(&s.planned))).collect();
    let ids: HashMap<(PathBuf, usize), Planned> =
        index.iter().filter_map(|(k, &i)| all.get(i).map(|id| (k.clone(), id.clone()))).collect();
    let notes = (index.clone(), Arc::clone(records));
    let collector = Collector {
        index,
        features,
        root: root.to_string(),
        ids: plan.scenarios().map(|(_, s)| s.id.clone()).collect(),
        records: Arc::clone(records),
        events: ctx.events.clone(),
    };
    let runnable = plan.runnable(decisions, serial_phase);
    if !runnable.is_empty() {
        ConformanceWorld::cucumber::<PathBuf>()
            .with_parser(plan::Prepared(runnable))
            // `assert_normalized`: the Collector takes cucumber's events in whatever order
            // concurrent scenarios emit them, without cucumber's reordering. That is safe
            // because it keys every event by (feature path, scenario line) into that
            // scenario's own record and prints per feature only once the feature finished;
            // nothing it does depends on the order of events of different scenarios.
            .with_writer(collector.assert_normalized())
            .with_default_cli()
            .given(catch_all(), steps::DISPATCH)
            .when(catch_all(), steps::DISPATCH)
            .then(catch_all(), steps::DISPATCH)
            .max_concurrent_scenarios(concurrency.max(1))
            .before(move |feature, _, scenario, world| {
                world.ctx = Some(Arc::clone(&ctx));
                let key = (feature.path.clone().unwrap_or_default(), scenario.position.line);
                if let Some((id, planned)) = ids.get(&key) {
                    world.tape.scenario.clone_from(id);
                    world.planned = Arc::clone(planned);
                }
                world.op = feature.path.as_ref().and_then(|p| ops.get(p)).cloned().unwrap_or_default();
                Box::pin(std::future::ready(()))
            })
            .after(move |feature, _, scenario, _, world| {
                // A scenario's notes live in its World, which only this hook still sees.
                let key = (feature.path.clone().unwrap_or_default(), scenario.position.line);
                if let (Some(w), Some(&i)) = (world, notes.0.get(&key)) {
                    let mut records = notes.1.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(r) = records.get_mut(i) {
                        r.notes = std::mem::take(&mut w.notes);
                        r.used = Some(std::mem::take(&mut w.used));
                        r.permitted = std::mem::take(&mut w.permitted);
                    }
                }
                Box::pin(std::future::ready(()))
            })
            .run(())
            .await;
    }
}
