//! Where the page contradicts itself: an example that breaks its own table (a member the table
//! says is required missing, a value past a stated limit, `null` for a String). The draft keeps
//! the example, the page's concrete words, and drops from the schema the keyword the example
//! breaks (a `null` widens the type instead); each is a problem `EXAMPLE_CONTRADICTS_TABLE` and
//! the erratum `import-example-contradicts-table` (a contradiction) says what was dropped.

use conformance_contract::Schema;
use serde_json::{Map, Value, json};

use crate::problem::{Code, Problem};

/// The erratum's id.
pub const ERRATUM: &str = "import-example-contradicts-table";

const LIMITS: [&str; 9] =
    ["minLength", "maxLength", "minimum", "maximum", "enum", "pattern", "type", "minItems", "maxItems"];

fn node<'a>(schema: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    let mut n = schema;
    for tok in pointer.split('/').skip(1) {
        let tok = tok.replace("~1", "/").replace("~0", "~");
        n = if n["properties"].get(&tok).is_some() {
            n.get_mut("properties")?.get_mut(&tok)?
        } else if tok.parse::<usize>().is_ok() && n.get("items").is_some() {
            n.get_mut("items")?
        } else {
            return None;
        };
    }
    Some(n)
}

fn relax(schema: &mut Value, body: &Value, pointer: &str, message: &str) -> bool {
    let Some(n) = node(schema, pointer) else { return false };
    if let Some(member) =
        message.strip_prefix('"').and_then(|m| m.split_once("\" is a required property")).map(|(m, _)| m.to_string())
    {
        let Some(list) = n.get_mut("required").and_then(Value::as_array_mut) else { return false };
        let before = list.len();
        list.retain(|v| v.as_str() != Some(member.as_str()));
        if list.is_empty()
            && let Some(o) = n.as_object_mut()
        {
            o.remove("required");
        }
        return before > 0;
    }
    let Some(o) = n.as_object_mut() else { return false };
    if body.pointer(pointer).is_some_and(Value::is_null)
        && let Some(t) = o.get("type").and_then(Value::as_str).map(String::from)
    {
        o.insert("type".into(), json!([t, "null"]));
        return true;
    }
    let before = o.len();
    o.retain(|k, _| !LIMITS.contains(&k.as_str()));
    o.len() < before
}

/// Makes `schema` accept `body` by dropping what the body contradicts; the problems, at `line`.
pub fn fit(schema: &mut Value, body: &Value, what: &str, line: usize, problems: &mut Vec<Problem>) -> bool {
    let mut changed = false;
    for _ in 0..64 {
        let Ok(compiled) = Schema::compile(schema, &Map::new()) else { return changed };
        let Err(violations) = compiled.validate(body) else { return changed };
        let mut any = false;
        for v in violations.0 {
            if relax(schema, body, &v.pointer, &v.message) {
                let at = if v.pointer.is_empty() { "/" } else { v.pointer.as_str() };
                problems.push(Problem::new(
                    Code::ExampleContradictsTable,
                    line,
                    format!("{what} at {at}: {}: the table's keyword dropped", v.message),
                ));
                any = true;
            }
        }
        if !any {
            return changed;
        }
        changed = true;
    }
    changed
}

/// The erratum.
pub fn erratum() -> Value {
    json!({
        "id": ERRATUM,
        "doc_says": "An example of the page breaks a limit, a type or a presence its own table states (the import note lists each, `EXAMPLE_CONTRADICTS_TABLE`).",
        "fixture_holds": "the example as printed; the keyword it breaks dropped from the schema (a null widens the type).",
        "why": "The page says two things; the draft keeps the concrete example. Confirm with the vendor which one holds.",
        "kind": "contradiction",
        "provenance": { "section": "Example Requests; Example Responses" }
    })
}
