//! A success status chosen by a request value: `when` on a 2xx response
//! (`{"body": "/dry_run", "equals": true, "provenance": {...}}`) makes it the answer to a
//! request whose body has that value; any other request gets the first 2xx without a `when`.
//! The stub answers so, the runner's stand-ins (a dry run, planning) expect so, and the
//! strength check mutates it. A request value as a fixture writes it ([`RequestValue`], also a
//! request shape that provokes a status) carries the page's words that say what it does: a
//! scenario whose request has the value rests on them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::load::Operation;
use crate::model::{Provenance, ResponseDoc};

/// A condition on the request's JSON body: the value at a pointer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyWhen {
    /// The request body's pointer.
    pub body: String,
    /// The value it has.
    pub equals: Value,
}

impl BodyWhen {
    /// Whether `body` has the value.
    pub fn holds(&self, body: Option<&Value>) -> bool {
        body.and_then(|b| b.pointer(&self.body)) == Some(&self.equals)
    }
}

/// A request value as a fixture states it (a response's `when`, a request shape in
/// `provoked`): the condition, and its anchor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestValue {
    /// The request body's pointer.
    pub body: String,
    /// The value it has.
    pub equals: Value,
    /// The page's words that say what a request with the value gets (required at load: a
    /// quote, or an erratum).
    #[serde(default, skip_serializing_if = "Provenance::is_unset")]
    pub provenance: Provenance,
}

impl RequestValue {
    /// The condition alone.
    pub fn condition(&self) -> BodyWhen {
        BodyWhen { body: self.body.clone(), equals: self.equals.clone() }
    }

    /// Whether `body` has the value.
    pub fn holds(&self, body: Option<&Value>) -> bool {
        body.and_then(|b| b.pointer(&self.body)) == Some(&self.equals)
    }
}

impl Operation {
    /// The success a correct target answers a request with this body: the first 2xx whose
    /// `when` holds, else the first without one.
    pub fn success_for(&self, body: Option<&Value>) -> Option<&ResponseDoc> {
        let mut successes = self.contract().responses.iter().filter(|r| (200..300).contains(&r.status));
        let chosen = successes.clone().find(|r| r.when.as_ref().is_some_and(|w| w.holds(body)));
        chosen.or_else(|| successes.find(|r| r.when.is_none()))
    }
}
