//! What a scenario rests on: the anchored items of the fixtures its steps use (the status it
//! expects, with the `when` or `provoked` its request gets it by; the example it sends or
//! compares; the body's variants when it is one; the body and headers it checks; the members
//! it sets or removes and the limits on them), recorded as it plans and as it runs, never by hand.
//! The plan keeps them per scenario (the scenario-to-item map `docs check` reports drift with),
//! and marks a scenario that rests on a judgement: an item whose only basis is an erratum of
//! kind inference, or a refusal of a body only a strict schema (`x-strict`) refuses. Such a
//! scenario runs only under `--strict`.

use conformance_contract::Contracts;

/// One anchored item a scenario rests on: `(operation id, field)`.
pub type ItemRef = (String, String);

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
