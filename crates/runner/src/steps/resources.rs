//! Resources: one that does not exist (the value that names it, by its fixture's binding,
//! replaced with an id no target knows), one created first as set-up (or, when the run already
//! created one under the same parent, that one shared: the run creates few) or by the request
//! under test (by the operation whose success `creates` that noun), the header that names a
//! created one, and following that header to the operation whose path it is.

use conformance_contract::meets::{At, CreatesDoc};
use conformance_contract::{Operation, Role};
use serde_json::Value;

use super::{Keyword, Step, StepFuture, done};
use crate::exchange::Exchange;
use crate::failure::{Failure, Kind};
use crate::world::{ConformanceWorld, Created, Ctx, Expect, RequestRecord};

fn cap(c: &[String], i: usize) -> &str {
    c.get(i).map_or("", String::as_str)
}

fn does_not_exist<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    let mut run = || -> Result<(), String> {
        let ctx = w.ctx()?;
        let op = w.operation(&ctx, &w.op)?;
        let noun = cap(c, 0);
        let b = op.naming(noun).ok_or_else(|| {
            let nouns: Vec<&str> = op.contract().bindings.iter().filter_map(|b| b.names.as_deref()).collect();
            format!("no value of {} names a {noun} (its bindings name: {nouns:?})", op.id())
        })?;
        let id = uuid::Uuid::new_v4().to_string();
        match &b.at {
            At::Path(p) => {
                w.overrides.insert(p.clone(), id);
            }
            At::Query(q) => {
                w.query_overrides.insert(q.clone(), Some(id));
            }
            At::Body(p) => {
                w.body_overrides.insert(p.clone(), Value::from(id));
            }
        }
        Ok(())
    };
    done(run())
}

/// The operation whose success creates a `noun`, preferring the feature's own table, and its
/// success status and `creates`.
fn creator<'c>(ctx: &'c Ctx, w: &ConformanceWorld, noun: &str) -> Result<(&'c Operation, u16, &'c CreatesDoc), String> {
    let section = ctx.contracts.operation(&w.op).map(|o| o.contract().section.clone()).unwrap_or_default();
    let mut found: Vec<(&Operation, u16, &CreatesDoc)> = ctx
        .contracts
        .operations()
        .iter()
        .flat_map(|o| {
            o.contract().responses.iter().filter_map(move |r| {
                let k = r.state.as_ref()?.creates.as_ref()?;
                (k.noun == noun).then_some((o, r.status, k))
            })
        })
        .collect();
    found.sort_by_key(|(o, _, _)| o.contract().section != section);
    found.into_iter().next().ok_or_else(|| format!("no operation of the fixtures creates a {noun}"))
}

/// The creating operation's set-up request: its request example with the relations removed.
fn load_setup(w: &mut ConformanceWorld, op: &Operation, k: &CreatesDoc) -> Result<(), String> {
    w.load_example(op.id(), &k.setup.example)?;
    for p in &k.setup.remove {
        w.edit_field(p, None)?;
    }
    Ok(())
}

/// The path under which `op` creates, as the profile names it.
fn parent_of(ctx: &Ctx, op: &Operation) -> Option<String> {
    let cx = conformance_contract::BindContext { harmless: false, run_id: &ctx.run_id, created: &[] };
    let params = op.bind_path(&ctx.profile, &cx, &Default::default(), &mut Vec::new()).ok()?;
    conformance_contract::render_path(&op.contract().path, &params).ok()
}

/// Creates a `noun` with credentials with permission as set-up and remembers it (the first
/// one created is the one relations name, the last one the one a request updates); when the
/// run already created one under the same parent, that one is shared and nothing is sent. The
/// scenario's own credentials, body and overrides are untouched.
async fn created_first(w: &mut ConformanceWorld, noun: &str) -> Result<(), Failure> {
    let ctx = w.ctx()?;
    let (op, status, k) = creator(&ctx, w, noun)?;
    if let Some(made) = parent_of(&ctx, op).and_then(|p| ctx.tracker.shared(&p)) {
        // What the set-up would have bound, it needs all the same: a run where it is the first
        // one creates.
        let saved = (std::mem::take(&mut w.body), w.request_example.take());
        let bound = load_setup(w, op, k);
        (w.body, w.request_example) = saved;
        bound?;
        let (need, _) = crate::auth::footprint(op, Role::Valid)?;
        w.record_needs(need.into_iter().collect());
        w.requests.push(RequestRecord {
            op: op.id().to_string(),
            body: None,
            fault: false,
            expected: Some(Expect::Status(status)),
            setup: true,
            ..RequestRecord::default()
        });
        w.created.push(made);
        return Ok(());
    }
    let saved = (w.role.replace(Role::Valid), std::mem::take(&mut w.body), w.request_example.take());
    let overrides = (std::mem::take(&mut w.overrides), std::mem::take(&mut w.body_overrides));
    let outcome = async {
        load_setup(w, op, k)?;
        let before = w.requests.len();
        let sent = w.send(op.id(), None, None).await;
        if let Some(r) = w.requests.get_mut(before) {
            r.setup = true;
        }
        sent.map_err(Failure::setting_up)?;
        w.expect(Expect::Status(status));
        let ex = w.last()?;
        if ex.received.status != status {
            let got = ex.received.status;
            return Err(w.fail(Kind::Setup, format!("setting up: creating a {noun} should answer {status}, got {got}")));
        }
        let made = new_resource(ex, &k.header).map_err(|e| w.fail(Kind::Setup, format!("setting up: {e}")))?;
        w.created.push(made);
        Ok(())
    }
    .await;
    (w.role, w.body, w.request_example) = saved;
    (w.overrides, w.body_overrides) = overrides;
    outcome
}

