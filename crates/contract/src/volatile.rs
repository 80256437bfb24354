//! Values that change per call (ids, guids, job ids, timestamps): the form each keeps (its
//! pattern is `format.rs`), fresh values for a stub to answer with, and "equal to the example, volatile values aside" for a
//! runner to check with, with a readable diff when it is not. What the rest of an example
//! holds the target to (literal, instance, relations, open or closed objects) is the
//! strictness policy of `policy.rs`, which [`check_example`] applies.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

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

/// The request's value that `echo` names; a path parameter typed as the example's own value
/// (`own`) is, which the load checks against the parameter's declared type: a number where the
/// example shows one and the segment is a JSON number, else a string.
fn echoed<'a>(echo: &str, ex: &RequestContext<'a>, own: Option<&Value>) -> Option<Value> {
    match echo.split_once(':')? {
        ("path", p) => ex.path_params.get(p).map(|v| path_value(v, own)),
        ("body", p) => ex.body.and_then(|b| lookup(b, p)).cloned(),
        _ => None,
    }
}

/// A path segment as the JSON value an echo of it is: a number where the example's own value
/// is one and the segment is a JSON number, else a string.
pub fn path_value(segment: &str, own: Option<&Value>) -> Value {
    match (own, segment.parse::<serde_json::Number>()) {
        (Some(Value::Number(_)), Ok(n)) => Value::Number(n),
        _ => Value::String(segment.to_string()),
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
        let own = Some(&*slot);
        let fresh = match (v.echoes.as_deref().and_then(|e| echoed(e, ex, own)), v.format) {
            (Some(echo), _) => Some(echo),
            // "any string" says nothing of the form, and an integer's is its JSON type: the
            // example's own value is the best answer.
            (None, Some(f)) if !f.is_generated() => None,
            (None, None) => None,
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

fn check_volatile(v: &Volatile, actual: &Value, ex: &RequestContext<'_>, own: Option<&Value>) -> Option<Found> {
    let Some(value) = lookup(actual, &v.pointer) else {
        return Some(Found::Fails("missing".into()));
    };
    if let Some(e) = &v.echoes
        && let Some(want) = echoed(e, ex, own)
        && &want != value
    {
        return Some(Found::Fails(format!("must repeat the request's {e} ({want}), found {value}")));
    }
    if let Some(t) = &v.template {
        let want = fill_template(t, actual);
        return (value.as_str() != Some(want.as_str()))
            .then(|| Found::Fails(format!("expected {want:?}, found {value}")));
    }
    match (v.format, value) {
        (Some(f), _) if f.accepts_value(value, ex.path) => None,
        (Some(Format::Integer), _) => Some(Found::Fails(format!("expected an integer, found {value}"))),
        (Some(f), Value::String(s)) => Some(Found::Form(format!("{s:?} does not keep the documented form {f:?}"))),
        (Some(_), _) => Some(Found::Fails(format!("expected a string, found {value}"))),
        (None, _) => None,
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
        match check_volatile(v, actual, ex, lookup(expected, &v.pointer)) {
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

    #[test]
    fn integers_and_rfc_3339_date_times_keep_their_forms() {
        let (i, d) = (Format::Integer, Format::DateTime);
        assert!(i.accepts("42", "") && i.accepts("-7", "") && !i.accepts("4.2", "") && !i.accepts("", ""));
        assert!(
            i.accepts_value(&json!(42), "") && i.accepts_value(&json!("42"), "") && !i.accepts_value(&json!(4.5), "")
        );
        for ok in ["2026-12-06T11:50:12Z", "2026-12-06t11:50:12.25+01:00", "2026-02-28T23:59:60-05:30"] {
            assert!(d.accepts(ok, ""), "{ok}");
        }
        for bad in ["2026-12-06 11:50:12", "2026-13-06T11:50:12Z", "2026-12-06T11:50:12", "1765021812"] {
            assert!(!d.accepts(bad, ""), "{bad}");
        }
        assert!(d.accepts(&d.generate("", ""), ""), "a fresh date-time keeps its form");
        assert!(!i.is_generated() && d.is_generated(), "an integer answers the example's own value");
    }

    #[test]
    fn a_path_echo_is_typed_as_the_example_shows() {
        let e: Example = serde_json::from_value(json!({
            "name": "ok", "direction": "response", "status": 200, "provenance": { "section": "s" },
            "body": { "id": 4401, "name": "m" },
            "volatile": [{ "pointer": "/id", "echoes": "path:id" }, { "pointer": "/name", "echoes": "path:name" }]
        }))
        .expect("an example");
        let params = BTreeMap::from([("id".to_string(), "17".to_string()), ("name".to_string(), "17".to_string())]);
        let cx = RequestContext { path: "/m/17", path_params: &params, body: None };
        assert_eq!(instantiate(&e, &cx, ""), Some(json!({ "id": 17, "name": "17" })));
        assert!(check_example(&e, &json!({ "id": 17, "name": "17" }), &cx).is_ok());
        assert!(check_example(&e, &json!({ "id": "17", "name": "17" }), &cx).is_err(), "a number, as the page shows");
        assert!(check_example(&e, &json!({ "id": 17, "name": 17 }), &cx).is_err(), "a string, as the page shows");
    }
}
