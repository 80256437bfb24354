//! Members a body carries that the documented response schema does not name: the notes a
//! scenario gets when it checks only the schema ([`Operation::undocumented_members`]). The
//! walk follows `properties`, `items`/`prefixItems`, local `$ref`s and the composition
//! keywords (`allOf`, `anyOf`, `oneOf`, `then`, `else`) of the schema as compiled.

use serde_json::Value;

use crate::load::Operation;
use crate::policy::{Step, UndocumentedMember, pointer_of, sorted};

/// How deep `$ref`s and compositions are followed: far beyond any fixture, and a guard
/// against a schema that refers to itself.
const MAX_DEPTH: usize = 32;

impl Operation {
    /// The members of `body` that the response schema documented for `status` does not name,
    /// sorted by JSON pointer, each once. An object whose schema names no properties at all (a
    /// free-form dictionary, such as a fault's `details`) or admits others by
    /// `additionalProperties`/`patternProperties` has none. Empty when `status` has no JSON
    /// schema.
    pub fn undocumented_members(&self, status: u16, body: &Value) -> Vec<UndocumentedMember> {
        let Some(schema) = self.response_schema(status) else { return Vec::new() };
        let root = schema.source();
        let mut out = Vec::new();
        walk(root, &[root], body, &mut Vec::new(), &mut out);
        sorted(out)
    }
}

/// `node` and every schema it stands for: `$ref` targets and composed subschemas.
fn flatten<'s>(root: &'s Value, node: &'s Value, depth: usize, out: &mut Vec<&'s Value>) {
    if depth > MAX_DEPTH || !node.is_object() {
        return;
    }
    out.push(node);
    if let Some(t) =
        node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')).and_then(|p| root.pointer(p))
    {
        flatten(root, t, depth + 1, out);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for sub in node.get(key).and_then(Value::as_array).into_iter().flatten() {
            flatten(root, sub, depth + 1, out);
        }
    }
    for key in ["then", "else"] {
        if let Some(sub) = node.get(key) {
            flatten(root, sub, depth + 1, out);
        }
    }
}

fn walk(root: &Value, schemas: &[&Value], body: &Value, at: &mut Vec<Step>, out: &mut Vec<UndocumentedMember>) {
    let mut all = Vec::new();
    for s in schemas {
        flatten(root, s, 0, &mut all);
    }
    match body {
        Value::Object(map) => {
            let named: Vec<&serde_json::Map<String, Value>> =
                all.iter().filter_map(|s| s.get("properties").and_then(Value::as_object)).collect();
            let admits_others = all.iter().any(|s| {
                s.get("patternProperties").is_some()
                    || s.get("additionalProperties").is_some_and(|a| a.is_object() || a == &Value::Bool(true))
            });
            let free_form = named.is_empty() || admits_others;
            for (k, v) in map {
                at.push(Step::member(k));
                let subs: Vec<&Value> = named.iter().filter_map(|p| p.get(k)).collect();
                if !subs.is_empty() {
                    walk(root, &subs, v, at, out);
                } else if !free_form {
                    out.push(UndocumentedMember { pointer: pointer_of(at) });
                }
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let subs: Vec<&Value> = all
                    .iter()
                    .filter_map(|s| {
                        let prefix = s.get("prefixItems").and_then(Value::as_array).and_then(|p| p.get(i));
                        prefix.or_else(|| s.get("items").filter(|i| i.is_object()))
                    })
                    .collect();
                if !subs.is_empty() {
                    at.push(Step::index(i));
                    walk(root, &subs, item, at, out);
                    at.pop();
                }
            }
        }
        _ => {}
    }
}
