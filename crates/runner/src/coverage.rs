//! Docs coverage and tag hygiene, as data a test can assert on: every documented status and
//! every documented example in the fixtures must have a scenario tagged for it
//! (`@status-<code>` / `@example-<name>` with its operation's tags), every such tag must name
//! something the contract has, every scenario carries exactly one `@effect-…`, and — checked
//! on a run, against what its steps really asked for and what the target accepted — exactly
//! the `@needs-…` it used, the effect class of what it did, and `@wrong-ak` when it signs with
//! a wrong secret key.

use std::collections::BTreeSet;

use conformance_contract::{Contracts, Effect, Need};

use crate::plan::{Plan, WRONG_AK_TAG};
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

/// Tags that name no status, example or effect of their operation, and scenarios without
/// exactly one `@effect-…`, one line each (empty when clean).
pub fn tag_problems(contracts: &Contracts, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for (f, s) in plan.scenarios() {
        let Some(op) = contracts.operation(&format!("{}/{}", f.vendor, f.operation)) else { continue };
        for t in &s.tags {
            let known = t == &f.vendor
                || t == &f.operation
                || t == "serial"
                || t == WRONG_AK_TAG
                || Effect::from_tag(t).is_some()
                || ["status-", "example-", "needs-"].iter().any(|p| t.starts_with(p));
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
        let effects = s.tags.iter().filter(|t| Effect::from_tag(t).is_some()).count();
        if effects != 1 {
            out.push(format!(
                "{}: carries {effects} of @effect-none / @effect-changes / @effect-billable; exactly one is required",
                s.id
            ));
        }
        if s.tags.iter().any(|t| t == WRONG_AK_TAG) && !s.tags.iter().any(|t| t == "serial") {
            out.push(format!("{}: @{WRONG_AK_TAG} scenarios must be @serial (AK lockout)", s.id));
        }
    }
    out
}

fn did_text(e: Effect) -> &'static str {
    match e {
        Effect::Billable => "may create an order or a charge",
        Effect::Changes => "changes a resource",
        Effect::None => "changes nothing",
    }
}

/// Each scenario's `@needs-…`, `@effect-…` and `@wrong-ak` tags against what its steps really used in
/// `report`'s run (one where the profile meets every need: the bundled stub's), one line per
/// difference (empty when they agree).
pub fn needs_problems(plan: &Plan, report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for (_, s) in plan.scenarios() {
        if !report.scenarios.iter().any(|r| r.id == s.id) {
            continue;
        }
        let Some(used) = report.used.get(&s.id) else {
            out.push(format!("{}: did not run, so its needs could not be checked", s.id));
            continue;
        };
        let tagged: BTreeSet<Need> = s.needs.iter().copied().collect();
        for n in used.needs.difference(&tagged) {
            out.push(format!("{}: its steps use @needs-{n}, which it does not carry", s.id));
        }
        for n in tagged.difference(&used.needs) {
            out.push(format!("{}: carries @needs-{n}, which its steps never use", s.id));
        }
        let did = used.effect.unwrap_or(Effect::None);
        match s.effect {
            Some(tagged) if tagged < did => out.push(format!(
                "{}: a correct target accepted a request that {}, but it is tagged @effect-{}",
                s.id,
                did_text(did),
                tagged.key()
            )),
            // A real vendor ignores the fault header: what the stub refused, it would accept.
            Some(tagged) if tagged > did && !s.needs.contains(&Need::FaultInjection) => out.push(format!(
                "{}: tagged @effect-{}, but no request it sent {}",
                s.id,
                tagged.key(),
                did_text(tagged)
            )),
            _ => {}
        }
        let tagged_wrong_ak = s.tags.iter().any(|t| t == WRONG_AK_TAG);
        if used.wrong_ak != tagged_wrong_ak {
            let what = if used.wrong_ak { "signs with a wrong secret key but is not" } else { "is" };
            out.push(format!("{}: {what} tagged @{WRONG_AK_TAG}", s.id));
        }
    }
    out
}
