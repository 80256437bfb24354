//! The query of a request: the operation's documented query parameters as the contract binds
//! them (a required one always sent: its binding, else the value the page states), with what
//! the scenario left out or set (`the query parameter "limit" is left out / is "0"`), appended
//! to the URL form-encoded by `url` (never by hand). The scenario rests on each parameter it
//! sends or leaves out.

use conformance_contract::Operation;

use super::ConformanceWorld;
use crate::world::Ctx;

impl ConformanceWorld {
    /// `url` with the query of a request of `op` appended; the needs its bindings use recorded.
    pub(crate) fn with_query(&mut self, ctx: &Ctx, op: &Operation, url: String) -> Result<String, String> {
        let ids: Vec<String> = self.created.iter().map(|c| c.id.clone()).collect();
        let cx =
            conformance_contract::BindContext { harmless: self.next_is_refusal(), run_id: &ctx.run_id, created: &ids };
        let mut used = Vec::new();
        let pairs = op.bind_query(&ctx.profile, &cx, &self.query_overrides, &mut used);
        self.record_needs(used);
        let pairs = pairs.map_err(|e| e.to_string())?;
        for (i, q) in op.query_params().iter().enumerate() {
            let sent = pairs.iter().any(|(k, _)| *k == q.name);
            if sent || self.query_overrides.contains_key(&q.name) {
                self.rests_on(op, op.item(&format!("query_params[{i}]")), false);
            }
        }
        if pairs.is_empty() {
            return Ok(url);
        }
        let mut u = reqwest::Url::parse(&url).map_err(|e| format!("bad URL {url}: {e}"))?;
        u.query_pairs_mut().extend_pairs(&pairs);
        Ok(u.to_string())
    }

    /// Leaves the query parameter `name` of the feature's operation out (`None`) or sets it to
    /// `value`, for the next requests.
    pub(crate) fn set_query(&mut self, name: &str, value: Option<String>) -> Result<(), String> {
        let ctx = self.ctx()?;
        let op = self.operation(&ctx, &self.op)?;
        if op.query_index(name).is_none() {
            let known: Vec<&str> = op.query_params().iter().map(|q| q.name.as_str()).collect();
            return Err(format!("{} documents no query parameter {name:?} (documented: {known:?})", op.id()));
        }
        self.query_overrides.insert(name.to_string(), value);
        Ok(())
    }
}
