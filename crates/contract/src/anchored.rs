//! Every item of a contract that carries an anchor, by the field that holds it, and the load
//! checks of `ANCHORS.md`: an item a check can rest on has a quote or names an erratum, every
//! erratum it names exists, every erratum has a kind, and each property schema carries an
//! `x-provenance` (a keyword the page does not state goes in `x-strict`, naming its erratum).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::{BodyDoc, Contract, ErratumKind, Provenance};

/// One anchored item of a contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The field that holds it (`responses[0]`, `request.schema#/properties/name`), as load
    /// errors name fields.
    pub field: String,
    /// What it is, in words (`status 202`, `request member /name`).
    pub label: String,
    /// Its anchor (sources filled in).
    pub provenance: Provenance,
    /// Whether a check can rest on it: a lost anchor of it is drift, not a wording note.
    pub checked: bool,
}

/// Every anchored item of `c`, in file order: the operation, auth, path parameters, request
/// headers, the request, its variants, its constraints and property schemas, each status with
/// the request value that chooses it (`when`), how it is provoked (`provoked`), its headers,
/// body and property schemas, the default response and its body (never checked), examples
/// (with their closed objects), rules, the shared `$defs`' property schemas, and the errata
/// (never checked: wording).
pub fn items(c: &Contract) -> Vec<Item> {
    let mut out = Vec::new();
    let mut push = |field: String, label: String, p: &Provenance, checked: bool| {
        out.push(Item { field, label, provenance: p.clone(), checked });
    };
    push("provenance".into(), format!("{} {}", c.method, c.path), &c.provenance, true);
    push("auth.provenance".into(), "authentication".into(), &c.auth.provenance, true);
    for (i, p) in c.path_params.iter().enumerate() {
        push(format!("path_params[{i}]"), format!("path parameter {}", p.name), &p.provenance, true);
    }
    for (i, q) in c.query_params.iter().enumerate() {
        push(format!("query_params[{i}]"), format!("query parameter {}", q.name), &q.provenance, true);
    }
    for (i, h) in c.request_headers.iter().enumerate() {
        push(format!("request_headers[{i}]"), format!("request header {}", h.name), &h.provenance, true);
    }
    push("request".into(), "request body".into(), &c.request.provenance, true);
    if let Some(v) = &c.request.variants {
        let label = format!("request variants by {} ({})", v.discriminator, v.in_scope.join(", "));
        push("request.variants".into(), label, &v.provenance, true);
    }
    for (i, k) in c.request.constraints.iter().enumerate() {
        push(format!("request.constraints[{i}]"), format!("limit of {}", k.pointer), &k.provenance, true);
    }
    for (field, label, p) in schema_items("request.schema", "request member", &c.request.schema) {
        push(field, label, &p, true);
    }
    for (i, r) in c.responses.iter().enumerate() {
        let mut p = r.provenance.clone();
        if p.erratum.is_none() {
            p.erratum.clone_from(&r.erratum);
        }
        push(format!("responses[{i}]"), format!("status {}", r.status), &p, true);
        if let Some(w) = &r.when {
            let label = format!("status {} chosen by {} = {}", r.status, w.body, w.equals);
            push(format!("responses[{i}].when"), label, &w.provenance, true);
        }
        if let Some(k) = &r.provoked {
            let label = format!("status {} provoked by {}", r.status, k.describe());
            push(format!("responses[{i}].provoked"), label, &k.provenance, true);
        }
        for (j, h) in r.headers.iter().enumerate() {
            let label = format!("status {} header {}", r.status, h.name);
            push(format!("responses[{i}].headers[{j}]"), label, &h.provenance, true);
        }
        let body = match &r.body {
            BodyDoc::Json { provenance, .. }
            | BodyDoc::Text { provenance, .. }
            | BodyDoc::None { provenance }
            | BodyDoc::Unspecified { provenance } => provenance,
        };
        push(format!("responses[{i}].body"), format!("status {} body", r.status), body, true);
        if let BodyDoc::Json { schema, .. } = &r.body {
            let label = format!("status {} member", r.status);
            for (field, label, p) in schema_items(&format!("responses[{i}].body.schema"), &label, schema) {
                push(field, label, &p, true);
            }
        }
    }
    if let Some(d) = &c.default_response {
        // Recorded, never checked: a lost anchor of it is a wording note.
        push("default_response".into(), "any other status".into(), &d.provenance, false);
        let body = match &d.body {
            BodyDoc::Json { provenance, .. }
            | BodyDoc::Text { provenance, .. }
            | BodyDoc::None { provenance }
            | BodyDoc::Unspecified { provenance } => provenance,
        };
        push("default_response.body".into(), "any other status's body".into(), body, false);
    }
    for (i, e) in c.examples.iter().enumerate() {
        push(format!("examples[{i}]"), format!("example {}", e.name), &e.provenance, true);
        for (j, k) in e.closed.iter().enumerate() {
            let label = format!("example {} closed at {:?}", e.name, k.pointer);
            push(format!("examples[{i}].closed[{j}]"), label, &k.provenance, true);
        }
    }
    for (i, r) in c.rules.iter().enumerate() {
        push(format!("rules[{i}]"), format!("rule {}", r.id), &r.provenance, true);
    }
    for (name, schema) in &c.defs {
        for (field, label, p) in schema_items(&format!("$defs.{name}"), &format!("{name} member"), schema) {
            push(field, label, &p, true);
        }
    }
    for (i, e) in c.errata.iter().enumerate() {
        push(format!("errata[{i}]"), format!("erratum {}", e.id), &e.provenance, false);
    }
    for item in &mut out {
        let p = &mut item.provenance;
        if p.source.is_empty() {
            p.source.clone_from(&c.source);
        }
        for a in p.also.iter_mut().filter(|a| a.source.is_empty()) {
            a.source.clone_from(&c.source);
        }
    }
    out
}

