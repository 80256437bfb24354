//! Docs coverage and tag hygiene, as data a test can assert on: every documented status and
//! every documented example in the fixtures must have a scenario tagged for it
//! (`@status-<code>` / `@example-<name>` with its operation's tags), every such tag must name
//! something the contract has, and — checked on a run against what its steps really used and
//! what the target accepted — each scenario's plan holds: the needs it bound, the allowances
//! it spent, and no accepted request that did more than its planned effect.

use conformance_contract::{Contracts, Effect};

use crate::plan::Plan;
use crate::report::Report;

/// What the docs document and no scenario checks, one line each (empty when complete).
pub fn coverage_gaps(contracts: &Contracts, plan: &Plan) -> Vec<String> {
    let mut gaps = Vec::new();
    for op in contracts.operations() {
        let c = op.contract();
        let tagged = |tag: &str| {
            plan.scenarios()
                .any(|(f, s)| f.vendor == c.vendor && f.operation == c.operation && s.tags.iter().any(|t| t == tag))
        };
        for r in c.responses.iter().filter(|r| r.documented) {
            if !tagged(&format!("status-{}", r.status)) {
                gaps.push(format!(
                    "{}: documented status {} ({}) has no scenario tagged @status-{}",
                    c.id, r.status, r.meaning, r.status
                ));
            }
        }
        for e in c.examples.iter().filter(|e| e.is_documented()) {
            if !tagged(&format!("example-{}", e.name)) {
                gaps.push(format!(
                    "{}: documented example {:?} has no scenario tagged @example-{}",
                    c.id, e.name, e.name
                ));
            }
        }
    }
    gaps
}

/// Tags outside the vocabulary, and tags that name no status or example of their operation,
/// one line each (empty when clean).
pub fn tag_problems(contracts: &Contracts, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for (f, s) in plan.scenarios() {
        let Some(op) = contracts.operation(&format!("{}/{}", f.vendor, f.operation)) else { continue };
        for t in &s.tags {
            let known = t == &f.vendor
                || t == &f.operation
                || t == "serial"
                || t == "strict"
                || Effect::from_tag(t).is_some()
                || ["status-", "example-", "needs-", "spends-"].iter().any(|p| t.starts_with(p));
            if !known {
                out.push(format!("{}: @{t} is not in the tag vocabulary", s.id));
            }
            if let Some(code) = t.strip_prefix("status-") {
                let known = code == "4xx" || code.parse::<u16>().ok().and_then(|c| op.response(c)).is_some();
                if !known {
                    out.push(format!("{}: @{t} is not a status of {}", s.id, op.id()));
                }
            }
            if let Some(name) = t.strip_prefix("example-")
                && op.example(name).is_none()
            {
                out.push(format!("{}: @{t} is not an example of {}", s.id, op.id()));
            }
        }
    }
    out
}

/// Each scenario's plan against what its steps really used in `report`'s run (one where the
/// profile meets every need: the bundled stub's), one line per difference (empty when they
/// agree): the needs, the allowances, and an accepted request that did more than planned.
pub fn plan_problems(plan: &Plan, report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for (_, s) in plan.scenarios() {
        if !report.scenarios.iter().any(|r| r.id == s.id) {
            continue;
        }
        let Some(used) = report.used.get(&s.id) else {
            out.push(format!("{}: did not run, so its plan could not be checked", s.id));
            continue;
        };
        let planned: std::collections::BTreeSet<_> = s.needs.iter().cloned().collect();
        for n in used.needs.difference(&planned) {
            out.push(format!("{}: its steps used {n}, which its plan does not need", s.id));
        }
        for n in planned.difference(&used.needs) {
            out.push(format!("{}: its plan needs {n}, which its steps never used", s.id));
        }
        let spends: std::collections::BTreeSet<_> = s.spends.iter().cloned().collect();
        if spends != used.spends {
            out.push(format!("{}: planned to spend {spends:?}, spent {:?}", s.id, used.spends));
        }
        let did = used.effect.unwrap_or(Effect::None);
        if did > s.effect {
            out.push(format!(
                "{}: a correct target accepted a request that {}, but its planned effect is {}",
                s.id,
                did.does(),
                s.effect.key()
            ));
        }
    }
    out
}
