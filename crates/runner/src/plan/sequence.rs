//! The run's sequence and its bill, before the first request. Scenarios that may change or
//! charge anything are `serial`: they run after the others, one at a time, in plan order, so
//! the plan knows the order of every change. Walking the scenarios to run in that order, it
//! counts per resource of the account (the one a fixture's `change` bindings change, at the
//! path the profile names) the billable requests, the changes (each success alternates the
//! resource between its target and its start value) and whether a restore is left for the end;
//! per parent, the resources the run creates (a set-up shares one the run created before). A
//! scenario past a bound is skipped, with the reason and the flag that raises it: against a real
//! target, at most `max_billable` billable requests per resource, the restore included (by
//! default one change up and one back); against any target, at most `max_created` resources
//! created per parent. [`Sequence`] says all of it, with the settle waits, for the terminal.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use conformance_contract::{Contracts, Effect, Operation, Profile};

use super::{Decision, Plan};

/// The bounds of a run's bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Billable requests per resource of the account, the restore included (real targets).
    pub max_billable: usize,
    /// Resources created per parent (every target).
    pub max_created: usize,
    /// The target is a stub: nothing is billed, so billable requests are not bounded.
    pub stub: bool,
}

/// What the run will do to one resource of the account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourcePlan {
    /// Its path (`/v2/p1/apigw/instances/i1`).
    pub key: String,
    /// What it is (`gateway`).
    pub noun: String,
    /// Its profile table (`huawei.apig`).
    pub section: String,
    /// The billable requests the run sends to it, by scenario id, each with whether it is a
    /// change (a success) rather than a refusal that may charge.
    pub billable: Vec<(String, bool)>,
    /// The changes the scenarios make (successes).
    pub changes: usize,
    /// The scenarios whose change can never be undone (`irreversible`): after the first, the
    /// resource is never set back.
    pub irreversible: Vec<String>,
    /// The seconds the run waits between two changes of it.
    pub settle: u64,
    /// What one billable request to it costs, in the page's words (the fixture's
    /// `resource.cost`), when the page says.
    pub cost: Option<String>,
}

impl ResourcePlan {
    /// Whether a restore is left for the end: the alternation ends away from the start value.
    pub fn restore(&self) -> bool {
        self.irreversible.is_empty() && self.changes % 2 == 1
    }

    /// The billable requests, the restore included.
    pub fn requests(&self) -> usize {
        self.billable.len() + usize::from(self.restore())
    }
}

/// What the run will create under one parent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreatedPlan {
    /// The parent's path (`/orders/o/account/products/p/services`).
    pub parent: String,
    /// What is created (`service`).
    pub noun: String,
    /// How many the run creates.
    pub adds: usize,
    /// How many set-ups share one the run created instead.
    pub shared: usize,
}

/// The run's sequence: its resources and what it creates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sequence {
    /// The resources of the account it changes or may charge for, by path.
    pub resources: Vec<ResourcePlan>,
    /// What it creates, by parent.
    pub created: Vec<CreatedPlan>,
    /// The bounds it was planned with.
    pub max_created: usize,
}

/// The order scenarios run in: the others first (concurrently), then the serial ones, one at a
/// time, in plan order.
pub fn execution_order(plan: &Plan, decisions: &[Decision]) -> Vec<usize> {
    let serial = |i: usize| plan.scenarios().nth(i).is_some_and(|(_, s)| s.tags.iter().any(|t| t == "serial"));
    let run: Vec<usize> = (0..decisions.len()).filter(|i| decisions[*i] == Decision::Run).collect();
    let (mut first, second): (Vec<usize>, Vec<usize>) = run.into_iter().partition(|i| !serial(*i));
    first.extend(second);
    first
}

