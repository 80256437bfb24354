//! What a run tells the user beyond its scenarios: the banner's pacing (the rate and the
//! retries in force), how locations name the features folder, every tag of the suite (for a
//! `--tags` that matches nothing), and the hints at the end of a run — against a URL with no
//! profile, which profile is needed; for an operation whose every request with credentials
//! with permission was answered 401, that the credential was refused.

use conformance_contract::{Contracts, Profile};

use crate::RunOptions;
use crate::collect::Record;
use crate::plan::{Decision, Plan};
use crate::{auth, transport};

/// How the run paces its requests, for the banner: the rate in force and the retries of a
/// throttled answer.
pub(crate) fn pacing(opts: &RunOptions, embedded_stub: bool, local: bool) -> String {
    if opts.dry_run {
        return "a dry run: nothing is sent".into();
    }
    if opts.replay.is_some() {
        return format!(
            "replayed: no rate, throttled answers retried up to {} times without waiting",
            opts.retry.retries
        );
    }
    let rate = transport::rate(opts, local);
    let why = match (opts.rate, embedded_stub) {
        (Some(_), _) => "--rate",
        (None, true) => "the embedded stub",
        (None, false) if local => "a loopback target",
        (None, false) => "the default against a remote target; --rate changes it",
    };
    let rate =
        if rate == 0 { format!("rate: no limit ({why})") } else { format!("rate: at most {rate} requests/s ({why})") };
    format!("{rate}, throttled answers retried up to {} times (--retries)", opts.retry.retries)
}

/// The features folder as locations name it: the label given, else the folder as given.
pub(crate) fn features_root(opts: &RunOptions) -> String {
    let root = opts.features_label.clone().unwrap_or_else(|| opts.features_dir.display().to_string());
    root.trim_end_matches(['/', '\\']).to_string()
}

/// Every tag of the suite (the features' own and the derived ones), each once, by group:
/// vendors, operations, statuses, examples, the derived effects, needs and allowances, and any
/// other (`@serial`, a feature's own).
pub(crate) fn known_tags(plan: &Plan) -> Vec<(String, Vec<String>)> {
    let mut all: Vec<String> = plan.scenarios().flat_map(|(_, s)| s.tags.iter().cloned()).collect();
    all.sort();
    all.dedup();
    let vendors: Vec<String> = plan.features.iter().map(|f| f.vendor.clone()).collect();
    let operations: Vec<String> = plan.features.iter().map(|f| f.operation.clone()).collect();
    let take = |all: &mut Vec<String>, keep: &dyn Fn(&str) -> bool| {
        let (taken, rest): (Vec<String>, Vec<String>) = std::mem::take(all).into_iter().partition(|t| keep(t));
        *all = rest;
        taken
    };
    let mut groups = vec![
        ("vendors", take(&mut all, &|t| vendors.iter().any(|v| v == t))),
        ("operations", take(&mut all, &|t| operations.iter().any(|o| o == t))),
    ];
    for (prefix, name) in [
        ("status-", "statuses"),
        ("example-", "examples"),
        ("effect-", "effects (derived)"),
        ("needs-", "needs (derived)"),
        ("spends-", "allowances spent (derived)"),
    ] {
        groups.push((name, take(&mut all, &|t| t.starts_with(prefix))));
    }
    groups.push(("others", all));
    groups.into_iter().map(|(name, tags)| (name.to_string(), tags)).collect()
}

/// What the user should know that no scenario says: against a URL with no profile, which
/// profile is needed; for an operation whose every request with credentials with permission
/// was answered 401, that the credential was refused.
pub(crate) fn hints(
    plan: &Plan,
    decisions: &[Decision],
    records: &[Record],
    contracts: &Contracts,
    opts: &RunOptions,
    profile: &Profile,
    stub_target: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let skipped = decisions.iter().filter(|d| matches!(d, Decision::Skip(_))).count();
    if !stub_target && opts.profile.is_none() && opts.base_url.is_some() && skipped > 0 {
        out.push(format!(
            "hint: no --profile was given, so the {skipped} scenarios that need the target's credentials or resource ids \
             were skipped; write a target profile (a complete example: README, \"Target profile\") and pass it with \
             --profile FILE"
        ));
    }
    // Per operation: (scenarios with a request with permission, of which every one was answered 401).
    let mut by_op: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (((f, _), d), r) in plan.scenarios().zip(decisions).zip(records) {
        if *d != Decision::Run || r.permitted.is_empty() {
            continue;
        }
        let e = by_op.entry(format!("{}/{}", f.vendor, f.operation)).or_default();
        e.0 += 1;
        if r.permitted.iter().all(|s| *s == 401) {
            e.1 += 1;
        }
    }
    for (op, (with_permission, refused)) in by_op {
        if with_permission == 0 || refused < with_permission {
            continue;
        }
        // The credential sent: the keys of the need's alternative the profile gives.
        let need = contracts.operation(&op).and_then(|o| auth::footprint(o, conformance_contract::Role::Valid).ok());
        let keys = match need.and_then(|(need, _)| need) {
            Some(conformance_contract::Need::Keys(groups)) => groups
                .iter()
                .find(|g| g.iter().all(|k| profile.has(k)))
                .map(|g| format!(" ({})", conformance_contract::Need::all(g.iter().map(String::as_str)).profile_keys()))
                .unwrap_or_default(),
            _ => String::new(),
        };
        out.push(format!(
            "hint: every request of {op} sent with credentials with permission was answered 401: the target refused \
             the credential{keys}; check that it is set, valid and not expired"
        ));
    }
    out
}

/// The rules of the planned operations that no scenario can test (a precondition the page gives
/// no refusal for), one line each: the plan lists them before the run, the report among its
/// hints.
pub(crate) fn untestable(plan: &Plan, contracts: &Contracts) -> Vec<String> {
    let ops: std::collections::BTreeSet<String> =
        plan.scenarios().map(|(f, _)| format!("{}/{}", f.vendor, f.operation)).collect();
    let mut out = Vec::new();
    for op in ops {
        let Some(o) = contracts.operation(&op) else { continue };
        for r in &o.contract().rules {
            if let Some(why) = &r.untestable {
                out.push(format!("untestable: {op} rule {}: \"{}\" ({why})", r.id, r.text));
            }
        }
    }
    out
}
