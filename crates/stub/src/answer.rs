//! Answers, compiled at start: for each documented status of an operation (and each stub answer
//! of its `error_body`), what to answer with. An `answer` of the fixture names an `example`
//! (instantiated, the computed details put at `details_at`), `fields` for the operation's error
//! template, or a prose `text`, plus `headers`; a status with an example and no `answer` answers
//! its first example; anything else has no body. Rendering gives a [`Rendered`] that mutations,
//! hooks and variations may still adjust before it becomes a [`StubResponse`]; an answer nothing
//! adjusts goes straight to its bytes ([`Answer::respond`]: a compiled example's, `compiled.rs`).

use bytes::Bytes;
use conformance_contract::meets::AnswerDoc;
use conformance_contract::{Direction, Format, Operation, RequestContext, instantiate};
use serde_json::{Map, Value};

use crate::StubError;
use crate::compiled::{self, Compiled};
use crate::params::Params;
use crate::request::{StubResponse, json_content_type};
use crate::template::{self, Node};

/// What an answer's body is made from.
#[derive(Debug)]
enum Body {
    /// A response example (its index in the contract), the details put at a pointer, and its
    /// body compiled to bytes when it can be.
    Example { index: usize, details_at: Option<String>, compiled: Option<Compiled> },
    /// The operation's error template, filled.
    Template(Node),
    /// Prose.
    Text(String),
    /// No body.
    Empty,
}

/// One answer, ready to render.
#[derive(Debug)]
pub(crate) struct Answer {
    /// Its status.
    pub status: u16,
    body: Body,
    headers: Vec<(String, Node)>,
    /// Whether its example has a self-link (so rendering needs the request's origin).
    self_links: bool,
}

/// A rendered answer, before it is serialised.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rendered {
    /// The status.
    pub status: u16,
    /// A JSON body.
    pub json: Option<Value>,
    /// A prose body (when there is no JSON one).
    pub text: Option<String>,
    /// Extra headers (the content type is added by [`Rendered::finish`]).
    pub headers: Vec<(String, String)>,
}

impl Rendered {
    /// The response: JSON, prose or empty, with the headers.
    pub(crate) fn finish(self) -> StubResponse {
        let mut r = match (&self.json, &self.text) {
            (Some(v), _) => StubResponse::json(self.status, v),
            (None, Some(t)) => StubResponse::text(self.status, t),
            (None, None) => StubResponse::empty(self.status),
        };
        r.headers.extend(self.headers.into_iter().map(|(k, v)| (k.into(), v.into())));
        r
    }
}

/// What an answer is rendered for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cx<'a> {
    /// The values templates read.
    pub fill: template::Cx<'a>,
    /// The request's path as sent (self-links name it).
    pub path: &'a str,
    /// The origin self-links start with.
    pub origin: &'a str,
}

fn no_params() -> &'static Params<'static> {
    static EMPTY: Params<'static> = Params::new();
    &EMPTY
}

impl Answer {
    /// The answer for `status` of `op`, as its fixture says.
    pub(crate) fn for_status(op: &Operation, status: u16) -> Result<Answer, StubError> {
        let doc = op.response(status).and_then(|r| r.answer.as_ref());
        match doc {
            Some(a) => Self::from_doc(op, status, a, &format!("responses[status {status}].answer")),
            None => match op.examples_for(status).next() {
                Some(e) => Self::example(op, &e.name),
                None => Ok(Answer { status, body: Body::Empty, headers: Vec::new(), self_links: false }),
            },
        }
    }

    /// The stub answer `name` of the operation's `error_body` (`no-route`, …) with `status`;
    /// `None` when the fixture has none.
    pub(crate) fn stub(op: &Operation, name: &str, status: u16) -> Result<Option<Answer>, StubError> {
        let Some(doc) = op.contract().error_body.as_ref().and_then(|e| e.stub_answers.get(name)) else {
            return Ok(None);
        };
        Self::from_doc(op, status, doc, &format!("error_body.stub_answers.{name}")).map(Some)
    }

    /// The response example `name`, answered with its status.
    pub(crate) fn example(op: &Operation, name: &str) -> Result<Answer, StubError> {
        let found = op
            .contract()
            .examples
            .iter()
            .enumerate()
            .find(|(_, e)| e.name == name && e.direction == Direction::Response);
        let Some((index, e)) = found else {
            return Err(StubError::fixture(op.id(), "examples", format!("no response example `{name}`")));
        };
        let self_links = e.volatile.iter().any(|v| v.format == Some(Format::SelfLink));
        let status = e.status.unwrap_or(200);
        let body = Body::Example { index, details_at: None, compiled: Compiled::compile(e) };
        Ok(Answer { status, body, headers: Vec::new(), self_links })
    }

