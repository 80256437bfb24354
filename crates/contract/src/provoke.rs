//! How a scenario provokes a documented status that no ordinary request gets: `provoked` on a
//! response. `"fault"` is the fault header (the profile's `[faults] header`; a real vendor
//! ignores it): every status of 500 and more is provoked so without saying, and a documented
//! 4xx (a 429 with its rate-limit headers) may be. A provoked answer is the answer under test:
//! the runner checks a provoked 429 and does not retry it as throttling. A request shape,
//! `{"body": "/mode", "equals": "hard"}`, provokes a status by a documented request value: the
//! stub answers it to a valid body with that value, as the page says a target does.

use serde::{Deserialize, Serialize};

use crate::choose::BodyWhen;
use crate::load::Operation;

/// How a documented status is provoked: `"fault"`, or a request shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Provoked {
    /// By the fault header (`"fault"`).
    By(ProvokedBy),
    /// By a request whose body has a value.
    Request(BodyWhen),
}

/// A way of provoking a status that needs no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProvokedBy {
    /// The fault header.
    Fault,
}

impl Provoked {
    /// The fault header.
    pub const FAULT: Provoked = Provoked::By(ProvokedBy::Fault);
}

impl Operation {
    /// The statuses a fault header may ask for: every documented status of 500 and more, and
    /// every one marked `"provoked": "fault"`.
    pub fn faults(&self) -> Vec<u16> {
        let by_fault = |r: &&crate::model::ResponseDoc| r.status >= 500 || r.provoked == Some(Provoked::FAULT);
        self.contract().responses.iter().filter(by_fault).map(|r| r.status).collect()
    }

    /// The statuses a request shape provokes, each with its shape, in the fixture's order.
    pub fn provoked_by_request(&self) -> Vec<(BodyWhen, u16)> {
        let shapes = self.contract().responses.iter().filter_map(|r| match &r.provoked {
            Some(Provoked::Request(w)) => Some((w.clone(), r.status)),
            _ => None,
        });
        shapes.collect()
    }
}
