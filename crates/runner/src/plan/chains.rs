//! The run's chains: what may change or charge runs as one chain per resource of the account,
//! in plan order within each chain, the chains side by side, so that the settle waits of one
//! resource do not add to another's. A serial scenario belongs to the chain of every resource
//! it addresses (an account's resource its requests address, the parent under which it creates
//! or shares a set-up); a scenario that joins two
//! chains merges them, so a set-up shared between scenarios keeps its order, and one that names
//! none joins the chain of the rest. `--concurrency 1` runs them one after another. The plan
//! prints each chain with its scenarios and its settle waits ([`Chains`]' `Display`).

use std::fmt::{self, Write as _};

use conformance_contract::{Contracts, Effect, Profile};

use super::sequence::{Sequence, execution_order, parent_of};
use super::{Decision, Plan};

/// One chain: scenarios that run one at a time, in plan order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chain {
    /// What it changes or creates (`gateway /v2/…`, `service(s) under /orders/…`).
    pub resources: Vec<String>,
    /// Its scenarios, by index in plan order.
    pub scenarios: Vec<usize>,
    /// The seconds it waits for changes to settle, its restores' included.
    pub waits: u64,
}

impl Chain {
    /// `decisions` with only this chain's scenarios left to run.
    pub(crate) fn only(&self, decisions: &[Decision]) -> Vec<Decision> {
        let keep = |i: usize, d: &Decision| if self.scenarios.contains(&i) { d.clone() } else { Decision::Deselected };
        decisions.iter().enumerate().map(|(i, d)| keep(i, d)).collect()
    }
}

/// The chains of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chains {
    /// In the order of their first scenario.
    pub chains: Vec<Chain>,
    /// They run side by side (`--concurrency` above 1, and not a dry run).
    pub side_by_side: bool,
}

impl Plan {
    /// The chains of the serial scenarios decided [`Decision::Run`]; `sequence` gives each
    /// resource's waits.
    pub fn chains(
        &self,
        decisions: &[Decision],
        contracts: &Contracts,
        profile: &Profile,
        sequence: &Sequence,
        side_by_side: bool,
    ) -> Chains {
        let scenarios: Vec<_> = self.scenarios().map(|(_, s)| s).collect();
        let mut chains: Vec<Chain> = Vec::new();
        for i in execution_order(self, decisions) {
            let Some(s) = scenarios.get(i).filter(|s| s.tags.iter().any(|t| t == "serial")) else { continue };
            let mut names: Vec<String> = Vec::new();
            for p in s.planned.iter() {
                let Some(op) = contracts.operation(&p.op) else { continue };
                let noun = op.contract().resource.as_ref().map_or("resource", |r| r.noun.as_str());
                if let Some(key) = op.account_resource(profile).filter(|_| !op.changes().is_empty()) {
                    names.push(format!("{noun} {key}"));
                }
                if p.creates
                    && let Some(parent) = parent_of(op, profile)
                {
                    names.push(format!("{}(s) under {parent}", crate::world::creates_noun(op).unwrap_or("resource")));
                }
                if p.effect == Effect::Billable && names.is_empty() {
                    names.push(format!("what {} may charge for", op.id()));
                }
            }
            if names.is_empty() {
                names.push("the rest".into());
            }
            names.dedup();
            join(&mut chains, i, names);
        }
        for c in &mut chains {
            let mine = sequence.resources.iter().filter(|r| c.resources.contains(&format!("{} {}", r.noun, r.key)));
            c.waits = mine.map(|r| r.settle * (r.changes + usize::from(r.restore())).saturating_sub(1) as u64).sum();
        }
        Chains { chains, side_by_side }
    }
}

/// Adds scenario `i`, which names `names`, to the chain holding any of them, merging the chains
/// it joins (the first keeps its place), or to a new chain.
fn join(chains: &mut Vec<Chain>, i: usize, names: Vec<String>) {
    let hit: Vec<usize> =
        (0..chains.len()).filter(|c| chains[*c].resources.iter().any(|r| names.contains(r))).collect();
    let Some(&first) = hit.first() else {
        chains.push(Chain { resources: names, scenarios: vec![i], waits: 0 });
        return;
    };
    for &other in hit.iter().skip(1).rev() {
        let merged = chains.remove(other);
        chains[first].resources.extend(merged.resources);
        chains[first].scenarios.extend(merged.scenarios);
    }
    let c = &mut chains[first];
    c.scenarios.sort_unstable();
    for n in names {
        if !c.resources.contains(&n) {
            c.resources.push(n);
        }
    }
    c.scenarios.push(i);
}

