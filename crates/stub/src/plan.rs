//! Each operation compiled once at start into what a request needs: its auth plan, its path
//! template (the request's canonical path, under which a success creates), the addressed
//! resource's path template, an answer per documented status, its documented faults, the
//! effect on state of each success status, its hooks, its stub answers (no route, wrong
//! method, too large, bad fault header) and the shape of its error bodies. Nothing of a fixture
//! is read, parsed or cloned per request beyond instantiating the one example answered.

use conformance_contract::Operation;
use conformance_contract::meets::{At, EffectDoc};
use serde_json::Value;

use crate::StubError;
use crate::answer::Answer;
use crate::auth::AuthPlan;
use crate::hooks::{self, OpHook};
use crate::paths::PathTemplate;
use crate::profile::StubValues;
use crate::state::Keyring;

/// The shape of an operation's error bodies, read from its error template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Members at the top level (`{"error_code", "error_msg"}`).
    Flat,
    /// One member holding the fault object (`{"<kind>": {…}}`).
    Envelope,
    /// No error template: read from each body.
    Unknown,
}

/// What a success does to the state.
#[derive(Debug)]
pub(crate) struct Effect {
    /// What answering the status means for the account, by the request's body: a success
    /// whose effect is `none` (a dry run) changes nothing.
    pub class: EffectDoc,
    /// Attributes of the addressed resource set from body pointers.
    pub set: Vec<(String, String)>,
    /// A resource created under the request's path: the header naming it and its attributes.
    pub creates: Option<(String, Vec<(String, String)>)>,
}

/// The answers of what no operation documents, in this operation's shape.
#[derive(Debug, Default)]
pub(crate) struct StubAnswers {
    pub no_route: Option<Answer>,
    pub wrong_method: Option<Answer>,
    pub too_large: Option<Answer>,
    pub bad_fault_header: Option<Answer>,
}

/// One operation, compiled.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The contract id.
    pub id: String,
    /// The documented method.
    pub method: String,
    /// How callers authenticate.
    pub auth: AuthPlan,
    /// The operation's path template.
    pub path: PathTemplate,
    /// The addressed resource's path template, and whether it reads the body.
    pub resource: Option<(PathTemplate, bool)>,
    /// One answer per documented status, in the fixture's order.
    pub answers: Vec<Answer>,
    /// The documented faults (statuses of 500 and more, and those provoked by the fault header).
    pub faults: Vec<u16>,
    /// The successes a request value chooses (`when`), in the fixture's order.
    pub chosen: Vec<(conformance_contract::BodyWhen, u16)>,
    /// The errors a request value provokes (`provoked` with a request shape), in order.
    pub provoked: Vec<(conformance_contract::BodyWhen, u16)>,
    /// The effect of each success status that has one.
    pub effects: Vec<(u16, Effect)>,
    /// The attributes of the resource its `change` bindings change, with their body pointers.
    pub changes: Vec<(String, String)>,
    /// The hooks by name, in the fixture's order.
    pub hooks: Vec<(&'static str, Box<dyn OpHook>)>,
    /// Answers for what no operation documents.
    pub stub: StubAnswers,
    /// The shape of its error bodies.
    pub shape: Shape,
}

