//! What a run did to the account: one [`AccountChange`] per thing it left on a real target or
//! set back, with the scenario that did it: each resource a run created (which the pages give
//! no way to delete), and each resource of the account it set back at its end (restored), or
//! could not (left changed: the run exits 1). Every reporter renders the same words:
//! [`AccountChange::line`] for one entry, [`render`] for the whole list grouped by [`Change`]
//! under its heading (the terminal, JUnit `<system-out>`, cucumber JSON, HTML and recordings).
//! A new kind of entry is a new [`Change`] with its heading and its line, and no reporter
//! changes.

use std::fmt::Write as _;

use conformance_contract::{Redact, Redactor};

/// What happened to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// The run could not set it back: it is left changed (the run exits 1).
    NotRestored,
    /// The run created it (an added service); the vendor documents no delete.
    Created,
    /// The run changed it and set it back to the value it had at the start.
    Restored,
    /// A request a correct target refuses was accepted (a 2xx): the target may have done
    /// what it asked, on any target.
    MayHaveChanged,
    /// An `irreversible` change (allowed with `--allow irreversible`) changed it for good: it is
    /// never set back.
    ChangedForGood,
}

impl Change {
    /// A stable id, for tools (recordings): `created`, `restored`, `not-restored`,
    /// `may-have-changed`, `changed-for-good`.
    pub fn id(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Restored => "restored",
            Change::NotRestored => "not-restored",
            Change::MayHaveChanged => "may-have-changed",
            Change::ChangedForGood => "changed-for-good",
        }
    }

    /// The heading over `n` entries of this kind.
    pub fn heading(self, n: usize) -> String {
        match self {
            Change::Created => format!(
                "This run created {n} resource(s) on the target; the vendor documents no delete, remove them yourself:"
            ),
            Change::Restored => {
                format!("This run set back {n} resource(s) of the account to the value it found them with:")
            }
            Change::NotRestored => {
                format!("This run could NOT set back {n} resource(s) of the account: they are left changed (exit 1):")
            }
            Change::MayHaveChanged => format!(
                "The target accepted {n} request(s) a correct target refuses: each may have changed the account; check:"
            ),
            Change::ChangedForGood => format!(
                "This run changed {n} resource(s) of the account for good, as --allow irreversible allowed: they \
                 are never set back:"
            ),
        }
    }
}

/// One thing a run did to the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    /// What happened.
    pub change: Change,
    /// The resource: its URL (created), or what it is and its path (`gateway /v2/…`).
    pub resource: String,
    /// The id of the scenario that did it (for a restore: that left it changed).
    pub scenario: String,
    /// For a restore, its values before and after (`spec_id PROFESSIONAL → spec_id BASIC
    /// (202)`), or why it could not be set back (its value now, the value it should have, the
    /// exchange on the lines after); empty for a created resource.
    pub detail: String,
}

impl AccountChange {
    /// The entry in words, the same in every output: `created <URL> (by <scenario>)`,
    /// `restored <resource>: <before> → <after> (<status>) (left changed by <scenario>)`, or
    /// `NOT restored <resource>: <why> (left changed by <scenario>)` and the exchange, indented.
    pub fn line(&self) -> String {
        let (first, rest) = self.detail.split_once('\n').unwrap_or((&self.detail, ""));
        let mut out = match self.change {
            Change::Created => format!("created {} (by {})", self.resource, self.scenario),
            Change::Restored => format!("restored {}: {first} (left changed by {})", self.resource, self.scenario),
            Change::NotRestored => {
                format!("NOT restored {}: {first} (left changed by {})", self.resource, self.scenario)
            }
            Change::MayHaveChanged => format!("may have changed {}: {first} (by {})", self.resource, self.scenario),
            Change::ChangedForGood => format!("changed for good {}: {first} (by {})", self.resource, self.scenario),
        };
        for l in rest.lines() {
            let _ = write!(out, "\n    {l}");
        }
        out
    }
}

impl Redact for AccountChange {
    fn redact(&mut self, r: &Redactor) {
        self.resource.redact(r);
        self.scenario.redact(r);
        self.detail.redact(r);
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
            for l in e.line().lines() {
                let _ = writeln!(out, "  {l}");
            }
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
            detail: String::new(),
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

    #[test]
    fn restores_read_with_both_values_and_a_failed_one_first_with_its_exchange() {
        let restored = AccountChange {
            change: Change::Restored,
            resource: "gateway /v2/p/apigw/instances/i".into(),
            scenario: "f::up".into(),
            detail: "spec_id PROFESSIONAL → spec_id BASIC (202)".into(),
        };
        let failed = AccountChange {
            change: Change::NotRestored,
            resource: "cloud phone server /v1/p/cloud-phone/servers/s".into(),
            scenario: "g::up".into(),
            detail: "it has m2 now; it should have m1\nrequest sent:\n  POST /x".into(),
        };
        assert_eq!(
            restored.line(),
            "restored gateway /v2/p/apigw/instances/i: spec_id PROFESSIONAL → spec_id BASIC (202) (left changed by f::up)"
        );
        let text = render(&[restored, failed]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], Change::NotRestored.heading(1));
        assert_eq!(
            lines[1],
            "  NOT restored cloud phone server /v1/p/cloud-phone/servers/s: it has m2 now; it should have m1 (left changed by g::up)"
        );
        assert_eq!(lines[2..4], ["      request sent:", "        POST /x"]);
        assert_eq!(lines[4], Change::Restored.heading(1));
    }
}
