//! The mutations, driven through the core (`StubCore::handle`, no HTTP): with none the probes
//! get their documented answers; each generated or hook mutation changes the answer to at
//! least one probe, and only probes of its own operations. A verdict is what a client can tell:
//! the status, the media type, whether `Location` is there, the runner's example check, and the
//! body's JSON skeleton.

use std::collections::BTreeSet;

use bytes::Bytes;
use conformance_contract::{RequestContext, check_example};
use conformance_stub::{StubConfig, StubCore, StubRequest};
use serde_json::Value;

use crate::common::{Ctx, route_params, start};
use crate::exchanges::Exchange;
use crate::probes::probes;

fn request(ctx: &Ctx, x: &Exchange) -> StubRequest {
    let mut headers = x.headers.clone();
    headers.push(("Host".into(), ctx.host()));
    StubRequest {
        method: x.method.into(),
        path: x.path.clone(),
        query: String::new(),
        headers,
        body: Bytes::from(x.raw_body().unwrap_or_default()),
    }
}

/// What a client can tell about the answer to `x` (on a freshly reset core).
fn verdict(ctx: &Ctx, core: &StubCore, x: &Exchange) -> String {
    core.reset();
    let r = core.handle(&request(ctx, x));
    let media = r.header("content-type").unwrap_or_default().to_string();
    let body: Option<Value> = serde_json::from_slice(&r.body).ok();
    let check = match (x.example, &body) {
        (Some(name), Some(b)) => {
            let ex = ctx.example(x.op, name);
            let params = route_params(ctx.op(x.op), &x.path);
            let exchange = RequestContext { path: &x.path, path_params: &params, body: x.body.as_ref() };
            if check_example(&ex, b, &exchange).is_ok() { "matches" } else { "differs" }
        }
        (Some(name), None) => {
            if ctx.example(x.op, name).text.as_deref() == Some(&*String::from_utf8_lossy(&r.body)) {
                "matches"
            } else {
                "differs"
            }
        }
        _ => "n/a",
    };
    let loc = r.header("location").is_some();
    let skeleton = body.as_ref().map(skeleton).unwrap_or_default();
    format!("{} {media} location={loc} example={check} skeleton={skeleton}", r.status)
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

/// Checks that the probes get their documented answers from the correct `core`, and that every
/// mutation `selected` by name changes the answer to one of them, of its own operations only.
/// The names of the mutations checked.
pub fn assert_mutations_show(
    ctx: &Ctx,
    core: &StubCore,
    probes: &[Exchange],
    selected: impl Fn(&str) -> bool,
) -> Vec<String> {
    core.set_mode(None, None).expect("no mode");
    let correct: Vec<String> = probes.iter().map(|x| verdict(ctx, core, x)).collect();
    for (x, v) in probes.iter().zip(&correct) {
        assert!(v.starts_with(&format!("{} ", x.want(ctx))), "the correct stub answers probe {}: {v}", x.name);
        assert!(!v.contains("example=differs"), "{}: {v}", x.name);
    }
    let mutations: Vec<_> = core.modes().mutations.iter().filter(|m| selected(&m.name)).cloned().collect();
    let mut names = BTreeSet::new();
    for m in &mutations {
        assert!(names.insert(m.name.clone()), "duplicate {}", m.name);
        assert!(!m.description.is_empty() && !m.transport_level && !m.at_start_only, "{m:?}");
        core.set_mode(Some(&m.name), None).expect("a listed mutation is shown");
        assert_eq!(core.mutation(), Some(m.name.as_str()));
        let differing: Vec<&Exchange> =
            probes.iter().zip(&correct).filter(|(x, v)| verdict(ctx, core, x) != **v).map(|(x, _)| x).collect();
        assert!(!differing.is_empty(), "mutation {} changes no answer", m.name);
        let prefix = m.name.split(':').next().unwrap_or_default();
        let own = |x: &Exchange| {
            let op = ctx.op(x.op);
            op.contract().operation == prefix || op.contract().hooks.iter().any(|h| h == prefix)
        };
        let strays: Vec<&str> = differing.iter().filter(|x| !own(x)).map(|x| x.name.as_str()).collect();
        assert!(strays.is_empty(), "mutation {} changes other operations' answers: {strays:?}", m.name);
        if std::env::var_os("STUB_SHOW_MUTATIONS").is_some() {
            eprintln!("{}: {:?}", m.name, differing.iter().map(|x| x.name.as_str()).collect::<Vec<_>>());
        }
    }
    core.set_mode(None, None).expect("back to none");
    names.into_iter().collect()
}

#[tokio::test]
async fn every_mutation_changes_an_answer_of_its_own_operations() {
    let ctx = start().await;
    let core = StubCore::new(StubConfig::deterministic()).expect("core");
    let names = assert_mutations_show(&ctx, &core, &probes(&ctx), |_| true);
    assert_eq!(names.len(), core.modes().mutations.len());
    assert!(names.len() >= 40, "{} mutations", names.len());
    for op in ctx.contracts.operations() {
        let slug = &op.contract().operation;
        assert!(names.iter().any(|n| n.starts_with(&format!("{slug}:"))), "no mutation for {slug}");
    }
}

#[tokio::test]
async fn shape_mutations_follow_from_each_contract() {
    let ctx = start().await;
    let names: BTreeSet<String> = ctx.stub.core().modes().mutations.iter().map(|m| m.name.clone()).collect();
    for want in [
        "postpaid-resize:success-status",
        "postpaid-resize:drops-job_id",
        "postpaid-resize:volatile-job_id-format",
        "postpaid-resize:changes-401-literal",
        "postpaid-resize:forbidden-as-401",
        "postpaid-resize:fault-500-never",
        "change-server-model:retypes-request_id",
        "change-server-model:ignores-length-server_model_name",
        "change-server-model:ignores-enum-extend_param.is_auto_pay",
        "service-action:ignores-enum-action",
        "service-action:not-found-as-400",
        "add-service:drops-header-location",
        "add-service:ignores-range-billingCycle",
        "add-service:forbidden-allowed",
        "update-service:ignores-required-name",
        "update-service:ignores-pattern-name",
        "update-service:fault-502-never",
        "hostway-actions:cost-total-breaks-sum",
        "order-builder:invalid-cycle-as-bad-request",
    ] {
        assert!(names.contains(want), "{want} is generated; have {names:?}");
    }
    for absent in [
        "service-action:forbidden-allowed",
        "change-server-model:changes-401-literal",
        "update-service:drops-header-location",
    ] {
        assert!(!names.contains(absent), "{absent} has nothing to change");
    }
}
