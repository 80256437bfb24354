//! Probes for the modes: the documented exchanges, plus for every operation the requests its
//! refusals answer, built from its contract: no credentials, credentials without permission, a
//! resource that does not exist, for each documented request constraint a body that breaks
//! only that one, and a change to the values the resource has at the start; plus the probes
//! each hook lists (`conformance_stub::hook_probes`). A mutation must change the answer to one
//! of them.

use conformance_contract::meets::At;
use conformance_contract::{AuthScheme, KeyIn, Operation};
use serde_json::{Value, json};

use crate::common::{Ctx, h, json_ct};
use crate::derived::merge;
use crate::exchanges::{Exchange, documented};

/// The credentials of `op` for a caller with (`forbidden` false) or without permission.
pub fn credentials(ctx: &Ctx, op: &Operation, forbidden: bool) -> Option<Vec<(String, String)>> {
    let c = &op.contract().auth;
    let slot = |s: &str| c.credentials.get(s).map(|k| ctx.value(k));
    let p = if forbidden { "forbidden_" } else { "" };
    let slot = |s: &str| slot(&format!("{p}{s}"));
    Some(match &c.scheme {
        AuthScheme::HuaweiSdkHmac => vec![h("X-Auth-Token", slot("token")?)],
        AuthScheme::HttpBearer => vec![h("Authorization", format!("Bearer {}", slot("token")?))],
        AuthScheme::HttpBasic => {
            vec![h("Authorization", conformance_contract::basic(&slot("username")?, &slot("password")?))]
        }
        AuthScheme::ApiKey(k) => match k.location {
            KeyIn::Header => vec![h(&k.name, k.value(&slot("key")?))],
            KeyIn::Cookie => vec![h("Cookie", format!("{}={}", k.name, k.value(&slot("key")?)))],
            KeyIn::Query => return None,
        },
    })
}

/// The documented success exchange of `op` (the first without a fault header).
fn success<'a>(all: &'a [Exchange], ctx: &Ctx, op: &str) -> Option<&'a Exchange> {
    all.iter().find(|x| {
        x.op == op && (200..300).contains(&x.want(ctx)) && !x.headers.iter().any(|(k, _)| k == "X-Stub-Fault")
    })
}

/// Every probe.
pub fn probes(ctx: &Ctx) -> Vec<Exchange> {
    generic(ctx, &documented(ctx))
}

/// `docs` and, for every operation with a documented success among them, the refusals built
/// from its contract and its hooks' probes.
pub fn generic(ctx: &Ctx, docs: &[Exchange]) -> Vec<Exchange> {
    let mut all = docs.to_vec();
    for op in ctx.contracts.operations() {
        let Some(base) = success(docs, ctx, op.id()).cloned() else { continue };
        let named = |name: &str, status: u16| Exchange {
            name: format!("{}:{name}", op.contract().operation),
            example: None,
            status,
            ..base.clone()
        };
        let with_creds =
            |x: Exchange, creds: Vec<(String, String)>| Exchange { headers: [vec![json_ct()], creds].concat(), ..x };
        all.push(with_creds(named("no-credentials", 401), Vec::new()));
        if let Some(c) = credentials(ctx, op, true) {
            all.push(with_creds(named("forbidden", 403), c));
        }
        if let Some(x) = not_found_path(ctx, op, &named("not-found", 404)) {
            all.push(x);
        }
        for (name, body) in breaking_bodies(op, base.body.as_ref().unwrap_or(&Value::Null)) {
            all.push(Exchange { body: Some(body), ..named(&name, 400) });
        }
        // A change to the values the resource has at the start: a no-op the correct stub
        // accepts, a real vendor refuses, and so does a stub that refuses changes back.
        let changes = op.changes();
        if let Some(restore) = op.restore_example().filter(|_| !changes.is_empty()) {
            let sets = |r: &&conformance_contract::ResponseDoc| r.state.as_ref().is_some_and(|s| !s.set.is_empty());
            let status = op.contract().responses.iter().filter(|r| (200..300).contains(&r.status)).find(sets);
            let mut x = named("change-to-current", status.map_or(base.want(ctx), |r| r.status));
            x.body = Some(ctx.body(op.id(), restore));
            for ch in &changes {
                let current = ch.current.and_then(|k| ctx.profile.get(k).cloned());
                if let (Some(slot), Some(v)) = (x.body.as_mut().and_then(|b| b.pointer_mut(ch.pointer)), current) {
                    *slot = v;
                }
            }
            all.push(x);
        }
    }
    for p in conformance_stub::hook_probes(&ctx.contracts).expect("the hooks are known") {
        let Some(mut x) = success(docs, ctx, &p.operation).cloned() else { continue };
        merge(x.body.get_or_insert(Value::Null), &p.patch);
        all.push(Exchange { name: p.name, example: None, status: p.status, ..x });
    }
    all
}

