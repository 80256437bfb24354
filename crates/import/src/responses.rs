//! Every documented status as a fixture response: the statuses of the Status Codes table, of
//! Response Parameters and of Example Responses, each anchored where it is stated (the table's
//! row, `also` its parameters heading and its example), with its body schema from its own
//! table, its effect by the family's convention, and the statuses a target must answer that the
//! page does not list (400 for a body or a query it refuses, 404 for a resource that does not
//! exist), marked undocumented with the erratum that says so, in words naming what provokes it.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::problem::{Code, Problem};
use crate::read::{Doc, ExampleDoc};
use crate::schema::Builder;

/// The erratum of the effects decided by convention.
pub const EFFECT_ERRATUM: &str = "import-effect-by-convention";

/// What a status is on the page.
#[derive(Debug, Clone)]
pub struct Status {
    /// The code.
    pub code: u16,
    /// The page's name for it.
    pub meaning: String,
    /// Whether the page documents it.
    pub documented: bool,
}

fn standard_meaning(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        412 => "Precondition Failed",
        500 => "Internal Server Error",
        _ => "",
    }
}

/// Every status the page documents, in order, with its meaning.
pub fn statuses(doc: &Doc, problems: &mut Vec<Problem>) -> Vec<Status> {
    let mut codes: Vec<u16> = doc.codes.iter().map(|c| c.0).collect();
    for s in doc
        .statuses
        .iter()
        .map(|s| (s.status, s.line))
        .chain(doc.responses.iter().filter_map(|e| Some((e.status?, e.line))))
    {
        if !codes.contains(&s.0) {
            problems.push(Problem::new(
                Code::StatusNotListed,
                s.1,
                format!("status {} is not in the Status Codes table", s.0),
            ));
            codes.push(s.0);
        }
    }
    codes
        .into_iter()
        .map(|code| {
            let meaning = doc
                .codes
                .iter()
                .find(|c| c.0 == code)
                .map(|c| c.1.clone())
                .or_else(|| example(doc, code).and_then(|e| e.title.as_ref().map(|t| t.0.clone())))
                .unwrap_or_else(|| standard_meaning(code).to_string());
            Status { code, meaning, documented: true }
        })
        .collect()
}

/// The first response example of a status.
pub fn example(doc: &Doc, code: u16) -> Option<&ExampleDoc> {
    doc.responses.iter().find(|e| e.status == Some(code))
}

/// The status's provenance: the Status Codes row, `also` its parameters heading and example.
pub fn provenance(doc: &Doc, code: u16) -> Value {
    let mut anchors = Vec::new();
    if let Some(c) = doc.codes.iter().find(|c| c.0 == code) {
        anchors.push(("Status Codes", format!("{code} {}", c.1)));
    }
    if doc.statuses.iter().any(|s| s.status == code) {
        anchors.push(("Response Parameters", format!("Status code: {code}")));
    }
    if let Some(e) = example(doc, code) {
        let title =
            e.title.as_ref().filter(|t| t.1 == e.line + 2).map(|t| format!(" {}", crate::quote::sentence(&t.0)));
        anchors.push(("Example Responses", format!("Status code: {code}{}", title.unwrap_or_default())));
    }
    let Some(((section, quote), rest)) = anchors.split_first() else {
        return json!({ "section": "Status Codes", "erratum": "import-status-not-stated" });
    };
    let mut p = json!({ "section": section, "quote": quote });
    if !rest.is_empty() {
        p["also"] = rest.iter().map(|(s, q)| json!({ "section": s, "quote": q })).collect();
    }
    p
}

/// The effect of answering `code`: a write's success `changes` (none for a dry run), a read's
/// `none`, every refusal `none`.
pub fn effect(method: &str, code: u16, dry_run: Option<&str>) -> Value {
    if !(200..300).contains(&code) || method == "GET" {
        return "none".into();
    }
    match dry_run {
        Some(member) => {
            json!({ "default": "changes", "when": [{ "body": format!("/{member}"), "equals": true, "effect": "none" }] })
        }
        None => "changes".into(),
    }
}

/// The body of `code`: its table's schema, or what its example shows, or unspecified.
pub fn body(doc: &Doc, code: u16, builder: &mut Builder<'_>, problems: &mut Vec<Problem>) -> Value {
    let status = doc.statuses.iter().find(|s| s.status == code);
    match status.and_then(|s| s.table.as_ref()) {
        Some(t) => {
            let mut schema = builder.object(t, None);
            schema["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
            let quote = t.caption.clone();
            json!({ "kind": "json", "schema": schema, "provenance": { "section": "Response Parameters", "quote": quote } })
        }
        None if code == 204 => json!({ "kind": "none", "provenance": provenance(doc, code) }),
        None => {
            let line = status.map_or(0, |s| s.line);
            if status.is_some() || doc.statuses.iter().any(|s| s.table.is_some()) {
                problems.push(Problem::new(
                    Code::StatusWithoutTable,
                    line,
                    format!("status {code} has no parameter table"),
                ));
            }
            match example(doc, code).filter(|e| !e.code.is_empty()) {
                Some(_) => {
                    json!({ "kind": "json", "schema": { "$schema": "https://json-schema.org/draft/2020-12/schema" }, "provenance": provenance(doc, code) })
                }
                None => json!({ "kind": "unspecified", "provenance": provenance(doc, code) }),
            }
        }
    }
}

/// The undocumented statuses a target must answer: 400 for a request it refuses (when the
/// operation takes a body or has a query a request can break: `refusable`), 404 for a resource
/// that does not exist (when it addresses one).
pub fn undocumented(listed: &BTreeSet<u16>, refusable: bool, resource: bool) -> Vec<(u16, &'static str, &'static str)> {
    let mut out = Vec::new();
    if refusable && !listed.contains(&400) {
        out.push((400, "Bad Request", "import-400-undocumented"));
    }
    if resource && !listed.contains(&404) {
        out.push((404, "Not Found", "import-404-undocumented"));
    }
    out
}

/// What provokes the undocumented 400: a body the schema refuses, a query that breaks the
/// documented parameters, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provokes {
    /// The operation takes a body its schema can refuse.
    pub body: bool,
    /// The query has a mandatory parameter to leave out or a stated limit to break.
    pub query: bool,
}

impl Provokes {
    /// In words: what a request has that gets the 400.
    fn words(self) -> String {
        const BODY: &str = "a body the schema refuses";
        const QUERY: &str = "a query that leaves out a mandatory parameter or breaks a stated limit";
        match (self.body, self.query) {
            (true, true) => format!("{BODY}, or {QUERY},"),
            (false, true) => QUERY.to_string(),
            _ => BODY.to_string(),
        }
    }
}

/// An undocumented status: 400 with what provokes it, 404 for a resource that does not exist.
pub fn undocumented_erratum(code: u16, id: &str, provokes: Provokes) -> Value {
    let what = if code == 400 { provokes.words() } else { "a resource that does not exist".to_string() };
    crate::meets::erratum(
        id,
        "inference",
        &format!("The Status Codes table does not list {code}; nothing says what {what} gets."),
        &format!("{code} with \"documented\": false; no scenario asserts more than a client error."),
        "A target must refuse such a request with something; no check rests on the code.",
        json!({ "section": "Status Codes" }),
    )
}
