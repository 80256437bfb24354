//! Named rule hooks: the business rules no schema can say, one file per hook citing its page
//! and rule, registered here by name. A fixture lists the hooks of its operation (`hooks`); an
//! unknown name is an error at start. A hook is compiled once per operation ([`Hook::compile`])
//! and then, per request whose body is valid and whose resource exists, may refuse it or pick
//! the success answer ([`OpHook::check`], under the state lock), and may adjust the rendered
//! success body ([`OpHook::adjust`]). Its own mutations and variations are listed with it, and
//! the probes that show its mutations ([`Hook::probes`]).

mod hostway_actions;
mod order_builder;

use conformance_contract::{Contracts, Operation};
use serde_json::{Map, Value};

use crate::StubError;
use crate::answer::Answer;
use crate::params::Params;
use crate::profile::StubValues;
use crate::state::State;

/// A hook, by name.
pub(crate) trait Hook: Send + Sync {
    /// Its name in fixtures.
    fn name(&self) -> &'static str;
    /// Its rule mutations: (name, one sentence).
    fn mutations(&self) -> &'static [(&'static str, &'static str)];
    /// Its variations: (name, one sentence).
    fn variations(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    /// Requests that show its rule mutations where the documented exchanges do not: (the
    /// operation it is for, by its name in fixtures; the probe's name; a JSON merge patch
    /// (RFC 7396) on that operation's documented success request; the status the correct stub
    /// answers it with).
    fn probes(&self) -> Vec<(&'static str, &'static str, Value, u16)> {
        Vec::new()
    }
    /// The hook for one operation that lists it; `Err` says why it cannot serve that one.
    fn compile(&self, op: &Operation, values: &StubValues) -> Result<Box<dyn OpHook>, StubError>;
}

/// A hook compiled for one operation.
pub(crate) trait OpHook: Send + Sync + std::fmt::Debug {
    /// Refuses the request, picks its success answer, or lets the engine go on.
    fn check<'s>(&'s self, cx: &mut HookCx<'_>) -> Outcome<'s>;
    /// Adjusts the JSON body of the success `answer` it picked, as the mode says.
    fn adjust(&self, _answer: &Answer, _mode: &HookMode, _body: &mut Value) {}
}

/// What a hook sees of a request.
#[derive(Debug)]
pub(crate) struct HookCx<'a> {
    /// The decoded path parameters.
    pub params: &'a Params<'a>,
    /// The request body (valid).
    pub body: &'a Value,
    /// The canonical path of the addressed resource, if the operation has one.
    pub resource: Option<&'a str>,
    /// The caller's identity, where the scheme gives one (and authentication was not skipped).
    pub principal: Option<&'a str>,
    /// The state.
    pub state: &'a mut State,
    /// The hook's own mode in force.
    pub mode: HookMode,
    /// The kind (`required`, `range`, …) and top-level request member of the constraint a
    /// mutation does not enforce: a hook does not check that member either.
    pub ignores: Option<(&'static str, &'a str)>,
}

impl HookCx<'_> {
    /// Whether a mutation leaves `member` unchecked: any constraint on it, or its presence
    /// when the body leaves it out.
    pub(crate) fn ignores(&self, member: &str) -> bool {
        self.ignores.is_some_and(|(kind, m)| m == member && (kind != "required" || self.body.get(member).is_none()))
    }
}

/// The hook's own mutation and variation in force, by their names without the hook's prefix.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HookMode {
    /// Its mutation.
    pub mutation: Option<&'static str>,
    /// Its variation.
    pub variation: Option<&'static str>,
}

/// What a hook decides.
#[derive(Debug)]
pub(crate) enum Outcome<'s> {
    /// Nothing to say: the engine answers the operation's success.
    Continue,
    /// Answer this success (its status's effect on state applies).
    Success(&'s Answer),
    /// Refuse.
    Refuse(Refusal<'s>),
}

/// A refusal: a status, answered with `answer` or else the operation's answer for it.
#[derive(Debug, Default)]
pub(crate) struct Refusal<'s> {
    /// The status.
    pub status: u16,
    /// The answer; `None`: the operation's answer for `status`.
    pub answer: Option<&'s Answer>,
    /// The details (`{member: why}`) the answer shows where it asks for them.
    pub details: Option<Map<String, Value>>,
}

impl Refusal<'_> {
    /// The operation's answer for `status` with one detail.
    pub(crate) fn detail(status: u16, member: &str, why: impl Into<String>) -> Refusal<'static> {
        let details = Map::from_iter([(member.to_string(), Value::String(why.into()))]);
        Refusal { status, answer: None, details: Some(details) }
    }
}

static HOOKS: [&dyn Hook; 2] = [&order_builder::OrderBuilder, &hostway_actions::HostwayActions];

/// The hook called `name`.
pub(crate) fn find(name: &str) -> Option<&'static dyn Hook> {
    HOOKS.iter().copied().find(|h| h.name() == name)
}

/// The hooks the fixtures use, each once, in order of first use; an unknown name is an error.
pub(crate) fn used(contracts: &Contracts) -> Result<Vec<&'static dyn Hook>, StubError> {
    let mut out: Vec<&'static dyn Hook> = Vec::new();
    for op in contracts.operations() {
        for (i, name) in op.contract().hooks.iter().enumerate() {
            let h = find(name).ok_or_else(|| {
                let known: Vec<&str> = HOOKS.iter().map(|h| h.name()).collect();
                StubError::fixture(
                    op.id(),
                    format!("hooks[{i}]"),
                    format!("unknown hook `{name}`; known: {}", known.join(", ")),
                )
            })?;
            if !out.iter().any(|x| x.name() == h.name()) {
                out.push(h);
            }
        }
    }
    Ok(out)
}
