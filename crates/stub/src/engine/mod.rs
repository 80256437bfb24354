//! The per-request pipeline, the same for every operation: the body cap (413), routing (404,
//! 405 + `Allow`), the fault header (400 for a bad one), authentication by scheme (401, 403),
//! the documented fault, the body (parsed and validated first when the resource path reads
//! it), the addressed resource (404), the query's and the body's refusals (400 with details), the hooks, then the
//! success: its answer, its effect on state (attributes set, or a resource created and named
//! by a header). The mode in force is read once per request; mutations and variations apply
//! where they change what is answered.

mod call;
mod decide;
mod reply;

use crate::core::StubCore;
use crate::modes::{Mutation, Transform};
use crate::phases::{self, Phase};
use crate::plan::Shape;
use crate::request::{Req, StubResponse};
use crate::router::Routed;
use crate::{answer, mutate, template, vary};

use call::Call;

/// Answers one request.
pub(crate) fn handle(core: &StubCore, req: &Req<'_>) -> StubResponse {
    let cap = core.config().max_body_bytes;
    if req.body.len() > cap {
        return too_large(core, req);
    }
    let active = core.active();
    let routed = core.router.route(req.method, req.path);
    phases::mark(Phase::Route);
    let (resp, shape) = match routed {
        Routed::Op(ix, params) => {
            let m = active.mutation.filter(|m| applies(core, m, ix));
            let plan = &core.plans[ix];
            let call = Call { core, req, ix, plan, op: &core.contracts().operations()[ix], params, m, active };
            let mut resp = call.run();
            if matches!(m.map(|m| &m.what), Some(Transform::JsonAsTextPlain)) {
                mutate::text_plain(&mut resp);
            }
            (resp, plan.shape)
        }
        Routed::WrongMethod(ix, allow) => {
            let r = stub_answer(core, ix, Kind::WrongMethod(&allow), req, None);
            (r.with_header("Allow", allow.clone()), core.plans[ix].shape)
        }
        Routed::NotFound => match core.router.closest(req.path) {
            Some(op) => (stub_answer(core, op, Kind::NoRoute, req, None), core.plans[op].shape),
            None => (neutral(Kind::NoRoute, None), Shape::Unknown),
        },
    };
    let resp = match active.variation {
        Some(v) => vary::apply(v, shape, resp),
        None => resp,
    };
    // Rendering, and whatever a refusal did after the last phase it reached.
    phases::mark(Phase::Render);
    resp
}

/// Whether mutation `m` is about operation `ix` (its own, or a hook's of a hook `ix` uses).
fn applies(core: &StubCore, m: &Mutation, ix: usize) -> bool {
    match (m.op, m.hook) {
        (Some(op), _) => op == ix,
        (None, Some(h)) => core.contracts().operations()[ix].contract().hooks.iter().any(|x| x == h),
        (None, None) => false,
    }
}

/// What no operation documents.
#[derive(Debug, Clone, Copy)]
enum Kind<'a> {
    NoRoute,
    WrongMethod(&'a str),
    TooLarge,
    BadFaultHeader,
}

/// The stub answer of `kind` in operation `op`'s shape.
fn stub_answer(core: &StubCore, op: usize, kind: Kind<'_>, req: &Req<'_>, reason: Option<&str>) -> StubResponse {
    let plan = &core.plans[op];
    let answer = match kind {
        Kind::NoRoute => &plan.stub.no_route,
        Kind::WrongMethod(_) => &plan.stub.wrong_method,
        Kind::TooLarge => &plan.stub.too_large,
        Kind::BadFaultHeader => &plan.stub.bad_fault_header,
    };
    let (status, words) = status_words(kind, reason);
    let allow = match kind {
        Kind::WrongMethod(a) => a,
        _ => "",
    };
    let Some(answer) = answer else {
        return StubResponse::json(status, &serde_json::json!({ "error": words }));
    };
    let fill = template::Cx {
        method: req.method,
        allow,
        limit: core.config().max_body_bytes,
        path: req.path,
        reason,
        ..template::Cx::default()
    };
    let cx = answer::Cx { fill, path: req.path, origin: "" };
    answer.respond(&core.contracts().operations()[op], &cx)
}

/// The body cap's 413 for a request to `path` (the standalone adapter answers it before the
/// body is read whole).
pub(crate) fn too_large(core: &StubCore, req: &Req<'_>) -> StubResponse {
    match core.router.closest(req.path) {
        Some(op) => stub_answer(core, op, Kind::TooLarge, req, None),
        None => neutral(Kind::TooLarge, None),
    }
}

/// The answer of `kind` in no vendor's shape (`{"error": "…"}`), for a path no vendor's base
/// path matches.
fn neutral(kind: Kind<'_>, reason: Option<&str>) -> StubResponse {
    let (status, words) = status_words(kind, reason);
    StubResponse::json(status, &serde_json::json!({ "error": words }))
}

/// The status and words of `kind`.
fn status_words<'a>(kind: Kind<'_>, reason: Option<&'a str>) -> (u16, &'a str) {
    match kind {
        Kind::NoRoute => (404, "no documented operation has this path"),
        Kind::WrongMethod(_) => (405, "the documented method of this path is another"),
        Kind::TooLarge => (413, "the request body is larger than the limit"),
        Kind::BadFaultHeader => (400, reason.unwrap_or_default()),
    }
}
