//! The world's side of what a scenario rests on (`crate::rests`): each step records the
//! anchored items it uses, as it plans and as it runs; a status checked rests on the `when` or
//! `provoked` that gives the last request that status too.

use conformance_contract::Operation;
use conformance_contract::anchored::{self, Item};

use super::ConformanceWorld;

impl ConformanceWorld {
    /// Records that the scenario rests on `item` of operation `op`; with `judged`, an item whose
    /// only basis is an inference makes the scenario a judgement.
    pub(crate) fn rests_on(&mut self, op: &Operation, item: Option<&Item>, judged: bool) {
        let Some(item) = item else { return };
        self.rests.insert((op.id().to_string(), item.field.clone()));
        if judged && let Some(e) = anchored::inference_only(op.contract(), &item.provenance) {
            self.judgements.insert((op.id().to_string(), e.id.clone()));
        }
    }

    /// Records the judgements a check against `example` makes (its `volatile[]`, `instance[]`
    /// and `relations[]` entries that name an inference): a default run relaxes them.
    pub(crate) fn relaxed_unless_strict(&mut self, op: &Operation, example: &conformance_contract::Example) {
        for e in example.judgements() {
            self.relaxed.insert((op.id().to_string(), e.to_string()));
        }
    }

    /// Records the items that say why the last request gets the documented `status`, beyond
    /// the status itself (the `when` its body's value chooses it by, the `provoked` it was
    /// provoked by), and returns them for a failure to quote.
    pub(crate) fn rests_on_choice<'o>(&mut self, op: &'o Operation, status: u16) -> Vec<&'o Item> {
        let Some(r) = self.requests.last().filter(|r| r.op == op.id()) else { return Vec::new() };
        let items = op.chosen_items(status, r.body.as_ref(), r.fault);
        for item in &items {
            self.rests_on(op, Some(item), true);
        }
        items
    }

    /// Records the items of the request member at `field` (a name or a JSON pointer).
    pub(crate) fn rests_on_member(&mut self, field: &str) {
        let Ok(ctx) = self.ctx() else { return };
        let Some(op) = ctx.contracts.operation(&self.op) else { return };
        let pointer = if field.starts_with('/') { field.to_string() } else { format!("/{field}") };
        for item in op.member_items(&pointer) {
            self.rests.insert((op.id().to_string(), item.field.clone()));
        }
    }
}
