//! How a scenario provokes a documented status that no ordinary request gets: `provoked` on a
//! response. `"fault"` is the fault header (the profile's `[faults] header`; a real vendor
//! ignores it): every status of 500 and more is provoked so without saying, and a documented
//! 4xx (a 429 with its rate-limit headers) may be. A provoked answer is the answer under test:
//! the runner checks a provoked 429 and does not retry it as throttling.

use serde::{Deserialize, Serialize};

use crate::load::Operation;

/// How a documented status is provoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provoked {
    /// By the fault header.
    Fault,
}

impl Operation {
    /// The statuses a fault header may ask for: every documented status of 500 and more, and
    /// every one marked `"provoked": "fault"`.
    pub fn faults(&self) -> Vec<u16> {
        let by_fault = |r: &&crate::model::ResponseDoc| r.status >= 500 || r.provoked == Some(Provoked::Fault);
        self.contract().responses.iter().filter(by_fault).map(|r| r.status).collect()
    }
}
