//! The `source` of every provenance filled in at load: an item (a status's `when` and
//! `provoked`, the request's `variants` among them), an `also` anchor or a schema's
//! `x-provenance` that names no page stands on the fixture's own `source`.

use serde_json::Value;

use crate::model::{BodyDoc, Contract, Provenance};

/// Fills every empty `source` of `c` with its own.
pub(crate) fn fill_sources(c: &mut Contract) {
    let source = c.source.clone();
    let fill = |p: &mut Provenance| {
        if p.source.is_empty() {
            p.source.clone_from(&source);
        }
        for a in p.also.iter_mut().filter(|a| a.source.is_empty()) {
            a.source.clone_from(&source);
        }
    };
    fill_schema_sources(&mut c.request.schema, &source);
    for r in &mut c.responses {
        if let BodyDoc::Json { schema, .. } = &mut r.body {
            fill_schema_sources(schema, &source);
        }
    }
    for schema in c.defs.values_mut() {
        fill_schema_sources(schema, &source);
    }
    fill(&mut c.provenance);
    fill(&mut c.auth.provenance);
    c.path_params.iter_mut().for_each(|p| fill(&mut p.provenance));
    c.query_params.iter_mut().for_each(|q| fill(&mut q.provenance));
    c.request_headers.iter_mut().for_each(|h| fill(&mut h.provenance));
    fill(&mut c.request.provenance);
    if let Some(v) = c.request.variants.as_mut() {
        fill(&mut v.provenance);
    }
    c.request.constraints.iter_mut().for_each(|k| fill(&mut k.provenance));
    for r in &mut c.responses {
        fill(&mut r.provenance);
        if let Some(w) = r.when.as_mut() {
            fill(&mut w.provenance);
        }
        if let Some(k) = r.provoked.as_mut() {
            fill(&mut k.provenance);
        }
        r.headers.iter_mut().for_each(|h| fill(&mut h.provenance));
        match &mut r.body {
            BodyDoc::Json { provenance, .. }
            | BodyDoc::Text { provenance, .. }
            | BodyDoc::None { provenance }
            | BodyDoc::Unspecified { provenance } => fill(provenance),
        }
    }
    for e in &mut c.examples {
        fill(&mut e.provenance);
        e.closed.iter_mut().for_each(|k| fill(&mut k.provenance));
    }
    c.rules.iter_mut().for_each(|r| fill(&mut r.provenance));
    if let Some(p) = c.resource.as_mut().and_then(|r| r.settle.as_mut()).and_then(|s| s.provenance.as_mut()) {
        fill(p);
    }
    c.errata.iter_mut().for_each(|e| fill(&mut e.provenance));
    if let Some(e) = c.error_body.as_mut() {
        fill(&mut e.provenance);
    }
    if let Some(d) = c.default_response.as_mut() {
        fill(&mut d.provenance);
        match &mut d.body {
            BodyDoc::Json { provenance, .. }
            | BodyDoc::Text { provenance, .. }
            | BodyDoc::None { provenance }
            | BodyDoc::Unspecified { provenance } => fill(provenance),
        }
    }
}

/// Fills the `source` of every `x-provenance` (and its `also`) in a schema.
fn fill_schema_sources(schema: &mut Value, source: &str) {
    let fill = |p: &mut serde_json::Map<String, Value>| {
        if p.get("source").and_then(Value::as_str).is_none_or(str::is_empty) {
            p.insert("source".into(), source.into());
        }
    };
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(p)) = map.get_mut("x-provenance") {
                fill(p);
                if let Some(Value::Array(also)) = p.get_mut("also") {
                    also.iter_mut().filter_map(Value::as_object_mut).for_each(fill);
                }
            }
            for (k, v) in map.iter_mut() {
                if k != "x-provenance" {
                    fill_schema_sources(v, source);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| fill_schema_sources(v, source)),
        _ => {}
    }
}
