//! The little template filler of error bodies (`error_body.template` of a fixture, filled with
//! an answer's `fields`): parsed once at start into a [`Node`] tree, rendered per answer with
//! the request's values. A string that is exactly `"{name}"` stands for a value (`{status}` and
//! `{limit}` numbers, `{details}` the refusal's details or else the `details` field, any other
//! name a field of the answer, itself filled); `{name}` inside a longer string or a member name
//! is replaced by text. Names: `status`, `uuid`, `details`, `reason`, `method`, `allow`,
//! `limit`, `path`, `path:<param>`, `body:/<pointer>`, and the fields.

use serde_json::{Map, Value};

use crate::params::Params;
use crate::pointer;

/// A value known only per request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Var {
    /// The status, a number.
    Status,
    /// A fresh UUID.
    Uuid,
    /// The refusal's details (an object) when it has any, else this fallback.
    Details(Option<Box<Node>>),
    /// Why a request was refused, in words.
    Reason,
    /// The request's method.
    Method,
    /// The documented method (`Allow`).
    Allow,
    /// The body cap in bytes, a number.
    Limit,
    /// The request's path.
    Path,
    /// A path parameter, decoded.
    PathParam(String),
    /// A value of the request body.
    Body(String),
}

/// A piece of a string with placeholders.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// Text as it is.
    Text(String),
    /// A value as text.
    Var(Var),
}

/// A template, parsed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// JSON without placeholders.
    Value(Value),
    /// A whole-string placeholder: the value itself.
    Var(Var),
    /// A string with placeholders in it.
    Text(Vec<Piece>),
    /// An array.
    Array(Vec<Node>),
    /// An object; member names may hold placeholders.
    Object(Vec<(Vec<Piece>, Node)>),
}

/// What a template is rendered with.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cx<'a> {
    /// The answer's status.
    pub status: u16,
    /// The decoded path parameters, when the request was routed.
    pub params: Option<&'a Params<'a>>,
    /// The request's JSON body, when it parsed.
    pub body: Option<&'a Value>,
    /// The refusal's details.
    pub details: Option<&'a Map<String, Value>>,
    /// Why the request was refused.
    pub reason: Option<&'a str>,
    /// The request's method.
    pub method: &'a str,
    /// The documented method.
    pub allow: &'a str,
    /// The body cap.
    pub limit: usize,
    /// The request's path.
    pub path: &'a str,
}

/// Parses `template` with the answer's `fields` in place of their names.
pub(crate) fn compile(template: &Value, fields: &Map<String, Value>) -> Result<Node, String> {
    let empty = Map::new();
    let field = |name: &str| -> Result<Option<Node>, String> {
        fields.get(name).map(|v| compile(v, &empty).map_err(|e| format!("field `{name}`: {e}"))).transpose()
    };
    Ok(match template {
        Value::String(s) => match whole(s) {
            Some("details") => Node::Var(Var::Details(field("details")?.map(Box::new))),
            Some(name) => match var(name) {
                Some(v) => Node::Var(v),
                None => field(name)?.ok_or_else(|| unknown(name, fields))?,
            },
            None => text(s, fields)?,
        },
        Value::Array(items) => Node::Array(items.iter().map(|i| compile(i, fields)).collect::<Result<_, _>>()?),
        Value::Object(members) => {
            let mut out = Vec::with_capacity(members.len());
            for (k, v) in members {
                out.push((pieces(k, fields)?, compile(v, fields)?));
            }
            Node::Object(out)
        }
        other => Node::Value(other.clone()),
    })
}

fn unknown(name: &str, fields: &Map<String, Value>) -> String {
    let known: Vec<&str> = fields.keys().map(String::as_str).collect();
    format!("`{{{name}}}` is neither a value of the request nor a field of the answer (fields: {known:?})")
}

/// `name` when `s` is exactly `{name}`.
fn whole(s: &str) -> Option<&str> {
    let name = s.strip_prefix('{')?.strip_suffix('}')?;
    (!name.is_empty() && !name.contains(['{', '}'])).then_some(name)
}

fn var(name: &str) -> Option<Var> {
    Some(match name {
        "status" => Var::Status,
        "uuid" => Var::Uuid,
        "reason" => Var::Reason,
        "method" => Var::Method,
        "allow" => Var::Allow,
        "limit" => Var::Limit,
        "path" => Var::Path,
        _ => match name.split_once(':') {
            Some(("path", p)) if !p.is_empty() => Var::PathParam(p.to_string()),
            Some(("body", p)) if p.starts_with('/') => Var::Body(p.to_string()),
            _ => return None,
        },
    })
}

fn text(s: &str, fields: &Map<String, Value>) -> Result<Node, String> {
    let p = pieces(s, fields)?;
    Ok(match p.as_slice() {
        [] => Node::Value(Value::String(String::new())),
        [Piece::Text(t)] => Node::Value(Value::String(t.clone())),
        _ => Node::Text(p),
    })
}

