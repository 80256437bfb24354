//! The request body against the contract: JSON parse, the request schema and the documented
//! constraints (`Operation::validate_request`, compiled once at load), and, for a refusal, the
//! computed `details` (`{member: "Required" | "Invalid"}`, the Hostway envelope's way of naming
//! what a request got wrong) and a `reason` in words. Under an `ignores-<kind>-<member>`
//! mutation a [`Relaxed`] check stands in: the same schema with that one keyword removed.

use conformance_contract::{Constraint, Operation, Schema, Violation, Violations};
use serde_json::{Map, Value};

/// A request check with one documented constraint left out (built at start).
#[derive(Debug)]
pub(crate) struct Relaxed {
    /// The request schema without the constraint.
    pub schema: Schema,
    /// The byte limits still checked.
    pub constraints: Vec<Constraint>,
}

/// The outcome of checking a body.
#[derive(Debug)]
pub(crate) enum Checked {
    /// Valid.
    Valid(Value),
    /// Refused: the body if it parsed, the details and the reason.
    Invalid {
        /// The parsed body, if it is JSON.
        body: Option<Value>,
        /// `{member: "Required" | "Invalid"}`, never empty.
        details: Map<String, Value>,
        /// In words.
        reason: String,
    },
}

/// Parses and checks `raw` for `op` (with `relaxed` instead of the contract's check when a
/// mutation ignores a constraint).
pub(crate) fn check(op: &Operation, relaxed: Option<&Relaxed>, raw: &[u8]) -> Checked {
    let schema = relaxed.map_or(&op.contract().request.schema, |r| r.schema.source());
    let empty = raw.iter().all(u8::is_ascii_whitespace);
    if empty && op.contract().request.no_body {
        return Checked::Valid(Value::Null);
    }
    let parsed = if empty {
        Err("the body is empty".to_string())
    } else {
        serde_json::from_slice::<Value>(raw).map_err(|e| format!("the body is not valid JSON: {e}"))
    };
    let body = match parsed {
        Ok(b) => b,
        Err(reason) => return Checked::Invalid { details: details(schema, None, &[]), body: None, reason },
    };
    let result = match relaxed {
        None => op.validate_request_strict(&body),
        Some(r) => validate(r, &body),
    };
    match result {
        Ok(()) => Checked::Valid(body),
        Err(Violations(v)) => {
            let reason = v.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
            Checked::Invalid { details: details(schema, Some(&body), &v), body: Some(body), reason }
        }
    }
}

fn validate(r: &Relaxed, body: &Value) -> Result<(), Violations> {
    let mut found = match r.schema.validate(body) {
        Ok(()) => Vec::new(),
        Err(Violations(v)) => v,
    };
    for c in &r.constraints {
        if let Some(Value::String(s)) = body.pointer(&c.pointer)
            && s.len() > c.max_bytes
        {
            let message = format!("{} bytes is longer than the documented maximum of {} bytes", s.len(), c.max_bytes);
            found.push(Violation { pointer: c.pointer.clone(), message });
        }
    }
    if found.is_empty() { Ok(()) } else { Err(Violations(found)) }
}

/// `details` for a body that breaks `schema`: every missing top-level required member (and
/// every one a conditional `required` names at the top level) as `"Required"`, every other
/// offending top-level member as `"Invalid"`. A body that is not a JSON object misses every
/// required member. Never empty: `{"body": "Invalid"}` when nothing more precise is known.
pub(crate) fn details(schema: &Value, body: Option<&Value>, violations: &[Violation]) -> Map<String, Value> {
    let required = schema.get("required").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let required = required.iter().filter_map(Value::as_str);
    let mut out = Map::new();
    let Some(Value::Object(obj)) = body else {
        for name in required {
            out.insert(name.into(), "Required".into());
        }
        return or_body(out);
    };
    for name in required.filter(|n| !obj.contains_key(*n)) {
        out.insert(name.into(), "Required".into());
    }
    for v in violations {
        if v.pointer.is_empty() {
            if let Some(name) = required_name(&v.message).filter(|n| !obj.contains_key(*n)) {
                out.insert(name.into(), "Required".into());
            }
            continue;
        }
        let field = v.pointer.trim_start_matches('/').split('/').next().unwrap_or_default();
        let field = conformance_contract::unescape_token(field);
        if !field.is_empty() && !out.contains_key(field.as_ref()) {
            out.insert(field.into_owned(), "Invalid".into());
        }
    }
    or_body(out)
}

fn or_body(mut details: Map<String, Value>) -> Map<String, Value> {
    if details.is_empty() {
        details.insert("body".into(), "Invalid".into());
    }
    details
}

/// The member a `"<name>" is a required property` message names.
fn required_name(message: &str) -> Option<&str> {
    let rest = message.strip_prefix('"')?;
    let (name, tail) = rest.split_once('"')?;
    tail.trim_start().starts_with("is a required property").then_some(name)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn violation(pointer: &str, message: &str) -> Violation {
        Violation { pointer: pointer.into(), message: message.into() }
    }

    #[test]
    fn details_name_required_and_invalid_members() {
        let schema = json!({ "required": ["a", "b"] });
        let body = json!({ "a": 1, "c": 2 });
        let d =
            details(&schema, Some(&body), &[violation("/c/0", "bad"), violation("", "\"b\" is a required property")]);
        assert_eq!(Value::Object(d), json!({ "b": "Required", "c": "Invalid" }));
        let d = details(&schema, None, &[]);
        assert_eq!(Value::Object(d), json!({ "a": "Required", "b": "Required" }));
        let d = details(&json!({}), Some(&json!({})), &[violation("", "\"x\" is a required property")]);
        assert_eq!(Value::Object(d), json!({ "x": "Required" }));
        let d = details(&json!({}), Some(&json!([])), &[violation("", "not an object")]);
        assert_eq!(Value::Object(d), json!({ "body": "Invalid" }));
    }
}