    /// The operation's error template filled with `fields`, answered with `status`.
    pub(crate) fn fields(op: &Operation, status: u16, fields: &Map<String, Value>) -> Result<Answer, StubError> {
        let doc = AnswerDoc { fields: fields.clone(), ..AnswerDoc::default() };
        Self::from_doc(op, status, &doc, "hooks")
    }

    fn from_doc(op: &Operation, status: u16, a: &AnswerDoc, field: &str) -> Result<Answer, StubError> {
        let bad = |f: &str, m: String| StubError::fixture(op.id(), format!("{field}{f}"), m);
        let mut answer = if let Some(name) = &a.example {
            let mut ex = Self::example(op, name)?;
            ex.status = status;
            if let Body::Example { details_at, .. } = &mut ex.body {
                details_at.clone_from(&a.details_at);
            }
            ex
        } else if let Some(text) = &a.text {
            Answer { status, body: Body::Text(text.clone()), headers: Vec::new(), self_links: false }
        } else if let Some(eb) = &op.contract().error_body {
            let node = template::compile(&eb.template, &a.fields).map_err(|m| bad(".fields", m))?;
            Answer { status, body: Body::Template(node), headers: Vec::new(), self_links: false }
        } else {
            return Err(bad("", "an answer needs an `example`, a `text`, or the contract's `error_body`".into()));
        };
        for (k, v) in &a.headers {
            let node = template::compile(&Value::String(v.clone()), &Map::new()).map_err(|m| bad(".headers", m))?;
            answer.headers.push((k.clone(), node));
        }
        Ok(answer)
    }

    /// Whether rendering needs the request's origin (the example has a self-link).
    pub(crate) fn needs_origin(&self) -> bool {
        self.self_links
    }

    /// The answer for one request.
    pub(crate) fn render(&self, op: &Operation, cx: &Cx<'_>) -> Rendered {
        let fill = template::Cx { status: self.status, ..cx.fill };
        let (json, text) = match &self.body {
            Body::Empty => (None, None),
            Body::Text(t) => (None, Some(t.clone())),
            Body::Template(node) => (Some(node.render(&fill)), None),
            Body::Example { index, details_at, .. } => {
                let Some(e) = op.contract().examples.get(*index) else { return empty(self.status) };
                // The contract's instantiation takes a map: made here, off the compiled path.
                let params = fill.params.map(Params::to_map).unwrap_or_default();
                let exchange = RequestContext { path: cx.path, path_params: &params, body: fill.body };
                let mut v = instantiate(e, &exchange, cx.origin);
                if let (Some(v), Some(at), Some(d)) = (v.as_mut(), details_at, fill.details)
                    && let Some(slot) = v.pointer_mut(at)
                {
                    *slot = Value::Object(d.clone());
                }
                let text = if v.is_none() { e.text.clone() } else { None };
                (v, text)
            }
        };
        let headers = self.headers.iter().map(|(k, v)| (k.clone(), as_text(v.render(&fill)))).collect();
        Rendered { status: self.status, json, text, headers }
    }

    /// The response for one request when nothing adjusts it before it goes: what
    /// `render(…).finish()` gives, from the compiled example's bytes when it has them (no JSON
    /// tree built, none serialised).
    pub(crate) fn respond(&self, op: &Operation, cx: &Cx<'_>) -> StubResponse {
        if let Body::Example { compiled: Some(c), details_at, .. } = &self.body
            && (details_at.is_none() || cx.fill.details.is_none())
        {
            let params = cx.fill.params.unwrap_or_else(|| no_params());
            let fill = compiled::Fill { path: cx.path, params, body: cx.fill.body, origin: cx.origin };
            if let Some(bytes) = c.render(&fill) {
                let fill = template::Cx { status: self.status, ..cx.fill };
                let mut headers = Vec::with_capacity(1 + self.headers.len());
                headers.push(json_content_type());
                headers.extend(self.headers.iter().map(|(k, v)| (k.clone().into(), as_text(v.render(&fill)).into())));
                return StubResponse { status: self.status, headers, body: Bytes::from(bytes) };
            }
        }
        self.render(op, cx).finish()
    }
}

fn empty(status: u16) -> Rendered {
    Rendered { status, json: None, text: None, headers: Vec::new() }
}

fn as_text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}
