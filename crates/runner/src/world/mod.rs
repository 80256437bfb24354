//! The cucumber World: the run's shared context (target, profile, contracts, transport,
//! redactor, what the run knows of the account), handed to each scenario by the `before` hook,
//! and the scenario's own state — the role its credentials take, the body being built, the
//! resources it created or shares, the requests it sent and what they were expected to answer,
//! and the last exchange. The same World plans a scenario (a profile with every key, a
//! transport that sends nothing, no account) and runs it.

mod query;
pub(crate) mod restore;
mod rests;
mod tracked;

pub(crate) use tracked::{Answered, creates_noun};

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use conformance_contract::{Contracts, Effect, Need, Operation, Profile, Redactor, Role, unescape_token};
use serde_json::Value;

use crate::exchange::Exchange;
use crate::failure::{Failure, Kind, Transcript};
pub use crate::report::Used;
pub(crate) use crate::tracked::Created;
use crate::transport::{ScenarioTape, Transport};

/// What every scenario of a run shares.
pub(crate) struct Ctx {
    /// Base URL without a trailing `/`.
    pub base: String,
    /// The target profile (planning: one with every key).
    pub profile: Profile,
    /// The contracts.
    pub contracts: Arc<Contracts>,
    /// Where requests go: the network, a recording, a dry run, or nowhere (planning).
    pub transport: Arc<Transport>,
    /// Masks the profile's secrets.
    pub redactor: Redactor,
    /// `--strict-members`: undocumented members fail instead of being noted.
    pub strict_members: bool,
    /// `--strict`: the fixtures' judgements (`x-strict` schemas) are checked too.
    pub strict: bool,
    /// The vendor pages (`--pages`), to give a failure's quote its line.
    pub pages: Option<Arc<crate::basis::Pages>>,
    /// The run's id, appended to generated names.
    pub run_id: String,
    /// What the run knows of the account's resources: their values now, settle times, the
    /// resources it created and shares.
    pub tracker: crate::tracked::Tracker,
    /// Where a line about a wait goes while the run waits (none while planning).
    pub terminal: Option<crate::output::terminal::Terminal>,
    /// The run's reporters (`crate::events`): each request and answer, each thing done to the
    /// account (no one while planning).
    pub events: crate::events::Events,
    /// The run's stop switch: once a signal came, no scenario sends another request.
    pub interrupt: crate::interrupt::Interrupt,
    /// Every real answer, in order: the URL sent to and its status, or `None` for a request
    /// that could not complete (for the hints: every answer from one base URL a 404).
    pub answers: std::sync::Mutex<Vec<(String, Option<u16>)>>,
}

impl fmt::Debug for Ctx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctx").field("base", &self.base).finish_non_exhaustive()
    }
}

/// The request body being built.
#[derive(Debug, Clone, Default)]
pub(crate) enum Body {
    /// No body chosen yet (sent empty).
    #[default]
    None,
    /// A JSON value.
    Json(Value),
    /// Raw text, sent as is (invalid JSON, empty).
    Raw(String),
}

/// What a check after a request expects it to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// This status.
    Status(u16),
    /// Any 4xx.
    ClientError,
}

impl Expect {
    /// Whether a correct target refuses the request (no 2xx).
    pub fn is_refusal(self) -> bool {
        !matches!(self, Expect::Status(s) if (200..300).contains(&s))
    }
}

/// What the plan expects of one request of a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRequest {
    /// Its operation.
    pub op: String,
    /// A correct target refuses it (it asks for what the resource has).
    pub refusal: bool,
    /// What it does to a correct target.
    pub effect: Effect,
    /// A correct target sets attributes of the resource it addresses (its success's
    /// `state.set`, an effect other than `none`): a change, sequenced and settled.
    pub changes: bool,
    /// A correct target creates a resource (its success's `state.creates`).
    pub creates: bool,
    /// A set-up's create, which the run may share with other scenarios.
    pub setup: bool,
    /// What it would do if the target accepted it: for a refusal, its success's effect.
    pub accepted: Effect,
    /// Why its effect is what it is (`it asks for the value the gateway has now`).
    pub why: String,
    /// A refusal harmless only because it asks for the value the resource has now: the
    /// profile's `current` keys that value comes from. Without one of them it asks for the
    /// target value, and its effect is [`PlannedRequest::accepted`].
    pub current: Vec<String>,
}

