//! The request's query against the operation's documented query parameters
//! (`Operation::validate_query`): decoded with `form_urlencoded`, a required parameter missing
//! or a value outside its schema refused, with `details` naming each (`{name: "Required" |
//! "Invalid"}`, as a body's refusal names its members) and a reason in words. A parameter the
//! page does not list is accepted: no page forbids one. Under an
//! `ignores-<kind>-query-<name>` mutation a [`QueryRelax`] stands in for that parameter's check.

use conformance_contract::{Operation, QueryRelax};
use serde_json::{Map, Value};

/// `Err((details, reason))` when the query `raw` (no `?`) breaks what `op` documents.
pub(crate) fn check(op: &Operation, relax: Option<&QueryRelax>, raw: &str) -> Result<(), (Map<String, Value>, String)> {
    if op.query_params().is_empty() {
        return Ok(());
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
    let found = match op.validate_query(&pairs, relax) {
        Ok(()) => return Ok(()),
        Err(found) => found,
    };
    let mut details = Map::new();
    for v in &found {
        let word = if v.missing { "Required" } else { "Invalid" };
        details.entry(v.name.clone()).or_insert_with(|| Value::from(word));
    }
    let reason = found.iter().map(|v| v.message.clone()).collect::<Vec<_>>().join("; ");
    Err((details, reason))
}
