//! One routed request: the fault header, authentication by scheme, the documented fault, the
//! body check, the addressed resource's path, then the state-locked decision (`decide.rs`) and
//! the answer (`reply.rs`).

use std::borrow::Cow;

use conformance_contract::Operation;
use serde_json::{Map, Value};

use super::{Kind, stub_answer};
use crate::answer::Answer;
use crate::auth::{Check, Verdict};
use crate::body::{self, Checked};
use crate::config::FAULT_HEADER;
use crate::core::{Active, StubCore};
use crate::modes::{Mutation, Transform};
use crate::params::Params;
use crate::phases::{self, Phase};
use crate::plan::Plan;
use crate::pointer;
use crate::request::{Req, StubResponse};

/// One routed request.
pub(super) struct Call<'a> {
    pub core: &'a StubCore,
    pub req: &'a Req<'a>,
    pub ix: usize,
    pub plan: &'a Plan,
    pub op: &'a Operation,
    pub params: Params<'a>,
    /// The mutation in force, when it is about this operation.
    pub m: Option<&'a Mutation>,
    pub active: Active<'a>,
}

/// What the state-locked part decided.
pub(super) enum Decision<'p> {
    /// A refusal with its status, answer, details and reason.
    Refuse { status: u16, answer: Option<&'p Answer>, details: Option<Map<String, Value>>, reason: Option<String> },
    /// A success: its answer, the hook that picked it, and the created resource (header, path).
    Success { answer: &'p Answer, by: Option<usize>, created: Option<(&'p str, String)> },
}

impl Call<'_> {
    pub(super) fn transform(&self) -> Option<&Transform> {
        self.m.map(|m| &m.what)
    }

    pub(super) fn run(&self) -> StubResponse {
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
        phases::mark(Phase::Auth);
        let relaxed = match self.transform() {
            Some(Transform::Ignores { relaxed, .. }) => Some(relaxed),
            _ => None,
        };
        let checked = body::check(self.op, relaxed, self.req.body);
        phases::mark(Phase::Validation);
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
        phases::mark(Phase::State);
        match decision {
            Decision::Refuse { status, answer, details, reason } => self.refuse(status, answer, body, details, reason),
            Decision::Success { answer, by, created } => self.succeed(answer, by, body, created),
        }
    }

    /// The fault the header asks for, or why the header is refused.
    pub(super) fn fault_header(&self) -> Result<Option<u16>, String> {
        let Some(v) = self.req.header(FAULT_HEADER) else { return Ok(None) };
        let faults = &self.plan.faults;
        match v.trim().parse::<u16>().ok() {
            Some(s) if faults.contains(&s) => Ok(Some(s)),
            _ if faults.is_empty() => Err(format!(
                "{FAULT_HEADER}: {} documents no fault (server faults, statuses provoked by fault), so the header is not accepted here",
                self.plan.id
            )),
            _ => {
                let list = faults.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                Err(format!("{FAULT_HEADER}: {v:?} is not a documented fault of {}; documented: {list}", self.plan.id))
            }
        }
    }

    /// The caller's identity, or the refusal's status.
    pub(super) fn authenticate(&self) -> Result<Option<String>, u16> {
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
    pub(super) fn fault(&self, asked: Option<u16>) -> Option<u16> {
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
    pub(super) fn resource(&self, body: Option<&Value>) -> Option<String> {
        let (t, _) = self.plan.resource.as_ref()?;
        t.render(|var| match var.strip_prefix("body:") {
            Some(p) => match pointer::get(body?, p)? {
                Value::String(s) => Some(Cow::Borrowed(s.as_str())),
                other => Some(Cow::Owned(other.to_string())),
            },
            None => self.params.get(var).map(Cow::Borrowed),
        })
    }
}
