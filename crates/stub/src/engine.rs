//! The per-request pipeline, the same for every operation: the body cap (413), routing (404,
//! 405 + `Allow`), the fault header (400 for a bad one), authentication by scheme (401, 403),
//! the documented fault, the body (parsed and validated first when the resource path reads
//! it), the addressed resource (404), the body's refusal (400 with details), the hooks, then the
//! success: its answer, its effect on state (attributes set, or a resource created and named
//! by a header). The mode in force is read once per request; mutations and variations apply
//! where they change what is answered.

use std::borrow::Cow;
use std::collections::BTreeMap;

use conformance_contract::Operation;
use serde_json::{Map, Value};

use crate::answer::{self, Answer, Rendered};
use crate::auth::{Check, Verdict};
use crate::body::{self, Checked};
use crate::config::{ADMIN_PREFIX, FAULT_HEADER};
use crate::core::{Active, StubCore};
use crate::hooks::{HookCx, HookMode, Outcome};
use crate::modes::{Mutation, Transform, Variation};
use crate::plan::{Plan, Shape};
use crate::request::{StubRequest, StubResponse};
use crate::router::Routed;
use crate::{admin, mutate, template, vary};

/// Answers one request.
pub(crate) fn handle(core: &StubCore, req: &StubRequest) -> StubResponse {
    let cap = core.config().max_body_bytes;
    if req.body.len() > cap {
        let op = core.router.closest(&req.path);
        return stub_answer(core, op, Kind::TooLarge, req, None);
    }
    if req.path.starts_with(ADMIN_PREFIX) || req.path == "/__stub" {
        return admin::handle(core, req);
    }
    let active = core.active();
    let (resp, shape) = match core.router.route(&req.method, &req.path) {
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
        Routed::NotFound => {
            let op = core.router.closest(&req.path);
            (stub_answer(core, op, Kind::NoRoute, req, None), core.plans[op].shape)
        }
    };
    match active.variation {
        Some(v) => vary::apply(v, shape, resp),
        None => resp,
    }
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
fn stub_answer(core: &StubCore, op: usize, kind: Kind<'_>, req: &StubRequest, reason: Option<&str>) -> StubResponse {
    let plan = &core.plans[op];
    let (answer, status, words) = match kind {
        Kind::NoRoute => (&plan.stub.no_route, 404, "no documented operation has this path"),
        Kind::WrongMethod(_) => (&plan.stub.wrong_method, 405, "the documented method of this path is another"),
        Kind::TooLarge => (&plan.stub.too_large, 413, "the request body is larger than the limit"),
        Kind::BadFaultHeader => (&plan.stub.bad_fault_header, 400, reason.unwrap_or_default()),
    };
    let allow = match kind {
        Kind::WrongMethod(a) => a,
        _ => "",
    };
    let Some(answer) = answer else {
        return StubResponse::json(status, &serde_json::json!({ "error": words }));
    };
    let fill = template::Cx {
        method: &req.method,
        allow,
        limit: core.config().max_body_bytes,
        path: &req.path,
        reason,
        ..template::Cx::default()
    };
    let cx = answer::Cx { fill, path: &req.path, origin: "" };
    answer.render(&core.contracts().operations()[op], &cx).finish()
}

/// The body cap's 413 for a request to `path` (the standalone adapter answers it before the
/// body is read whole).
pub(crate) fn too_large(core: &StubCore, req: &StubRequest) -> StubResponse {
    let op = core.router.closest(&req.path);
    stub_answer(core, op, Kind::TooLarge, req, None)
}

/// One routed request.
struct Call<'a> {
    core: &'a StubCore,
    req: &'a StubRequest,
    ix: usize,
    plan: &'a Plan,
    op: &'a Operation,
    params: BTreeMap<String, String>,
    /// The mutation in force, when it is about this operation.
    m: Option<&'a Mutation>,
    active: Active<'a>,
}

/// What the state-locked part decided.
enum Decision<'p> {
    /// A refusal with its status, answer, details and reason.
    Refuse { status: u16, answer: Option<&'p Answer>, details: Option<Map<String, Value>>, reason: Option<String> },
    /// A success: its answer, the hook that picked it, and the created resource (header, path).
    Success { answer: &'p Answer, by: Option<usize>, created: Option<(&'p str, String)> },
}