impl Plan {
    /// Compiles `op`; its credentials go into `keyring`.
    pub(crate) fn compile(op: &Operation, values: &StubValues, keyring: &mut Keyring) -> Result<Plan, StubError> {
        let c = op.contract();
        let bad = |field: &str, m: String| StubError::fixture(op.id(), field, m);
        let auth = AuthPlan::compile(op, values, keyring)?;
        let path = PathTemplate::parse(&c.path).map_err(|m| bad("path", m))?;
        let resource = match &c.resource {
            Some(r) => {
                let t = PathTemplate::parse(&r.path).map_err(|m| bad("resource.path", m))?;
                let reads_body = t.vars().any(|v| v.starts_with("body:"));
                Some((t, reads_body))
            }
            None => None,
        };
        if !c.responses.iter().any(|r| (200..300).contains(&r.status)) {
            return Err(bad(
                "responses",
                "no success status (2xx): the engine has nothing to answer a valid request with".into(),
            ));
        }
        let answers = c.responses.iter().map(|r| Answer::for_status(op, r.status)).collect::<Result<Vec<_>, _>>()?;
        let faults = op.faults();
        let mut effects = Vec::new();
        for r in &c.responses {
            let Some(s) = &r.state else { continue };
            let pointers = |m: &std::collections::BTreeMap<String, At>| -> Vec<(String, String)> {
                m.iter()
                    .filter_map(|(k, at)| match at {
                        At::Body(p) => Some((k.clone(), p.clone())),
                        At::Path(_) | At::Query(_) => None,
                    })
                    .collect()
            };
            let creates = s.creates.as_ref().map(|k| (k.header.clone(), pointers(&k.attributes)));
            effects.push((r.status, Effect { class: r.effect.clone(), set: pointers(&s.set), creates }));
        }
        let mut plan_hooks = Vec::new();
        for (i, name) in c.hooks.iter().enumerate() {
            let h = hooks::find(name).ok_or_else(|| bad(&format!("hooks[{i}]"), format!("unknown hook `{name}`")))?;
            plan_hooks.push((h.name(), h.compile(op, values)?));
        }
        let stub = StubAnswers {
            no_route: Answer::stub(op, "no-route", 404)?,
            wrong_method: Answer::stub(op, "wrong-method", 405)?,
            too_large: Answer::stub(op, "too-large", 413)?,
            bad_fault_header: Answer::stub(op, "bad-fault-header", 400)?,
        };
        let shape = match c.error_body.as_ref().map(|e| &e.template) {
            Some(Value::Object(o)) if o.len() == 1 && o.values().all(Value::is_object) => Shape::Envelope,
            Some(Value::Object(_)) => Shape::Flat,
            _ => Shape::Unknown,
        };
        let method = c.method.to_ascii_uppercase();
        let changes = op.changes().iter().map(|ch| (ch.attribute.to_string(), ch.pointer.to_string())).collect();
        Ok(Plan {
            id: c.id.clone(),
            method,
            auth,
            path,
            resource,
            answers,
            faults,
            chosen: c.responses.iter().filter_map(|r| Some((r.when.as_ref()?.condition(), r.status))).collect(),
            provoked: op.provoked_by_request(),
            effects,
            changes,
            hooks: plan_hooks,
            stub,
            shape,
        })
    }

    /// The answer for `status`, if documented.
    pub(crate) fn answer(&self, status: u16) -> Option<&Answer> {
        self.answers.iter().find(|a| a.status == status)
    }

    /// The answer of the first documented success status no request value chooses.
    pub(crate) fn success(&self) -> Option<&Answer> {
        self.answers.iter().find(|a| (200..300).contains(&a.status) && !self.chosen.iter().any(|(_, s)| *s == a.status))
    }

    /// The success answer to a request with `body`: the one its value chooses (but the status
    /// `ignored`), else [`Plan::success`].
    pub(crate) fn success_for(&self, body: &serde_json::Value, ignored: Option<u16>) -> Option<&Answer> {
        let chosen = self.chosen.iter().filter(|(_, s)| Some(*s) != ignored);
        let chosen = chosen.clone().find(|(w, _)| w.holds(Some(body))).and_then(|(_, s)| self.answer(*s));
        chosen.or_else(|| self.success())
    }

    /// The effect of success `status`.
    pub(crate) fn effect(&self, status: u16) -> Option<&Effect> {
        self.effects.iter().find(|(s, _)| *s == status).map(|(_, e)| e)
    }
}

/// The error shape of an answer body, when the operation's template does not say.
pub(crate) fn shape_of(shape: Shape, body: &serde_json::Value) -> Shape {
    use serde_json::Value;
    match (shape, body) {
        (Shape::Unknown, Value::Object(o)) if o.len() == 1 && o.values().all(Value::is_object) => Shape::Envelope,
        (Shape::Unknown, Value::Object(_)) => Shape::Flat,
        (s, _) => s,
    }
}