/// Each property schema under `schema` (any depth, `$defs` included): `(field, label, its
/// x-provenance)`, an empty provenance where it has none. Its source is filled by
/// [`fill_schema_sources`] at load.
fn schema_items(field: &str, label: &str, schema: &Value) -> Vec<(String, String, Provenance)> {
    let mut out = Vec::new();
    for (pointer, name, node) in properties(schema, "") {
        let p = x_provenance(node).ok().flatten().unwrap_or_default();
        out.push((format!("{field}#{pointer}"), format!("{label} {name}"), p));
    }
    out
}

/// A schema node's `x-provenance`, read as a [`Provenance`].
fn x_provenance(node: &Value) -> Result<Option<Provenance>, String> {
    node.get("x-provenance").map(|v| serde_json::from_value(v.clone()).map_err(|e| e.to_string())).transpose()
}

/// Every `x-provenance` that is not a provenance: `(field, message)`.
fn malformed(c: &Contract) -> Option<(String, String)> {
    let mut schemas: Vec<(String, &Value)> = vec![("request.schema".into(), &c.request.schema)];
    for (i, r) in c.responses.iter().enumerate() {
        if let BodyDoc::Json { schema, .. } = &r.body {
            schemas.push((format!("responses[{i}].body.schema"), schema));
        }
    }
    schemas.extend(c.defs.iter().map(|(n, s)| (format!("$defs.{n}"), s)));
    schemas.into_iter().find_map(|(field, schema)| {
        properties(schema, "").into_iter().find_map(|(pointer, _, node)| {
            x_provenance(node).err().map(|m| (format!("{field}#{pointer}/x-provenance"), m))
        })
    })
}

/// Every property schema under `node`: `(JSON pointer in the schema, member path, node)`.
fn properties<'v>(node: &'v Value, at: &str) -> Vec<(String, String, &'v Value)> {
    let mut out = Vec::new();
    let Value::Object(map) = node else { return out };
    for (key, child) in map {
        let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
        match (key.as_str(), child) {
            ("x-provenance" | "x-strict" | "examples" | "example" | "const" | "default" | "enum", _) => {}
            ("properties", Value::Object(props)) => {
                for (name, schema) in props {
                    let p = format!("{here}/{}", name.replace('~', "~0").replace('/', "~1"));
                    out.push((p.clone(), name.clone(), schema));
                    out.extend(properties(schema, &p));
                }
            }
            (_, Value::Object(_) | Value::Array(_)) => out.extend(properties_in(child, &here)),
            _ => {}
        }
    }
    out
}

fn properties_in<'v>(node: &'v Value, at: &str) -> Vec<(String, String, &'v Value)> {
    match node {
        Value::Array(items) => {
            items.iter().enumerate().flat_map(|(i, v)| properties(v, &format!("{at}/{i}"))).collect()
        }
        other => properties(other, at),
    }
}

