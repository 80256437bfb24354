//! What a scenario needs from a target, as one type: [`Need`], profile keys (one group of
//! them, or one of several groups: a token, or an AK and its SK) or the bundled stub's own
//! data. Needs are never written by hand: a scenario needs what its steps bind, found by
//! planning its steps against a profile that has every key. The plan skips a scenario whose
//! needs the profile does not meet, with [`Need::reason`]; `@needs-<key>` tags are derived.

use std::fmt;

use crate::keys::shown;
use crate::profile::Profile;

/// One thing a target profile supplies so a scenario can run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Need {
    /// Every key of one of the groups (`[["huawei.token"], ["huawei.ak", "huawei.sk"]]`).
    Keys(Vec<Vec<String>>),
    /// Data only the bundled stub has (e.g. a flavor whose name is 64 bytes long).
    StubData,
}

impl Need {
    /// One key.
    pub fn key(key: &str) -> Need {
        Need::Keys(vec![vec![key.to_string()]])
    }

    /// All of these keys.
    pub fn all<'a>(keys: impl IntoIterator<Item = &'a str>) -> Need {
        Need::Keys(vec![keys.into_iter().map(String::from).collect()])
    }

    /// Every key of one of these needs' groups.
    pub fn either(needs: impl IntoIterator<Item = Need>) -> Need {
        let mut groups = Vec::new();
        for n in needs {
            if let Need::Keys(g) = n {
                groups.extend(g);
            }
        }
        groups.dedup();
        Need::Keys(groups)
    }

    /// Its tag key: a scenario gets the tag `@needs-<key>`
    /// (`needs-huawei.token-or-huawei.ak+huawei.sk`).
    pub fn tag_key(&self) -> String {
        match self {
            Need::Keys(groups) => groups.iter().map(|g| g.join("+")).collect::<Vec<_>>().join("-or-"),
            Need::StubData => "stub-data".into(),
        }
    }

    /// The profile keys that meet it, as a user reads them (`[huawei] token, or [huawei] ak
    /// and [huawei] sk`).
    pub fn profile_keys(&self) -> String {
        match self {
            Need::Keys(groups) => groups
                .iter()
                .map(|g| g.iter().map(|k| shown(k)).collect::<Vec<_>>().join(" and "))
                .collect::<Vec<_>>()
                .join(", or "),
            Need::StubData => {
                "the bundled stub's own data (only the bundled stub, established from the target, has it)".into()
            }
        }
    }

    /// Whether `p` meets it.
    pub fn is_met(&self, p: &Profile) -> bool {
        match self {
            Need::Keys(groups) => groups.iter().any(|g| g.iter().all(|k| p.has(k))),
            Need::StubData => p.stub_target,
        }
    }

    /// Why `p` cannot meet it; `None` when it can.
    pub fn lacking(&self, p: &Profile) -> Option<String> {
        (!self.is_met(p)).then(|| self.reason())
    }

    /// The reason a scenario needing it is skipped: `the profile gives no …`, or, for the
    /// stub's own data, that only the bundled stub has it.
    pub fn reason(&self) -> String {
        Need::reasons([self])
    }

    /// The reason a scenario lacking `needs` is skipped, in plain words, each key once: `the
    /// profile gives no [huawei.apig] current_spec_id and [huawei] forbidden_token`; a need with
    /// alternatives in parentheses (`([huawei] token, or [huawei] ak and [huawei] sk)`); the
    /// stub's own data as a clause of its own.
    pub fn reasons<'n>(needs: impl IntoIterator<Item = &'n Need>) -> String {
        let mut keys: Vec<String> = Vec::new();
        let mut stub = false;
        for n in needs {
            match n {
                Need::Keys(groups) if groups.len() == 1 => {
                    keys.extend(groups.iter().flatten().map(|k| shown(k)));
                }
                Need::Keys(_) => keys.push(format!("({})", n.profile_keys())),
                Need::StubData => stub = true,
            }
        }
        keys.dedup();
        let mut seen = std::collections::BTreeSet::new();
        keys.retain(|k| seen.insert(k.clone()));
        let mut clauses = Vec::new();
        if let Some((last, rest)) = keys.split_last() {
            let list = if rest.is_empty() { last.clone() } else { format!("{} and {last}", rest.join(", ")) };
            clauses.push(format!("the profile gives no {list}"));
        }
        if stub {
            clauses.push(
                "it needs the bundled stub's own data, which only the bundled stub has (established from the target, not from a profile)".into(),
            );
        }
        clauses.join("; ")
    }
}

impl fmt::Display for Need {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag_key())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Need;
    use crate::Profile;

    #[test]
    fn needs_read_as_profile_keys_and_tags() {
        let n = Need::either([Need::key("huawei.token"), Need::all(["huawei.ak", "huawei.sk"])]);
        assert_eq!(n.tag_key(), "huawei.token-or-huawei.ak+huawei.sk");
        assert_eq!(n.profile_keys(), "[huawei] token, or [huawei] ak and [huawei] sk");
        assert_eq!(n.reason(), "the profile gives no ([huawei] token, or [huawei] ak and [huawei] sk)");
        let more = [Need::key("huawei.apig.current_spec_id"), n.clone(), Need::key("huawei.apig.current_spec_id")];
        let reason = Need::reasons(more.iter().chain([&Need::StubData]));
        assert_eq!(
            reason,
            "the profile gives no [huawei.apig] current_spec_id and ([huawei] token, or [huawei] ak and [huawei] sk); \
             it needs the bundled stub's own data, which only the bundled stub has (established from the target, not from a profile)"
        );
        assert_eq!(reason.matches("the profile gives no").count(), 1, "each key once, the words once");
    }

    #[test]
    fn an_empty_profile_meets_nothing() {
        let p = Profile::default();
        for n in [Need::key("a.b"), Need::StubData] {
            assert_eq!(n.lacking(&p), Some(n.reason()), "{n}");
        }
    }
}