impl Call<'_> {
    fn transform(&self) -> Option<&Transform> {
        self.m.map(|m| &m.what)
    }

    fn run(&self) -> StubResponse {
        let asked = match self.fault_header() {
            Ok(f) => f,
            Err(reason) => return stub_answer(self.core, self.ix, Kind::BadFaultHeader, self.req, Some(&reason)),
        };
        let principal = match self.authenticate() {
            Ok(p) => p,
            Err(status) => return self.refuse(status, None, None, None, None),
        };
        if let Some(status) = self.fault(asked) {
            return self.refuse(status, None, None, None, None);
        }
        let relaxed = match self.transform() {
            Some(Transform::Ignores { relaxed, .. }) => Some(relaxed),
            _ => None,
        };
        let checked = body::check(self.op, relaxed, &self.req.body);
        let reads_body = self.plan.resource.as_ref().is_some_and(|(_, b)| *b);
        if let (true, Checked::Invalid { body, details, reason }) = (reads_body, &checked) {
            return self.refuse(400, None, body.as_ref(), Some(details.clone()), Some(reason.clone()));
        }
        let body = match &checked {
            Checked::Valid(b) => Some(b),
            Checked::Invalid { body, .. } => body.as_ref(),
        };
        let resource = self.resource(body);
        let decision = self.core.state.with(|s| self.decide(s, &checked, resource.as_deref(), principal.as_deref()));
        match decision {
            Decision::Refuse { status, answer, details, reason } => self.refuse(status, answer, body, details, reason),
            Decision::Success { answer, by, created } => self.succeed(answer, by, body, created),
        }
    }

    /// The fault the header asks for, or why the header is refused.
    fn fault_header(&self) -> Result<Option<u16>, String> {
        let Some(v) = self.req.header(FAULT_HEADER) else { return Ok(None) };
        let faults = &self.plan.faults;
        match v.trim().parse::<u16>().ok() {
            Some(s) if faults.contains(&s) => Ok(Some(s)),
            _ if faults.is_empty() => Err(format!(
                "{FAULT_HEADER}: {} documents no server fault, so the header is not accepted here",
                self.plan.id
            )),
            _ => {
                let list = faults.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                Err(format!("{FAULT_HEADER}: {v:?} is not a documented fault of {}; documented: {list}", self.plan.id))
            }
        }
    }

    /// The caller's identity, or the refusal's status.
    fn authenticate(&self) -> Result<Option<String>, u16> {
        let t = self.transform();
        if matches!(t, Some(Transform::IgnoresAuth)) {
            return Ok(None);
        }
        let max_skew = self.core.config().max_clock_skew_secs;
        let cx = Check { params: &self.params, state: &self.core.state, now: conformance_signing::unix_now, max_skew };
        match self.plan.auth.check(self.req, &cx) {
            Verdict::Permitted(p) => Ok(p),
            Verdict::Unauthorized(_) => Err(401),
            Verdict::Forbidden(_) if matches!(t, Some(Transform::ForbiddenAllowed)) => Ok(None),
            Verdict::Forbidden(_) if matches!(t, Some(Transform::ForbiddenAs401)) => Err(401),
            Verdict::Forbidden(_) => Err(403),
        }
    }

    /// The fault to answer now: asked by header, else armed through the admin API.
    fn fault(&self, asked: Option<u16>) -> Option<u16> {
        let never = |s: &u16| !matches!(self.transform(), Some(Transform::FaultNever(n)) if n == s);
        if let Some(s) = asked {
            return Some(s).filter(never);
        }
        if self.core.armed.load(std::sync::atomic::Ordering::Relaxed) == 0 {
            return None;
        }
        let taken = self.core.state.with(|s| {
            let f = s.take_fault(&self.plan.id);
            self.core.armed.store(s.faults.len(), std::sync::atomic::Ordering::Relaxed);
            f
        });
        taken.filter(never)
    }

    /// The canonical path of the addressed resource (`None`: no resource, or a value of its
    /// path is missing).
    fn resource(&self, body: Option<&Value>) -> Option<String> {
        let (t, _) = self.plan.resource.as_ref()?;
        t.render(|var| match var.strip_prefix("body:") {
            Some(p) => match body?.pointer(p)? {
                Value::String(s) => Some(Cow::Owned(s.clone())),
                other => Some(Cow::Owned(other.to_string())),
            },
            None => self.params.get(var).map(|v| Cow::Owned(v.clone())),
        })
    }

    /// Under the state lock: the resource, the body's refusal, the hooks, the effect.
    fn decide<'p>(
        &'p self,
        s: &mut crate::state::State,
        checked: &Checked,
        resource: Option<&str>,
        principal: Option<&str>,
    ) -> Decision<'p> {
        let refuse = |status, details: Option<Map<String, Value>>, reason: Option<String>| Decision::Refuse {
            status,
            answer: None,
            details,
            reason,
        };
        if self.plan.resource.is_some() && !resource.is_some_and(|r| s.contains(r)) {
            let status = if matches!(self.transform(), Some(Transform::NotFoundAs400)) { 400 } else { 404 };
            return refuse(status, None, None);
        }
        let body = match checked {
            Checked::Valid(b) => b,
            Checked::Invalid { details, reason, .. } => {
                return refuse(400, Some(details.clone()), Some(reason.clone()));
            }
        };
        let ignores = match self.transform() {
            Some(Transform::Ignores { kind, member, .. }) => Some((*kind, member.as_str())),
            _ => None,
        };
        let mut picked = None;
        for (i, h) in self.plan.hooks.iter().enumerate() {
            let mode = self.hook_mode(i);
            let mut cx = HookCx { params: &self.params, body, resource, principal, state: s, mode, ignores };
            match h.check(&mut cx) {
                Outcome::Continue => {}
                Outcome::Success(a) => picked = Some((a, i)),
                Outcome::Refuse(r) => {
                    return Decision::Refuse { status: r.status, answer: r.answer, details: r.details, reason: None };
                }
            }
        }
        let (answer, by) = match picked {
            Some((a, i)) => (a, Some(i)),
            None => match self.plan.success() {
                Some(a) => (a, None),
                None => return refuse(500, None, Some("the operation documents no success".into())),
            },
        };
        let created = self.apply_effect(s, answer.status, body, resource);
        Decision::Success { answer, by, created }
    }

    /// The effect of success `status` on the state; the created resource, if any.
    fn apply_effect<'p>(
        &'p self,
        s: &mut crate::state::State,
        status: u16,
        body: &Value,
        resource: Option<&str>,
    ) -> Option<(&'p str, String)> {
        let effect = self.plan.effect(status)?;
        if let Some(attrs) = resource.and_then(|r| s.get_mut(r)) {
            for (attr, pointer) in &effect.set {
                if let Some(v) = body.pointer(pointer) {
                    attrs.insert(attr.clone(), v.clone());
                }
            }
        }
        let (header, attributes) = effect.creates.as_ref()?;
        let parent = self.plan.path.render(|v| self.params.get(v).map(|x| Cow::Borrowed(x.as_str())))?;
        let path = format!("{}/{}", parent.trim_end_matches('/'), uuid::Uuid::new_v4());
        let attrs = attributes.iter().filter_map(|(a, p)| Some((a.clone(), body.pointer(p)?.clone()))).collect();
        s.create(&parent, path.clone(), attrs, self.core.config().max_services_per_product);
        Some((header.as_str(), path))
    }

    /// The mode of hook `i` of the operation.
    fn hook_mode(&self, _i: usize) -> HookMode {
        let mutation = match (self.m, self.transform()) {
            (Some(m), Some(Transform::Hook(name))) if m.hook.is_some() => Some(*name),
            _ => None,
        };
        let variation = match self.active.variation {
            Some(Variation::Hook(h, name)) if self.op.contract().hooks.iter().any(|x| x == h) => Some(name),
            _ => None,
        };
        HookMode { mutation, variation }
    }

    fn cx<'c>(
        &'c self,
        body: Option<&'c Value>,
        details: Option<&'c Map<String, Value>>,
        reason: Option<&'c str>,
    ) -> template::Cx<'c> {
        template::Cx {
            status: 0,
            params: Some(&self.params),
            body,
            details,
            reason,
            method: &self.req.method,
            allow: &self.plan.method,
            limit: self.core.config().max_body_bytes,
            path: &self.req.path,
        }
    }

    fn origin(&self, answer: &Answer) -> String {
        match (answer.needs_origin(), self.active.variation) {
            (false, _) => String::new(),
            (true, Some(Variation::SelfLinkOtherOrigin)) => vary::OTHER_ORIGIN.to_string(),
            (true, _) => self.req.origin(),
        }
    }

    /// The refusal `status`, answered with `answer` or the operation's answer for it.
    fn refuse(
        &self,
        status: u16,
        answer: Option<&Answer>,
        body: Option<&Value>,
        details: Option<Map<String, Value>>,
        reason: Option<String>,
    ) -> StubResponse {
        let Some(answer) = answer.or_else(|| self.plan.answer(status)) else { return StubResponse::empty(status) };
        let fill = self.cx(body, details.as_ref(), reason.as_deref());
        let origin = self.origin(answer);
        let mut r = answer.render(self.op, &answer::Cx { fill, path: &self.req.path, origin: &origin });
        if let Some(t) = self.transform() {
            mutate::refusal(t, &mut r);
        }
        r.finish()
    }

    /// The success `answer` (picked by hook `by`), with the created resource's header.
    fn succeed(
        &self,
        answer: &Answer,
        by: Option<usize>,
        body: Option<&Value>,
        created: Option<(&str, String)>,
    ) -> StubResponse {
        let fill = self.cx(body, None, None);
        let origin = self.origin(answer);
        let mut r: Rendered = answer.render(self.op, &answer::Cx { fill, path: &self.req.path, origin: &origin });
        if let (Some(i), Some(json)) = (by, r.json.as_mut())
            && let Some(h) = self.plan.hooks.get(i)
        {
            h.adjust(answer, &self.hook_mode(i), json);
        }
        if let Some((header, path)) = created {
            let value = match self.active.variation {
                Some(Variation::RelativeLocation) => path,
                _ => format!("{}{path}", self.req.origin()),
            };
            r.headers.push((header.to_string(), value));
        }
        if let Some(t) = self.transform() {
            mutate::success(t, &mut r);
        }
        r.finish()
    }
}

/// The error shape of an answer body, when the operation's template does not say.
pub(crate) fn shape_of(shape: Shape, body: &Value) -> Shape {
    match (shape, body) {
        (Shape::Unknown, Value::Object(o)) if o.len() == 1 && o.values().all(Value::is_object) => Shape::Envelope,
        (Shape::Unknown, Value::Object(_)) => Shape::Flat,
        (s, _) => s,
    }
}
