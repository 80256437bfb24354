//! Values that change per call (ids, guids, job ids, timestamps): the form each keeps, fresh
//! values for a stub to answer with, and "equal to the example, volatile values aside" for a
//! runner to check with, with a readable diff when it is not.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::model::{Example, Format, Volatile};
use crate::schema::Violation;

/// The request a response example answers: what echoes and self-links refer to.
#[derive(Debug, Clone, Copy)]
pub struct Exchange<'a> {
    /// The request's path as sent (no query).
    pub path: &'a str,
    /// Path parameters by name.
    pub path_params: &'a BTreeMap<String, String>,
    /// The request's JSON body, if any.
    pub body: Option<&'a Value>,
}

impl Format {
    fn regex(self) -> Option<&'static Regex> {
        static RES: LazyLock<[Regex; 6]> = LazyLock::new(|| {
            [
                r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                r"^[0-9a-f]{32}$",
                r"^JOB-[0-9a-f]{32}$",
                r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$",
                r"^CS\d{10}[0-9A-Z]{5}$",
                r"^\d+(-\d*)+$",
            ]
            .map(|r| Regex::new(r).expect("built-in pattern compiles"))
        });
        let i = match self {
            Format::Uuid => 0,
            Format::Hex32 => 1,
            Format::JobId => 2,
            Format::Timestamp => 3,
            Format::CphOrderId => 4,
            Format::CphProductId => 5,
            Format::SelfLink | Format::AnyString => return None,
        };
        Some(&RES[i])
    }

    /// Whether `value` keeps this form; `path` is the request's path, for self-links.
    pub fn accepts(self, value: &str, path: &str) -> bool {
        match self {
            Format::AnyString => true,
            Format::SelfLink => {
                let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
                rest.and_then(|r| r.find('/').map(|i| &r[i..]))
                    .is_some_and(|p| p.trim_end_matches('/') == path.trim_end_matches('/'))
            }
            _ => self.regex().is_some_and(|r| r.is_match(value)),
        }
    }

    /// A fresh value of this form; `origin` (`http://127.0.0.1:8080`) and `path` make self-links.
    pub fn generate(self, origin: &str, path: &str) -> String {
        let hex = || uuid::Uuid::new_v4().simple().to_string();
        let now = time::OffsetDateTime::now_utc;
        match self {
            Format::Uuid => uuid::Uuid::new_v4().to_string(),
            Format::Hex32 | Format::AnyString => hex(),
            Format::JobId => format!("JOB-{}", hex()),
            Format::Timestamp => {
                let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
                now().format(&f).unwrap_or_default()
            }
            Format::CphOrderId => {
                let f = time::macros::format_description!("[year repr:last_two][month][day][hour][minute]");
                format!("CS{}{}", now().format(&f).unwrap_or_default(), hex()[..5].to_uppercase())
            }
            Format::CphProductId => {
                format!("00301-{:05}-0--0", u32::from_str_radix(&hex()[..4], 16).unwrap_or(0) % 100_000)
            }
            Format::SelfLink => format!("{origin}{path}"),
        }
    }
}

fn echoed<'a>(echo: &str, ex: &Exchange<'a>) -> Option<Value> {
    match echo.split_once(':')? {
        ("path", p) => ex.path_params.get(p).map(|v| Value::String(v.clone())),
        ("body", p) => ex.body.and_then(|b| b.pointer(p)).cloned(),
        _ => None,
    }
}