/// The seconds the run waits between two changes of a resource, per operation: the profile's
/// `[<section>] settle_seconds`, else 0 against the bundled stub and loopback targets (`local`),
/// else the fixture's `resource.settle`.
pub fn settle_seconds(contracts: &Contracts, profile: &Profile, local: bool) -> BTreeMap<String, u64> {
    contracts
        .operations()
        .iter()
        .map(|op| {
            let given = profile.settle_seconds(&op.contract().section);
            let secs = given.unwrap_or_else(|| if local { 0 } else { op.settle_seconds(profile) });
            (op.id().to_string(), secs)
        })
        .collect()
}

/// The path under which `op` creates, as the profile names it.
pub(super) fn parent_of(op: &Operation, profile: &Profile) -> Option<String> {
    let cx = conformance_contract::BindContext { harmless: false, run_id: "", created: &[] };
    let params = op.bind_path(profile, &cx, &Default::default(), &mut Vec::new()).ok()?;
    conformance_contract::render_path(&op.contract().path, &params).ok()
}

fn created_noun(op: &Operation) -> String {
    let k = op.contract().responses.iter().filter_map(|r| r.state.as_ref()?.creates.as_ref()).next();
    k.map_or_else(|| "resource".to_string(), |k| k.noun.clone())
}

impl Plan {
    /// Plans the sequence of the scenarios decided [`Decision::Run`], skipping those past a
    /// bound (see the module doc); `settle` gives each operation's wait.
    pub fn sequence(
        &self,
        decisions: &mut [Decision],
        contracts: &Contracts,
        profile: &Profile,
        bounds: Bounds,
        settle: &BTreeMap<String, u64>,
    ) -> Sequence {
        let scenarios: Vec<_> = self.scenarios().map(|(_, s)| s).collect();
        let mut resources: BTreeMap<String, ResourcePlan> = BTreeMap::new();
        let mut created: BTreeMap<String, CreatedPlan> = BTreeMap::new();
        let mut pooled: BTreeSet<String> = BTreeSet::new();
        for i in execution_order(self, decisions) {
            let Some(s) = scenarios.get(i) else { continue };
            let mut bill: BTreeMap<String, ResourcePlan> = BTreeMap::new();
            let mut adds: BTreeMap<String, CreatedPlan> = BTreeMap::new();
            let mut pool = pooled.clone();
            for p in s.planned.iter() {
                let Some(op) = contracts.operation(&p.op) else { continue };
                if (p.effect >= Effect::Billable || p.changes)
                    && let Some(key) = op.account_resource(profile).filter(|_| !op.changes().is_empty())
                {
                    let r = bill.entry(key.clone()).or_insert_with(|| ResourcePlan {
                        key,
                        noun: op.contract().resource.as_ref().map_or_else(String::new, |r| r.noun.clone()),
                        section: op.contract().section.clone(),
                        settle: settle.get(op.id()).copied().unwrap_or(0),
                        cost: op.contract().resource.as_ref().and_then(|r| Some(r.cost.as_ref()?.text.clone())),
                        ..ResourcePlan::default()
                    });
                    if p.effect >= Effect::Billable {
                        r.billable.push((s.id.clone(), p.changes));
                    }
                    if p.effect == Effect::Irreversible && p.changes {
                        r.irreversible.push(s.id.clone());
                    }
                    r.changes += usize::from(p.changes);
                }
                if p.creates
                    && let Some(parent) = parent_of(op, profile)
                {
                    let c = adds.entry(parent.clone()).or_insert_with(|| CreatedPlan {
                        parent: parent.clone(),
                        noun: created_noun(op),
                        ..CreatedPlan::default()
                    });
                    if p.setup && pool.contains(&parent) {
                        c.shared += 1;
                    } else {
                        c.adds += 1;
                        pool.insert(parent);
                    }
                }
            }
            if let Some(reason) = past_bounds(&resources, &created, &bill, &adds, bounds) {
                if let Some(d) = decisions.get_mut(i) {
                    *d = Decision::Skip(reason);
                }
                continue;
            }
            pooled = pool;
            for (key, mine) in bill {
                let r = resources.entry(key).or_insert_with(|| ResourcePlan {
                    billable: Vec::new(),
                    irreversible: Vec::new(),
                    changes: 0,
                    ..mine.clone()
                });
                r.billable.extend(mine.billable);
                r.irreversible.extend(mine.irreversible);
                r.changes += mine.changes;
            }
            for (parent, mine) in adds {
                let c = created.entry(parent).or_insert_with(|| CreatedPlan { adds: 0, shared: 0, ..mine.clone() });
                c.adds += mine.adds;
                c.shared += mine.shared;
            }
        }
        let resources = resources.into_values().filter(|r| !r.billable.is_empty() || r.changes > 0).collect();
        Sequence { resources, created: created.into_values().collect(), max_created: bounds.max_created }
    }
}

