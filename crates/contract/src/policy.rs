//! The strictness policy (`fixtures/README.md`, "Strictness policy"): what each value of a
//! response example holds a target to. Literal values (the page's constants) must be equal;
//! volatile values are checked by `volatile.rs`; instance values (the target's own data) keep
//! only the example's JSON type and their format; relations between instance values (a sum,
//! one currency) must hold; every object is open (members the page does not show are notes)
//! unless the fixture declares it closed. Also the JSON pointer patterns (`*` = every array
//! item) that `instance[]` and `closed[]` use.

use std::fmt;

use serde_json::{Map, Value};

use crate::decimal::Decimal;
use crate::model::{Example, Instance, Relation};
use crate::schema::Violation;
use crate::volatile::{lookup, pointer_tokens};

/// A member the documentation does not show, found in an actual body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct UndocumentedMember {
    /// JSON pointer of the member (RFC 6901, `~` and `/` escaped).
    pub pointer: String,
}

impl fmt::Display for UndocumentedMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pointer)
    }
}

/// A check of the strictness policy that rests on an inference (an entry naming its erratum),
/// which a default run relaxed, where it would have failed: a note naming the erratum, and a
/// failure only under `--strict`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Relaxed {
    /// JSON pointer of the value (a relation's first pointer).
    pub pointer: String,
    /// The erratum the check rests on.
    pub erratum: String,
    /// What the check would have said.
    pub message: String,
}

impl fmt::Display for Relaxed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (a judgement, not the page's words: erratum `{}`; a failure only with --strict)",
            self.pointer, self.message, self.erratum
        )
    }
}

/// What a body that passed its example's check still shows: members the page does not show,
/// and the judgements a default run relaxed where they would have failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// Members the page does not show, sorted by pointer, each once.
    pub members: Vec<UndocumentedMember>,
    /// Checks resting on an inference that would have failed (none under `--strict`).
    pub relaxed: Vec<Relaxed>,
}

/// Sorts `members` by pointer and drops repeats: the order both lists are handed out in.
pub(crate) fn sorted(mut members: Vec<UndocumentedMember>) -> Vec<UndocumentedMember> {
    members.sort();
    members.dedup();
    members
}

/// One step of a path into a body: a member name or an array index.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    token: String,
    index: bool,
}

impl Step {
    pub(crate) fn member(name: &str) -> Self {
        Step { token: name.to_string(), index: false }
    }

    pub(crate) fn index(i: usize) -> Self {
        Step { token: i.to_string(), index: true }
    }
}

