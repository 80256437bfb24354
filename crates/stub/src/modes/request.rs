//! The documented request constraints of an operation, read from its request schema (walked
//! through `properties`, `$ref`s into `$defs` followed) and its byte limits: `required`
//! members, `length` (`maxLength` and `max_bytes` together), `range` (`minimum`/`maximum`),
//! `enum` and `pattern`; and, for the `ignores-<kind>-<member>` mutation of each, the check
//! with that one constraint removed; the same for each documented query parameter (its
//! presence, its length, range, enum and pattern).

use conformance_contract::{Operation, QueryRelax, Schema};
use serde_json::Value;

use crate::body::Relaxed;

/// A kind of request constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Required,
    Length,
    Range,
    Enum,
    Pattern,
}

impl Kind {
    /// Its word in mode names.
    pub(super) fn key(self) -> &'static str {
        match self {
            Kind::Required => "required",
            Kind::Length => "length",
            Kind::Range => "range",
            Kind::Enum => "enum",
            Kind::Pattern => "pattern",
        }
    }

    /// Its words in descriptions.
    pub(super) fn words(self) -> &'static str {
        match self {
            Kind::Required => "presence (required)",
            Kind::Length => "maximum length",
            Kind::Range => "range",
            Kind::Enum => "allowed values (enum)",
            Kind::Pattern => "pattern",
        }
    }

    /// The schema keywords it is.
    fn keywords(self) -> &'static [&'static str] {
        match self {
            Kind::Required => &[],
            Kind::Length => &["maxLength"],
            Kind::Range => &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
            Kind::Enum => &["enum", "const"],
            Kind::Pattern => &["pattern"],
        }
    }
}

/// One documented request constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Constraint {
    pub kind: Kind,
    /// The member's path of property names (`["extend_param", "is_auto_pay"]`).
    pub path: Vec<String>,
    /// `extend_param.is_auto_pay`.
    pub name: String,
    /// The top-level member it is on.
    pub top: String,
    /// The branch of the request schema it is in (`/anyOf/0`), for a body variant in scope.
    pub branch: Option<String>,
}

/// Every documented request constraint of `op`, in schema order.
pub(super) fn constraints(op: &Operation) -> Vec<Constraint> {
    let mut out = Vec::new();
    walk(op, &op.contract().request.schema, &mut Vec::new(), &mut out);
    // A body with variants: each variant in scope's own constraints, named after it
    // (`resize.size`).
    for v in op.variants().unwrap_or_default() {
        let Some(branch) = op.contract().request.schema.pointer(&v.branch) else { continue };
        let mut mine = Vec::new();
        walk(op, branch, &mut Vec::new(), &mut mine);
        out.extend(mine.into_iter().map(|k| Constraint {
            name: format!("{}.{}", v.name, k.name),
            branch: Some(v.branch.clone()),
            ..k
        }));
    }
    for c in &op.contract().request.constraints {
        let path: Vec<String> =
            c.pointer.split('/').skip(1).map(|t| conformance_contract::unescape_token(t).into_owned()).collect();
        if !path.is_empty() && !out.iter().any(|k| k.kind == Kind::Length && k.path == path) {
            out.push(constraint(Kind::Length, path));
        }
    }
    out
}

fn constraint(kind: Kind, path: Vec<String>) -> Constraint {
    Constraint { kind, name: path.join("."), top: path.first().cloned().unwrap_or_default(), path, branch: None }
}

/// The keyword `kw` of `node`, or of its `x-strict` schema (a judgement the stub holds too).
fn keyword<'v>(node: &'v Value, kw: &str) -> Option<&'v Value> {
    node.get(kw).or_else(|| node.pointer(&format!("/x-strict/schema/{kw}")))
}

