//! Compiled JSON Schemas and readable violations (JSON pointer + what was expected).

use std::fmt;

use serde_json::{Map, Value};

/// One way a body breaks its contract.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// JSON pointer into the body (`""` is the whole body).
    pub pointer: String,
    /// What was expected there.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() { "(root)" } else { &self.pointer };
        write!(f, "at {at}: {}", self.message)
    }
}

/// All the ways a body breaks its contract; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct Violations(pub Vec<Violation>);

/// A schema compiled once, with the contract's `$defs` injected.
pub struct Schema {
    source: Value,
    validator: jsonschema::Validator,
}

impl fmt::Debug for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schema").field("source", &self.source).finish_non_exhaustive()
    }
}

impl Schema {
    /// Compiles `schema` (draft 2020-12, formats asserted) with `defs` as its `$defs`.
    pub fn compile(schema: &Value, defs: &Map<String, Value>) -> Result<Self, String> {
        let mut source = schema.clone();
        if !defs.is_empty() {
            let Value::Object(obj) = &mut source else {
                return Err("a schema must be a JSON object".into());
            };
            obj.insert("$defs".into(), Value::Object(defs.clone()));
        }
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&source)
            .map_err(|e| e.to_string())?;
        Ok(Schema { source, validator })
    }

    /// The schema as compiled (with `$defs`).
    pub fn source(&self) -> &Value {
        &self.source
    }

    /// Checks `body`; every error with its JSON pointer.
    pub fn validate(&self, body: &Value) -> Result<(), Violations> {
        // The usual body is valid: a yes/no walk, with no error collected, says so cheaply.
        if self.validator.is_valid(body) {
            return Ok(());
        }
        let found: Vec<Violation> = self
            .validator
            .iter_errors(body)
            .map(|e| Violation { pointer: e.instance_path().to_string(), message: e.to_string() })
            .collect();
        if found.is_empty() { Ok(()) } else { Err(Violations(found)) }
    }
}
