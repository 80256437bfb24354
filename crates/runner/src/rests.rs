//! What a scenario rests on: the anchored items of the fixtures its steps use (the status it
//! expects, the example it sends or compares, the body and headers it checks, the members it
//! sets or removes and the limits on them), recorded as it plans and as it runs, never by hand.
//! The plan keeps them per scenario (the scenario-to-item map `docs check` reports drift with),
//! and marks a scenario that rests on a judgement: an item whose only basis is an erratum of
//! kind inference, or a refusal of a body only a strict schema (`x-strict`) refuses. Such a
//! scenario runs only under `--strict`.

use conformance_contract::anchored::{self, Item};
use conformance_contract::{Contracts, Operation};

use crate::world::ConformanceWorld;

/// One anchored item a scenario rests on: `(operation id, field)`.
pub type ItemRef = (String, String);

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

/// The reason a scenario resting on `judgements` is skipped without `--strict`.
pub fn skip_reason(contracts: &Contracts, judgements: &[ItemRef]) -> String {
    let list: Vec<String> = judgements
        .iter()
        .map(|(op, id)| {
            let kind = contracts
                .operation(op)
                .and_then(|o| o.contract().errata.iter().find(|e| &e.id == id))
                .and_then(|e| e.kind)
                .map_or("judgement", |k| match k {
                    conformance_contract::ErratumKind::Inference => "inference",
                    conformance_contract::ErratumKind::Contradiction => "contradiction",
                });
            format!("erratum `{id}` of {op} ({kind})")
        })
        .collect();
    format!("rests on a judgement, not on the page's words ({}): runs only with --strict", list.join(", "))
}