/// One request a scenario sent, as planning sees it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestRecord {
    /// The operation.
    pub op: String,
    /// Its JSON body, when it had one.
    pub body: Option<Value>,
    /// A documented fault was asked for.
    pub fault: bool,
    /// What the first check after it expects.
    pub expected: Option<Expect>,
    /// It is a set-up's create (or, when the set-up shared a resource the run had created,
    /// the create it did not need to send).
    pub setup: bool,
    /// The body's members the scenario set or removed (JSON pointers).
    pub edited: Vec<String>,
    /// It names a resource that does not exist ("an order that does not exist").
    pub absent: bool,
    /// It addresses a resource the scenario created (whose values the run knows).
    pub on_created: bool,
}

/// One scenario's state; see the module doc.
#[derive(Debug, Default, cucumber::World)]
pub struct ConformanceWorld {
    pub(crate) ctx: Option<Arc<Ctx>>,
    /// The operation of the feature (`huawei-apig/postpaid-resize`).
    pub(crate) op: String,
    /// Who the scenario says it is.
    pub(crate) role: Option<Role>,
    pub(crate) body: Body,
    /// The request example the body came from.
    pub(crate) request_example: Option<String>,
    /// Path parameters replaced by the scenario (a resource that does not exist).
    pub(crate) overrides: BTreeMap<String, String>,
    /// Body values replaced by the scenario, by pointer (a resource the body names that does
    /// not exist), applied when an example is loaded.
    pub(crate) body_overrides: BTreeMap<String, Value>,
    /// Query parameters the scenario left out (`None`) or set, by name.
    pub(crate) query_overrides: BTreeMap<String, Option<String>>,
    pub(crate) created: Vec<Created>,
    pub(crate) last: Option<Exchange>,
    /// The scenario's id and requests sent, for `--record` and `--replay`.
    pub(crate) tape: ScenarioTape,
    /// Notes left by its checks (see [`crate::ScenarioResult::notes`]).
    pub(crate) notes: Vec<String>,
    /// Every request sent, with what its first check expected.
    pub(crate) requests: Vec<RequestRecord>,
    /// What each request (by number) is expected to do: from the plan.
    pub(crate) planned: Arc<Vec<PlannedRequest>>,
    /// What the scenario used.
    pub(crate) used: Used,
    /// The status of every answer to a request sent with credentials with permission, in
    /// order (all of them 401: the credential was refused).
    pub(crate) permitted: Vec<u16>,
    /// The run's restore, not a scenario: sent after a signal too, its settle wait waited out.
    pub(crate) restoring: bool,
    /// The anchored items its steps rest on (`crate::rests`).
    pub(crate) rests: BTreeSet<crate::rests::ItemRef>,
    /// The errata of kind inference it rests on alone: `(operation, erratum)`.
    pub(crate) judgements: BTreeSet<crate::rests::ItemRef>,
    /// The errata of kind inference its example checks make, which a default run relaxes
    /// (notes where they would fail): `(operation, erratum)`.
    pub(crate) relaxed: BTreeSet<crate::rests::ItemRef>,
    /// The members of the body set or removed since it was loaded (JSON pointers).
    pub(crate) edited: Vec<String>,
}

impl ConformanceWorld {
    pub(crate) fn ctx(&self) -> Result<Arc<Ctx>, String> {
        self.ctx.clone().ok_or_else(|| "internal: the run context was not handed to this scenario".to_string())
    }