fn setup<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    Box::pin(async move { created_first(w, cap(c, 0)).await })
}

async fn create(w: &mut ConformanceWorld, noun: &str) -> Result<(), Failure> {
    let ctx = w.ctx()?;
    let (op, _, k) = creator(&ctx, w, noun)?;
    load_setup(w, op, k)?;
    w.send(op.id(), None, None).await
}

fn create_step<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    Box::pin(async move { create(w, cap(c, 0)).await })
}

/// The resource a success's `header` names: the request's path plus one segment.
fn new_resource(ex: &Exchange, header: &str) -> Result<Created, String> {
    let loc = ex.received.header(header).ok_or_else(|| format!("the answer has no {header} header"))?;
    let base = reqwest::Url::parse(&ex.sent.url).map_err(|e| e.to_string())?;
    let url = base.join(loc).map_err(|e| format!("{header} {loc:?} is not a URL: {e}"))?;
    let path = url.path().trim_end_matches('/');
    let prefix = format!("{}/", ex.path.trim_end_matches('/'));
    let id = path.strip_prefix(&prefix).filter(|id| !id.is_empty() && !id.contains('/'));
    let id = id.ok_or_else(|| format!("{header} {loc:?} does not name a resource under {prefix}"))?;
    Ok(Created { id: id.to_string(), path: path.to_string() })
}

/// The header names a new resource under the request's path; it is remembered, so the
/// scenario can follow it. (A dry run's stand-in names a placeholder: remembered too.)
fn points_at_new<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    let mut run = || -> Result<(), Failure> {
        let ctx = w.ctx()?;
        let ex = w.last()?;
        let op = w.operation(&ctx, &ex.op)?;
        let (header, noun) = (cap(c, 0), cap(c, 1));
        let creates = op.contract().responses.iter().filter_map(|r| r.state.as_ref()?.creates.as_ref());
        let k = creates
            .into_iter()
            .find(|k| k.noun == noun && k.header.eq_ignore_ascii_case(header))
            .ok_or_else(|| format!("{} documents no {header} header naming a new {noun}", op.id()))?;
        let creating = |r: &&conformance_contract::ResponseDoc| {
            r.state.as_ref().and_then(|s| s.creates.as_ref()).is_some_and(|c| std::ptr::eq(c, k))
        };
        let status = op.contract().responses.iter().find(creating);
        let item = status.and_then(|r| op.header_item(r.status, &k.header));
        w.rests_on(op, item, true);
        let ex = w.last()?;
        let made = new_resource(ex, &k.header).map_err(|e| w.fail_on(Kind::Header, e, op, &[item]))?;
        // A dry run's placeholders are no resources: two may share a name.
        if !ex.received.synthetic && w.created.iter().any(|s| s.id == made.id) {
            let reason = format!("{header} names {noun} {}, which already existed", made.id);
            return Err(w.fail_on(Kind::Header, reason, op, &[item]));
        }
        w.created.push(made);
        Ok(())
    };
    done(run())
}

/// Sends the request example `name` of the operation whose path the last created resource's
/// header named, to that path.
async fn follow(w: &mut ConformanceWorld, name: &str) -> Result<(), Failure> {
    let made =
        w.created.last().cloned().ok_or_else(|| {
            Failure::from("no header to follow: check \"the Location header points at the new …\" first")
        })?;
    let ctx = w.ctx()?;
    let ops = ctx.contracts.operations().iter();
    let mut found = ops.filter(|o| o.example(name).is_some()).filter_map(|o| {
        let base = ctx.profile.base_url_for(&o.contract().section).unwrap_or(&ctx.base);
        let prefix = reqwest::Url::parse(base).map(|u| u.path().trim_end_matches('/').to_string()).unwrap_or_default();
        let path = made.path.strip_prefix(&prefix).unwrap_or(&made.path).to_string();
        conformance_contract::match_path(&o.contract().path, &path).map(|_| (o, path))
    });
    let (op, path) = found
        .next()
        .ok_or_else(|| format!("no operation with a request example {name:?} has the path {}", made.path))?;
    w.load_example(op.id(), name)?;
    w.send(op.id(), Some(path), None).await
}

fn follow_step<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    Box::pin(async move { follow(w, cap(c, 0)).await })
}

pub(super) const STEPS: &[Step] = &[
    Step {
        keyword: Keyword::Given,
        pattern: r"^an? ([\w -]+?) that does not exist$",
        describe: "the value that names the resource (its fixture binding's `names`) replaced with an id no target knows",
        example: "an account that does not exist",
        run: does_not_exist,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r"^an? ([\w -]+?) (?:added|created)(?: (?:to|in|for) (?:the|an?) [\w -]+)?$",
        describe: "set-up: creates one with credentials with permission (the operation whose success creates it) and remembers it",
        example: "a service added to the order",
        run: setup,
    },
    Step {
        keyword: Keyword::When,
        pattern: r"^I (?:add|create) an? ([\w -]+?)(?: (?:to|in|for) (?:the|an?) [\w -]+)?$",
        describe: "creates one with the scenario's credentials (the creating operation's set-up request)",
        example: "I add a service to the order",
        run: create_step,
    },
    Step {
        keyword: Keyword::Then,
        pattern: r"^the ([\w-]+) header points at the new ([\w -]+)$",
        describe: "the success's header names a new resource under the request's path; it is remembered",
        example: "the Location header points at the new service",
        run: points_at_new,
    },
    Step {
        keyword: Keyword::When,
        pattern: r#"^I follow the Location header with the documented example request "([^"]+)"$"#,
        describe: "sends that request example to the resource the last header named (the operation whose path it is)",
        example: r#"I follow the Location header with the documented example request "update-name-and-cycle""#,
        run: follow_step,
    },
];
