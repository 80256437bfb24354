//! What a run did to the account: one [`AccountChange`] per thing left changed on a real
//! target (today each resource a run created, which the pages give no way to delete), with the
//! scenario that did it. Every reporter renders the same words: [`AccountChange::line`] for
//! one entry, [`render`] for the whole list grouped by [`Change`] under its heading (the
//! terminal, JUnit `<system-out>`, cucumber JSON, HTML and recordings). A new kind of entry
//! (what a run restored) is a new [`Change`] with its heading and its line, and no reporter
//! changes.

use std::fmt::Write as _;

use conformance_contract::{Redact, Redactor};

/// What happened to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// The run created it (an added service); the vendor documents no delete.
    Created,
}

impl Change {
    /// A stable id, for tools (recordings): `created`.
    pub fn id(self) -> &'static str {
        match self {
            Change::Created => "created",
        }
    }

    /// The heading over `n` entries of this kind.
    pub fn heading(self, n: usize) -> String {
        match self {
            Change::Created => format!(
                "This run created {n} resource(s) on the target; the vendor documents no delete, remove them yourself:"
            ),
        }
    }
}

/// One thing a run did to the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    /// What happened.
    pub change: Change,
    /// The resource, as its URL.
    pub resource: String,
    /// The id of the scenario that did it.
    pub scenario: String,
}

impl AccountChange {
    /// The entry in words, the same in every output: `created <URL> (by <scenario>)`.
    pub fn line(&self) -> String {
        format!("{} {} (by {})", self.change.id(), self.resource, self.scenario)
    }
}

impl Redact for AccountChange {
    fn redact(&mut self, r: &Redactor) {
        self.resource.redact(r);
        self.scenario.redact(r);
    }
}

/// Every entry, grouped by kind (in the order of [`Change`]), each group under its heading and
/// each entry indented on a line of its own; empty when the run did nothing to the account.
pub fn render(entries: &[AccountChange]) -> String {
    let mut kinds: Vec<Change> = entries.iter().map(|e| e.change).collect();
    kinds.sort();
    kinds.dedup();
    let mut out = String::new();
    for kind in kinds {
        let of_kind: Vec<&AccountChange> = entries.iter().filter(|e| e.change == kind).collect();
        let _ = writeln!(out, "{}", kind.heading(of_kind.len()));
        for e in of_kind {
            let _ = writeln!(out, "  {}", e.line());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_grouped_under_their_heading_in_the_same_words() {
        let e = |n: &str| AccountChange {
            change: Change::Created,
            resource: format!("http://h/s/{n}"),
            scenario: "f::s".into(),
        };
        let text = render(&[e("1"), e("2")]);
        assert_eq!(
            text,
            format!(
                "{}\n  created http://h/s/1 (by f::s)\n  created http://h/s/2 (by f::s)\n",
                Change::Created.heading(2)
            )
        );
        assert!(render(&[]).is_empty());
    }
}
