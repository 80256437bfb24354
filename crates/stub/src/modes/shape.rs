//! The shape mutations of one operation, generated from its contract: a success answered with
//! another status, a required member of a success body dropped or retyped, a documented header
//! dropped (a required one only: a target may leave an optional one out), JSON labelled
//! `text/plain`, authentication ignored or a refusal swapped, a missing resource answered 400,
//! a change back to the resource's start value refused, a documented fault never answered, a
//! literal of an error example changed, a volatile value in the wrong form, and each documented
//! request (and query parameter) constraint not enforced. Each is generated only where the
//! contract has what it changes.

use std::collections::BTreeSet;

use conformance_contract::{BodyDoc, Direction, Example, Format, Operation};
use serde_json::{Map, Value};

use super::{ModeInfo, Mutation, Transform, info, request};
use crate::StubError;

type Out = Vec<(ModeInfo, Mutation)>;

/// Appends the shape mutations of `op` (index `ix`, named `<slug>:…`, `slug` its
/// `<vendor>/<operation>`) to `out`.
pub(super) fn generate(ix: usize, op: &Operation, slug: &str, out: &mut Out) -> Result<(), StubError> {
    let c = op.contract();
    let mut push = |transform: &str, description: String, what: Transform| {
        let m = Mutation { op: Some(ix), hook: None, what };
        out.push((info(format!("{slug}:{transform}"), description, false, false), m));
    };
    let has = |s: u16| c.responses.iter().any(|r| r.status == s);
    let success: Vec<u16> = c.responses.iter().map(|r| r.status).filter(|s| (200..300).contains(s)).collect();
    if !success.is_empty() {
        push("success-status", success_status(slug, &success), Transform::SuccessStatus);
    }
    for m in required_members(op) {
        push(
            &format!("drops-{m}"),
            format!("{slug} leaves the required member {m} out of its success body."),
            Transform::Drops(m.clone()),
        );
        push(
            &format!("retypes-{m}"),
            format!("{slug} answers the required member {m} of its success body with another JSON type."),
            Transform::Retypes(m),
        );
    }
    for (_, status) in op.provoked_by_request() {
        push(
            &format!("ignores-provoked-{status}"),
            format!("{slug} accepts the request the page says it answers with {status}."),
            Transform::IgnoresProvoked(status),
        );
    }
    for r in c.responses.iter().filter(|r| r.when.is_some()) {
        push(
            &format!("ignores-when-{}", r.status),
            format!("{slug} answers a request that chooses {} as it answers any other.", r.status),
            Transform::IgnoresWhen(r.status),
        );
    }
    let mut headers = BTreeSet::new();
    for r in c.responses.iter().filter(|r| (200..300).contains(&r.status)) {
        headers.extend(r.headers.iter().filter(|h| h.required).map(|h| h.name.to_ascii_lowercase()));
    }
    for h in headers {
        push(
            &format!("drops-header-{h}"),
            format!("{slug} answers a success without its documented {h} header."),
            Transform::DropsHeader(h),
        );
    }
    for r in c.responses.iter().filter(|r| r.status >= 300) {
        let mut names: Vec<String> =
            r.headers.iter().filter(|h| h.required).map(|h| h.name.to_ascii_lowercase()).collect();
        names.dedup();
        for h in names {
            push(
                &format!("drops-header-{}-{h}", r.status),
                format!("{slug} answers {} without its documented {h} header.", r.status),
                Transform::DropsErrorHeader(r.status, h),
            );
        }
    }
    // Only where the page documents a JSON body: the media type of an unspecified body is no
    // deviation a correct suite may catch.
    let json = c.responses.iter().any(|r| matches!(r.body, BodyDoc::Json { .. }));
    if json {
        push(
            "json-as-text-plain",
            format!("{slug} labels its JSON answers text/plain instead of application/json."),
            Transform::JsonAsTextPlain,
        );
    }
    if has(401) {
        push("ignores-auth", format!("{slug} accepts a request with no or wrong credentials."), Transform::IgnoresAuth);
    }
    if has(401) && has(403) {
        push(
            "forbidden-as-401",
            format!("{slug} answers credentials without permission with 401 instead of 403."),
            Transform::ForbiddenAs401,
        );
    }
    if has(403) {
        push(
            "forbidden-allowed",
            format!("{slug} accepts credentials without permission."),
            Transform::ForbiddenAllowed,
        );
    }
    // Only where the page documents the 404: a target may refuse a resource the page says
    // nothing of with any client error, so 400 there is no deviation.
    let documented_404 = c.responses.iter().any(|r| r.status == 404 && r.documented);
    if c.resource.is_some() && documented_404 && has(400) {
        push(
            "not-found-as-400",
            format!("{slug} answers a missing resource with 400 instead of 404."),
            Transform::NotFoundAs400,
        );
    }
    let changes = op.changes();
    if !changes.is_empty() && has(400) {
        let noun = c.resource.as_ref().map_or("resource", |r| r.noun.as_str());
        let attrs = changes.iter().map(|ch| ch.attribute).collect::<Vec<_>>().join(" and ");
        push(
            "refuses-change-back",
            format!(
                "{slug} refuses with 400 a change of the {noun}'s {attrs} back to the value it had at the start, \
                 so a run cannot leave the account as it found it."
            ),
            Transform::RefusesChangeBack,
        );
    }
    for s in op.faults() {
        push(
            &format!("fault-{s}-never"),
            format!("{slug} ignores the fault control: {s} can never be provoked."),
            Transform::FaultNever(s),
        );
    }
    for r in c.responses.iter().filter(|r| !(200..300).contains(&r.status)) {
        let Some(e) = op.examples_for(r.status).next() else { continue };
        let skip = r.answer.as_ref().and_then(|a| a.details_at.as_deref());
        if let Some((pointer, from, to)) = literal(e, skip) {
            let at = pointer.as_deref().map_or("its prose".to_string(), |p| format!("{p} ({from})"));
            let what = Transform::ChangesLiteral { status: r.status, pointer, from, to };
            push(
                &format!("changes-{}-literal", r.status),
                format!("{slug} answers {} with another value at {at} than example {}.", r.status, e.name),
                what,
            );
        }
    }
    for (member, pointers) in volatile_members(op) {
        let forms: Vec<String> = pointers.iter().map(|(_, f)| format!("{f:?}")).collect();
        push(
            &format!("volatile-{member}-format"),
            format!("{slug} answers {member} in another form than the documented {}.", forms.join(", ")),
            Transform::VolatileFormat(pointers),
        );
    }
    // A member the resource's path names (`{body:/server_id}`) is refused without it anyway
    // (no such resource): ignoring its presence changes no answer a suite can tell apart.
    let names_resource = |top: &str| c.resource.as_ref().is_some_and(|r| r.path.contains(&format!("{{body:/{top}}}")));
    for k in
        request::constraints(op).into_iter().filter(|k| !(k.kind == request::Kind::Required && names_resource(&k.top)))
    {
        let relaxed = request::relaxed(op, &k).map_err(|m| StubError::fixture(op.id(), "request.schema", m))?;
        let d = format!("{slug} does not enforce the documented {} of {}.", k.kind.words(), k.name);
        push(
            &format!("ignores-{}-{}", k.kind.key(), k.name),
            d,
            Transform::Ignores { kind: k.kind.key(), member: k.top.clone(), relaxed },
        );
    }
    let query = request::query_constraints(op).map_err(|m| StubError::fixture(op.id(), "query_params", m))?;
    for (kind, name, relax) in query {
        let words = if kind == request::Kind::Length { "length (minimum, maximum)" } else { kind.words() };
        let d = format!("{slug} does not enforce the documented {words} of the query parameter {name}.");
        push(&format!("ignores-{}-query-{name}", kind.key()), d, Transform::IgnoresQuery(relax));
    }
    Ok(())
}

