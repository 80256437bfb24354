//! The scenario's side of the profile: steps ask for each [`Need`] they use
//! ([`ConformanceWorld::require`]), and the profile's values go into requests through the
//! contract's binding ([`conformance_contract::bind`]). The run keeps a [`RunLog`]: the needs
//! each scenario really used, whether it signed with a wrong secret key, and every service
//! it added (the leftovers a user may have to remove).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};

use conformance_contract::{BindError, Binding, Effect, Need};
use serde_json::Value;

use crate::world::ConformanceWorld;

/// What one scenario really used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Used {
    /// The needs its steps asked for.
    pub needs: BTreeSet<Need>,
    /// It signed with the profile's AK and a wrong secret key.
    pub wrong_ak: bool,
    /// What its accepted requests did: `Billable` after a 2xx to a resize, a flavor change or
    /// a Hostway `change` action; `Changes` after a 2xx adding or updating a service.
    pub effect: Option<Effect>,
}

/// What a 2xx answer to a request of `op` with body `json` did.
fn effect_of(op: &str, json: Option<&Value>) -> Effect {
    match op {
        "huawei-apig/postpaid-resize" | "huawei-cph/change-server-model" => Effect::Billable,
        "hostway/service-action" if json.and_then(|b| b.get("action")) == Some(&Value::from("change")) => {
            Effect::Billable
        }
        "hostway-orders/add-service" | "hostway-orders/update-service" => Effect::Changes,
        _ => Effect::None,
    }
}

/// What a run observed while its scenarios ran.
#[derive(Debug, Default)]
pub(crate) struct RunLog {
    /// Appended to the names of created services.
    pub run_id: String,
    /// Each scenario's effect class, by id.
    pub effects: HashMap<String, Effect>,
    used: Mutex<BTreeMap<String, Used>>,
    created: Mutex<Vec<String>>,
}

impl RunLog {
    /// A log for a run with this id and these effect classes.
    pub(crate) fn new(run_id: String, effects: HashMap<String, Effect>) -> Self {
        RunLog { run_id, effects, ..RunLog::default() }
    }

    fn with_used(&self, id: &str, f: impl FnOnce(&mut Used)) {
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        f(used.entry(id.to_string()).or_default());
    }

    /// The needs used, by scenario id.
    pub(crate) fn used(&self) -> BTreeMap<String, Used> {
        self.used.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Every resource the run created (each added service's URL), in order.
    pub(crate) fn created(&self) -> Vec<String> {
        self.created.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

fn text(e: BindError) -> String {
    e.to_string()
}

impl ConformanceWorld {
    fn log_needs(&self, needs: &[Need]) {
        if let Some(ctx) = &self.ctx {
            ctx.log.with_used(&self.tape.scenario, |u| u.needs.extend(needs.iter().copied()));
        }
    }

    /// Records that the scenario uses `need`; `Err` (naming the tag it should carry) when the
    /// profile does not meet it.
    pub(crate) fn require(&self, need: Need) -> Result<(), String> {
        let ctx = self.ctx()?;
        let mut used = Vec::new();
        let met = ctx.profile.need(need, &mut used);
        self.log_needs(&used);
        met.map_err(text)
    }

    /// The profile's value that `get` finds, once `need` is met (and recorded as used).
    pub(crate) fn profile_value<T: Clone>(
        &self,
        need: Need,
        get: impl FnOnce(&conformance_contract::Profile) -> Option<&T>,
    ) -> Result<T, String> {
        self.require(need)?;
        let ctx = self.ctx()?;
        get(&ctx.profile).cloned().ok_or_else(|| need.unmet_message())
    }

    /// The order owner's `OwnerId` cookie value.
    pub(crate) fn owner_cookie(&self) -> Result<conformance_contract::Secret, String> {
        self.profile_value(Need::OwnerCookie, |p| p.hostway_orders.as_ref().map(|o| &o.owner_id))
    }

    /// Records that the scenario signs with the profile's AK and a wrong secret key.
    pub(crate) fn note_wrong_ak(&self) {
        if let Some(ctx) = &self.ctx {
            ctx.log.with_used(&self.tape.scenario, |u| u.wrong_ak = true);
        }
    }

    /// Whether the scenario expects a refusal (`@effect-none`): its requests ask for what the
    /// resource already has, where the profile names it.
    pub(crate) fn harmless(&self) -> bool {
        self.ctx.as_ref().and_then(|c| c.log.effects.get(&self.tape.scenario)) == Some(&Effect::None)
    }

    /// A path parameter's value from the profile.
    pub(crate) fn path_param(&self, op: &str, name: &str) -> Result<String, String> {
        let ctx = self.ctx()?;
        let mut used = Vec::new();
        let v = ctx.profile.path_param(op, name, &mut used);
        self.log_needs(&used);
        v.map_err(text)
    }

    /// Replaces the example values that name the target's resources or test data with the
    /// profile's.
    pub(crate) fn bind_example(&self, body: &mut Value, op: &str) -> Result<(), String> {
        let ctx = self.ctx()?;
        let mut used = Vec::new();
        let binding = Binding { harmless: self.harmless(), run_id: &ctx.log.run_id };
        let r = ctx.profile.bind_example(body, op, binding, &mut used);
        self.log_needs(&used);
        r.map_err(text)
    }

    /// Fills the `{placeholders}` of URLs in a body about to be sent.
    pub(crate) fn fill_body(&self, v: &mut Value) -> Result<(), String> {
        let ctx = self.ctx()?;
        let mut used = Vec::new();
        let r = ctx.profile.fill_json(v, self.services.first().map(|s| s.id.as_str()), &mut used);
        self.log_needs(&used);
        r.map_err(text)
    }

    /// The smallest or largest billing cycle the added service supports.
    pub(crate) fn supported_cycle(&self, largest: bool) -> Result<u32, String> {
        let ctx = self.ctx()?;
        let mut used = Vec::new();
        let r = ctx.profile.supported_cycle(largest, &mut used);
        self.log_needs(&used);
        r.map_err(text)
    }

    /// Sends like [`ConformanceWorld::send`], notes what an accepted request did, and
    /// remembers the service a 201 of add-service created, whatever the scenario checks next.
    pub(crate) async fn send_noting(
        &mut self,
        op: &str,
        path: Option<String>,
        fault: Option<u16>,
    ) -> Result<(), String> {
        let sent = self.send(op, path, fault).await;
        if let (Ok(()), Some(ex), Some(ctx)) = (&sent, &self.last, &self.ctx)
            && (200..300).contains(&ex.received.status)
        {
            let did = effect_of(op, ex.json.as_ref());
            ctx.log.with_used(&self.tape.scenario, |u| u.effect = u.effect.max(Some(did)));
        }
        if op == "hostway-orders/add-service"
            && sent.is_ok()
            && let (Some(ex), Some(ctx)) = (&self.last, &self.ctx)
            && ex.received.status == 201
            && let Some(loc) = ex.received.header("location")
        {
            let url = reqwest::Url::parse(&ex.sent.url).and_then(|u| u.join(loc));
            let shown = url.map_or_else(|_| loc.to_string(), |u| u.to_string());
            ctx.log.created.lock().unwrap_or_else(PoisonError::into_inner).push(shown);
        }
        sent
    }
}