/// Why a scenario that adds `bill` and `adds` to what the run already plans is past a bound.
fn past_bounds(
    resources: &BTreeMap<String, ResourcePlan>,
    created: &BTreeMap<String, CreatedPlan>,
    bill: &BTreeMap<String, ResourcePlan>,
    adds: &BTreeMap<String, CreatedPlan>,
    bounds: Bounds,
) -> Option<String> {
    if !bounds.stub {
        for (key, mine) in bill {
            let before = resources.get(key);
            let billable = before.map_or(0, |r| r.billable.len()) + mine.billable.len();
            let changes = before.map_or(0, |r| r.changes) + mine.changes;
            let requests = billable + changes % 2;
            if requests > bounds.max_billable {
                let planned = before.map_or(0, ResourcePlan::requests);
                return Some(format!(
                    "@effect-billable: the run's bill is bounded to {} billable requests per resource of the account, \
                     the restore included (one change up and one back by default), and {} {key} has {planned} already; \
                     raise it with --max-billable N or [safety] max_billable",
                    bounds.max_billable, mine.noun
                ));
            }
        }
    }
    for (parent, mine) in adds {
        let total = created.get(parent).map_or(0, |c| c.adds) + mine.adds;
        if mine.adds > 0 && total > bounds.max_created {
            return Some(format!(
                "@effect-changes: the run creates at most {} {}(s) under {parent} ({} planned already); raise it with \
                 --max-created N or [safety] max_created",
                bounds.max_created,
                mine.noun,
                total - mine.adds
            ));
        }
    }
    None
}

