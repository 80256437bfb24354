//! The strictness policy's parts of an example checked at load: `instance` values covered once
//! and in their form, `relations` between instance values the example itself keeps, `closed`
//! objects that exist and say where the page closes them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{Example, Format, Relation};
use crate::policy::{Pattern, broken};

/// The strictness policy's parts of an example: `instance`, `relations`, `closed`. The error
/// is (field, message).
pub(crate) fn check_policy(e: &Example, at: &dyn Fn(&str) -> String) -> Result<(), (String, String)> {
    if e.instance.is_empty() && e.relations.is_empty() && e.closed.is_empty() {
        return Ok(());
    }
    let Some(body) = e.body.as_ref() else {
        return Err((at("instance"), "`instance`, `relations` and `closed` need a JSON `body`".into()));
    };
    let expand = |field: String, pointer: &str| -> Result<Vec<String>, (String, String)> {
        let found = Pattern::parse(pointer).map(|p| p.expand(body)).unwrap_or_default();
        if found.is_empty() { Err((field, format!("`{pointer}` is not in the body"))) } else { Ok(found) }
    };
    let volatile: BTreeSet<&str> = e.volatile.iter().map(|v| v.pointer.as_str()).collect();
    let mut covered: BTreeMap<String, Option<Format>> = BTreeMap::new();
    for (j, inst) in e.instance.iter().enumerate() {
        let field = |f: &str| at(&format!("instance[{j}]{f}"));
        if inst.why.trim().is_empty() {
            return Err((field(".why"), "say why this is the target's data".into()));
        }
        if inst.format == Some(Format::SelfLink) {
            return Err((field(".format"), "a self-link depends on the request: make it volatile".into()));
        }
        for p in expand(field(".pointer"), &inst.pointer)? {
            if volatile.contains(p.as_str()) {
                return Err((field(".pointer"), format!("`{p}` is volatile already")));
            }
            let value = body.pointer(&p);
            if let Some(f) = inst.format
                && !value.is_some_and(|v| f.accepts_value(v, ""))
            {
                return Err((field(".format"), format!("the example's value at `{p}` is not of the form {f:?}")));
            }
            covered.insert(p, inst.format);
        }
    }
    for (j, r) in e.relations.iter().enumerate() {
        let field = |f: &str| at(&format!("relations[{j}]{f}"));
        let (why, pointers, if_present): (_, Vec<(String, &String)>, &[String]) = match r {
            Relation::Sum { total, parts, why, .. } => {
                if parts.is_empty() {
                    return Err((field(".parts"), "a sum needs parts".into()));
                }
                let mut all = vec![(field(".total"), total)];
                all.extend(parts.iter().enumerate().map(|(k, p)| (field(&format!(".parts[{k}]")), p)));
                (why, all, &[])
            }
            Relation::Same { pointers, if_present, why, .. } => {
                if pointers.len() + if_present.len() < 2 || pointers.is_empty() {
                    return Err((field(".pointers"), "`same` needs two values or more".into()));
                }
                let all = pointers.iter().enumerate().map(|(k, p)| (field(&format!(".pointers[{k}]")), p)).collect();
                (why, all, if_present.as_slice())
            }
        };
        if why.trim().is_empty() {
            return Err((field(".why"), "say where the page shows the relation".into()));
        }
        for (f, p) in pointers {
            match covered.get(p.as_str()) {
                None => return Err((f, format!("`{p}` is not an instance value of the body"))),
                Some(format) if matches!(r, Relation::Sum { .. }) && *format != Some(Format::Decimal) => {
                    return Err((f, format!("`{p}` is summed, so its instance entry needs format `decimal`")));
                }
                Some(_) => {}
            }
        }
        for (k, p) in if_present.iter().enumerate() {
            if !p.starts_with('/') || body.pointer(p).is_some() {
                return Err((
                    field(&format!(".if_present[{k}]")),
                    format!("`{p}` must be a pointer the example does not have (else list it in `pointers`)"),
                ));
            }
        }
        if let Some(v) = broken(r, body).first() {
            return Err((field(""), format!("the example itself breaks it: {v}")));
        }
    }
    for (j, k) in e.closed.iter().enumerate() {
        let field = |f: &str| at(&format!("closed[{j}]{f}"));
        if k.provenance.section.trim().is_empty() {
            return Err((field(".provenance"), "name where the page says the object is closed".into()));
        }
        for p in expand(field(".pointer"), &k.pointer)? {
            if !body.pointer(&p).is_some_and(Value::is_object) {
                return Err((field(".pointer"), format!("`{p}` is not an object")));
            }
        }
    }
    Ok(())
}
