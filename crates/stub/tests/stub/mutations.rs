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
            op.id() == prefix || op.contract().hooks.iter().any(|h| h == prefix)
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
        assert!(names.iter().any(|n| n.starts_with(&format!("{}:", op.id()))), "no mutation for {}", op.id());
    }
}

#[tokio::test]
async fn shape_mutations_follow_from_each_contract() {
    let ctx = start().await;
    let names: BTreeSet<String> = ctx.stub.core().modes().mutations.iter().map(|m| m.name.clone()).collect();
    for want in [
        "huawei-apig/postpaid-resize:success-status",
        "huawei-apig/postpaid-resize:drops-job_id",
        "huawei-apig/postpaid-resize:volatile-job_id-format",
        "huawei-apig/postpaid-resize:changes-401-literal",
        "huawei-apig/postpaid-resize:forbidden-as-401",
        "huawei-apig/postpaid-resize:fault-500-never",
        "huawei-cph/change-server-model:retypes-request_id",
        "huawei-cph/change-server-model:ignores-length-server_model_name",
        "huawei-cph/change-server-model:ignores-enum-extend_param.is_auto_pay",
        "hostway/service-action:ignores-enum-action",
        "hostway/service-action:not-found-as-400",
        "hostway-orders/add-service:drops-header-location",
        "hostway-orders/add-service:ignores-range-billingCycle",
        "hostway-orders/add-service:forbidden-allowed",
        "hostway-orders/update-service:ignores-required-name",
        "hostway-orders/update-service:ignores-pattern-name",
        "hostway-orders/update-service:fault-502-never",
        "hostway-actions:cost-total-breaks-sum",
        "order-builder:invalid-cycle-as-bad-request",
    ] {
        assert!(names.contains(want), "{want} is generated; have {names:?}");
    }
    for absent in [
        "hostway/service-action:forbidden-allowed",
        "huawei-cph/change-server-model:changes-401-literal",
        "hostway-orders/update-service:drops-header-location",
    ] {
        assert!(!names.contains(absent), "{absent} has nothing to change");
    }
}

/// A generated mutation is named by vendor and operation; the name without its vendor, as
/// baselines and recordings made before hold it, is still the same mode where it is
/// unambiguous, and an ambiguous or unknown one is an error listing the qualified names.
#[test]
fn a_mutation_is_named_by_vendor_and_the_old_name_still_chooses_it() {
    let core = |name: &str| StubCore::new(StubConfig::deterministic().with_mutation(Some(name.into())));
    let qualified = core("huawei-apig/postpaid-resize:drops-job_id").expect("the qualified name");
    assert_eq!(qualified.mutation(), Some("huawei-apig/postpaid-resize:drops-job_id"));
    let old = core("postpaid-resize:drops-job_id").expect("the old name");
    assert_eq!(old.mutation(), Some("huawei-apig/postpaid-resize:drops-job_id"));
    let unknown = core("huawei-cph/postpaid-resize:drops-job_id").map(|_| ()).expect_err("another vendor's");
    assert!(unknown.to_string().contains("huawei-apig/postpaid-resize:drops-job_id"), "{unknown}");
    let contracts =
        conformance_contract::Contracts::load(conformance_contract::default_fixtures_dir()).expect("the fixtures load");
    for op in contracts.operations() {
        let bare = format!("{}:", op.contract().operation);
        let names = qualified.modes().mutations.iter().map(|m| m.name.as_str());
        assert!(names.clone().all(|n| !n.starts_with(&bare)), "{bare}… names no vendor");
        assert!(names.clone().any(|n| n.starts_with(&format!("{}:", op.id()))), "{} has its mutations", op.id());
    }
}