fn walk(op: &Operation, schema: &Value, at: &mut Vec<String>, out: &mut Vec<Constraint>) {
    let schema = super::shape::resolve(op, schema);
    let required = [schema.get("required"), schema.pointer("/x-strict/schema/required")];
    for name in required.into_iter().flatten().filter_map(Value::as_array).flatten().filter_map(Value::as_str) {
        let mut path = at.clone();
        path.push(name.to_string());
        out.push(constraint(Kind::Required, path));
    }
    let Some(props) = schema.get("properties").and_then(Value::as_object) else { return };
    for (name, sub) in props {
        at.push(name.clone());
        let sub = super::shape::resolve(op, sub);
        for kind in [Kind::Length, Kind::Range, Kind::Enum, Kind::Pattern] {
            if kind.keywords().iter().any(|k| keyword(sub, k).is_some()) {
                out.push(constraint(kind, at.clone()));
            }
        }
        walk(op, sub, at, out);
        at.pop();
    }
}

/// The check of `op`'s requests without constraint `k`.
pub(super) fn relaxed(op: &Operation, k: &Constraint) -> Result<Relaxed, String> {
    let c = op.contract();
    let mut schema = c.request.schema.clone();
    let mut defs = c.defs.clone();
    let (parent, last) = k.path.split_at(k.path.len().saturating_sub(1));
    let mut node = &mut schema;
    if let Some(b) = &k.branch {
        node = node.pointer_mut(b).ok_or("no such branch")?;
    }
    for name in parent {
        node = follow(node, &mut defs)?;
        node = node.pointer_mut(&format!("/properties/{}", escape(name))).ok_or("no such property")?;
    }
    let node = follow(node, &mut defs)?;
    let last = last.first().ok_or("an empty member path")?;
    match k.kind {
        Kind::Required => {
            for at in ["/required", "/x-strict/schema/required"] {
                if let Some(list) = node.pointer_mut(at).and_then(Value::as_array_mut) {
                    list.retain(|v| v.as_str() != Some(last.as_str()));
                }
            }
        }
        kind => {
            let prop = node.pointer_mut(&format!("/properties/{}", escape(last))).ok_or("no such property")?;
            let prop = follow(prop, &mut defs)?;
            for at in ["", "/x-strict/schema"] {
                if let Some(o) = prop.pointer_mut(at).and_then(Value::as_object_mut) {
                    for kw in kind.keywords() {
                        o.remove(*kw);
                    }
                }
            }
        }
    }
    // The stub holds the fixtures' judgements too: the relaxed check is the strict one.
    let schema = conformance_contract::strict::strict_schema(&schema);
    let defs = defs.into_iter().map(|(k, v)| (k, conformance_contract::strict::strict_schema(&v))).collect();
    let pointer = format!("/{}", k.path.iter().map(|t| escape(t)).collect::<Vec<_>>().join("/"));
    let constraints =
        c.request.constraints.iter().filter(|x| !(k.kind == Kind::Length && x.pointer == pointer)).cloned().collect();
    Ok(Relaxed { schema: Schema::compile(&schema, &defs)?, constraints })
}

/// `node`, or the `$defs` entry its `$ref` names: a shared schema is inlined into `node` first,
/// so removing a keyword changes only this use of it.
fn follow<'a>(node: &'a mut Value, defs: &mut serde_json::Map<String, Value>) -> Result<&'a mut Value, String> {
    let name = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")).map(String::from);
    if let Some(name) = name {
        *node = defs.get(&name).cloned().ok_or_else(|| format!("no $defs entry `{name}`"))?;
    }
    Ok(node)
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The documented constraints of each query parameter of `op`, in order: `(kind, name, the
/// check without it)`: its presence (a required one), then each limit its schema states.
pub(super) fn query_constraints(op: &Operation) -> Result<Vec<(Kind, String, QueryRelax)>, String> {
    let mut out = Vec::new();
    for q in op.query_params() {
        if q.required {
            out.push((Kind::Required, q.name.clone(), op.relaxed_query(&q.name, &[], true)?));
        }
        for kind in [Kind::Length, Kind::Range, Kind::Enum, Kind::Pattern] {
            let keywords: &[&str] = match kind {
                Kind::Length => &["minLength", "maxLength"],
                other => other.keywords(),
            };
            if keywords.iter().any(|k| q.schema.get(k).is_some()) {
                out.push((kind, q.name.clone(), op.relaxed_query(&q.name, keywords, false)?));
            }
        }
    }
    Ok(out)
}
