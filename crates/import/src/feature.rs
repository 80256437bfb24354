//! The draft feature, in the generic step vocabulary: a scenario for every documented success
//! and example, the 401, 403 and 404 refusals, each documented server fault (injected), a dry
//! run where the body has the flag, and a refusal for each boundary the request's limits imply
//! (a required member removed, a wrong JSON type, one past each length, range and enum) and each
//! limit of the query (a required parameter left out, a value past a stated limit). Each
//! scenario of a status that documents response headers checks them.

use std::fmt::Write as _;

use serde_json::Value;

use crate::draft::Facts;
use crate::problem::{Code, Problem};
use crate::read::Doc;

/// The step that checks the documented response headers of the status answered.
const HEADERS: &str = "And the response has the documented headers";

struct Ctx<'a> {
    facts: &'a Facts,
    out: String,
    /// The statuses a scenario was written for.
    provoked: Vec<u16>,
}

impl Ctx<'_> {
    fn send(&self) -> String {
        match self.facts.requests.first() {
            Some(r) => format!("When I send the documented example request \"{r}\""),
            None => "When I send the request".into(),
        }
    }

    fn example(&self, status: u16) -> Option<&str> {
        self.facts.responses.iter().find(|(s, _)| *s == status).map(|(_, n)| n.as_str())
    }

    fn json(&self, status: u16, schema: &[u16]) -> bool {
        schema.contains(&status)
    }

    fn scenario(&mut self, tags: &[String], name: &str, steps: &[String]) {
        let _ = writeln!(self.out, "\n  {}\n  Scenario: {name}", tags.join(" "));
        for s in steps {
            let _ = writeln!(self.out, "    {s}");
        }
    }
}

/// The feature text, and the statuses its scenarios provoke; `json` lists the statuses whose
/// body has a schema.
pub fn feature(
    id: &str,
    source: &str,
    doc: &Doc,
    facts: &Facts,
    json: &[u16],
    problems: &mut Vec<Problem>,
) -> (String, Vec<u16>) {
    let (title, method, path) = (&doc.title.0, &doc.method, &doc.path);
    let (vendor, operation) = id.split_once('/').unwrap_or((id, id));
    let mut c = Ctx { facts, out: String::new(), provoked: Vec::new() };
    let _ = writeln!(
        c.out,
        "@{vendor} @{operation}\nFeature: {title}\n  {method} {path} (vendor page {source}), drafted by `conformance import`: bodies are read from\n  fixtures/{id}.json by their example names. Review the effects and the account's keys."
    );
    for &status in &facts.statuses {
        let example = c.example(status).map(String::from);
        let ex_tag = example.as_ref().map(|e| format!("@example-{e}"));
        let data = facts.read && (200..300).contains(&status);
        let equals = example
            .as_ref()
            .filter(|_| !data)
            .map(|e| format!("And the body equals the documented example \"{e}\", volatile values aside"));
        let schema = c.json(status, json).then(|| format!("And the body matches the response schema for {status}"));
        let mut tags = vec![format!("@status-{status}")];
        tags.extend(ex_tag.clone());
        let headers = facts.headers.contains(&status).then(|| HEADERS.to_string());
        let checks: Vec<String> = headers.clone().into_iter().chain(schema).chain(equals).collect();
        let steps = |given: &[&str], when: String| -> Vec<String> {
            let mut s: Vec<String> = given.iter().map(|g| g.to_string()).collect();
            s.push(when);
            s.push(format!("Then the response status is {status}"));
            s.extend(checks.iter().cloned());
            s
        };
        match status {
            200..=299 if Some(status) == facts.statuses.iter().copied().find(|s| (200..300).contains(s)) => {
                if let Some(r) = facts.requests.first() {
                    tags.push(format!("@example-{r}"));
                }
                let when = c.send();
                c.scenario(
                    &tags,
                    "The documented request is accepted",
                    &steps(&["Given credentials with permission"], when),
                );
                if let (Some(flag), Some(r)) = (&facts.dry_run, facts.requests.first()) {
                    let mut given = vec![
                        "Given credentials with permission".to_string(),
                        format!("And the documented example request \"{r}\""),
                        format!("And the field \"{flag}\" is set to true"),
                        "When I send the request".into(),
                        format!("Then the response status is {status}"),
                    ];
                    given.extend(headers);
                    c.scenario(&[format!("@status-{status}")], "A dry run is accepted and changes nothing", &given);
                }
                c.provoked.push(status);
            }
            401 => {
                let when = c.send();
                let mut s = steps(&["Given <credentials>"], when);
                s.push(String::new());
                s.push("Examples:".into());
                s.push("  | credentials         |".into());
                s.push("  | no credentials      |".into());
                s.push("  | invalid credentials |".into());
                let _ = writeln!(
                    c.out,
                    "\n  {}\n  Scenario Outline: A request without valid credentials is unauthorized",
                    tags.join(" ")
                );
                for l in s {
                    let _ = writeln!(c.out, "{}", if l.is_empty() { String::new() } else { format!("    {l}") });
                }
                c.provoked.push(status);
            }
            403 => {
                let when = c.send();
                c.scenario(
                    &tags,
                    "Credentials without permission are forbidden",
                    &steps(&["Given credentials without permission"], when),
                );
                c.provoked.push(status);
            }
            404 if facts.noun.is_some() => {
                let noun = facts.noun.clone().unwrap_or_default();
                let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                let given = format!("And {article} {noun} that does not exist");
                let when = c.send();
                let title =
                    format!("{} {noun} that does not exist is not found", if article == "an" { "An" } else { "A" });
                c.scenario(&tags, &title, &steps(&["Given credentials with permission", &given], when));
                c.provoked.push(status);
            }
            500..=599 => {
                let when = format!("{} with the documented fault {status} injected", c.send());
                c.scenario(
                    &tags,
                    &format!("The documented fault {status} is answered as documented"),
                    &steps(&["Given credentials with permission"], when),
                );
                c.provoked.push(status);
            }
            400 => {
                let body = facts.schema.is_some() && facts.request_body.is_some();
                let by_body = body && refusals(&mut c, Some(status), &checks, &tags);
                let by_query = query_refusals(&mut c, Some(status), &checks, &tags);
                if by_body || by_query {
                    c.provoked.push(status);
                } else {
                    let m = if body {
                        format!("the body has no limit to break and the query none: no scenario provokes {status}")
                    } else {
                        format!("no generic step provokes {status}: add its scenario by hand")
                    };
                    problems.push(Problem::new(Code::StatusNotProvoked, 0, m));
                }
            }
            _ => problems.push(Problem::new(
                Code::StatusNotProvoked,
                0,
                format!("no generic step provokes {status}: add its scenario by hand"),
            )),
        }
    }
    if facts.undocumented.contains(&400) {
        let tags = ["@status-4xx".to_string()];
        if facts.request_body.is_some() {
            refusals(&mut c, None, &[], &tags);
        }
        query_refusals(&mut c, None, &[], &tags);
    }
    (c.out, c.provoked)
}

