//! The response headers a status documents (its `Response header parameters` table): each a
//! fixture header anchored to its row (`also` the table's caption, which names the status's
//! table), in the form its Type cell states where the model has one (`Integer` → `integer`;
//! any other type no form), `required: false` where its Mandatory cell says No (the row is the
//! anchor: a target may leave it out), the value the stub answers with (the page prints none:
//! an erratum of kind inference says so); the headers of a status no scenario of the draft
//! provokes are left out with a problem (no check could catch their absence).

use serde_json::{Value, json};

use crate::problem::{Code, Problem};
use crate::quote;
use crate::read::{Doc, Param, ParamTable};
use crate::schema::{Ty, ty};

/// The erratum of the header values the stub answers with.
pub const VALUE_ERRATUM: &str = "import-header-value-assumed";

/// The form a header's Type cell states, where the model has one.
fn format(p: &Param) -> Option<&'static str> {
    (ty(&p.ty) == Ty::Plain("integer")).then_some("integer")
}

fn header(t: &ParamTable, p: &Param) -> Value {
    let description = p.description.text().split("\n\n").next().unwrap_or_default().replace('\n', " ");
    let also = json!([{ "section": "Response Parameters", "quote": t.caption }]);
    let mut h = json!({ "name": p.name, "description": description, "provenance": { "section": t.caption, "quote": quote::row(&p.quote), "also": also } });
    if let Some(f) = format(p) {
        h["format"] = f.into();
    }
    if p.mandatory == Some(false) {
        h["required"] = false.into();
    }
    h
}

/// The headers `code` documents, each anchored to its row; one its table says is not mandatory
/// is kept as optional (`required: false`).
pub fn of(doc: &Doc, code: u16) -> Vec<Value> {
    let table = doc.statuses.iter().find(|s| s.status == code).and_then(|s| s.headers.as_ref());
    table.into_iter().flat_map(|t| t.params.iter().map(|p| header(t, p))).collect()
}

/// The line of the first row of `code`'s header table.
fn line(doc: &Doc, code: u16) -> usize {
    let table = doc.statuses.iter().find(|s| s.status == code).and_then(|s| s.headers.as_ref());
    table.and_then(|t| t.params.first()).map_or(0, |p| p.line)
}

/// The value the stub answers header `h` with: a fresh UUID for any string, `0` for an integer.
fn value(h: &Value) -> &'static str {
    if h["format"] == "integer" { "0" } else { "{uuid}" }
}

/// Gives the stub a value of each documented header of `r` (`answer.headers`), on the answer it
/// has or on one naming `example` (the status's first example); `false` when it can have none
/// (no example and no answer: the headers are left out and a problem says so).
pub fn answer(doc: &Doc, r: &mut Value, example: Option<&str>, problems: &mut Vec<Problem>) -> bool {
    let Some(list) = r["headers"].as_array().filter(|l| !l.is_empty()).cloned() else { return false };
    if r["answer"].is_null() {
        match example {
            Some(name) => r["answer"] = json!({ "example": name }),
            None => {
                let m = format!(
                    "the headers of {} are left out: the page prints no example of it, so the stub has nothing to answer them on",
                    r["status"]
                );
                let status = r["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or_default();
                problems.push(Problem::new(Code::HeaderNotChecked, line(doc, status), m));
                r["headers"] = json!([]);
                return false;
            }
        }
    }
    if r["answer"]["erratum"].is_null() {
        r["answer"]["erratum"] = VALUE_ERRATUM.into();
    }
    for h in &list {
        if let Some(name) = h["name"].as_str() {
            r["answer"]["headers"][name] = value(h).into();
        }
    }
    true
}

/// Leaves out the documented headers of every status not in `checked` (no scenario of the
/// draft provokes it, so dropping them would go uncaught), each with a problem.
pub fn unchecked(doc: &Doc, fixture: &mut Value, checked: &[u16], problems: &mut Vec<Problem>) {
    for r in fixture["responses"].as_array_mut().into_iter().flatten() {
        let status = r["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or_default();
        let names: Vec<String> = r["headers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h["name"].as_str().map(String::from))
            .collect();
        if names.is_empty() || checked.contains(&status) {
            continue;
        }
        let m = format!(
            "the headers of {status} ({}) are left out: no scenario of the draft provokes {status}; add them with its scenario",
            names.join(", ")
        );
        problems.push(Problem::new(Code::HeaderNotChecked, line(doc, status), m));
        r["headers"] = json!([]);
        if let Some(a) = r["answer"].as_object_mut() {
            a.remove("headers");
            if a.get("erratum").and_then(Value::as_str) == Some(VALUE_ERRATUM) {
                a.remove("erratum");
            }
            if a.keys().all(|k| k == "example") {
                r.as_object_mut().map(|o| o.remove("answer"));
            }
        }
    }
    let responses = fixture["responses"].as_array().into_iter().flatten();
    let used = responses.into_iter().any(|r| r["headers"].as_array().is_some_and(|h| !h.is_empty()));
    if let Some(errata) = fixture["errata"].as_array_mut().filter(|_| !used) {
        errata.retain(|e| e["id"] != VALUE_ERRATUM);
    }
}

/// The erratum of the header values.
pub fn value_erratum() -> Value {
    json!({
        "id": VALUE_ERRATUM,
        "doc_says": "The page documents response headers but prints no value of them.",
        "fixture_holds": "the stub answers a fresh UUID for a string header and 0 for an integer one.",
        "why": "The stub must answer something; no check rests on the value, only on the header's presence and its stated form.",
        "kind": "inference",
        "provenance": { "section": "Response Parameters" }
    })
}
