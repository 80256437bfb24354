//! Schemathesis's per-operation settings for the export, derived from the fixtures and a target
//! profile (the bundled stub's, in CI), so a new operation gets them with no hand-written
//! line: the credentials of each security scheme; per operation, the ids its path takes (the
//! profile's values of its bindings, or a resource the stub seeds where the path names one a
//! scenario would have created), the values of its mandatory query parameters (`query.<name>`:
//! what the runner sends, [`Operation::bind_query`]), the body values that depend on the target's state (an item of a
//! list key, a URL naming a seeded resource), and two judgements taken from the contract: the
//! coverage phase's `positive_data_acceptance` is off where a body value depends on state (a
//! boundary the schema allows may be one the target refuses with its documented 400), and
//! strings are ASCII where a limit counts bytes (`maxLength` counts characters). The run's own
//! settings (seed, examples, cache) stay in `ci/schemathesis.toml`, which this text follows.

use std::collections::BTreeMap;

use conformance_contract::bind::{as_text, resolve};
use conformance_contract::meets::{At, Source};
use conformance_contract::{BindContext, Contracts, Operation, Profile, match_path};
use serde_json::{Value, json};

/// The TOML of the generated sections: `[auth.openapi.*]` and `[[operations]]`. `Err` when a
/// bound value has no TOML form.
pub fn settings(contracts: &Contracts, profile: &Profile) -> Result<String, toml::ser::Error> {
    let seeded = seeded(contracts, profile);
    let names = crate::security::names(contracts);
    let mut auth = toml::Table::new();
    let mut operations = Vec::new();
    for op in contracts.operations() {
        let c = op.contract();
        let slot = |s: &str| profile.text(c.auth.credentials.get(s)?).map(str::to_string);
        let sent = crate::security::tool_credentials(c, &slot);
        if !sent.is_empty() {
            let entry = table(sent.into_iter().map(|(k, v)| (k, toml::Value::from(v))));
            auth.entry(names[&c.id].clone()).or_insert(toml::Value::Table(entry));
        }
        operations.push(toml::Value::Table(operation(op, profile, &seeded)));
    }
    let root = table([
        ("auth", toml::Value::Table(table([("openapi", toml::Value::Table(auth))]))),
        ("operations", toml::Value::Array(operations)),
    ]);
    let body = toml::to_string_pretty(&root)?;
    Ok(format!("\n# Generated from the fixtures and a profile (`cargo xtask openapi --schemathesis FILE`).\n{body}"))
}

fn table<'a>(entries: impl IntoIterator<Item = (&'a str, toml::Value)>) -> toml::Table {
    entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The paths of the resources the stub seeds (every fixture's `stub.resources`), `{key}` filled
/// with the profile's values.
fn seeded(contracts: &Contracts, profile: &Profile) -> Vec<String> {
    let fill = |path: &str| {
        profile.values().fold(path.to_string(), |out, (k, v)| out.replace(&format!("{{{k}}}"), &as_text(v)))
    };
    contracts.operations().iter().flat_map(|o| o.contract().stub.resources.iter().map(move |r| fill(&r.path))).collect()
}

/// One `[[operations]]` entry.
fn operation(op: &Operation, profile: &Profile, seeded: &[String]) -> toml::Table {
    let c = op.contract();
    // What a scenario would have created: a seeded resource the path names (a path parameter
    // bound to a created resource), else, for an operation that creates them, one seeded where
    // it creates them.
    let created_param = c.bindings.iter().find_map(|b| match (&b.at, &b.from) {
        (At::Path(p), Source::Created(_)) => Some(p.clone()),
        _ => None,
    });
    let creates = c.responses.iter().any(|r| r.state.as_ref().is_some_and(|s| s.creates.is_some()));
    let (template, param) = match (&created_param, &c.resource) {
        (Some(p), Some(r)) => (r.path.clone(), p.clone()),
        _ if creates => (format!("{}/{{child}}", c.path), "child".to_string()),
        _ => (String::new(), String::new()),
    };
    let created: Vec<String> = seeded.iter().filter_map(|s| match_path(&template, s)?.remove(&param)).collect();
    let cx = BindContext { harmless: false, run_id: "schemathesis", created: &created };
    let mut params: BTreeMap<String, Value> = BTreeMap::new();
    let mut stateful = false;
    let path = op.bind_path(profile, &cx, &BTreeMap::new(), &mut Vec::new()).unwrap_or_default();
    for (name, v) in path {
        params.insert(format!("path.{name}"), Value::from(v));
    }
    // The mandatory query parameters, as the runner sends them (a target refuses a request
    // without one): an optional one stays Schemathesis's to generate.
    let query = op.bind_query(profile, &cx, &BTreeMap::new(), &mut Vec::new()).unwrap_or_default();
    for (name, v) in query {
        if c.query_params.iter().any(|q| q.name == name && q.required) {
            params.insert(format!("query.{name}"), Value::from(v));
        }
    }
    for b in &c.bindings {
        let At::Body(ptr) = &b.at else { continue };
        if !matches!(b.from, Source::Pick { .. } | Source::Template(_) | Source::Created(_)) {
            continue;
        }
        stateful = true;
        if let Some((member, v)) = body_value(op, profile, &cx, ptr, &b.from) {
            params.insert(format!("body.{member}"), v);
        }
    }
    let mut t = table([("include-operation-id", toml::Value::from(c.id.replace('/', ".")))]);
    // A value TOML has no form for (a JSON null) is left for Schemathesis to generate.
    let params: toml::Table =
        params.into_iter().filter_map(|(k, v)| Some((k, toml::Value::try_from(v).ok()?))).collect();
    if !params.is_empty() {
        t.insert("parameters".into(), toml::Value::Table(params));
    }
    if !c.request.constraints.is_empty() {
        t.insert("generation".into(), toml::Value::Table(table([("codec", "ascii".into())])));
    }
    if stateful {
        let off = table([("enabled", toml::Value::from(false))]);
        let checks = table([("positive_data_acceptance", toml::Value::Table(off))]);
        let coverage = table([("checks", toml::Value::Table(checks))]);
        t.insert("phases".into(), toml::Value::Table(table([("coverage", toml::Value::Table(coverage))])));
    }
    t
}

/// The top-level member a body binding fills, and its value: the bound value, or a list of it
/// where the binding fills the list's first item (`/relatedTo/0`).
fn body_value(op: &Operation, p: &Profile, cx: &BindContext<'_>, ptr: &str, from: &Source) -> Option<(String, Value)> {
    let (member, in_list) = match ptr.trim_start_matches('/').split_once('/') {
        Some((m, "0")) => (m, true),
        Some(_) => return None,
        None => (ptr.trim_start_matches('/'), false),
    };
    let example = op.contract().examples.iter().find_map(|e| e.body.as_ref()?.pointer(ptr).cloned());
    let v = resolve(from, example.as_ref(), p, cx, &mut Vec::new()).ok()?;
    Some((member.to_string(), if in_list { json!([v]) } else { v }))
}