/// The refusal of each of the query's documented limits (a required parameter left out, a value
/// past a limit), the rest of the request as documented; `false` when it has none.
fn query_refusals(c: &mut Ctx<'_>, status: Option<u16>, checks: &[String], tags: &[String]) -> bool {
    if c.facts.query_refusals.is_empty() {
        return false;
    }
    let then = status.map_or("Then the request is refused with a client error".to_string(), |s| {
        format!("Then the response status is {s}")
    });
    let _ = writeln!(c.out, "\n  {}\n  Scenario Outline: A query the page does not allow is refused", tags.join(" "));
    let mut lines = vec!["Given credentials with permission".to_string()];
    lines.extend(c.facts.requests.first().map(|r| format!("And the documented example request \"{r}\"")));
    lines.extend(["And <edit>".to_string(), "When I send the request".into(), then]);
    for l in lines.iter().chain(checks) {
        let _ = writeln!(c.out, "    {l}");
    }
    let rows: Vec<Edit> = c.facts.query_refusals.iter().map(|s| Edit { base: None, step: s.clone() }).collect();
    table(&mut c.out, &rows);
    true
}

/// The refusals of the body's limits; `false` when it has none to break (nothing written).
fn refusals(c: &mut Ctx<'_>, status: Option<u16>, checks: &[String], tags: &[String]) -> bool {
    let (Some(schema), Some(body), Some(r)) = (&c.facts.schema, &c.facts.request_body, c.facts.requests.first()) else {
        return false;
    };
    let mut edits = Vec::new();
    edits_of(schema, body, "", None, &mut edits);
    if edits.is_empty() {
        return false;
    }
    let then = status.map_or("Then the request is refused with a client error".to_string(), |s| {
        format!("Then the response status is {s}")
    });
    let (plain, based): (Vec<Edit>, Vec<Edit>) = edits.into_iter().partition(|e| e.base.is_none());
    for (rows, title) in [
        (plain, "A request the page does not allow is refused"),
        (based, "A request the page does not allow is refused, in members the example does not show"),
    ] {
        if rows.is_empty() {
            continue;
        }
        let based = rows[0].base.is_some();
        let _ = writeln!(c.out, "\n  {}\n  Scenario Outline: {title}", tags.join(" "));
        let mut lines = vec![
            "Given credentials with permission".to_string(),
            format!("And the documented example request \"{r}\""),
        ];
        if based {
            lines.push("And the field \"<member>\" is set to <value>".into());
        }
        lines.extend(["And <edit>".to_string(), "When I send the request".into(), then.clone()]);
        for l in lines.iter().chain(checks) {
            let _ = writeln!(c.out, "    {l}");
        }
        table(&mut c.out, &rows);
    }
    true
}