/// The checks of `ANCHORS.md` on a loaded contract; the error is `(field, message)`.
pub(crate) fn check(c: &Contract) -> Result<(), (String, String)> {
    if let Some(bad) = malformed(c) {
        return Err(bad);
    }
    let errata: BTreeSet<&str> = c.errata.iter().map(|e| e.id.as_str()).collect();
    for (i, e) in c.errata.iter().enumerate() {
        if e.kind.is_none() {
            return Err((format!("errata[{i}].kind"), format!("erratum `{}` needs a kind: {KINDS}", e.id)));
        }
    }
    for item in items(c) {
        let p = &item.provenance;
        if let Some(id) = &p.erratum
            && !errata.contains(id.as_str())
        {
            return Err((item.field, format!("{} names erratum `{id}`, which the fixture does not have", item.label)));
        }
        let quoted = p.quote.as_deref().is_some_and(|q| !q.trim().is_empty());
        if item.checked && !quoted && p.erratum.is_none() {
            return Err((
                item.field,
                format!(
                    "{} has no anchor: give the page's words (`quote`) or the erratum that explains it",
                    item.label
                ),
            ));
        }
        if let Some(a) = p.also.iter().position(|a| a.quote.trim().is_empty()) {
            return Err((format!("{}.also[{a}].quote", item.field), "an anchor's quote is empty".into()));
        }
    }
    for (field, erratum) in strict_errata(c) {
        if !errata.contains(erratum.as_str()) {
            return Err((field, format!("`x-strict` names erratum `{erratum}`, which the fixture does not have")));
        }
    }
    for (field, erratum) in policy_errata(c) {
        match c.errata.iter().find(|e| e.id == erratum) {
            None => return Err((field, format!("names erratum `{erratum}`, which the fixture does not have"))),
            Some(e) if e.kind != Some(ErratumKind::Inference) => {
                let m = format!(
                    "names erratum `{erratum}`, which is no inference: a check resting on the page's words needs none"
                );
                return Err((field, m));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Every erratum the strictness policy's entries of the examples name (`volatile[]`,
/// `instance[]`, `relations[]`): `(field, erratum)`. Their checks are judgements.
pub fn policy_errata(c: &Contract) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, e) in c.examples.iter().enumerate() {
        let entries = e
            .volatile
            .iter()
            .enumerate()
            .map(|(j, v)| (format!("volatile[{j}]"), v.erratum.as_deref()))
            .chain(e.instance.iter().enumerate().map(|(j, v)| (format!("instance[{j}]"), v.erratum.as_deref())))
            .chain(e.relations.iter().enumerate().map(|(j, r)| (format!("relations[{j}]"), r.erratum())));
        for (f, erratum) in entries {
            if let Some(id) = erratum {
                out.push((format!("examples[{i}].{f}.erratum"), id.to_string()));
            }
        }
    }
    out
}

const KINDS: &str = "\"contradiction\" (the page says two things; the fixture picks words) or \"inference\" \
    (the page is silent; the fixture decides)";

/// Every `x-strict` of the contract's schemas: `(field, the erratum it names)`.
fn strict_errata(c: &Contract) -> Vec<(String, String)> {
    let mut schemas: Vec<(String, &Value)> = vec![("request.schema".into(), &c.request.schema)];
    for (i, r) in c.responses.iter().enumerate() {
        if let BodyDoc::Json { schema, .. } = &r.body {
            schemas.push((format!("responses[{i}].body.schema"), schema));
        }
    }
    schemas.extend(c.defs.iter().map(|(n, s)| (format!("$defs.{n}"), s)));
    let mut out = Vec::new();
    for (field, schema) in schemas {
        crate::strict::visit(schema, "", &mut |pointer, strict| {
            let erratum = strict.get("erratum").and_then(Value::as_str).unwrap_or_default();
            out.push((format!("{field}#{pointer}/x-strict"), erratum.to_string()));
        });
    }
    out
}

/// Whether every erratum that `p` rests on is an inference and no words of a page state it:
/// a check resting on it runs only under `--strict`. Returns that erratum.
pub fn inference_only<'c>(c: &'c Contract, p: &Provenance) -> Option<&'c crate::model::Erratum> {
    if p.quote.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        return None;
    }
    let e = c.errata.iter().find(|e| Some(&e.id) == p.erratum.as_ref())?;
    (e.kind == Some(ErratumKind::Inference)).then_some(e)
}
