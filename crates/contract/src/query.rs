//! Documented query parameters (`query_params[]`): each with its presence, a JSON Schema of its
//! value (a string, an integer, a number or a boolean, with the limits the page states), its
//! anchor; the load checks (a schema the model can express, a value for every required one),
//! the value a request sends for a required parameter no binding gives (the page's example, its
//! default, its first enumeration value), and the check of a request's query against them
//! (a value on the wire is text: it is read as the schema's type first). Decoding the query
//! string is the caller's (no HTTP here).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::load::Operation;
use crate::meets::At;
use crate::model::{Contract, Provenance};
use crate::schema::Schema;

/// A documented query parameter.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryParamDoc {
    /// Its name in the query string.
    pub name: String,
    /// Mandatory per the page: every request sends it.
    pub required: bool,
    /// JSON Schema of its value (`type` one of `string`, `integer`, `number`, `boolean`), with
    /// the limits the page states (`enum`, `minimum`/`maximum`, `minLength`/`maxLength`,
    /// `pattern`, `default`); the limits' words are in the provenance's `also`.
    pub schema: Value,
    /// Documented description.
    pub description: String,
    /// A value the page states for it (an example request's), sent when no binding gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Its anchor: the table row, each limit's words in `also`.
    pub provenance: Provenance,
}

/// The types a query value can have.
const TYPES: [&str; 4] = ["string", "integer", "number", "boolean"];

/// One way a request's query breaks the documented parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryViolation {
    /// The parameter.
    pub name: String,
    /// It is required and absent (else its value breaks its schema).
    pub missing: bool,
    /// In words.
    pub message: String,
}

/// A check of the query with one parameter's constraint left out (the stub's
/// `ignores-<kind>-query-<name>` mutations): `required: false` ignores its absence, `schema`
/// stands in for its own.
#[derive(Debug)]
pub struct QueryRelax {
    /// The parameter.
    pub name: String,
    /// Its absence is refused.
    pub required: bool,
    /// The schema its value is checked against.
    pub schema: Schema,
}

/// The compiled schemas of the query parameters, in order.
#[derive(Debug, Default)]
pub(crate) struct Compiled(Vec<Schema>);

/// Compiles each parameter's schema; the field and message of the first one that is wrong.
pub(crate) fn compile(c: &Contract) -> Result<Compiled, (String, String)> {
    let mut out = Vec::new();
    for (i, q) in c.query_params.iter().enumerate() {
        let field = format!("query_params[{i}]");
        if c.query_params[..i].iter().any(|x| x.name == q.name) {
            return Err((format!("{field}.name"), format!("`{}` is listed twice", q.name)));
        }
        let ty = q.schema.get("type").and_then(Value::as_str).unwrap_or_default();
        if !TYPES.contains(&ty) {
            return Err((format!("{field}.schema.type"), format!("`{ty}`: a query value is one of {TYPES:?}")));
        }
        let schema = Schema::compile(&q.schema, &serde_json::Map::new())
            .map_err(|m| (format!("{field}.schema"), format!("does not compile: {m}")))?;
        if let Some(e) = &q.example
            && let Err(v) = schema.validate(e)
        {
            return Err((format!("{field}.example"), format!("{e} breaks its own schema: {v}")));
        }
        let bound = c.bindings.iter().any(|b| b.at == At::Query(q.name.clone()));
        if q.required && !bound && sent_value(q).is_none() {
            let m =
                "a required parameter needs a value: a binding `query:<name>`, an `example`, a `default` or an `enum`";
            return Err((field, m.into()));
        }
        out.push(schema);
    }
    Ok(Compiled(out))
}

/// The value a request sends for `q` when no binding gives one: the page's example, its
/// default, its first enumeration value.
pub fn sent_value(q: &QueryParamDoc) -> Option<Value> {
    let first = q.schema.get("enum").and_then(Value::as_array).and_then(|a| a.first());
    q.example.clone().or_else(|| q.schema.get("default").cloned()).or_else(|| first.cloned())
}

/// `text` read as a value of `schema`'s type (text that is not one stays text, which the
/// schema then refuses).
pub fn typed(schema: &Value, text: &str) -> Value {
    let as_string = || Value::String(text.to_string());
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => text.parse::<i64>().map_or_else(|_| as_string(), Value::from),
        Some("number") => {
            text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or_else(as_string, Value::Number)
        }
        Some("boolean") => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => as_string(),
        },
        _ => as_string(),
    }
}

impl Operation {
    /// The documented query parameters.
    pub fn query_params(&self) -> &[QueryParamDoc] {
        &self.contract().query_params
    }

    /// The item index of the query parameter `name`.
    pub fn query_index(&self, name: &str) -> Option<usize> {
        self.query_params().iter().position(|q| q.name == name)
    }

    /// Checks a request's decoded query `pairs` against the documented parameters (with
    /// `relax` instead of one parameter's own check): every required one present, every
    /// documented one's values in its schema. A parameter the page does not list is no
    /// violation: no page forbids one.
    pub fn validate_query(
        &self,
        pairs: &[(String, String)],
        relax: Option<&QueryRelax>,
    ) -> Result<(), Vec<QueryViolation>> {
        let mut found = Vec::new();
        for (q, schema) in self.query_params().iter().zip(&self.query.0) {
            let mine = relax.filter(|r| r.name == q.name);
            let (required, schema) = mine.map_or((q.required, schema), |r| (r.required, &r.schema));
            let values: Vec<&str> = pairs.iter().filter(|(k, _)| *k == q.name).map(|(_, v)| v.as_str()).collect();
            if values.is_empty() && required {
                let message = format!("the required query parameter {} is missing", q.name);
                found.push(QueryViolation { name: q.name.clone(), missing: true, message });
            }
            for v in values {
                if let Err(e) = schema.validate(&typed(&q.schema, v)) {
                    let message = format!("query parameter {}={v:?}: {e}", q.name);
                    found.push(QueryViolation { name: q.name.clone(), missing: false, message });
                }
            }
        }
        if found.is_empty() { Ok(()) } else { Err(found) }
    }

    /// The check of parameter `name` with `keywords` removed from its schema and, with
    /// `optional`, its absence allowed.
    pub fn relaxed_query(&self, name: &str, keywords: &[&str], optional: bool) -> Result<QueryRelax, String> {
        let q = self.query_params().iter().find(|q| q.name == name).ok_or("no such query parameter")?;
        let mut schema = q.schema.clone();
        if let Some(o) = schema.as_object_mut() {
            keywords.iter().for_each(|k| {
                o.remove(*k);
            });
        }
        let schema = Schema::compile(&schema, &serde_json::Map::new())?;
        Ok(QueryRelax { name: name.to_string(), required: q.required && !optional, schema })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::typed;

    #[test]
    fn wire_text_is_read_as_the_schema_type() {
        assert_eq!(typed(&json!({ "type": "integer" }), "10"), json!(10));
        assert_eq!(typed(&json!({ "type": "integer" }), "ten"), json!("ten"));
        assert_eq!(typed(&json!({ "type": "boolean" }), "true"), json!(true));
        assert_eq!(typed(&json!({ "type": "number" }), "1.5"), json!(1.5));
        assert_eq!(typed(&json!({ "type": "string" }), "10"), json!("10"));
    }
}
