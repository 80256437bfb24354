//! Values that change per call (ids, guids, job ids, timestamps): the form each keeps, fresh
//! values for a stub to answer with, and "equal to the example, volatile values aside" for a
//! runner to check with, with a readable diff when it is not. What the rest of an example
//! holds the target to (literal, instance, relations, open or closed objects) is the
//! strictness policy of `policy.rs`, which [`check_example`] applies.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::model::{Example, Format, Volatile};
use crate::policy::{self, Checked, Relaxed, UndocumentedMember};
use crate::schema::Violation;

/// The request a response example answers: what echoes and self-links refer to.
#[derive(Debug, Clone, Copy)]
pub struct RequestContext<'a> {
    /// The request's path as sent (no query).
    pub path: &'a str,
    /// Path parameters by name.
    pub path_params: &'a BTreeMap<String, String>,
    /// The request's JSON body, if any.
    pub body: Option<&'a Value>,
}

impl Format {
    fn regex(self) -> Option<&'static Regex> {
        static RES: LazyLock<[Regex; 8]> = LazyLock::new(|| {
            [
                r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                r"^[0-9a-f]{32}$",
                r"^JOB-[0-9a-f]{32}$",
                r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$",
                r"^CS\d{10}[0-9A-Z]{5}$",
                r"^\d+(-\d*)+$",
                r"^-?\d+(\.\d+)?$",
                r"^[A-Z]{3}$",
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
            Format::Decimal => 6,
            Format::Currency => 7,
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
            Format::JobId => {
                let mut id = String::with_capacity(36);
                id.push_str("JOB-");
                id.push_str(uuid::Uuid::new_v4().simple().encode_lower(&mut uuid::Uuid::encode_buffer()));
                id
            }
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
            Format::Decimal => "0".into(),
            Format::Currency => "USD".into(),
        }
    }
}

/// The reference tokens of a JSON pointer (RFC 6901), unescaped as [`Value::pointer`] does
/// (`~1` → `/`, then `~0` → `~`) but borrowed unless a token has an escape; `None` for a pointer
/// that is neither empty (the whole value: no tokens) nor starts with `/`.
pub(crate) fn pointer_tokens(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    (pointer.is_empty() || pointer.starts_with('/')).then(|| pointer.split('/').skip(1).map(unescape_token))
}

/// One reference token of a JSON pointer (RFC 6901) unescaped: `~1` → `/`, then `~0` → `~`;
/// borrowed unless it has an escape.
pub fn unescape_token(token: &str) -> Cow<'_, str> {
    if token.contains('~') { token.replace("~1", "/").replace("~0", "~").into() } else { token.into() }
}

/// An array index token as [`Value::pointer`] reads it: digits, no sign, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// Objects with at most this many members are searched by comparing keys, not hashing: for
/// the few short keys of an example body that is the cheaper way to the same member.
const SCAN_MAX: usize = 8;

/// `map.get(key)`, by a scan of a small map.
fn member<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    if map.len() > SCAN_MAX {
        return map.get(key);
    }
    map.iter().find_map(|(k, v)| (k == key).then_some(v))
}

/// `map.get_mut(key)`, by a scan of a small map.
fn member_mut<'v>(map: &'v mut Map<String, Value>, key: &str) -> Option<&'v mut Value> {
    if map.len() > SCAN_MAX {
        return map.get_mut(key);
    }
    map.iter_mut().find_map(|(k, v)| (k == key).then_some(v))
}

/// [`Value::pointer`] without allocating a `String` per token.
pub(crate) fn lookup<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    pointer_tokens(pointer)?.try_fold(value, |target, token| match target {
        Value::Object(map) => member(map, &token),
        Value::Array(list) => array_index(&token).and_then(|i| list.get(i)),
        _ => None,
    })
}

/// [`Value::pointer_mut`] without allocating a `String` per token.
fn lookup_mut<'v>(value: &'v mut Value, pointer: &str) -> Option<&'v mut Value> {
    pointer_tokens(pointer)?.try_fold(value, |target, token| match target {
        Value::Object(map) => member_mut(map, &token),
        Value::Array(list) => array_index(&token).and_then(move |i| list.get_mut(i)),
        _ => None,
    })
}

fn echoed<'a>(echo: &str, ex: &RequestContext<'a>) -> Option<Value> {
    match echo.split_once(':')? {
        ("path", p) => ex.path_params.get(p).map(|v| Value::String(v.clone())),
        ("body", p) => ex.body.and_then(|b| lookup(b, p)).cloned(),
        _ => None,
    }
}

