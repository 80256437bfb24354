//! The mutation hook: with no mutation the stub is correct (the other tests); each mutation in
//! `Mutation::all()` answers at least one probe differently from the correct stub. A probe is a
//! documented exchange or a documented error status; its verdict is the status, the media type,
//! whether `Location` is there, the runner's example check and the body's JSON skeleton.

use conformance_contract::{RequestContext as Ex, check_example};
use conformance_stub::{Mutation, StubConfig};
use serde_json::{Value, json};

use crate::common::{Ctx, h, json_ct, start_with};
use crate::exchanges::{ADD, CPH, Exchange, documented};

/// The documented exchanges plus documented error statuses the mutations touch.
fn probes(ctx: &Ctx) -> Vec<Exchange> {
    let mut all = documented(ctx);
    let base = all.iter().find(|x| x.name == "apig-accepted").cloned().expect("apig");
    all.push(Exchange {
        name: "apig-no-token".into(),
        example: Some("unauthorized"),
        headers: vec![h("Content-Type", "application/json")],
        ..base
    });
    let cph = all.iter().find(|x| x.op == CPH && x.example == Some("ok")).cloned().expect("cph");
    let mut long = cph.body.clone().expect("body");
    long["server_model_name"] = json!("x".repeat(65));
    all.push(Exchange { name: "cph-65-bytes".into(), example: None, status: 400, body: Some(long), ..cph.clone() });
    let action = all.iter().find(|x| x.name == "action-change").cloned().expect("action");
    let w = ctx.seed().hostway.clone();
    all.push(Exchange {
        name: "action-unknown".into(),
        status: 400,
        body: Some(json!({ "action": "upgrade" })),
        ..action.clone()
    });
    all.push(Exchange { name: "action-no-auth".into(), status: 401, headers: vec![], ..action.clone() });
    let unknown = format!("/accounts/nope/products/{}/services/{}/action", w.product_id, w.service_id);
    all.push(Exchange { name: "action-404".into(), status: 404, path: unknown, ..action });
    let add = all.iter().find(|x| x.op == ADD).cloned().expect("add");
    let spec = "https://api.hostway.com/serviceSpecifications/1001";
    all.push(Exchange {
        name: "add-121".into(),
        status: 400,
        body: Some(json!({ "name": "n", "serviceSpecification": spec, "billingCycle": 121 })),
        ..add.clone()
    });
    let o = ctx.seed().orders.clone();
    let no_order = format!("/orders/none/account/products/{}/services", o.product_id);
    all.push(Exchange { name: "add-no-order".into(), status: 404, path: no_order, ..add.clone() });
    all.push(Exchange {
        name: "add-forbidden".into(),
        status: 403,
        headers: vec![ctx.forbidden_owner(), json_ct()],
        ..add.clone()
    });
    all.push(Exchange { name: "add-no-cookie".into(), status: 401, headers: vec![json_ct()], ..add });
    let update = all.iter().find(|x| x.name == "update-service").cloned().expect("update");
    all.push(Exchange {
        name: "update-empty-name".into(),
        status: 400,
        body: Some(json!({ "name": "", "billingCycle": 12 })),
        ..update.clone()
    });
    let nowhere = "https://api.hostway.com/accounts/0/products/0/services/0";
    all.push(Exchange {
        name: "update-unknown-associated".into(),
        status: 400,
        body: Some(json!({ "name": "n", "billingCycle": 12, "associatedTo": [nowhere] })),
        ..update
    });
    all
}

/// What a client can tell about an answer.
async fn verdict(ctx: &Ctx, x: &Exchange) -> String {
    let r = ctx.send(x.method, &x.path, &x.headers, x.raw_body()).await;
    let media = r.header("content-type").unwrap_or_default();
    let body: Option<Value> = serde_json::from_slice(&r.body).ok();
    let check = match (x.example, &body) {
        (Some(name), Some(b)) => {
            let ex = ctx.example(x.op, name);
            let exchange = Ex { path: &x.path, path_params: &x.params, body: x.body.as_ref() };
            if check_example(&ex, b, &exchange).is_ok() { "matches" } else { "differs" }
        }
        _ => "n/a",
    };
    let loc = r.header("location").is_some();
    format!(
        "{} {media} location={loc} example={check} skeleton={}",
        r.status,
        body.as_ref().map(skeleton).unwrap_or_default()
    )
}

fn skeleton(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            format!("{{{}}}", m.iter().map(|(k, v)| format!("{k}:{}", skeleton(v))).collect::<Vec<_>>().join(","))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(skeleton).collect::<Vec<_>>().join(",")),
        Value::String(_) => "s".into(),
        Value::Number(_) => "n".into(),
        Value::Bool(_) => "b".into(),
        Value::Null => "null".into(),
    }
}

async fn verdicts(mutation: Option<Mutation>) -> Vec<(String, String)> {
    let ctx = start_with(StubConfig::deterministic().with_mutation(mutation)).await;
    let mut out = Vec::new();
    for x in probes(&ctx) {
        out.push((x.name.clone(), verdict(&ctx, &x).await));
    }
    out
}

#[tokio::test]
async fn every_mutation_is_visible_in_some_exchange() {
    let correct = verdicts(None).await;
    // The probes themselves are right against the correct stub.
    let ctx = start_with(StubConfig::deterministic()).await;
    for (x, (_, v)) in probes(&ctx).iter().zip(&correct) {
        let want = x.example.map_or(x.status, |n| ctx.example(x.op, n).status.unwrap_or(0));
        assert!(v.starts_with(&format!("{want} ")), "{}: {v}", x.name);
        assert!(!v.contains("example=differs"), "{}: {v}", x.name);
    }
    assert!(Mutation::all().len() >= 30, "at least 30 mutations");
    let names: std::collections::BTreeSet<&str> = Mutation::all().iter().map(|m| m.name()).collect();
    assert_eq!(names.len(), Mutation::all().len(), "names are unique");
    let mut touched = std::collections::BTreeSet::new();
    for m in Mutation::all() {
        assert!(!m.describe().is_empty());
        assert_eq!(m.name().parse::<Mutation>(), Ok(*m));
        let got = verdicts(Some(*m)).await;
        let differing: Vec<&str> =
            correct.iter().zip(&got).filter(|(a, b)| a.1 != b.1).map(|(a, _)| a.0.as_str()).collect();
        assert!(!differing.is_empty(), "mutation {m} is invisible to every probe");
        if std::env::var_os("STUB_SHOW_MUTATIONS").is_some() {
            eprintln!("{m}: {differing:?}");
        }
        for d in &differing {
            touched.insert(d.split('-').next().unwrap_or_default().to_string());
        }
    }
    for op in ["apig", "cph", "action", "add", "update"] {
        assert!(touched.contains(op), "no mutation touches {op}");
    }
}