impl fmt::Display for Sequence {
    /// One paragraph per resource (its billable requests, changes, restore and waits) and one
    /// line per parent (what the run creates there).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        for r in &self.resources {
            let restore = match (r.changes, r.restore()) {
                (0, _) => String::new(),
                _ if !r.irreversible.is_empty() => format!(
                    ", never set back: {} change(s) it for good (irreversible), so it is neither part of an \
                     up-and-back plan nor restored at the end",
                    r.irreversible.join(", ")
                ),
                (_, true) => ", then a restore to its start value at the end".to_string(),
                (_, false) => ", back at its start value at the end (no restore)".to_string(),
            };
            let moves = r.changes + usize::from(r.restore());
            let wait = match (r.settle, moves) {
                (0, _) => "no wait between its changes".to_string(),
                (s, m) if m > 1 => {
                    let n = if m == 2 { "1 wait".to_string() } else { format!("{} waits", m - 1) };
                    format!("waits {s} s between its changes ({n}; [{}] settle_seconds)", r.section)
                }
                (s, _) => format!("waits {s} s after a change before the next ([{}] settle_seconds)", r.section),
            };
            let _ = writeln!(
                out,
                "  {} {}: {} billable request(s), {} change(s){restore}; {wait}",
                r.noun,
                r.key,
                r.requests(),
                r.changes
            );
            if let Some(cost) = r.cost.as_ref().filter(|_| r.requests() > 0) {
                let _ = writeln!(out, "    each billable request {cost}");
            }
            for (n, (id, change)) in r.billable.iter().enumerate() {
                let what = if *change { "change" } else { "may charge" };
                let _ = writeln!(out, "    {}. {what}: {id}", n + 1);
            }
            if r.restore() {
                let _ = writeln!(out, "    {}. restore", r.billable.len() + 1);
            }
        }
        for c in &self.created {
            let shared =
                if c.shared > 0 { format!(", {} set-up(s) sharing one instead", c.shared) } else { String::new() };
            let _ = writeln!(
                out,
                "  adds {} {}(s) under {} (at most {} per run){shared}",
                c.adds, c.noun, c.parent, self.max_created
            );
        }
        f.write_str(out.trim_end_matches('\n'))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use conformance_contract::{Contracts, Profile};

    use super::Bounds;
    use crate::plan::{Decision, Plan};

    async fn planned() -> (Plan, Contracts, Profile) {
        let contracts = Arc::new(Contracts::load(conformance_contract::default_fixtures_dir()).unwrap());
        let mut plan = Plan::load(&crate::default_features_dir(), &contracts).unwrap();
        crate::plan::derive(&mut plan, &contracts).await.unwrap();
        let profile = Profile::every_key(contracts.keys());
        (plan, Arc::try_unwrap(contracts).unwrap(), profile)
    }

    fn skipped<'d>(plan: &Plan, d: &'d [Decision], says: &str) -> Vec<(String, &'d str)> {
        plan.scenarios()
            .zip(d)
            .filter_map(|((_, s), d)| match d {
                Decision::Skip(r) if r.contains(says) => Some((s.id.clone(), r.as_str())),
                _ => None,
            })
            .collect()
    }

    #[tokio::test]
    async fn the_sequence_counts_the_bill_per_resource_and_bounds_what_is_created() {
        let (plan, contracts, profile) = planned().await;
        let stub = Bounds { max_billable: 2, max_created: 3, stub: true };
        let mut d = plan.decide(None, &profile);
        let seq = plan.sequence(&mut d, &contracts, &profile, stub, &BTreeMap::new());
        assert!(d.iter().all(|d| *d == Decision::Run), "a stub bills nothing, and 3 services are enough");
        let created: Vec<(usize, usize)> = seq.created.iter().map(|c| (c.adds, c.shared)).collect();
        assert_eq!(created.len(), 1);
        assert_eq!(created[0].0, 3, "the run adds 3 services: {seq}");
        assert!(created[0].1 > 20, "the update scenarios share them: {seq}");
        let cph = seq.resources.iter().find(|r| r.noun == "cloud phone server").unwrap();
        // 7 changes, the restore, and the 2 refusals of a name too long, which a target that
        // wrongly accepted would bill.
        assert_eq!((cph.changes, cph.restore(), cph.requests()), (7, true, 10), "{seq}");
        assert!(seq.to_string().contains("10. restore"), "{seq}");

        // Against a real target: one change up and one back per resource, the rest skipped
        // saying how to raise it.
        let real = Bounds { stub: false, ..stub };
        let mut d = plan.decide(None, &profile);
        let seq = plan.sequence(&mut d, &contracts, &profile, real, &BTreeMap::new());
        assert!(seq.resources.iter().all(|r| r.requests() <= 2), "{seq}");
        let past = skipped(&plan, &d, "--max-billable N");
        assert!(past.iter().any(|(id, _)| id.contains("Automatic payment")), "{past:?}");
        assert!(past.iter().any(|(id, _)| id.contains("internal server error")), "the fault may charge: {past:?}");

        // Fewer services allowed: the scenarios past the bound are skipped, the first kept.
        let one = Bounds { max_created: 1, ..stub };
        let mut d = plan.decide(None, &profile);
        let seq = plan.sequence(&mut d, &contracts, &profile, one, &BTreeMap::new());
        assert_eq!(seq.created[0].adds, 1, "{seq}");
        let past = skipped(&plan, &d, "--max-created N");
        assert_eq!(past.len(), 2, "the largest cycle and the documented example: {past:?}");
        assert!(past[0].1.contains("creates at most 1 service(s)"), "{past:?}");
    }
}
