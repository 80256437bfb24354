//! The Query Parameters table into `query_params`: each row's type (a string, an integer, a
//! number or a boolean; any other is a problem, `QUERY_PARAMETER`, and left out), presence and
//! the limits its description states (as a body member's, plus "The value must be X."), anchored
//! to its row (each limit's words in `also`). A mandatory parameter is sent by every request:
//! one that names a resource of the account (`…_id`) from a profile key of the section, as a
//! path parameter is; otherwise with the value the page states (an enumeration's first value, a
//! default, the one value it must be), else the first its description lists (`-  online: …`)
//! or a value its limits allow, under the inference
//! erratum `import-query-value-assumed` and the problem `QUERY_VALUE_ASSUMED`. A range the
//! description says a target converts (`… automatically converted to 20`) is no refusal: it is
//! left out of the schema (`LIMIT_NOT_REFUSED`). A minimum length of 1 of an optional parameter
//! is left out too (an empty value may be read as no value at all).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::limits::limits;
use crate::problem::{Code, Problem};
use crate::quote;
use crate::read::{Doc, Param};
use crate::schema::{Ty, ty};

static MUST_BE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"The value (?:must|can only) be \*{0,2}([A-Za-z0-9_.-]+?)\*{0,2}\.").expect("a valid pattern")
});
static LISTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^-\s+\**([A-Za-z0-9_.-]+)\**:").expect("a valid pattern"));
static CONVERTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(automatically )?converted to\b").expect("a valid pattern"));

/// The erratum of a value the page does not state.
pub const ASSUMED: &str = "import-query-value-assumed";

/// A documented query parameter, as the draft holds it.
#[derive(Debug, Clone)]
pub struct QueryParam {
    /// Its name.
    pub name: String,
    /// Mandatory.
    pub required: bool,
    /// Its JSON Schema (type and limits).
    pub schema: Value,
    /// `query_params[]` entry.
    pub json: Value,
    /// Bound to this parameter's profile key (it names a resource of the account).
    pub keyed: bool,
}

/// The query parameters of `doc`.
pub fn read(doc: &Doc, problems: &mut Vec<Problem>) -> Vec<QueryParam> {
    let Some(table) = &doc.query else { return Vec::new() };
    table.params.iter().filter_map(|p| param(&table.caption, p, problems)).collect()
}

fn param(caption: &str, p: &Param, problems: &mut Vec<Problem>) -> Option<QueryParam> {
    let t = match ty(&p.ty) {
        Ty::Plain(t @ ("string" | "integer" | "number" | "boolean")) => t,
        _ => {
            let m = format!("{}: type {:?} cannot be a query value the model holds; left out", p.name, p.ty);
            problems.push(Problem::new(Code::QueryParameter, p.line, m));
            return None;
        }
    };
    let required = p.mandatory == Some(true);
    let mut schema = json!({ "type": t });
    let mut also = Vec::new();
    let text = p.description.text();
    let converted = CONVERTED.is_match(&text);
    for l in limits(&p.description, t) {
        let range = ["minimum", "maximum"].contains(&l.keyword);
        if range && converted {
            let m = format!("{}: the page says a value outside its range is converted: no refusal is written", p.name);
            problems.push(Problem::new(Code::LimitNotRefused, l.line, m));
            continue;
        }
        if l.keyword == "minLength" && l.value == json!(1) && !required {
            continue;
        }
        schema[l.keyword] = l.value.clone();
        also.push(json!({ "section": caption, "quote": l.quote }));
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if schema.get("enum").is_none()
        && let Some(c) = MUST_BE.captures(&flat)
    {
        let words = c.get(0).map_or("", |m| m.as_str());
        schema["enum"] = json!([crate::limits::typed(&c[1], t)]);
        also.push(json!({ "section": caption, "quote": words }));
    }
    let mut provenance = json!({ "section": caption, "quote": quote::row(&p.quote) });
    if !also.is_empty() {
        provenance["also"] = Value::Array(also);
    }
    let description = text.split("\n\n").next().unwrap_or_default().replace('\n', " ");
    let mut json = json!({ "name": p.name, "required": required, "schema": schema, "description": description, "provenance": provenance });
    let stated = schema.get("enum").and_then(|e| e.get(0)).or_else(|| schema.get("default")).is_some();
    let keyed = required && !stated && names_resource(&p.name);
    if required && !stated && !keyed {
        // A value the description lists (`-  online: publish APIs`), else one the limits allow.
        let listed = LISTED.captures(&text).map(|c| crate::limits::typed(&c[1], t));
        json["example"] = listed.unwrap_or_else(|| crate::meets::sample(&schema));
        json["provenance"]["erratum"] = ASSUMED.into();
        let m = format!(
            "{}: the page states no value of this mandatory parameter: the draft sends {}",
            p.name, json["example"]
        );
        problems.push(Problem::new(Code::QueryValueAssumed, p.line, m));
    }
    Some(QueryParam { name: p.name.clone(), required, schema, json, keyed })
}

/// A name of a resource's id (`group_id`, `appId`).
fn names_resource(name: &str) -> bool {
    name.ends_with("_id") || name.ends_with("Id")
}

/// The erratum of a value the page does not state.
pub fn assumed_erratum() -> Value {
    json!({
        "id": ASSUMED,
        "doc_says": "The page states no value of a mandatory query parameter.",
        "fixture_holds": "a value its type and limits allow, in the parameter's `example`.",
        "why": "Every request must send it; a real target may need another value (set it in the fixture).",
        "kind": "inference",
        "provenance": { "section": "URI" }
    })
}

/// The refusals a scenario can provoke with the query: each as a step, and the value sent.
pub fn refusals(query: &[QueryParam]) -> Vec<String> {
    let mut out = Vec::new();
    for q in query {
        let s = &q.schema;
        let mut set = |v: String| out.push(format!("the query parameter \"{}\" is \"{v}\"", q.name));
        if let Some(max) = s["maxLength"].as_u64() {
            set("a".repeat(max as usize + 1));
        }
        match s["minLength"].as_u64() {
            Some(1) => set(String::new()),
            Some(n) if n > 1 => set("a".repeat(n as usize - 1)),
            _ => {}
        }
        if let Some(max) = s["maximum"].as_f64() {
            set(number(max + 1.0));
        }
        if let Some(min) = s["minimum"].as_f64() {
            set(number(min - 1.0));
        }
        if let Some(list) = s["enum"].as_array() {
            match s["type"].as_str() {
                Some("integer") | Some("number") => {
                    let top = list.iter().filter_map(Value::as_f64).fold(f64::MIN, f64::max);
                    set(number(top + 1.0));
                }
                Some("boolean") => {}
                _ => set("NOT-A-DOCUMENTED-VALUE".into()),
            }
        }
        if q.required {
            out.push(format!("the query parameter \"{}\" is left out", q.name));
        }
    }
    out
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{}", v as i64) } else { v.to_string() }
}