/// `x` addressed to a resource of `op` that does not exist (a path parameter or body value the
/// fixture's `names` binding gives), if the operation has a resource.
pub fn not_found_path(ctx: &Ctx, op: &Operation, x: &Exchange) -> Option<Exchange> {
    let naming = |r: &conformance_contract::meets::ResourceDoc| {
        op.naming(&r.noun).or_else(|| {
            op.contract().bindings.iter().find(|b| {
                b.names.is_some() && r.path.contains(&format!("{{{}}}", b.at.to_string().replace("path:", "")))
            })
        })
    };
    let b = op.contract().resource.as_ref().and_then(naming)?;
    let mut x = x.clone();
    match &b.at {
        At::Path(p) => x.path = ctx.path(op.id(), &[(p, "no-such-resource")]),
        At::Query(_) => return None,
        At::Body(p) => {
            if let Some(slot) = x.body.as_mut().and_then(|v| v.pointer_mut(p)) {
                *slot = json!("no-such-resource");
            }
        }
    }
    Some(x)
}

/// For each documented request constraint of `op`, `valid` changed so that it breaks that one:
/// a required member left out, a string one longer than its limit, a number past its range, a
/// value not in its enum, a string not of its pattern.
fn breaking_bodies(op: &Operation, valid: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    walk(op, &op.contract().request.schema, "", valid, &mut out);
    for c in &op.contract().request.constraints {
        let mut b = valid.clone();
        if let Some(slot) = b.pointer_mut(&c.pointer) {
            *slot = json!("€".repeat(c.max_bytes / 3 + 1));
            out.push((format!("bytes{}", c.pointer.replace('/', ".")), b));
        }
    }
    out
}

fn resolve<'a>(op: &'a Operation, s: &'a Value) -> &'a Value {
    let name = s.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/"));
    name.and_then(|n| op.contract().defs.get(n)).unwrap_or(s)
}

/// The keyword `kw` of `node`, or of its `x-strict` schema: the stub holds the judgements too.
fn kw<'v>(node: &'v Value, kw: &str) -> Option<&'v Value> {
    node.get(kw).or_else(|| node.pointer(&format!("/x-strict/schema/{kw}")))
}

fn walk(op: &Operation, schema: &Value, at: &str, valid: &Value, out: &mut Vec<(String, Value)>) {
    let schema = resolve(op, schema);
    let required = [schema.get("required"), schema.pointer("/x-strict/schema/required")];
    for name in required.into_iter().flatten().filter_map(Value::as_array).flatten().filter_map(Value::as_str) {
        let mut b = valid.clone();
        if let Some(parent) = b.pointer_mut(at).and_then(Value::as_object_mut) {
            parent.remove(name);
            out.push((format!("without{at}/{name}").replace('/', "."), b));
        }
    }
    let Some(props) = schema.get("properties").and_then(Value::as_object) else { return };
    for (name, sub) in props {
        let here = format!("{at}/{name}");
        let sub = resolve(op, sub);
        let mut broken = Vec::new();
        if let Some(n) = kw(sub, "maxLength").and_then(Value::as_u64) {
            broken.push(("length", json!("x".repeat(usize::try_from(n).unwrap_or(0) + 1))));
        }
        if let Some(n) = kw(sub, "maximum").and_then(Value::as_i64) {
            broken.push(("range", json!(n + 1)));
        } else if let Some(n) = kw(sub, "minimum").and_then(Value::as_i64) {
            broken.push(("range", json!(n - 1)));
        }
        if let Some(e) = kw(sub, "enum").and_then(Value::as_array) {
            let numeric = e.iter().all(Value::is_number);
            let max = e.iter().filter_map(Value::as_i64).max().unwrap_or(0);
            broken.push(("enum", if numeric { json!(max + 1) } else { json!("zzz-not-listed") }));
        }
        if kw(sub, "pattern").is_some() {
            for candidate in ["", " ", "not a uri", "\t"] {
                let mut b = valid.clone();
                if let Some(slot) = b.pointer_mut(&here) {
                    *slot = json!(candidate);
                }
                if op.validate_request_strict(&b).is_err() {
                    broken.push(("pattern", json!(candidate)));
                    break;
                }
            }
        }
        for (kind, value) in broken {
            let mut b = valid.clone();
            if let Some(slot) = b.pointer_mut(&here) {
                *slot = value;
                out.push((format!("{kind}{here}").replace('/', "."), b));
            }
        }
        walk(op, sub, &here, valid, out);
    }
}