impl fmt::Display for Chains {
    /// Nothing unless several chains run side by side; else each chain and the expected length.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.side_by_side || self.chains.len() < 2 {
            return Ok(());
        }
        let mut out = format!(
            "  runs {} chains side by side, each in plan order (--concurrency 1 runs them one after another):\n",
            self.chains.len()
        );
        for (n, c) in self.chains.iter().enumerate() {
            let waits = if c.waits == 0 { "no wait".to_string() } else { format!("waits {} s", c.waits) };
            let _ = writeln!(
                out,
                "    chain {}: {} scenario(s), {waits}: {}",
                n + 1,
                c.scenarios.len(),
                c.resources.join("; ")
            );
        }
        let longest = self.chains.iter().map(|c| c.waits).max().unwrap_or(0);
        let all: u64 = self.chains.iter().map(|c| c.waits).sum();
        let _ = write!(
            out,
            "  expected length: {longest} s of settle waits (the longest chain), against {all} s one after another"
        );
        f.write_str(&out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use conformance_contract::{Contracts, Profile};

    use super::super::sequence::Bounds;
    use crate::plan::{Decision, Plan};

    #[tokio::test]
    async fn each_resource_of_the_account_is_a_chain_in_plan_order_and_shared_set_ups_keep_theirs() {
        let contracts = Arc::new(Contracts::load(conformance_contract::default_fixtures_dir()).unwrap());
        let mut plan = Plan::load(&crate::default_features_dir(), &contracts).unwrap();
        crate::plan::derive(&mut plan, &contracts).await.unwrap();
        let profile = Profile::every_key(contracts.keys());
        let mut d = plan.decide(None, &profile);
        let bounds = Bounds { max_billable: 2, max_created: 3, stub: true };
        let settle: BTreeMap<String, u64> = contracts.operations().iter().map(|o| (o.id().to_string(), 5)).collect();
        let seq = plan.sequence(&mut d, &contracts, &profile, bounds, &settle);
        let chains = plan.chains(&d, &contracts, &profile, &seq, true);
        let first = |c: &super::Chain| c.resources.first().cloned().unwrap_or_default();
        let named: Vec<String> = chains.chains.iter().map(first).collect();
        for noun in ["gateway /v2/", "cloud phone server /v1/", "service /accounts/", "service(s) under /orders/"] {
            assert_eq!(named.iter().filter(|n| n.starts_with(noun)).count(), 1, "one chain of {noun}: {named:?}");
        }
        let serial: usize = plan.scenarios().filter(|(_, s)| s.tags.iter().any(|t| t == "serial")).count();
        let chained: usize = chains.chains.iter().map(|c| c.scenarios.len()).sum();
        assert_eq!(chained, serial, "every serial scenario is in one chain");
        for c in &chains.chains {
            assert!(c.scenarios.windows(2).all(|w| w[0] < w[1]), "plan order: {c:?}");
        }
        // The order builder's set-ups are shared: every update scenario is in the adds' chain.
        let orders = chains.chains.iter().find(|c| first(c).starts_with("service(s) under /orders/")).unwrap();
        let ids: Vec<&str> =
            orders.scenarios.iter().filter_map(|i| plan.scenarios().nth(*i)).map(|(_, s)| s.id.as_str()).collect();
        assert!(ids.iter().any(|id| id.starts_with("hostway-orders/update-service")), "{ids:?}");
        // CPH changes 7 times and is restored: 7 waits of 5 s.
        let cph = chains.chains.iter().find(|c| first(c).starts_with("cloud phone server")).unwrap();
        assert_eq!(cph.waits, 35, "{cph:?}");
        let shown = chains.to_string();
        assert!(shown.contains(&format!("runs {} chains side by side", chains.chains.len())), "{shown}");
        assert!(shown.contains("expected length: 35 s of settle waits (the longest chain)"), "{shown}");
        assert!(plan.chains(&d, &contracts, &profile, &seq, false).to_string().is_empty(), "one after another");
        assert!(d.iter().all(|d| *d == Decision::Run));
    }
}