    /// The operation with this id.
    pub(crate) fn operation<'c>(&self, ctx: &'c Ctx, id: &str) -> Result<&'c Operation, String> {
        ctx.contracts.operation(id).ok_or_else(|| format!("no contract {id} in the fixtures"))
    }

    /// The last exchange, or why there is none.
    pub(crate) fn last(&self) -> Result<&Exchange, String> {
        self.last.as_ref().ok_or_else(|| "no request has been sent in this scenario yet".to_string())
    }

    /// The last exchange, to check; `None` when nothing answered (a dry run, planning): the
    /// check is not run and the scenario goes on to its next request.
    pub(crate) fn answer(&self) -> Result<Option<&Exchange>, String> {
        let ex = self.last()?;
        Ok((!ex.received.synthetic).then_some(ex))
    }

    /// A failure of `kind` for `reason` (redacted), with the last exchange (request sent,
    /// response received, redacted).
    pub(crate) fn fail(&self, kind: Kind, reason: impl fmt::Display) -> Failure {
        let Some(ctx) = &self.ctx else { return Failure::new(kind, reason.to_string()) };
        let exchange = self.last.as_ref().map(|ex| Transcript::new(&ex.sent, Some(&ex.received), &ctx.redactor));
        Failure::new(kind, ctx.redactor.text(&reason.to_string())).with_exchange(exchange)
    }

    /// [`ConformanceWorld::fail`], resting on `item` of `op` (its quote is shown).
    pub(crate) fn fail_on(
        &self,
        kind: Kind,
        reason: impl fmt::Display,
        op: &Operation,
        items: &[Option<&conformance_contract::anchored::Item>],
    ) -> Failure {
        let pages = self.ctx.as_ref().and_then(|c| c.pages.as_deref());
        let basis = items.iter().flatten().map(|i| crate::basis::Basis::of(op, i, pages));
        self.fail(kind, reason).with_basis(basis)
    }

    /// Records what the first check after the last request expects it to answer.
    pub(crate) fn expect(&mut self, e: Expect) {
        if let Some(r) = self.requests.last_mut()
            && r.expected.is_none()
        {
            r.expected = Some(e);
        }
    }

    /// Whether the next request is one a correct target refuses (its values then ask for what
    /// the resource has, so a wrong target that accepts it changes nothing).
    pub(crate) fn next_is_refusal(&self) -> bool {
        self.planned.get(self.requests.len()).is_some_and(|r| r.refusal)
    }

    /// What the plan expects of the next request, if it planned it.
    pub(crate) fn next_planned(&self) -> Option<&PlannedRequest> {
        self.planned.get(self.requests.len())
    }

    /// Whether the next request changes nothing on a correct target, so it is safe to send
    /// again (on a connection the server closed under it).
    pub(crate) fn next_is_repeatable(&self) -> bool {
        self.planned.get(self.requests.len()).is_some_and(|r| r.effect == Effect::None)
    }

    /// Records needs the scenario's steps used.
    pub(crate) fn record_needs(&mut self, needs: Vec<Need>) {
        self.used.needs.extend(needs);
    }

    /// The body as a JSON object to edit.
    pub(crate) fn json_body(&mut self) -> Result<&mut serde_json::Map<String, Value>, String> {
        match &mut self.body {
            Body::Json(Value::Object(m)) => Ok(m),
            _ => Err("no JSON object body to edit: start from a documented example request".into()),
        }
    }

    /// Sets (`Some`) or removes (`None`) the field named `field` (a member name or a JSON pointer).
    pub(crate) fn edit_field(&mut self, field: &str, value: Option<Value>) -> Result<(), String> {
        let pointer = if field.starts_with('/') { field.to_string() } else { format!("/{field}") };
        self.rests_on_member(&pointer);
        if !self.edited.contains(&pointer) {
            self.edited.push(pointer.clone());
        }
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", &pointer));
        let key = unescape_token(key).into_owned();
        let root = self.json_body()?;
        let mut target = root;
        for seg in parent.split('/').filter(|s| !s.is_empty()) {
            let seg = unescape_token(seg).into_owned();
            let next = target.entry(seg.clone()).or_insert_with(|| Value::Object(Default::default()));
            target = next.as_object_mut().ok_or_else(|| format!("{seg:?} in {field:?} is not an object"))?;
        }
        match value {
            Some(v) => {
                target.insert(key, v);
            }
            None => {
                target.remove(&key).ok_or_else(|| format!("the body has no field {field:?} to remove"))?;
            }
        }
        self.request_example = None;
        Ok(())
    }
}
