//! The cucumber World: the run's shared context (target, profile, contracts, transport,
//! redactor), handed to each scenario by the `before` hook, and the scenario's own state —
//! the credentials chosen, the body being built, services it added, and the last exchange.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use conformance_contract::{Contracts, Operation, Profile, Redactor, Secret, unescape_token};
use serde_json::Value;

use crate::exchange::{Exchange, describe};
use crate::transport::{ScenarioTape, Transport};

/// What every scenario of a run shares.
pub(crate) struct Ctx {
    /// Base URL without a trailing `/`.
    pub base: String,
    /// The target profile.
    pub profile: Profile,
    /// The contracts.
    pub contracts: Arc<Contracts>,
    /// Where requests go: the network, a recording, or a dry run.
    pub transport: Arc<Transport>,
    /// Masks the profile's secrets.
    pub redactor: Redactor,
    /// `--strict-members`: undocumented members fail instead of being noted.
    pub strict_members: bool,
    /// Needs used, services created, each scenario's effect class.
    pub log: Arc<crate::steps::RunLog>,
}

impl fmt::Debug for Ctx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctx").field("base", &self.base).finish_non_exhaustive()
    }
}

/// The credentials a scenario sends.
#[derive(Debug, Clone, Default)]
pub(crate) enum ChosenCredentials {
    /// None at all.
    #[default]
    None,
    /// Huawei `X-Auth-Token`.
    Token(Secret),
    /// Huawei AK/SK signing.
    AkSk {
        /// Access key.
        ak: Secret,
        /// Secret key.
        sk: Secret,
    },
    /// Hostway `Authorization` header value.
    Authorization(Secret),
    /// Hostway order builder `OwnerId` cookie value.
    Owner(Secret),
}

/// The request body being built.
#[derive(Debug, Clone, Default)]
pub(crate) enum Body {
    /// No body chosen yet (sent empty).
    #[default]
    None,
    /// A JSON value (placeholders filled when sent).
    Json(Value),
    /// Raw text, sent as is (invalid JSON, empty).
    Raw(String),
}

/// A service the scenario added to the order.
#[derive(Debug, Clone)]
pub(crate) struct AddedService {
    /// Its id (the last segment of its Location).
    pub id: String,
    /// The path its Location names.
    pub path: String,
}

/// One scenario's state; see the module doc.
#[derive(Debug, Default, cucumber::World)]
pub struct ConformanceWorld {
    pub(crate) ctx: Option<Arc<Ctx>>,
    /// The operation of the feature (`huawei-apig/postpaid-resize`).
    pub(crate) op: String,
    pub(crate) auth: ChosenCredentials,
    pub(crate) body: Body,
    /// The request example the body came from.
    pub(crate) request_example: Option<String>,
    /// Path parameters replaced by the scenario (`a service that does not exist`).
    pub(crate) overrides: BTreeMap<String, String>,
    pub(crate) services: Vec<AddedService>,
    pub(crate) last: Option<Exchange>,
    /// Set when a request could not be completed: the scenario errored rather than failed.
    pub(crate) errored: bool,
    /// The scenario's id and requests sent, for `--record` and `--replay`.
    pub(crate) tape: ScenarioTape,
    /// Notes left by its checks (see [`crate::ScenarioResult::notes`]).
    pub(crate) notes: Vec<String>,
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

    /// The last exchange, to check; `None` in a dry run, where nothing answered: the check
    /// is not run, the scenario goes on to its next request, and is reported skipped ("dry run").
    pub(crate) fn answer(&self) -> Result<Option<&Exchange>, String> {
        let ex = self.last()?;
        Ok((!ex.received.synthetic).then_some(ex))
    }

    /// `message` followed by the last exchange (request sent, response received), redacted.
    pub(crate) fn fail(&self, message: impl fmt::Display) -> String {
        let Some(ctx) = &self.ctx else { return message.to_string() };
        let mut out = ctx.redactor.text(message.to_string().trim_end());
        if let Some(ex) = &self.last {
            out.push('\n');
            out.push_str(&describe(ex, &ctx.redactor));
        }
        out
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
