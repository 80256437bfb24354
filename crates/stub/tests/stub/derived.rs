//! The exchanges of an operation no hand-written exchange covers, derived from its contract:
//! for every response example (and every documented bodiless success), the request that gets
//! it — a success answers the request example it names (`answers`, else the first), 401 has no
//! credentials, 403 the credentials without permission, 404 a resource that does not exist, a
//! fault its `X-Stub-Fault` header. So a new operation is exercised, probed and snapshotted
//! with no line of Rust; an example of another status (a 400 whose body depends on which rule
//! broke) must be written by hand in `exchanges.rs`, and the coverage check says which.

use conformance_contract::{Direction, Operation};
use serde_json::{Value, json};

use crate::common::{Ctx, h, json_ct};
use crate::exchanges::Exchange;
use crate::probes::{credentials, not_found_path};

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// The exchanges of every operation of `ctx` that `hand` has none of.
pub fn derived(ctx: &Ctx, hand: &[Exchange]) -> Vec<Exchange> {
    let mut out = Vec::new();
    for op in ctx.contracts.operations().iter().filter(|o| !hand.iter().any(|x| x.op == o.id())) {
        out.extend(of(ctx, op));
    }
    out
}

/// The derived exchanges of `op` (none if its scheme gives no credential).
fn of(ctx: &Ctx, op: &Operation) -> Vec<Exchange> {
    let c = op.contract();
    let (Some(good), id) = (credentials(ctx, op, false), leak(op.id())) else { return Vec::new() };
    let first = c.examples.iter().find(|e| e.direction == Direction::Request).map(|e| e.name.clone());
    let body = |name: Option<&String>| name.or(first.as_ref()).map(|n| ctx.body(id, n));
    let base = Exchange {
        name: String::new(),
        op: id,
        example: None,
        status: 0,
        method: leak(&c.method),
        path: ctx.path(id, &[]),
        headers: [vec![json_ct()], good.clone()].concat(),
        body: body(None),
    };
    let named = |name: &str| format!("{}-{name}", id.replace('/', "-"));
    let mut out = Vec::new();
    for e in c.examples.iter().filter(|e| e.direction == Direction::Response) {
        let status = e.status.unwrap_or(0);
        let x = Exchange { name: named(&e.name), example: Some(leak(&e.name)), ..base.clone() };
        let x = match status {
            200..=299 => Exchange { body: body(e.answers.as_ref()), ..x },
            401 => Exchange { headers: vec![json_ct()], ..x },
            403 => match credentials(ctx, op, true) {
                Some(bad) => Exchange { headers: [vec![json_ct()], bad].concat(), ..x },
                None => continue,
            },
            404 => match not_found_path(ctx, op, &x) {
                Some(x) => x,
                None => continue,
            },
            500..=599 => {
                Exchange { headers: [x.headers.clone(), vec![h("X-Stub-Fault", status.to_string())]].concat(), ..x }
            }
            _ => continue,
        };
        out.push(x);
    }
    let shown = |s: u16| c.examples.iter().any(|e| e.status == Some(s));
    for r in c.responses.iter().filter(|r| r.documented && (200..300).contains(&r.status) && !shown(r.status)) {
        out.push(Exchange { name: named(&r.status.to_string()), status: r.status, ..base.clone() });
    }
    out
}

/// `body` with `patch` merged in (RFC 7396).
pub fn merge(body: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *body = patch.clone();
        return;
    };
    if !body.is_object() {
        *body = json!({});
    }
    if let Value::Object(b) = body {
        for (k, v) in p {
            if v.is_null() {
                b.remove(k);
            } else {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}
