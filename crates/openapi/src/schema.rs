//! JSON Schemas as OpenAPI holds them: a contract's `$defs` become `components/schemas`
//! entries named after the contract, and every `#/$defs/<name>` reference is rewritten to point
//! there. `$schema` is dropped: the document's default dialect already is JSON Schema 2020-12
//! (with OpenAPI's vocabulary).

use serde_json::{Map, Value};

/// The component a contract's `$defs/<def>` becomes: `<vendor>.<operation>.<def>`.
pub fn component_name(contract_id: &str, def: &str) -> String {
    format!("{}.{def}", contract_id.replace('/', "."))
}

/// `schema` as the document shows it: with `strict`, each `x-strict` judgement of the fixture
/// joined to its node (as `--strict` and the bundled stub hold it); else as the page's words,
/// each `x-strict` kept as an extension that names its erratum.
pub(crate) fn view(schema: &Value, strict: bool) -> Value {
    if strict { conformance_contract::strict::strict_schema(schema) } else { schema.clone() }
}

/// `schema` with its `$defs` references pointing at the components of `contract_id`.
pub(crate) fn rewrite(schema: &Value, contract_id: &str) -> Value {
    match schema {
        Value::Object(obj) => {
            let mut out = Map::new();
            for (k, v) in obj {
                match (k.as_str(), v) {
                    ("$schema", _) => {}
                    ("$ref", Value::String(r)) => {
                        let target = match r.strip_prefix("#/$defs/") {
                            Some(def) => format!("#/components/schemas/{}", component_name(contract_id, def)),
                            None => r.clone(),
                        };
                        out.insert(k.clone(), Value::String(target));
                    }
                    _ => {
                        out.insert(k.clone(), rewrite(v, contract_id));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| rewrite(v, contract_id)).collect()),
        other => other.clone(),
    }
}
