//! The safety guard and the plan's summary. Against anything but the bundled stub, a scenario
//! whose effect class the user did not allow is skipped, and so is one beyond the share of an
//! account's allowance (the few wrong signatures a real AK may take): the fixtures say which
//! allowance a role spends, how many a run may spend per account (the pool key's value), and
//! the scenarios that may spend it are chosen one per operation first, in plan order, so every
//! operation is proven before any gets a second. [`summarize`] counts what the run may change or
//! charge; [`listing`] names every scenario that will run.

use std::collections::{BTreeMap, BTreeSet};

use conformance_contract::{Contracts, Effect, Profile};

use super::{Decision, Plan};

/// Whether a run's target is a stub, so no real account is at stake: the bundled stub as
/// established from the target (`Profile::stub_target`: the embedded one, or one whose admin
/// API answers the instance that wrote the profile), or a replay (nothing is sent). Never a
/// profile's word alone: a copied stub profile pointed at another target is a real target.
pub fn is_stub_target(profile: &Profile, replay: bool) -> bool {
    replay || profile.stub_target
}

/// Whether the profile says its target is the user's own, to change and charge at will
/// (`[safety] disposable = true`): every class but `irreversible` runs, no bill bound, no
/// wrong-signature cap.
pub fn is_disposable(profile: &Profile) -> bool {
    profile.safety.disposable
}

/// The effect classes a run may use beyond `none`: the profile's `[safety] allow` and `--allow`
/// (`extra`); a stub target (see [`is_stub_target`]) changes and charges nothing real, and a
/// disposable one ([`is_disposable`]) is the user's to change, so either allows every class, but
/// `irreversible`: only a stub target or `--allow irreversible` on the command line allows it.
pub fn allowed(profile: &Profile, extra: &[Effect], replay: bool) -> Vec<Effect> {
    let mut allow = profile.safety.allow.clone();
    allow.extend(extra.iter().copied());
    if is_stub_target(profile, replay) {
        allow.extend([Effect::Changes, Effect::Billable, Effect::Irreversible]);
    } else if is_disposable(profile) {
        // A disposable profile is still a profile: it cannot allow `irreversible`.
        allow.extend([Effect::Changes, Effect::Billable]);
    }
    allow
}

impl Plan {
    /// Skips, among the scenarios decided [`Decision::Run`], those whose effect class is not in
    /// `allow` and, unless the target is a stub, those beyond an allowance's share.
    pub fn guard(
        &self,
        decisions: &mut [Decision],
        allow: &[Effect],
        stub: bool,
        contracts: &Contracts,
        profile: &Profile,
    ) {
        for ((_, s), d) in self.scenarios().zip(decisions.iter_mut()) {
            if *d == Decision::Run && s.effect != Effect::None && !allow.contains(&s.effect) {
                let key = s.effect.key();
                let how = if s.effect == Effect::Irreversible {
                    format!("--allow {key} on the command line (a profile cannot allow it)")
                } else {
                    format!("--allow {key} or [safety] allow = [\"{key}\"]")
                };
                *d = Decision::Skip(format!("@effect-{key}: {}; allow it with {how}", s.why));
            }
        }
        if !stub && !is_disposable(profile) {
            self.share_allowances(decisions, contracts, profile);
        }
    }

    /// Chooses, per allowance and account, at most its `per_run` scenarios: one per operation
    /// first, then a second each, and so on; the rest are skipped with the reason.
    fn share_allowances(&self, decisions: &mut [Decision], contracts: &Contracts, profile: &Profile) {
        // (allowance, pool key, account) → operation → the scenarios (by index) that spend it,
        // in order. Two vendors' allowances of one name are two allowances: each its own pool.
        let mut pools: BTreeMap<(String, String, String), BTreeMap<String, Vec<usize>>> = BTreeMap::new();
        for (i, ((f, s), d)) in self.scenarios().zip(decisions.iter()).enumerate() {
            if *d != Decision::Run {
                continue;
            }
            for (name, pool) in &s.spends {
                let account = profile.text(pool).unwrap_or_default().to_string();
                let op = format!("{}/{}", f.vendor, f.operation);
                pools.entry((name.clone(), pool.clone(), account)).or_default().entry(op).or_default().push(i);
            }
        }
        for ((name, pool, _), by_op) in pools {
            let doc = contracts
                .operations()
                .iter()
                .flat_map(|o| o.contract().auth.allowances.iter())
                .filter(|a| a.name == name && a.pool == pool)
                .min_by_key(|a| a.per_run);
            let Some(doc) = doc else { continue };
            let mut queues: Vec<std::collections::VecDeque<usize>> = by_op.into_values().map(Into::into).collect();
            let mut chosen = BTreeSet::new();
            while chosen.len() < doc.per_run && queues.iter().any(|q| !q.is_empty()) {
                for q in &mut queues {
                    if chosen.len() < doc.per_run
                        && let Some(i) = q.pop_front()
                    {
                        chosen.insert(i);
                    }
                }
            }
            for i in queues.into_iter().flatten() {
                if let Some(d) = decisions.get_mut(i) {
                    *d = Decision::Skip(format!(
                        "@spends-{name}: at most {} scenarios per run spend the account's {name} allowance against a \
                         real target, chosen one per operation first ({})",
                        doc.per_run, doc.why
                    ));
                }
            }
        }
    }
}

