//! The credentials the stub accepts, by scheme and kind ([`Keyring`]), and the revision that
//! names each version of them over the process, which the lock-free snapshot
//! (`snapshot.rs`) follows. Part of the state (`state.rs`); below both it and the snapshot.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use conformance_contract::AuthScheme;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Revisions of keyrings, unique over the process (0: the empty keyring).
static NEXT: AtomicU64 = AtomicU64::new(1);

/// A fresh revision.
fn next() -> u64 {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// What a known credential may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Grant {
    /// Call the operations.
    Permitted,
    /// Authenticates, but 403.
    Forbidden,
}

/// One accepted credential value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credential {
    /// What it may do.
    pub grant: Grant,
    /// The value it comes with (a secret key for an access key).
    pub paired: Option<String>,
    /// Whether the value is a secret (left out of the dump).
    pub secret: bool,
}

/// The accepted credentials: per scheme and kind (a scheme's own word: `token`, `ak`), values.
#[derive(Debug, Clone, Default)]
pub(crate) struct Keyring {
    /// Ordered maps: a look-up compares the few values held instead of hashing the one asked.
    rings: Vec<(AuthScheme, &'static str, BTreeMap<String, Credential>)>,
    /// Changes with every change, unique over the process (a clone has its original's; the
    /// empty keyring is 0): what tells the lock-free snapshot (`snapshot.rs`) to follow.
    revision: u64,
}

impl Keyring {
    /// Accepts `value` as a credential of `kind` for `scheme`.
    pub(crate) fn add(&mut self, scheme: AuthScheme, kind: &'static str, value: String, cred: Credential) {
        let i = match self.rings.iter().position(|(s, k, _)| *s == scheme && *k == kind) {
            Some(i) => i,
            None => {
                self.rings.push((scheme, kind, BTreeMap::new()));
                self.rings.len() - 1
            }
        };
        if let Some((_, _, ring)) = self.rings.get_mut(i) {
            ring.insert(value, cred);
        }
        self.revision = next();
    }

    /// Its revision.
    pub(crate) fn revision(&self) -> u64 {
        self.revision
    }

    /// The credential `value` of `kind` for `scheme`, if accepted.
    pub(crate) fn get(&self, scheme: &AuthScheme, kind: &str, value: &str) -> Option<&Credential> {
        self.rings.iter().find(|(s, k, _)| s == scheme && *k == kind).and_then(|(_, _, r)| r.get(value))
    }

    /// Every secret value it holds (values and paired values), for redaction.
    pub(crate) fn secrets(&self) -> impl Iterator<Item = &str> {
        self.rings.iter().flat_map(|(_, _, r)| r.iter()).flat_map(|(v, c)| {
            let value = c.secret.then_some(v.as_str());
            value.into_iter().chain(c.paired.as_deref())
        })
    }

    pub(crate) fn dump(&self) -> Vec<Value> {
        let mut out: Vec<Value> = self
            .rings
            .iter()
            .flat_map(|(s, k, r)| r.iter().map(move |(v, c)| (s, k, v, c)))
            .map(|(s, k, v, c)| {
                let value = if c.secret { Value::Null } else { Value::String(v.clone()) };
                json!({ "scheme": s, "kind": k, "grant": c.grant, "value": value })
            })
            .collect();
        out.sort_by_key(ToString::to_string);
        out
    }
}