/// The pieces of a string: text, and each `{name}` as a value or a field's text.
fn pieces(s: &str, fields: &Map<String, Value>) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + len];
        push_text(&mut out, &rest[..open]);
        if let Some(v) = var(name) {
            out.push(Piece::Var(v));
        } else if name == "details" {
            out.push(Piece::Var(Var::Details(None)));
        } else {
            match fields.get(name) {
                Some(Value::String(f)) => out.extend(pieces(f, &Map::new())?),
                Some(other) => push_text(&mut out, &other.to_string()),
                None => return Err(unknown(name, fields)),
            }
        }
        rest = &rest[open + len + 1..];
    }
    push_text(&mut out, rest);
    Ok(out)
}

fn push_text(out: &mut Vec<Piece>, t: &str) {
    if t.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Piece::Text(prev)) => prev.push_str(t),
        _ => out.push(Piece::Text(t.to_string())),
    }
}

impl Node {
    /// The JSON for one answer.
    pub(crate) fn render(&self, cx: &Cx<'_>) -> Value {
        match self {
            Node::Value(v) => v.clone(),
            Node::Var(v) => value(v, cx),
            Node::Text(p) => Value::String(render_text(p, cx)),
            Node::Array(items) => Value::Array(items.iter().map(|i| i.render(cx)).collect()),
            Node::Object(members) => {
                Value::Object(members.iter().map(|(k, v)| (render_text(k, cx), v.render(cx))).collect())
            }
        }
    }
}

fn value(v: &Var, cx: &Cx<'_>) -> Value {
    match v {
        Var::Status => Value::from(cx.status),
        Var::Limit => Value::from(cx.limit),
        Var::Details(fallback) => match (cx.details, fallback) {
            (Some(d), _) => Value::Object(d.clone()),
            (None, Some(f)) => f.render(cx),
            (None, None) => Value::String(String::new()),
        },
        Var::Body(p) => {
            cx.body.and_then(|b| pointer::get(b, p)).cloned().unwrap_or_else(|| Value::String(String::new()))
        }
        other => {
            let mut s = String::new();
            push_var(&mut s, other, cx);
            Value::String(s)
        }
    }
}

fn render_text(pieces: &[Piece], cx: &Cx<'_>) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(v) => push_var(&mut out, v, cx),
        }
    }
    out
}

fn push_var(out: &mut String, v: &Var, cx: &Cx<'_>) {
    match v {
        Var::Status => out.push_str(&cx.status.to_string()),
        Var::Limit => out.push_str(&cx.limit.to_string()),
        Var::Uuid => out.push_str(&uuid::Uuid::new_v4().to_string()),
        Var::Reason => out.push_str(cx.reason.unwrap_or_default()),
        Var::Method => out.push_str(cx.method),
        Var::Allow => out.push_str(cx.allow),
        Var::Path => out.push_str(cx.path),
        Var::PathParam(p) => out.push_str(cx.params.and_then(|m| m.get(p)).unwrap_or("")),
        Var::Body(p) => match cx.body.and_then(|b| pointer::get(b, p)) {
            Some(Value::String(s)) => out.push_str(s),
            Some(other) => out.push_str(&other.to_string()),
            None => {}
        },
        Var::Details(_) => {
            if let Some(d) = cx.details {
                out.push_str(&Value::Object(d.clone()).to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn fills_values_fields_and_text() {
        let t =
            json!({ "{kind}": { "code": "{status}", "message": "{message}", "details": "{details}", "id": "{uuid}" } });
        let node = compile(&t, &fields(json!({ "kind": "badRequest", "message": "No {path:id} at {path}" })))
            .expect("compiles");
        let mut params = Params::new();
        params.push("id", "7".into());
        let cx = Cx { status: 400, params: Some(&params), path: "/x/7", ..Cx::default() };
        let out = node.render(&cx);
        assert_eq!(out["badRequest"]["code"], 400);
        assert_eq!(out["badRequest"]["message"], "No 7 at /x/7");
        assert_eq!(out["badRequest"]["details"], "");
        assert_eq!(out["badRequest"]["id"].as_str().map(str::len), Some(36));
        let d = fields(json!({ "name": "Required" }));
        let out = node.render(&Cx { details: Some(&d), ..cx });
        assert_eq!(out["badRequest"]["details"], json!({ "name": "Required" }));
    }

    #[test]
    fn the_details_field_is_the_fallback_and_body_values_are_read() {
        let t = json!({ "error": "{code}", "details": "{details}", "said": "{body:/a}", "text": "got {body:/a}" });
        let node = compile(&t, &fields(json!({ "code": "E1", "details": { "p": "{path}" } }))).expect("compiles");
        let body = json!({ "a": 5 });
        let out = node.render(&Cx { body: Some(&body), path: "/p", ..Cx::default() });
        assert_eq!(out, json!({ "error": "E1", "details": { "p": "/p" }, "said": 5, "text": "got 5" }));
    }

    #[test]
    fn an_unknown_name_is_an_error_naming_it() {
        let e = compile(&json!({ "a": "{nope}" }), &Map::new()).expect_err("unknown");
        assert!(e.contains("`{nope}`"), "{e}");
        let e = compile(&json!({ "a": "x {nope} y" }), &Map::new()).expect_err("unknown in text");
        assert!(e.contains("`{nope}`"), "{e}");
    }
}