/// `template` with every `{/pointer}` replaced by the value at that pointer of `body`
/// (a string as is, anything else as JSON; nothing where the pointer is absent).
fn fill_template(template: &str, body: &Value) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find("{/") {
        let Some(len) = rest[start..].find('}') else { break };
        out.push_str(&rest[..start]);
        match body.pointer(&rest[start + 1..start + len]) {
            Some(Value::String(s)) => out.push_str(s),
            Some(other) => out.push_str(&other.to_string()),
            None => {}
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The example body with every volatile value made fresh (echoes repeated, templates filled):
/// what a stub answers with. `None` when the example has no JSON body.
pub fn instantiate(example: &Example, ex: &Exchange<'_>, origin: &str) -> Option<Value> {
    let mut body = example.body.clone()?;
    for v in example.volatile.iter().filter(|v| v.template.is_none()) {
        let fresh = match (&v.echoes, v.format) {
            (Some(e), _) if echoed(e, ex).is_some() => echoed(e, ex),
            // "any string" says nothing of the form: the example's own value is the best answer.
            (_, Some(Format::AnyString)) => None,
            (_, Some(f)) => Some(Value::String(f.generate(origin, ex.path))),
            _ => None,
        };
        if let (Some(slot), Some(fresh)) = (body.pointer_mut(&v.pointer), fresh) {
            *slot = fresh;
        }
    }
    for v in example.volatile.iter().filter(|v| v.template.is_some()) {
        let filled = fill_template(v.template.as_deref().unwrap_or_default(), &body);
        if let Some(slot) = body.pointer_mut(&v.pointer) {
            *slot = Value::String(filled);
        }
    }
    Some(body)
}

/// How an actual body differs from its example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleMismatch {
    /// Volatile values that lost their form.
    pub volatile: Vec<Violation>,
    /// Unified diff (example → actual) of the rest, volatile values masked; `None` when equal.
    pub diff: Option<String>,
}

impl fmt::Display for ExampleMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for v in &self.volatile {
            writeln!(f, "volatile value {v}")?;
        }
        if let Some(d) = &self.diff {
            writeln!(
                f,
                "body differs from the documented example (- example, + actual, volatile values masked):\n{d}"
            )?;
        }
        Ok(())
    }
}

const MASK: &str = "<volatile>";

fn check_volatile(v: &Volatile, actual: &Value, ex: &Exchange<'_>) -> Option<String> {
    let Some(value) = actual.pointer(&v.pointer) else {
        return Some("missing".into());
    };
    if let Some(e) = &v.echoes
        && let Some(want) = echoed(e, ex)
        && &want != value
    {
        return Some(format!("must repeat the request's {e} ({want}), found {value}"));
    }
    if let Some(t) = &v.template {
        let want = fill_template(t, actual);
        return (value.as_str() != Some(want.as_str())).then(|| format!("expected {want:?}, found {value}"));
    }
    match (v.format, value.as_str()) {
        (Some(f), Some(s)) if !f.accepts(s, ex.path) => Some(format!("{s:?} does not keep the documented form {f:?}")),
        (Some(_), None) => Some(format!("expected a string, found {value}")),
        _ => None,
    }
}

/// Checks `actual` against `example`: equal but for volatile values, which must keep their form.
pub fn check_example(example: &Example, actual: &Value, ex: &Exchange<'_>) -> Result<(), ExampleMismatch> {
    let Some(expected) = &example.body else {
        return Ok(());
    };
    let volatile: Vec<Violation> = example
        .volatile
        .iter()
        .filter_map(|v| check_volatile(v, actual, ex).map(|message| Violation { pointer: v.pointer.clone(), message }))
        .collect();
    let (mut want, mut got) = (expected.clone(), actual.clone());
    for v in &example.volatile {
        for side in [&mut want, &mut got] {
            if let Some(slot) = side.pointer_mut(&v.pointer) {
                *slot = Value::String(MASK.into());
            }
        }
    }
    let diff = (want != got).then(|| json_diff(&want, &got));
    if volatile.is_empty() && diff.is_none() { Ok(()) } else { Err(ExampleMismatch { volatile, diff }) }
}

/// A unified line diff of two JSON values, pretty-printed.
pub fn json_diff(expected: &Value, actual: &Value) -> String {
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
    let (a, b) = (pretty(expected), pretty(actual));
    similar::TextDiff::from_lines(&a, &b).unified_diff().context_radius(3).header("example", "actual").to_string()
}
