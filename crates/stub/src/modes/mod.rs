//! Modes as data: every mutation (a deliberate deviation a correct suite catches) and every
//! variation (a behaviour no page forbids, which a correct suite passes) the stub can show.
//! Shape mutations are generated per operation from its contract ([`shape`], named
//! `<vendor>/<operation>:<transform>`, so two vendors' operations of one name never collide; the
//! name without its vendor is still accepted where it is unambiguous, as baselines and
//! recordings made before may hold it), so a new operation gets them for free; rule mutations and the
//! fee variations come with their hooks (`<hook>:<name>`); the other variations apply to any
//! answer ([`variations`]). [`Catalog`] holds, per mode, what the engine checks, so the hot path
//! compares an index.

mod request;
pub(crate) mod shape;
mod variations;

use conformance_contract::{Contracts, Format};
use serde_json::Value;

use crate::StubError;
use crate::body::Relaxed;
use crate::hooks;

pub(crate) use variations::Variation;

/// One mode, as listed (`GET /__stub/mode`, `cargo xtask strength --list`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ModeInfo {
    /// Its stable name (`huawei-apig/postpaid-resize:success-status`, `pretty-json`).
    pub name: String,
    /// What it does, in one sentence.
    pub description: String,
    /// Only the standalone hyper adapter can show it (header spelling, framing).
    pub transport_level: bool,
    /// It changes the seed and the profile: it can only be chosen when the stub starts.
    pub at_start_only: bool,
}

/// Every mutation and variation the fixtures give.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Modes {
    /// Deliberate deviations, each of which a correct suite catches.
    pub mutations: Vec<ModeInfo>,
    /// Legitimate behaviours, each of which a correct suite passes.
    pub variations: Vec<ModeInfo>,
}

impl Modes {
    /// The listed name `name` stands for: itself, or for a name without its vendor
    /// (`postpaid-resize:drops-job_id`) the one mutation of that operation; `None` if none or
    /// several do.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        let (m, v) = (&self.mutations, &self.variations);
        position(m, name).map(|i| m[i].name.as_str()).or_else(|| position(v, name).map(|i| v[i].name.as_str()))
    }
}

/// A request that shows a hook's rule mutations: the documented success request of
/// `operation` with `patch` merged in (RFC 7396), which the correct stub answers `status`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HookProbe {
    /// `<hook>:<name>`.
    pub name: String,
    /// The contract id of an operation that lists the hook.
    pub operation: String,
    /// Merged into the operation's documented success request body.
    pub patch: Value,
    /// What the correct stub answers.
    pub status: u16,
}

/// The probes of every hook the fixtures use, once per operation that lists it.
pub fn hook_probes(contracts: &Contracts) -> Result<Vec<HookProbe>, StubError> {
    let used = hooks::used(contracts)?;
    let mut out = Vec::new();
    for op in contracts.operations() {
        for h in used.iter().filter(|h| op.contract().hooks.iter().any(|n| n == h.name())) {
            for (_, name, patch, status) in h.probes().into_iter().filter(|p| p.0 == op.contract().operation) {
                let (name, operation) = (format!("{}:{name}", h.name()), op.id().to_string());
                out.push(HookProbe { name, operation, patch, status });
            }
        }
    }
    Ok(out)
}

/// Every mutation and variation for `contracts`.
pub fn modes(contracts: &Contracts) -> Result<Modes, StubError> {
    Ok(Catalog::build(contracts)?.modes)
}

