//! How a scenario provokes a documented status that no ordinary request gets: `provoked` on a
//! response, with the page's words that say when a target answers it (its anchor: a scenario
//! that provokes the status rests on them).
//!
//! `{"by": "fault", "provenance": {...}}` is the fault header (the profile's `[faults]
//! header`; a real vendor ignores it): every status of 500 and more is provoked so without
//! saying, and a documented 4xx (a 429 with its rate-limit headers) may be. A provoked answer
//! is the answer under test: the runner checks a provoked 429 and does not retry it as
//! throttling. A request shape, `{"body": "/mode", "equals": "hard", "provenance": {...}}`,
//! provokes a status by a documented request value: the stub answers it to a valid body with
//! that value, as the page says a target does. The form before anchors, `"fault"`, still
//! reads, and is refused at load for having none.

use serde::{Deserialize, Serialize};

use crate::choose::{BodyWhen, RequestValue};
use crate::load::Operation;
use crate::model::Provenance;

/// How a documented status is provoked, and its anchor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ProvokedDoc", into = "ProvokedDoc")]
pub struct Provoked {
    /// By what.
    pub how: Provocation,
    /// The page's words that say when a target answers the status (required at load: a
    /// quote, or an erratum).
    pub provenance: Provenance,
}

/// What provokes a documented status.
#[derive(Debug, Clone, PartialEq)]
pub enum Provocation {
    /// The fault header.
    Fault,
    /// A request whose body has a value.
    Request(BodyWhen),
}

/// A way of provoking a status that needs no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProvokedBy {
    /// The fault header.
    Fault,
}

/// `provoked` as a fixture writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum ProvokedDoc {
    /// `"fault"`: no anchor (refused at load).
    Bare(ProvokedBy),
    /// `{"by": "fault", "provenance": {...}}`.
    By(ByDoc),
    /// `{"body": "/mode", "equals": "hard", "provenance": {...}}`.
    Request(RequestValue),
}

/// `{"by": "fault", "provenance": {...}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ByDoc {
    by: ProvokedBy,
    #[serde(default, skip_serializing_if = "Provenance::is_unset")]
    provenance: Provenance,
}

impl From<ProvokedDoc> for Provoked {
    fn from(doc: ProvokedDoc) -> Self {
        match doc {
            ProvokedDoc::Bare(ProvokedBy::Fault) => {
                Provoked { how: Provocation::Fault, provenance: Provenance::default() }
            }
            ProvokedDoc::By(ByDoc { by: ProvokedBy::Fault, provenance }) => {
                Provoked { how: Provocation::Fault, provenance }
            }
            ProvokedDoc::Request(v) => Provoked { how: Provocation::Request(v.condition()), provenance: v.provenance },
        }
    }
}

impl From<Provoked> for ProvokedDoc {
    fn from(p: Provoked) -> Self {
        match p.how {
            Provocation::Fault => ProvokedDoc::By(ByDoc { by: ProvokedBy::Fault, provenance: p.provenance }),
            Provocation::Request(w) => {
                ProvokedDoc::Request(RequestValue { body: w.body, equals: w.equals, provenance: p.provenance })
            }
        }
    }
}

impl Provoked {
    /// Whether the fault header provokes it.
    pub fn is_fault(&self) -> bool {
        self.how == Provocation::Fault
    }

    /// The request shape that provokes it, if one does.
    pub fn request(&self) -> Option<&BodyWhen> {
        match &self.how {
            Provocation::Request(w) => Some(w),
            Provocation::Fault => None,
        }
    }

    /// What provokes it, in words (`the fault header`, `/mode = "hard"`).
    pub fn describe(&self) -> String {
        match &self.how {
            Provocation::Fault => "the fault header".into(),
            Provocation::Request(w) => format!("{} = {}", w.body, w.equals),
        }
    }
}

impl Operation {
    /// The statuses a fault header may ask for: every documented status of 500 and more, and
    /// every one provoked by the fault header.
    pub fn faults(&self) -> Vec<u16> {
        let by_fault =
            |r: &&crate::model::ResponseDoc| r.status >= 500 || r.provoked.as_ref().is_some_and(Provoked::is_fault);
        self.contract().responses.iter().filter(by_fault).map(|r| r.status).collect()
    }

    /// The statuses a request shape provokes, each with its shape, in the fixture's order.
    pub fn provoked_by_request(&self) -> Vec<(BodyWhen, u16)> {
        let shapes =
            self.contract().responses.iter().filter_map(|r| Some((r.provoked.as_ref()?.request()?.clone(), r.status)));
        shapes.collect()
    }
}
