//! Every documented example request, with valid credentials, gets the documented status and a
//! body equal to the example (the runner's check, `check_example`), volatile values fresh per
//! call; and the insta snapshots of each exchange, volatile values and secrets redacted.

use conformance_contract::{Direction, Format, Redactor};
use serde_json::{Map, Value, json};

use crate::common::{Ctx, Resp, start};
use crate::exchanges::{Exchange, documented};

/// Sends `x` and checks the answer against its example (or its documented bodiless status).
pub async fn check(ctx: &Ctx, x: &Exchange) -> Resp {
    let r = ctx.send(x.method, &x.path, &x.headers, x.raw_body()).await;
    match x.example {
        Some(name) => ctx.assert_example(x.op, name, &r, &x.path, x.body.as_ref()),
        None => {
            assert_eq!(r.status, x.status, "{}: {}", x.name, r.text());
            assert!(r.body.is_empty(), "{}: no body is documented, got {}", x.name, r.text());
        }
    }
    r
}

#[tokio::test]
async fn every_documented_example_gets_its_documented_answer() {
    let ctx = start().await;
    let all = documented(&ctx);
    let ops: std::collections::BTreeSet<&str> = all.iter().map(|x| x.op).collect();
    assert_eq!(ops.len(), ctx.contracts.operations().len(), "every operation is exercised");
    for x in &all {
        let r = check(&ctx, x).await;
        if x.name == "add-service" {
            let loc = r.header("location").expect("201 carries Location");
            assert!(loc.starts_with(&format!("{}{}/", ctx.base(), ctx.add_path())), "{loc}");
        }
    }
    for op in ctx.contracts.operations() {
        for e in op.contract().examples.iter().filter(|e| e.direction == Direction::Response) {
            let covered = all.iter().any(|x| x.op == op.id() && x.example == Some(e.name.as_str()));
            assert!(covered, "example {} of {} has no exchange", e.name, op.id());
        }
    }
}

#[tokio::test]
async fn volatile_values_are_fresh_per_call_and_keep_their_form() {
    let ctx = start().await;
    let fresh = [Format::Uuid, Format::Hex32, Format::JobId, Format::CphOrderId];
    let mut compared = 0;
    for x in documented(&ctx) {
        let Some(name) = x.example else { continue };
        let ex = ctx.example(x.op, name);
        let (a, b) = (check(&ctx, &x).await, check(&ctx, &x).await);
        if ex.text.is_some() {
            continue;
        }
        let (a, b) = (a.json(), b.json());
        for v in ex.volatile.iter().filter(|v| v.echoes.is_none() && v.format.is_some_and(|f| fresh.contains(&f))) {
            assert_ne!(a.pointer(&v.pointer), b.pointer(&v.pointer), "{} {}: {} repeats", x.name, name, v.pointer);
            compared += 1;
        }
    }
    assert!(compared >= 8, "compared only {compared} volatile values");
    let x = documented(&ctx).into_iter().find(|x| x.name == "add-service").expect("add-service exchange");
    let (a, b) = (check(&ctx, &x).await, check(&ctx, &x).await);
    assert_ne!(a.header("location"), b.header("location"), "created resources are new each time");
}

fn redact_body(ctx: &Ctx, x: &Exchange, body: &mut Value) {
    let Some(name) = x.example else { return };
    // Echoed values and `any-string` values the stub keeps are deterministic: shown.
    let shown = |v: &conformance_contract::Volatile| v.echoes.is_some() || v.format == Some(Format::AnyString);
    for v in ctx.example(x.op, name).volatile.into_iter().filter(|v| !shown(v)) {
        let label = match (&v.format, &v.template) {
            (_, Some(_)) => "[volatile: template]".to_string(),
            (Some(f), _) => format!(
                "[volatile: {}]",
                serde_json::to_value(f).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
            ),
            _ => "[volatile]".to_string(),
        };
        if let Some(slot) = body.pointer_mut(&v.pointer) {
            *slot = Value::String(label);
        }
    }
}

fn record(ctx: &Ctx, x: &Exchange, r: &Resp) -> Value {
    let redactor = Redactor::new(ctx.stub.secrets());
    let base = ctx.base().to_string();
    let scrub = |s: &str| redactor.text(&s.replace(&base, "http://[stub]"));
    let req_headers: Map<String, Value> =
        x.headers.iter().map(|(k, v)| (k.clone(), Value::String(redactor.header(k, v)))).collect();
    let mut resp_headers = Map::new();
    for name in ["content-type", "location", "allow", "www-authenticate"] {
        if let Some(v) = r.header(name) {
            let v = scrub(&v);
            let v = match v.rsplit_once('/') {
                Some((head, _)) if name == "location" => format!("{head}/[volatile: uuid]"),
                _ => v,
            };
            resp_headers.insert(name.into(), Value::String(v));
        }
    }
    let body = if r.body.is_empty() {
        Value::Null
    } else if let Ok(mut v) = serde_json::from_slice::<Value>(&r.body) {
        redact_body(ctx, x, &mut v);
        v
    } else {
        Value::String(scrub(&r.text()))
    };
    json!({
        "operation": x.op,
        "example": x.example,
        "request": { "method": x.method, "path": x.path, "headers": req_headers, "body": x.body },
        "response": { "status": r.status, "headers": resp_headers, "body": body },
    })
}

#[tokio::test]
async fn snapshots_of_documented_exchanges() {
    let ctx = start().await;
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../../../snapshots/stub");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let secrets = ctx.stub.secrets();
    assert!(!secrets.is_empty());
    for x in documented(&ctx) {
        let r = check(&ctx, &x).await;
        let rec = record(&ctx, &x, &r);
        let shown = rec.to_string();
        for s in &secrets {
            assert!(!shown.contains(s.as_str()), "{}: a secret reaches the snapshot", x.name);
        }
        settings.bind(|| insta::assert_json_snapshot!(x.name.clone(), rec));
    }
}