/// `template` with every `{/pointer}` replaced by the value at that pointer of `body`
/// (a string as is, anything else as JSON; nothing where the pointer is absent).
fn fill_template(template: &str, body: &Value) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    // `{` then `/`: what `find("{/")` finds, without setting up a substring search per call.
    let placeholder = |s: &str| s.match_indices('{').map(|(i, _)| i).find(|&i| s[i + 1..].starts_with('/'));
    while let Some(start) = placeholder(rest) {
        let Some(len) = rest[start..].find('}') else { break };
        out.push_str(&rest[..start]);
        match lookup(body, &rest[start + 1..start + len]) {
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
pub fn instantiate(example: &Example, ex: &RequestContext<'_>, origin: &str) -> Option<Value> {
    let mut body = example.body.clone()?;
    for v in example.volatile.iter().filter(|v| v.template.is_none()) {
        let Some(slot) = lookup_mut(&mut body, &v.pointer) else { continue };
        let fresh = match (v.echoes.as_deref().and_then(|e| echoed(e, ex)), v.format) {
            (Some(echo), _) => Some(echo),
            // "any string" says nothing of the form: the example's own value is the best answer.
            (None, Some(Format::AnyString) | None) => None,
            (None, Some(f)) => Some(Value::String(f.generate(origin, ex.path))),
        };
        if let Some(fresh) = fresh {
            *slot = fresh;
        }
    }
    for v in example.volatile.iter().filter(|v| v.template.is_some()) {
        let filled = fill_template(v.template.as_deref().unwrap_or_default(), &body);
        if let Some(slot) = lookup_mut(&mut body, &v.pointer) {
            *slot = Value::String(filled);
        }
    }
    Some(body)
}

/// How an actual body differs from its example, under the strictness policy
/// (`fixtures/README.md`, "Strictness policy").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleMismatch {
    /// Volatile values that lost their form (or their echo, or their template).
    pub volatile: Vec<Violation>,
    /// Instance values of another JSON type, or not in their format.
    pub instance: Vec<Violation>,
    /// Relations between instance values that do not hold (a sum, one value in several places).
    pub relations: Vec<Violation>,
    /// Members the page does not show, in an object the fixture declares closed.
    pub closed: Vec<Violation>,
    /// Unified diff (example → actual) of the literal parts: volatile and instance values
    /// masked, members the page does not show left out (kept in closed objects); `None` when equal.
    pub diff: Option<String>,
}

impl fmt::Display for ExampleMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lists = [
            ("volatile value", &self.volatile),
            ("instance value", &self.instance),
            ("relation broken", &self.relations),
            ("closed object", &self.closed),
        ];
        for (what, list) in lists {
            for v in list {
                writeln!(f, "{what} {v}")?;
            }
        }
        if let Some(d) = &self.diff {
            writeln!(
                f,
                "the literal parts differ from the documented example (- example, + actual; \
                 <volatile> and <instance> values masked, members the page does not show left out \
                 but in closed objects):\n{d}"
            )?;
        }
        Ok(())
    }
}

/// What a volatile value's check found.
enum Found {
    /// A failure of what the page's words support: presence, JSON type, echo, template.
    Fails(String),
    /// Only its format fails (a judgement where the entry names its erratum).
    Form(String),
}

fn check_volatile(v: &Volatile, actual: &Value, ex: &RequestContext<'_>) -> Option<Found> {
    let Some(value) = lookup(actual, &v.pointer) else {
        return Some(Found::Fails("missing".into()));
    };
    if let Some(e) = &v.echoes
        && let Some(want) = echoed(e, ex)
        && &want != value
    {
        return Some(Found::Fails(format!("must repeat the request's {e} ({want}), found {value}")));
    }
    if let Some(t) = &v.template {
        let want = fill_template(t, actual);
        return (value.as_str() != Some(want.as_str()))
            .then(|| Found::Fails(format!("expected {want:?}, found {value}")));
    }
    match (v.format, value.as_str()) {
        (Some(f), Some(s)) if !f.accepts(s, ex.path) => {
            Some(Found::Form(format!("{s:?} does not keep the documented form {f:?}")))
        }
        (Some(_), None) => Some(Found::Fails(format!("expected a string, found {value}"))),
        _ => None,
    }
}

/// Checks `actual` against `example` under the strictness policy, as `--strict` does: literal
/// values equal, volatile values in their form, instance values of the example's JSON type (and
/// format), relations between them kept, members the page does not show allowed except in
/// closed objects. `Ok` holds those members as notes, sorted by pointer, each once.
#[allow(clippy::result_large_err, reason = "a mismatch is the rare path, read once by the reporter")]
pub fn check_example(
    example: &Example,
    actual: &Value,
    ex: &RequestContext<'_>,
) -> Result<Vec<UndocumentedMember>, ExampleMismatch> {
    check_example_as(example, actual, ex, true).map(|c| c.members)
}