/// What one mutation changes.
#[derive(Debug)]
pub(crate) enum Transform {
    /// A 2xx answered with 200, or 201 when it is 200.
    SuccessStatus,
    /// A top-level member left out of 2xx JSON bodies.
    Drops(String),
    /// A top-level member of 2xx JSON bodies of another JSON type.
    Retypes(String),
    /// The success a request value chooses (this status) answered as any other request.
    IgnoresWhen(u16),
    /// The error a request shape provokes (this status) not answered: the request succeeds.
    IgnoresProvoked(u16),
    /// A documented 2xx header left out (lower case).
    DropsHeader(String),
    /// A documented header of an error `status` left out (lower case): a 429's rate-limit headers.
    DropsErrorHeader(u16, String),
    /// JSON answers labelled `text/plain`.
    JsonAsTextPlain,
    /// Any credentials (or none) accepted.
    IgnoresAuth,
    /// A credential without permission answered 401.
    ForbiddenAs401,
    /// A credential without permission accepted.
    ForbiddenAllowed,
    /// A missing resource answered 400.
    NotFoundAs400,
    /// A change of the resource back to its value at the start refused with 400.
    RefusesChangeBack,
    /// A documented fault never answered.
    FaultNever(u16),
    /// One literal value of an answer of `status` changed (`pointer` `None`: prose).
    ChangesLiteral { status: u16, pointer: Option<String>, from: Value, to: Value },
    /// Volatile values of 2xx answers in the wrong form.
    VolatileFormat(Vec<(String, Format)>),
    /// A request constraint not enforced: `relaxed` checks instead; `member` is the top-level
    /// member it is on and `kind` its kind (hooks skip their own checks of it).
    Ignores { kind: &'static str, member: String, relaxed: Relaxed },
    /// A query parameter's constraint not enforced: `relax` checks that parameter instead.
    IgnoresQuery(conformance_contract::QueryRelax),
    /// A rule mutation of a hook.
    Hook(&'static str),
}

/// A mutation: the operation it applies to (`None`: the hook's operations) and its transform.
#[derive(Debug)]
pub(crate) struct Mutation {
    /// The operation's index.
    pub op: Option<usize>,
    /// The hook, for a hook's mutation.
    pub hook: Option<&'static str>,
    /// What changes.
    pub what: Transform,
}

/// Every mode with what the engine checks for it, built once at start.
#[derive(Debug)]
pub(crate) struct Catalog {
    /// The listing.
    pub modes: Modes,
    /// Mutations, in the listing's order.
    pub mutations: Vec<Mutation>,
    /// Variations, in the listing's order.
    pub variations: Vec<Variation>,
}

impl Catalog {
    /// Generates every mode for `contracts`.
    pub(crate) fn build(contracts: &Contracts) -> Result<Catalog, StubError> {
        let mut mutations = Vec::new();
        let ops = contracts.operations();
        for (i, op) in ops.iter().enumerate() {
            shape::generate(i, op, op.id(), &mut mutations)?;
        }
        let used = hooks::used(contracts)?;
        for h in &used {
            for (name, description) in h.mutations() {
                let info = info(format!("{}:{name}", h.name()), (*description).to_string(), false, false);
                mutations.push((info, Mutation { op: None, hook: Some(h.name()), what: Transform::Hook(name) }));
            }
        }
        let mut variations = variations::generic();
        for h in &used {
            for (name, description) in h.variations() {
                let info = info(format!("{}:{name}", h.name()), (*description).to_string(), false, false);
                variations.push((info, Variation::Hook(h.name(), name)));
            }
        }
        let (minfo, mutations): (Vec<_>, Vec<_>) = mutations.into_iter().unzip();
        let (vinfo, variations): (Vec<_>, Vec<_>) = variations.into_iter().unzip();
        Ok(Catalog { modes: Modes { mutations: minfo, variations: vinfo }, mutations, variations })
    }

    /// The index of the mutation `name`, or the error listing the known ones.
    pub(crate) fn mutation(&self, name: &str) -> Result<usize, StubError> {
        find(&self.modes.mutations, name, "mutation")
    }

    /// The index of the variation `name`, or the error listing the known ones.
    pub(crate) fn variation(&self, name: &str) -> Result<usize, StubError> {
        find(&self.modes.variations, name, "variation")
    }
}

/// The index of `name` in `list`; a name without its vendor (`postpaid-resize:drops-job_id`,
/// as written before names were qualified) is the one mode that ends in `/<name>`, if only one.
fn find(list: &[ModeInfo], name: &str, kind: &'static str) -> Result<usize, StubError> {
    position(list, name).ok_or_else(|| StubError::UnknownMode {
        kind,
        name: name.to_string(),
        known: list.iter().map(|m| m.name.clone()).collect(),
    })
}

fn position(list: &[ModeInfo], name: &str) -> Option<usize> {
    let exact = list.iter().position(|m| m.name == name);
    let unqualified = || {
        let suffix = format!("/{name}");
        let mut hits = list.iter().enumerate().filter(|(_, m)| !name.contains('/') && m.name.ends_with(&suffix));
        match (hits.next(), hits.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    };
    exact.or_else(unqualified)
}

pub(crate) fn info(name: String, description: String, transport_level: bool, at_start_only: bool) -> ModeInfo {
    ModeInfo { name, description, transport_level, at_start_only }
}