/// The risks of the scenarios to run that spend an account's allowance, one paragraph each:
/// `risk: 2 scenario(s) sign with [huawei] ak and a wrong secret key …: <why the account has
/// the limit>`, then the scenarios. The stub's account has none at stake.
pub fn risks(plan: &Plan, decisions: &[Decision], contracts: &Contracts, stub: bool) -> Vec<String> {
    if stub {
        return Vec::new();
    }
    let mut by: BTreeMap<(String, String), Vec<&str>> = BTreeMap::new();
    for ((_, s), d) in plan.scenarios().zip(decisions) {
        if *d == Decision::Run {
            for (name, pool) in &s.spends {
                by.entry((name.clone(), pool.clone())).or_default().push(s.id.as_str());
            }
        }
    }
    let docs = contracts.operations().iter().flat_map(|o| o.contract().auth.allowances.iter());
    let docs: Vec<_> = docs.collect();
    by.into_iter()
        .map(|((name, pool), ids)| {
            let why = docs.iter().find(|a| a.name == name).map_or("", |a| a.why.as_str());
            let mut out = format!(
                "  risk: {} scenario(s) spend the account's {name} allowance of {} (@spends-{name}): {why}\n",
                ids.len(),
                conformance_contract::keys::shown(&pool)
            );
            for id in ids {
                out.push_str(&format!("    - {id}\n"));
            }
            out
        })
        .collect()
}

/// What a run will do, before its first request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanSummary {
    /// Scenarios to run.
    pub scenarios: usize,
    /// Scenarios skipped.
    pub skipped: usize,
    /// Requests that may change a resource (of scenarios whose effect is `changes`).
    pub changing_requests: usize,
    /// Requests that may create an order or a charge (of scenarios whose effect is `billable`).
    pub billable_requests: usize,
    /// Restores the run will send at its end (counted in the requests above).
    pub restores: usize,
    /// Requests that may change a resource for good (of scenarios whose effect is
    /// `irreversible`), counted apart.
    pub irreversible_requests: usize,
}

impl PlanSummary {
    /// The summary with the restores `sequence` plans counted in: each restore is a billable
    /// request of the resource it sets back.
    #[must_use]
    pub fn with_restores(mut self, sequence: &super::Sequence) -> PlanSummary {
        self.restores = sequence.resources.iter().filter(|r| r.restore()).count();
        self.billable_requests += self.restores;
        self
    }
}

/// Counts the scenarios to run and the requests that may change or charge.
pub fn summarize(plan: &Plan, decisions: &[Decision]) -> PlanSummary {
    let mut out = PlanSummary::default();
    for ((_, s), d) in plan.scenarios().zip(decisions) {
        match d {
            Decision::Run => out.scenarios += 1,
            Decision::Skip(_) => {
                out.skipped += 1;
                continue;
            }
            Decision::Deselected => continue,
        }
        match s.effect {
            Effect::None => {}
            Effect::Changes => out.changing_requests += s.requests,
            Effect::Billable => out.billable_requests += s.requests,
            Effect::Irreversible => out.irreversible_requests += s.requests,
        }
    }
    out
}

/// The scenarios to run, one line each with its effect class and why it has it
/// (`  [changes] <id>: <why>`), the ones that may change or charge first.
pub fn listing(plan: &Plan, decisions: &[Decision]) -> String {
    let mut lines: Vec<(Effect, &str, String)> = plan
        .scenarios()
        .zip(decisions)
        .filter(|(_, d)| **d == Decision::Run)
        .map(|((_, s), _)| {
            let spends: String = s
                .spends
                .iter()
                .map(|(name, pool)| {
                    format!("; it spends the account's {name} allowance of {}", conformance_contract::keys::shown(pool))
                })
                .collect();
            (s.effect, s.id.as_str(), format!("{}{spends}", s.why))
        })
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    lines.iter().map(|(e, id, why)| format!("  [{}] {id}: {why}\n", e.key())).collect()
}

impl std::fmt::Display for PlanSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "plan: {} scenarios to run, {} skipped; up to {} requests may change resources, up to {} may \
             create an order or a charge",
            self.scenarios, self.skipped, self.changing_requests, self.billable_requests
        )?;
        if self.restores > 0 {
            write!(f, " ({} of them the restores at the end)", self.restores)?;
        }
        if self.irreversible_requests > 0 {
            write!(
                f,
                "; up to {} may change a resource for good (irreversible: never set back)",
                self.irreversible_requests
            )?;
        }
        Ok(())
    }
}