/// [`check_example`], with the checks that rest on an inference (a `volatile[]` or
/// `instance[]` entry's format, a relation, that names its erratum) relaxed unless `strict`:
/// what the page's words support is checked (the value's presence and JSON type), and where
/// the judgement would have failed `Ok` says so ([`Checked::relaxed`]).
#[allow(clippy::result_large_err, reason = "a mismatch is the rare path, read once by the reporter")]
pub fn check_example_as(
    example: &Example,
    actual: &Value,
    ex: &RequestContext<'_>,
    strict: bool,
) -> Result<Checked, ExampleMismatch> {
    let Some(expected) = &example.body else {
        return Ok(Checked::default());
    };
    let mut volatile = Vec::new();
    let mut relaxed = Vec::new();
    for v in &example.volatile {
        let pointer = v.pointer.clone();
        match check_volatile(v, actual, ex) {
            None => {}
            Some(Found::Form(message)) if !strict && v.erratum.is_some() => {
                relaxed.push(Relaxed { pointer, erratum: v.erratum.clone().unwrap_or_default(), message });
            }
            Some(Found::Fails(message) | Found::Form(message)) => volatile.push(Violation { pointer, message }),
        }
    }
    let c = policy::compare(example, expected, actual, ex.path, strict);
    relaxed.extend(c.relaxed);
    let diff = (c.want != c.got).then(|| json_diff(&c.want, &c.got));
    if volatile.is_empty() && c.instance.is_empty() && c.relations.is_empty() && c.closed.is_empty() && diff.is_none() {
        Ok(Checked { members: c.notes, relaxed })
    } else {
        Err(ExampleMismatch { volatile, instance: c.instance, relations: c.relations, closed: c.closed, diff })
    }
}

/// When `actual` lacks members of the example's top level: which, and what it has instead
/// (`expected member \`computeFault\`, got \`badRequest\``): a body with another envelope.
pub fn envelope(expected: &Value, actual: &Value) -> Option<String> {
    let (Value::Object(want), Value::Object(got)) = (expected, actual) else { return None };
    let missing: Vec<String> = want.keys().filter(|k| !got.contains_key(*k)).map(|k| format!("`{k}`")).collect();
    if missing.is_empty() {
        return None;
    }
    let has: Vec<String> = got.keys().filter(|k| !want.contains_key(*k)).map(|k| format!("`{k}`")).collect();
    let word = if missing.len() == 1 { "member" } else { "members" };
    let got = if has.is_empty() { "no other member".to_string() } else { has.join(", ") };
    Some(format!("expected {word} {}, got {got}", missing.join(", ")))
}

/// A unified line diff of two JSON values, pretty-printed.
pub fn json_diff(expected: &Value, actual: &Value) -> String {
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
    let (a, b) = (pretty(expected), pretty(actual));
    similar::TextDiff::from_lines(&a, &b).unified_diff().context_radius(3).header("example", "actual").to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn another_envelope_is_named_with_the_members_it_has() {
        let want = json!({"computeFault": {"code": 400}});
        assert_eq!(
            envelope(&want, &json!({"badRequest": {"code": 400}})).as_deref(),
            Some("expected member `computeFault`, got `badRequest`")
        );
        assert_eq!(envelope(&want, &json!({})).as_deref(), Some("expected member `computeFault`, got no other member"));
        assert_eq!(envelope(&want, &json!({"computeFault": 1, "x": 2})), None);
    }

    #[test]
    fn lookups_agree_with_serde_json_pointers() {
        // The top level has more members than SCAN_MAX (looked up by hash), the rest fewer
        // (looked up by scan).
        let doc = json!({
            "a": [10, {"b": "c"}], "m~n": 1, "x/y": 2, "~1": 3, "/": 4, "~": 5, "": 6, "0": 7,
            "e": {"": {"": 8}, "f": 9, "g": {"h": [0, 1]}}
        });
        assert!(doc.as_object().is_some_and(|m| m.len() > SCAN_MAX));
        let pointers = [
            "", "/", "//", "/a", "/a/0", "/a/1/b", "/a/01", "/a/+1", "/a/-", "/a/2", "/a/1/b/c", "/m~0n", "/x~1y",
            "/~01", "/~10", "/~0", "/~1", "/~2", "/0", "/e//", "/e/f", "/e/g/h/1", "/e/x", "/e/g/h/x", "a", "#/a",
        ];
        for p in pointers {
            assert_eq!(lookup(&doc, p), doc.pointer(p), "pointer {p:?}");
            let (mut mine, mut theirs) = (doc.clone(), doc.clone());
            assert_eq!(lookup_mut(&mut mine, p), theirs.pointer_mut(p), "pointer {p:?}");
        }
        assert_eq!(lookup(&doc, "/~01"), Some(&json!(3)));
        assert_eq!(lookup(&doc, "/m~0n"), Some(&json!(1)));
    }
}