/// The JSON pointer of a path, tokens escaped.
pub(crate) fn pointer_of(path: &[Step]) -> String {
    let mut out = String::new();
    for s in path {
        out.push('/');
        out.push_str(&s.token.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// A JSON pointer whose `*` tokens match every array index (and never a member named `*`).
#[derive(Debug, Clone)]
pub(crate) struct Pattern(Vec<String>);

impl Pattern {
    /// `None` for a string that is not a JSON pointer.
    pub(crate) fn parse(pointer: &str) -> Option<Self> {
        Some(Pattern(pointer_tokens(pointer)?.map(|t| t.into_owned()).collect()))
    }

    pub(crate) fn matches(&self, path: &[Step]) -> bool {
        self.0.len() == path.len()
            && self.0.iter().zip(path).all(|(p, s)| if p == "*" { s.index } else { *p == s.token })
    }

    /// Every concrete pointer of `body` this pattern names (a `*` over anything but an array
    /// names nothing).
    pub(crate) fn expand(&self, body: &Value) -> Vec<String> {
        fn go(tokens: &[String], v: &Value, path: &mut Vec<Step>, out: &mut Vec<String>) {
            let Some((first, rest)) = tokens.split_first() else {
                out.push(pointer_of(path));
                return;
            };
            match v {
                Value::Array(items) if first == "*" => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(Step::index(i));
                        go(rest, item, path, out);
                        path.pop();
                    }
                }
                Value::Array(items) => {
                    if let Some(item) = first.parse::<usize>().ok().and_then(|i| items.get(i)) {
                        path.push(Step { token: first.clone(), index: true });
                        go(rest, item, path, out);
                        path.pop();
                    }
                }
                Value::Object(map) if first != "*" => {
                    if let Some(member) = map.get(first) {
                        path.push(Step::member(first));
                        go(rest, member, path, out);
                        path.pop();
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        go(&self.0, body, &mut Vec::new(), &mut out);
        out
    }
}

/// What comparing an actual body with its example found (volatile values aside).
pub(crate) struct Comparison {
    /// The example, volatile and instance values masked.
    pub want: Value,
    /// The actual body cut to the example's members (plus extras in closed objects), masked alike.
    pub got: Value,
    /// Members the page does not show, in open objects.
    pub notes: Vec<UndocumentedMember>,
    /// Instance values of the wrong type or format.
    pub instance: Vec<Violation>,
    /// Relations that do not hold.
    pub relations: Vec<Violation>,
    /// Extra members of closed objects.
    pub closed: Vec<Violation>,
    /// Judgements relaxed by a default run that would have failed.
    pub relaxed: Vec<Relaxed>,
}

const VOLATILE: &str = "<volatile>";
const INSTANCE: &str = "<instance>";

/// The JSON type of a value as the policy compares it: an integer is its own type, while a
/// documented fractional number accepts any number.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

struct Walk<'a> {
    volatile: Vec<Pattern>,
    instance: Vec<(Pattern, &'a Instance)>,
    closed: Vec<Pattern>,
    path: &'a str,
    strict: bool,
    notes: Vec<UndocumentedMember>,
    instance_errors: Vec<Violation>,
    closed_errors: Vec<Violation>,
    relaxed: Vec<Relaxed>,
}

impl<'a> Walk<'a> {
    fn mask(&self, at: &[Step]) -> Option<&'static str> {
        if self.volatile.iter().any(|p| p.matches(at)) {
            Some(VOLATILE)
        } else if self.instance.iter().any(|(p, _)| p.matches(at)) {
            Some(INSTANCE)
        } else {
            None
        }
    }

    /// The example's value with its volatile and instance values masked.
    fn masked(&self, want: &Value, at: &mut Vec<Step>) -> Value {
        if let Some(m) = self.mask(at) {
            return Value::String(m.into());
        }
        match want {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        at.push(Step::member(k));
                        let out = (k.clone(), self.masked(v, at));
                        at.pop();
                        out
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        at.push(Step::index(i));
                        let out = self.masked(v, at);
                        at.pop();
                        out
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn check_instance(&mut self, inst: &Instance, want: &Value, got: &Value, at: &[Step]) {
        let pointer = pointer_of(at);
        let (wt, gt) = (json_type(want), json_type(got));
        let type_ok = wt == gt || (wt == "number" && gt == "integer");
        if !type_ok {
            let message = format!("expected a JSON {wt} (the target's own data: any value of that type), found {got}");
            self.instance_errors.push(Violation { pointer, message });
            return;
        }
        if let (Some(f), Some(s)) = (inst.format, got.as_str())
            && !f.accepts(s, self.path)
        {
            let message = format!("{s:?} does not keep the documented form {f:?}");
            match inst.erratum.as_ref().filter(|_| !self.strict) {
                Some(e) => self.relaxed.push(Relaxed { pointer, erratum: e.clone(), message }),
                None => self.instance_errors.push(Violation { pointer, message }),
            }
        }
    }

    /// (example masked, actual cut to the example and masked alike), recording notes and errors.
    fn compare(&mut self, want: &Value, got: &Value, at: &mut Vec<Step>) -> (Value, Value) {
        if let Some(m) = self.mask(at) {
            if let Some((_, inst)) = self.instance.iter().find(|(p, _)| p.matches(at)) {
                let inst = *inst;
                self.check_instance(inst, want, got, at);
            }
            return (Value::String(m.into()), Value::String(m.into()));
        }
        match (want, got) {
            (Value::Object(w), Value::Object(g)) => {
                let (mut wo, mut go) = (Map::new(), Map::new());
                for (k, wv) in w {
                    at.push(Step::member(k));
                    match g.get(k) {
                        Some(gv) => {
                            let (a, b) = self.compare(wv, gv, at);
                            wo.insert(k.clone(), a);
                            go.insert(k.clone(), b);
                        }
                        None => {
                            wo.insert(k.clone(), self.masked(wv, at));
                        }
                    }
                    at.pop();
                }
                let closed = self.closed.iter().any(|p| p.matches(at));
                for (k, gv) in g.iter().filter(|(k, _)| !w.contains_key(*k)) {
                    at.push(Step::member(k));
                    let pointer = pointer_of(at);
                    at.pop();
                    if closed {
                        go.insert(k.clone(), gv.clone());
                        let message = "a member the page does not show, in an object the page declares closed".into();
                        self.closed_errors.push(Violation { pointer, message });
                    } else {
                        self.notes.push(UndocumentedMember { pointer });
                    }
                }
                (Value::Object(wo), Value::Object(go))
            }
            (Value::Array(w), Value::Array(g)) => {
                let (mut wo, mut go) = (Vec::new(), Vec::new());
                for i in 0..w.len().max(g.len()) {
                    at.push(Step::index(i));
                    match (w.get(i), g.get(i)) {
                        (Some(wv), Some(gv)) => {
                            let (a, b) = self.compare(wv, gv, at);
                            wo.push(a);
                            go.push(b);
                        }
                        (Some(wv), None) => wo.push(self.masked(wv, at)),
                        (None, Some(gv)) => go.push(gv.clone()),
                        (None, None) => {}
                    }
                    at.pop();
                }
                (Value::Array(wo), Value::Array(go))
            }
            _ => (self.masked(want, at), got.clone()),
        }
    }
}

/// Compares `actual` with the example's `expected` body (everything but the volatile checks);
/// without `strict`, the checks resting on an inference are relaxed (notes where they fail).
pub(crate) fn compare(example: &Example, expected: &Value, actual: &Value, path: &str, strict: bool) -> Comparison {
    let mut walk = Walk {
        volatile: example.volatile.iter().filter_map(|v| Pattern::parse(&v.pointer)).collect(),
        instance: example.instance.iter().filter_map(|i| Some((Pattern::parse(&i.pointer)?, i))).collect(),
        closed: example.closed.iter().filter_map(|c| Pattern::parse(&c.pointer)).collect(),
        path,
        strict,
        notes: Vec::new(),
        instance_errors: Vec::new(),
        closed_errors: Vec::new(),
        relaxed: Vec::new(),
    };
    let (want, got) = walk.compare(expected, actual, &mut Vec::new());
    let mut relations = Vec::new();
    for r in &example.relations {
        let found = broken(r, actual);
        match r.erratum().filter(|_| !strict) {
            Some(e) => walk.relaxed.extend(found.into_iter().map(|v| Relaxed {
                pointer: v.pointer,
                erratum: e.to_string(),
                message: format!("relation broken: {}", v.message),
            })),
            None => relations.extend(found),
        }
    }
    Comparison {
        want,
        got,
        notes: sorted(walk.notes),
        instance: walk.instance_errors,
        relations,
        closed: walk.closed_errors,
        relaxed: walk.relaxed,
    }
}

/// How `relation` fails in `body`. Values that are missing or not decimal strings are left to
/// the literal diff and the instance checks, which report them already.
pub(crate) fn broken(relation: &Relation, body: &Value) -> Vec<Violation> {
    match relation {
        Relation::Sum { total, parts, .. } => {
            let amount = |p: &str| lookup(body, p).and_then(Value::as_str).and_then(Decimal::parse);
            let Some(t) = amount(total) else { return Vec::new() };
            let mut sum = Decimal::ZERO;
            let mut shown = Vec::new();
            for p in parts {
                let Some(d) = amount(p) else { return Vec::new() };
                let Some(s) = sum.add(d) else { return Vec::new() };
                sum = s;
                shown.push(format!("{p} ({d})"));
            }
            if t.same(sum) {
                Vec::new()
            } else {
                let message = format!("{t} is not the sum {} = {sum}", shown.join(" + "));
                vec![Violation { pointer: total.clone(), message }]
            }
        }
        Relation::Same { pointers, if_present, .. } => {
            let mut present = pointers.iter().chain(if_present).filter_map(|p| Some((p, lookup(body, p)?)));
            let Some((first, value)) = present.next() else { return Vec::new() };
            present
                .filter(|(_, v)| v != &value)
                .map(|(p, v)| Violation {
                    pointer: p.clone(),
                    message: format!("{v} differs from {value} at {first}: the fixture holds these to one value"),
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_matches_array_items_only() {
        let p = Pattern::parse("/links/*/href").expect("pointer");
        assert!(p.matches(&[Step::member("links"), Step::index(3), Step::member("href")]));
        assert!(!p.matches(&[Step::member("links"), Step::member("3"), Step::member("href")]));
        assert!(!p.matches(&[Step::member("links"), Step::index(3)]));
        let body = serde_json::json!({"links": [{"href": "a"}, {"href": "b"}, {}], "x": {"*": {"href": 1}}});
        assert_eq!(p.expand(&body), ["/links/0/href", "/links/1/href"]);
        assert!(Pattern::parse("/x/*/href").expect("pointer").expand(&body).is_empty());
    }
}
