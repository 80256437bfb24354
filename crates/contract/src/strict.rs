//! `x-strict` in a fixture's JSON Schemas: a keyword the page does not state (a judgement,
//! named by its erratum) is kept apart from the page's own. The default schema is each node
//! without its `x-strict`; the strict one (`--strict`) adds each `x-strict.schema` to its
//! node's `allOf`. A body valid under the default schema and not under the strict one breaks
//! only a judgement.

use serde_json::{Map, Value};

/// Calls `f(pointer, x-strict)` for every node of `schema` that carries an `x-strict` object.
pub fn visit(schema: &Value, at: &str, f: &mut dyn FnMut(&str, &Map<String, Value>)) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(strict)) = map.get("x-strict") {
                f(at, strict);
            }
            for (k, v) in map {
                if !matches!(k.as_str(), "x-strict" | "x-provenance" | "const" | "enum" | "default" | "examples") {
                    visit(v, &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), f);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                visit(v, &format!("{at}/{i}"), f);
            }
        }
        _ => {}
    }
}

/// The default schema: every `x-strict` removed.
pub fn default_schema(schema: &Value) -> Value {
    rewrite(schema, &mut |_| false)
}

/// The strict schema: every `x-strict.schema` joined to its node's `allOf`.
pub fn strict_schema(schema: &Value) -> Value {
    rewrite(schema, &mut |_| true)
}

/// The schema with only the `x-strict`s naming `erratum` applied.
pub fn strict_for(schema: &Value, erratum: &str) -> Value {
    rewrite(schema, &mut |e| e == erratum)
}

/// Every erratum an `x-strict` of `schema` names, in order, once each.
pub fn errata(schema: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    visit(schema, "", &mut |_, s| {
        let e = s.get("erratum").and_then(Value::as_str).unwrap_or_default().to_string();
        if !out.contains(&e) {
            out.push(e);
        }
    });
    out
}

fn rewrite(node: &Value, apply: &mut dyn FnMut(&str) -> bool) -> Value {
    match node {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                if k == "x-strict" {
                    continue;
                }
                let keep = matches!(k.as_str(), "x-provenance" | "const" | "enum" | "default" | "examples");
                out.insert(k.clone(), if keep { v.clone() } else { rewrite(v, apply) });
            }
            let strict = map.get("x-strict").and_then(Value::as_object);
            let erratum = strict.and_then(|s| s.get("erratum")).and_then(Value::as_str).unwrap_or_default();
            if let Some(extra) = strict.and_then(|s| s.get("schema"))
                && apply(erratum)
            {
                let all = out.entry("allOf").or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(all) = all {
                    all.push(rewrite(extra, apply));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| rewrite(v, apply)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_strict_schema_adds_each_judgement_to_its_node() {
        let s = json!({"properties": {"name": {"type": "string",
            "x-strict": {"erratum": "not-blank", "schema": {"pattern": "\\S"}}}}});
        assert_eq!(default_schema(&s), json!({"properties": {"name": {"type": "string"}}}));
        let strict = json!({"properties": {"name": {"type": "string", "allOf": [{"pattern": "\\S"}]}}});
        assert_eq!(strict_schema(&s), strict);
        assert_eq!(strict_for(&s, "not-blank"), strict);
        assert_eq!(strict_for(&s, "other"), default_schema(&s));
        assert_eq!(errata(&s), ["not-blank"]);
    }
}
