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

    /// The reason a scenario needing it is skipped: `the profile gives no …`.
    pub fn reason(&self) -> String {
        format!("the profile gives no {}", self.profile_keys())
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
        assert_eq!(n.reason(), "the profile gives no [huawei] token, or [huawei] ak and [huawei] sk");
    }

    #[test]
    fn an_empty_profile_meets_nothing() {
        let p = Profile::default();
        for n in [Need::key("a.b"), Need::StubData] {
            assert_eq!(n.lacking(&p), Some(n.reason()), "{n}");
        }
    }
}