fn table(out: &mut String, rows: &[Edit]) {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|e| match &e.base {
            Some((m, v)) => vec![m.clone(), v.clone(), e.step.clone()],
            None => vec![e.step.clone()],
        })
        .collect();
    let head: Vec<&str> = if cells[0].len() == 3 { vec!["member", "value", "edit"] } else { vec!["edit"] };
    let widths: Vec<usize> =
        (0..head.len()).map(|i| cells.iter().map(|r| r[i].len()).max().unwrap_or(0).max(head[i].len())).collect();
    let row = |r: Vec<&str>| -> String {
        let padded: Vec<String> = r.iter().zip(&widths).map(|(c, w)| format!("{c:w$}")).collect();
        format!("      | {} |\n", padded.join(" | "))
    };
    let _ = write!(out, "\n    Examples:\n{}", row(head.clone()));
    for r in &cells {
        out.push_str(&row(r.iter().map(String::as_str).collect()));
    }
}

/// One refusal: a step that breaks one limit, after setting a member the example lacks.
struct Edit {
    base: Option<(String, String)>,
    step: String,
}

fn field(pointer: &str) -> String {
    if pointer.matches('/').count() == 1 { pointer.trim_start_matches('/').to_string() } else { pointer.to_string() }
}

fn wrong_type(s: &Value) -> Option<&'static str> {
    match s["type"].as_str() {
        Some("string") => Some("7"),
        Some("integer") | Some("number") => Some("\"x\""),
        Some("boolean") => Some("\"yes\""),
        Some("object") | Some("array") => Some("7"),
        _ => None,
    }
}

fn limit_values(s: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(max) = s["maxLength"].as_u64() {
        out.push(format!("{} bytes of \"a\"", max + 1));
    }
    match s["minLength"].as_u64() {
        Some(1) => out.push("\"\"".into()),
        Some(n) if n > 1 => out.push(format!("{} bytes of \"a\"", n - 1)),
        _ => {}
    }
    if let Some(max) = s["maximum"].as_i64() {
        out.push(format!("{}", max + 1));
    }
    if let Some(min) = s["minimum"].as_i64() {
        out.push(format!("{}", min - 1));
    }
    if let Some(list) = s["enum"].as_array() {
        match s["type"].as_str() {
            Some("integer") => out.extend(list.iter().filter_map(Value::as_i64).max().map(|m| (m + 1).to_string())),
            Some("string") => out.push("\"NOT-A-DOCUMENTED-VALUE\"".into()),
            _ => {}
        }
    }
    out
}

/// The refusals of `schema`'s members at `at` in `body`; `base` is the member set first (the
/// outermost object the example lacks, a value made from its table) when `body` is not the
/// example's.
fn edits_of(schema: &Value, body: &Value, at: &str, base: Option<(String, String)>, out: &mut Vec<Edit>) {
    let Some(props) = schema["properties"].as_object() else { return };
    let required: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut push = |step: String| out.push(Edit { base: base.clone(), step });
    for (name, s) in props {
        let pointer = format!("{at}/{name}");
        let f = field(&pointer);
        let here = body.pointer(&pointer);
        if required.contains(&name.as_str()) && here.is_some() {
            push(format!("the field \"{f}\" is removed"));
        }
        if let Some(w) = wrong_type(s).filter(|_| at.is_empty()) {
            push(format!("the field \"{f}\" is set to {w}"));
        }
        for v in limit_values(s) {
            push(format!("the field \"{f}\" is set to {v}"));
        }
    }
    for (name, s) in props.iter().filter(|(_, s)| s["type"] == "object") {
        let pointer = format!("{at}/{name}");
        match body.pointer(&pointer) {
            Some(v) if v.is_object() => edits_of(s, body, &pointer, base.clone(), out),
            Some(_) => {}
            None => {
                let made = crate::meets::derive_full(s);
                let mut with = body.clone();
                if let Some(parent) = with.pointer_mut(at).and_then(Value::as_object_mut) {
                    parent.insert(name.clone(), made.clone());
                }
                let base = base.clone().or_else(|| Some((field(&pointer), made.to_string())));
                edits_of(s, &with, &pointer, base, out);
            }
        }
    }
}
