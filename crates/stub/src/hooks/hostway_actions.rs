//! `hostway-actions`: the action dispatch of the Hostway accounts API's service action
//! (page 002_9b2356a8127f7da5.txt, "Request Body, Parameters (action)", rules action-cost,
//! action-validate and action-change): `cost` answers the fees (example `cost-fees`, 200),
//! `validate` whether the change is allowed (`validate-allowed`, 200), `change` submits it (204,
//! whose `state.set` records the new specification). The schema's enum refuses any other
//! action; one a mutation lets through is answered as `validate`.
//!
//! The fees are the page's unless a mode says otherwise: the variations answer another
//! account's fees with the page's relations kept (total = subTotal + taxes, one currency per
//! answer, erratum action-cost-fees-instance); the mutations break one relation or type each.

use conformance_contract::Operation;
use serde_json::{Value, json};

use super::{Hook, HookCx, HookMode, OpHook, Outcome};
use crate::StubError;
use crate::answer::Answer;
use crate::profile::StubValues;

/// The hook.
pub(crate) struct HostwayActions;

impl Hook for HostwayActions {
    fn name(&self) -> &'static str {
        "hostway-actions"
    }

    fn mutations(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("cost-total-breaks-sum", "The cost action answers a total that is not subTotal + taxes."),
            (
                "cost-amount-number",
                "The cost action answers the total's amount as a JSON number instead of a decimal string.",
            ),
            ("cost-no-currency", "The cost action leaves the currency out of the total."),
            (
                "cost-mixed-currency",
                "The cost action answers subTotal in EUR while the other fees are in USD (two currencies in one answer).",
            ),
        ]
    }

    fn variations(&self) -> &'static [(&'static str, &'static str)] {
        &[
            (
                "other-amounts",
                "Cost fees with other USD amounts (total = subTotal + taxes kept, every amount a decimal string).",
            ),
            (
                "other-currency",
                "Cost fees in EUR with non-zero taxes (total = subTotal + taxes kept, one currency per answer).",
            ),
        ]
    }

    fn compile(&self, op: &Operation, _values: &StubValues) -> Result<Box<dyn OpHook>, StubError> {
        Ok(Box::new(Actions {
            cost: Answer::example(op, "cost-fees")?,
            validate: Answer::example(op, "validate-allowed")?,
            change: Answer::for_status(op, 204)?,
        }))
    }
}

/// The three answers.
#[derive(Debug)]
struct Actions {
    cost: Answer,
    validate: Answer,
    change: Answer,
}

impl OpHook for Actions {
    fn check<'s>(&'s self, cx: &mut HookCx<'_>) -> Outcome<'s> {
        Outcome::Success(match cx.body.get("action").and_then(Value::as_str) {
            Some("cost") => &self.cost,
            Some("change") => &self.change,
            _ => &self.validate,
        })
    }

    fn adjust(&self, answer: &Answer, mode: &HookMode, v: &mut Value) {
        if !std::ptr::eq(answer, &self.cost) {
            return;
        }
        let money = |currency: Option<&str>, amount: &str| match currency {
            Some(c) => json!({ "currency": c, "amount": amount }),
            None => json!({ "amount": amount }),
        };
        let mut set = |pointer: &str, value: Value| {
            if let Some(slot) = v.pointer_mut(pointer) {
                *slot = value;
            }
        };
        match (mode.variation, mode.mutation) {
            (Some("other-amounts"), _) => {
                set("/oneTimeFee", money(Some("USD"), "4.50"));
                set("/taxes", money(None, "3.19"));
                set("/subTotal", money(Some("USD"), "39.80"));
                set("/total", money(Some("USD"), "42.99"));
            }
            (Some("other-currency"), _) => {
                set("/oneTimeFee", money(Some("EUR"), "12.00"));
                set("/taxes", money(Some("EUR"), "2.28"));
                set("/subTotal", money(Some("EUR"), "12.00"));
                set("/total", money(Some("EUR"), "14.28"));
            }
            (_, Some("cost-total-breaks-sum")) => set("/total/amount", Value::from("29.90")),
            (_, Some("cost-amount-number")) => set("/total/amount", json!(19.9)),
            (_, Some("cost-mixed-currency")) => set("/subTotal/currency", Value::from("EUR")),
            (_, Some("cost-no-currency")) => {
                if let Some(total) = v.pointer_mut("/total").and_then(Value::as_object_mut) {
                    total.remove("currency");
                }
            }
            _ => {}
        }
    }
}