/// The schema `s`, with a `$ref` into the contract's `$defs` followed.
pub(super) fn resolve<'a>(op: &'a Operation, s: &'a Value) -> &'a Value {
    let name = s.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/"));
    name.and_then(|n| op.contract().defs.get(n)).unwrap_or(s)
}

/// What `success-status` does to `success` (200 becomes 201, any other 2xx 200), in words.
fn success_status(slug: &str, success: &[u16]) -> String {
    let other = |s: u16| if s == 200 { 201 } else { 200 };
    match success {
        [one] => format!("{slug} answers its success {one} with {} instead.", other(*one)),
        many => {
            let each: Vec<String> = many.iter().map(|s| format!("{s} with {}", other(*s))).collect();
            format!("{slug} answers each of its successes with another 2xx status: {}.", each.join(", "))
        }
    }
}

/// The top-level required members of the 2xx JSON response schemas, each once.
fn required_members(op: &Operation) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in op.contract().responses.iter().filter(|r| (200..300).contains(&r.status)) {
        let BodyDoc::Json { schema, .. } = &r.body else { continue };
        let required = resolve(op, schema).get("required").and_then(Value::as_array);
        for m in required.into_iter().flatten().filter_map(Value::as_str) {
            if !out.iter().any(|x| x == m) {
                out.push(m.to_string());
            }
        }
    }
    out
}

