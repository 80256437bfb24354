//! The draft feature, in the generic step vocabulary: a scenario for every documented success
//! and example, the 401, 403 and 404 refusals, each documented server fault (injected), a dry
//! run where the body has the flag, and a refusal for each boundary the request's limits imply
//! (a required member removed, a wrong JSON type, one past each length, range and enum).

use std::fmt::Write as _;

use serde_json::Value;

use crate::draft::Facts;
use crate::problem::{Code, Problem};
use crate::read::Doc;

struct Ctx<'a> {
    facts: &'a Facts,
    out: String,
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

/// The feature text; `json` lists the statuses whose body has a schema.
pub fn feature(id: &str, source: &str, doc: &Doc, facts: &Facts, json: &[u16], problems: &mut Vec<Problem>) -> String {
    let (title, method, path) = (&doc.title.0, &doc.method, &doc.path);
    let (vendor, operation) = id.split_once('/').unwrap_or((id, id));
    let mut c = Ctx { facts, out: String::new() };
    let _ = writeln!(
        c.out,
        "@{vendor} @{operation}\nFeature: {title}\n  {method} {path} (vendor page {source}), drafted by `conformance import`: bodies are read from\n  fixtures/{id}.json by their example names. Review the effects and the account's keys."
    );
    for &status in &facts.statuses {
        let example = c.example(status).map(String::from);
        let ex_tag = example.as_ref().map(|e| format!("@example-{e}"));
        let equals = example
            .as_ref()
            .map(|e| format!("And the body equals the documented example \"{e}\", volatile values aside"));
        let schema = c.json(status, json).then(|| format!("And the body matches the response schema for {status}"));
        let mut tags = vec![format!("@status-{status}")];
        tags.extend(ex_tag.clone());
        let checks: Vec<String> = schema.into_iter().chain(equals).collect();
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
                    let given = [
                        "Given credentials with permission".to_string(),
                        format!("And the documented example request \"{r}\""),
                        format!("And the field \"{flag}\" is set to true"),
                        "When I send the request".into(),
                        format!("Then the response status is {status}"),
                    ];
                    c.scenario(&[format!("@status-{status}")], "A dry run is accepted and changes nothing", &given);
                }
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
            }
            403 => {
                let when = c.send();
                c.scenario(
                    &tags,
                    "Credentials without permission are forbidden",
                    &steps(&["Given credentials without permission"], when),
                );
            }
            404 if facts.noun.is_some() => {
                let noun = facts.noun.clone().unwrap_or_default();
                let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                let given = format!("And {article} {noun} that does not exist");
                let when = c.send();
                let title =
                    format!("{} {noun} that does not exist is not found", if article == "an" { "An" } else { "A" });
                c.scenario(&tags, &title, &steps(&["Given credentials with permission", &given], when));
            }
            500..=599 => {
                let when = format!("{} with the documented fault {status} injected", c.send());
                c.scenario(
                    &tags,
                    &format!("The documented fault {status} is answered as documented"),
                    &steps(&["Given credentials with permission"], when),
                );
            }
            400 if facts.schema.is_some() && facts.request_body.is_some() => {
                refusals(&mut c, Some(status), &checks, &tags, problems)
            }
            _ => problems.push(Problem::new(
                Code::StatusNotProvoked,
                0,
                format!("no generic step provokes {status}: add its scenario by hand"),
            )),
        }
    }
    if facts.undocumented.contains(&400) && facts.request_body.is_some() {
        refusals(&mut c, None, &[], &["@status-4xx".to_string()], problems);
    }
    c.out
}

fn refusals(c: &mut Ctx<'_>, status: Option<u16>, checks: &[String], tags: &[String], problems: &mut Vec<Problem>) {
    let (Some(schema), Some(body), Some(r)) = (&c.facts.schema, &c.facts.request_body, c.facts.requests.first()) else {
        return;
    };
    let mut edits = Vec::new();
    edits_of(schema, body, "", true, &mut edits);
    if edits.is_empty() {
        if let Some(s) = status {
            problems.push(Problem::new(
                Code::StatusNotProvoked,
                0,
                format!("the body has no limit to break: no scenario provokes {s}"),
            ));
        }
        return;
    }
    let then = status.map_or("Then the request is refused with a client error".to_string(), |s| {
        format!("Then the response status is {s}")
    });
    let _ = writeln!(c.out, "\n  {}\n  Scenario Outline: A request the page does not allow is refused", tags.join(" "));
    let lines = [
        "Given credentials with permission".to_string(),
        format!("And the documented example request \"{r}\""),
        "And <edit>".into(),
        "When I send the request".into(),
        then,
    ];
    for l in lines.iter().chain(checks) {
        let _ = writeln!(c.out, "    {l}");
    }
    let width = edits.iter().map(String::len).max().unwrap_or(4).max(4);
    let _ = writeln!(c.out, "\n    Examples:\n      | {:width$} |", "edit");
    for e in edits {
        let _ = writeln!(c.out, "      | {e:width$} |");
    }
}

fn field(pointer: &str, top: bool) -> String {
    if top { pointer.trim_start_matches('/').to_string() } else { pointer.to_string() }
}

fn edits_of(schema: &Value, body: &Value, at: &str, top: bool, out: &mut Vec<String>) {
    let Some(props) = schema["properties"].as_object() else { return };
    let required: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    for (name, s) in props {
        let pointer = format!("{at}/{name}");
        let f = field(&pointer, top);
        let here = body.pointer(&pointer);
        if required.contains(&name.as_str()) && here.is_some() {
            out.push(format!("the field \"{f}\" is removed"));
        }
        let wrong = match s["type"].as_str() {
            Some("string") => Some("7"),
            Some("integer") | Some("number") => Some("\"x\""),
            Some("boolean") => Some("\"yes\""),
            Some("object") | Some("array") => Some("7"),
            _ => None,
        };
        if let Some(w) = wrong.filter(|_| top) {
            out.push(format!("the field \"{f}\" is set to {w}"));
        }
        if let Some(max) = s["maxLength"].as_u64() {
            out.push(format!("the field \"{f}\" is set to {} bytes of \"a\"", max + 1));
        }
        match s["minLength"].as_u64() {
            Some(1) => out.push(format!("the field \"{f}\" is set to \"\"")),
            Some(n) if n > 1 => out.push(format!("the field \"{f}\" is set to {} bytes of \"a\"", n - 1)),
            _ => {}
        }
        if let Some(max) = s["maximum"].as_i64() {
            out.push(format!("the field \"{f}\" is set to {}", max + 1));
        }
        if let Some(min) = s["minimum"].as_i64() {
            out.push(format!("the field \"{f}\" is set to {}", min - 1));
        }
        if let Some(list) = s["enum"].as_array() {
            let outside = match s["type"].as_str() {
                Some("integer") => list.iter().filter_map(Value::as_i64).max().map(|m| (m + 1).to_string()),
                Some("string") => Some("\"NOT-A-DOCUMENTED-VALUE\"".to_string()),
                _ => None,
            };
            if let Some(v) = outside {
                out.push(format!("the field \"{f}\" is set to {v}"));
            }
        }
        if s["type"] == "object" && here.is_some_and(Value::is_object) {
            edits_of(s, body, &pointer, false, out);
        }
    }
}