/// The formatted volatile values of the 2xx examples, by member name (the pointer's last
/// token), each with every pointer it is at.
fn volatile_members(op: &Operation) -> Vec<(String, Vec<(String, Format)>)> {
    let mut out: Vec<(String, Vec<(String, Format)>)> = Vec::new();
    let success = op
        .contract()
        .examples
        .iter()
        .filter(|e| e.direction == Direction::Response && e.status.is_some_and(|s| (200..300).contains(&s)));
    for e in success {
        for v in &e.volatile {
            let Some(f) = v.format.filter(|f| *f != Format::AnyString) else { continue };
            let member = v.pointer.rsplit('/').next().unwrap_or_default().to_string();
            let slot = match out.iter_mut().find(|(m, _)| *m == member) {
                Some((_, list)) => list,
                None => {
                    out.push((member, Vec::new()));
                    let Some((_, list)) = out.last_mut() else { continue };
                    list
                }
            };
            if !slot.iter().any(|(p, _)| *p == v.pointer) {
                slot.push((v.pointer.clone(), f));
            }
        }
    }
    out
}

/// The first literal value of example `e` (a string, else a number; not volatile, not an
/// instance value, not under `skip`), and another value for it; `(None, text, other text)` for
/// a prose example.
fn literal(e: &Example, skip: Option<&str>) -> Option<(Option<String>, Value, Value)> {
    if let Some(t) = &e.text {
        let mut changed: String = t.chars().rev().collect();
        if changed == *t {
            changed.push('!');
        }
        return Some((None, Value::String(t.clone()), Value::String(changed)));
    }
    let body = e.body.as_ref()?;
    let mut leaves = Vec::new();
    leaves_of(body, String::new(), &mut leaves);
    let free = |p: &str| {
        !e.volatile.iter().any(|v| v.pointer == p)
            && !e.instance.iter().any(|i| matches(&i.pointer, p))
            && !skip.is_some_and(|s| p == s || p.starts_with(&format!("{s}/")))
    };
    let pick = |want: fn(&Value) -> bool| leaves.iter().find(|(p, v)| want(v) && free(p)).cloned();
    let (p, v) = pick(Value::is_string).or_else(|| pick(Value::is_number))?;
    let to = match &v {
        Value::String(s) => Value::String(format!("{s} (changed)")),
        Value::Number(n) => Value::from(n.as_i64().map_or(1, |i| i.wrapping_add(1))),
        other => other.clone(),
    };
    Some((Some(p), v, to))
}

/// Every scalar of `v` with its pointer, in document order.
fn leaves_of(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| leaves_of(x, format!("{at}/{}", escape(k)), out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| leaves_of(x, format!("{at}/{i}"), out)),
        other => out.push((at, other.clone())),
    }
}

/// Whether `pattern` (a pointer whose `*` token stands for any array index) names `pointer`.
fn matches(pattern: &str, pointer: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), pointer.split('/').collect());
    a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| *x == "*" || x == y)
}

/// A value of another JSON type than `v` (what `retypes-<member>` answers).
pub(crate) fn retyped(v: &Value) -> Value {
    match v {
        Value::String(_) => Value::from(12_345),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Array(_) => Value::Object(Map::new()),
        Value::Object(_) => Value::Array(Vec::new()),
        Value::Null => Value::String("null".into()),
    }
}

/// A value that does not keep form `f` (what `volatile-<member>-format` answers).
pub(crate) fn wrong_form(f: Format) -> Value {
    let uuid = uuid::Uuid::new_v4();
    Value::String(match f {
        Format::Uuid => uuid.simple().to_string(),
        Format::Hex32 | Format::JobId => uuid.to_string(),
        Format::Timestamp => "2024-01-01T00:00:00Z".into(),
        Format::CphOrderId => format!("order-{}", uuid.simple()),
        Format::CphProductId => "product".into(),
        Format::SelfLink => "http://localhost/not/the/request/path".into(),
        Format::Decimal => "1,5".into(),
        Format::Currency => "usd".into(),
        Format::AnyString => uuid.to_string(),
        Format::Integer => "12.5".into(),
        Format::DateTime => "2024-01-01 00:00:00".into(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn retyped_and_wrong_forms_differ() {
        for v in [json!("a"), json!(1), json!(true), json!([]), json!({}), json!(null)] {
            let r = retyped(&v);
            assert_ne!(std::mem::discriminant(&r), std::mem::discriminant(&v), "{v}");
        }
        for f in [
            Format::Uuid,
            Format::Hex32,
            Format::JobId,
            Format::Timestamp,
            Format::CphOrderId,
            Format::Decimal,
            Format::Integer,
            Format::DateTime,
        ] {
            let w = wrong_form(f);
            assert!(!f.accepts(w.as_str().unwrap_or_default(), "/p"), "{f:?} accepts {w}");
        }
        assert!(!Format::SelfLink.accepts(wrong_form(Format::SelfLink).as_str().unwrap_or_default(), "/p"));
        assert!(matches("/a/*/b", "/a/3/b") && !matches("/a/*/b", "/a/3/c"));
    }
}
