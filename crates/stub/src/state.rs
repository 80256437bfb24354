//! The stub's mutable world: resources keyed by their canonical path
//! (`/accounts/100001/products/200001/services/300001`), each a JSON attribute map; the
//! credentials it accepts, by scheme and kind ([`Keyring`]); and the faults armed through the
//! admin API. Everything in it is bounded: resources a success creates are capped per parent,
//! the oldest dropped. The dump (`GET /__stub/state`) leaves every secret value out.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

pub(crate) use crate::keyring::{Credential, Grant, Keyring};
use crate::snapshot::Snapshot;

/// A resource's attributes.
pub(crate) type Attrs = Map<String, Value>;

/// A fault armed through the admin API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArmedFault {
    /// The operation id.
    pub operation: String,
    /// A documented fault status of it.
    pub status: u16,
    /// How many calls it answers before it disarms; absent: until reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

/// The whole mutable state.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    /// By path, ordered: a look-up compares a few paths instead of hashing the one asked.
    resources: BTreeMap<String, Attrs>,
    /// Per parent path, the resources successes created under it, oldest first.
    created: HashMap<String, VecDeque<String>>,
    /// The accepted credentials.
    pub keyring: Keyring,
    /// Faults armed through the admin API.
    pub faults: Vec<ArmedFault>,
}

impl State {
    /// The attributes of the resource at `path`, if it exists.
    pub(crate) fn get(&self, path: &str) -> Option<&Attrs> {
        self.resources.get(path)
    }

    /// The attributes of the resource at `path`, to change them.
    pub(crate) fn get_mut(&mut self, path: &str) -> Option<&mut Attrs> {
        self.resources.get_mut(path)
    }

    /// Whether a resource exists at `path`.
    pub(crate) fn contains(&self, path: &str) -> bool {
        self.resources.contains_key(path)
    }

    /// Puts a resource at `path`, its attributes merged into those it has.
    pub(crate) fn insert(&mut self, path: String, attrs: Attrs) {
        self.resources.entry(path).or_default().extend(attrs);
    }

    /// Creates `path` under `parent` with `attrs`, dropping the oldest created there beyond
    /// `cap`.
    pub(crate) fn create(&mut self, parent: &str, path: String, attrs: Attrs, cap: usize) {
        let list = match self.created.get_mut(parent) {
            Some(l) => l,
            None => self.created.entry(parent.to_string()).or_default(),
        };
        list.push_back(path.clone());
        let mut dropped = Vec::new();
        while list.len() > cap.max(1) {
            dropped.extend(list.pop_front());
        }
        self.resources.insert(path, attrs);
        for old in dropped {
            self.resources.remove(&old);
        }
    }

    /// Takes one use of a fault armed for `operation`, if any; returns its status.
    pub(crate) fn take_fault(&mut self, operation: &str) -> Option<u16> {
        let i = self.faults.iter().position(|f| f.operation == operation)?;
        let status = self.faults.get(i)?.status;
        match self.faults.get_mut(i).and_then(|f| f.times.as_mut()) {
            Some(n) if *n <= 1 => {
                self.faults.remove(i);
            }
            Some(n) => *n -= 1,
            None => {}
        }
        Some(status)
    }

    /// The dump: resources by path (attribute values that are secrets left out), the
    /// credentials (secret values left out) and the armed faults.
    pub(crate) fn dump(&self, secrets: &[String]) -> Value {
        let resources: BTreeMap<&str, Value> = self
            .resources
            .iter()
            .map(|(path, attrs)| {
                let kept: Attrs = attrs.iter().filter(|(_, v)| !holds_secret(v, secrets)).map(clone).collect();
                (path.as_str(), Value::Object(kept))
            })
            .collect();
        json!({ "resources": resources, "credentials": self.keyring.dump(), "faults": self.faults })
    }
}

/// The state behind a mutex held only for the few microseconds a call reads or writes it,
/// never across I/O or an await; its keyring also as a snapshot read without the lock.
#[derive(Debug)]
pub(crate) struct Shared {
    state: Mutex<State>,
    keys: Snapshot,
}

impl Shared {
    /// A shared `state`.
    pub(crate) fn new(state: State) -> Shared {
        let keys = Snapshot::new(&state.keyring);
        Shared { state: Mutex::new(state), keys }
    }

    /// Runs `f` on the state under the lock (and follows a change of its keyring).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let out = f(&mut guard);
        self.keys.update(&guard.keyring);
        out
    }

    /// Runs `f` on the accepted credentials, as of the last change, without the lock.
    pub(crate) fn keys<R>(&self, f: impl FnOnce(&Keyring) -> R) -> R {
        self.keys.read(f)
    }
}

fn clone((k, v): (&String, &Value)) -> (String, Value) {
    (k.clone(), v.clone())
}

fn holds_secret(v: &Value, secrets: &[String]) -> bool {
    match v {
        Value::String(s) => secrets.iter().any(|x| !x.is_empty() && s.contains(x.as_str())),
        Value::Array(a) => a.iter().any(|x| holds_secret(x, secrets)),
        Value::Object(o) => o.values().any(|x| holds_secret(x, secrets)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_contract::AuthScheme;

    #[test]
    fn created_resources_are_capped_per_parent() {
        let mut s = State::default();
        for i in 0..5 {
            s.create("/p", format!("/p/{i}"), Attrs::new(), 3);
        }
        assert!(!s.contains("/p/0") && !s.contains("/p/1"));
        assert!((2..5).all(|i| s.contains(&format!("/p/{i}"))));
    }

    #[test]
    fn the_dump_leaves_secrets_out() {
        let mut s = State::default();
        let attrs: Attrs = [("holder".to_string(), json!("s3cret")), ("n".to_string(), json!(1))].into_iter().collect();
        s.insert("/r".into(), attrs);
        let cred = Credential { grant: Grant::Permitted, paired: Some("sk".into()), secret: true };
        s.keyring.add(AuthScheme::HuaweiSdkHmac, "ak", "AK".into(), cred);
        let dump = s.dump(&["s3cret".to_string()]).to_string();
        assert!(!dump.contains("s3cret") && !dump.contains("\"AK\"") && !dump.contains("sk\""), "{dump}");
        assert!(dump.contains("\"n\":1"), "{dump}");
        assert_eq!(s.keyring.secrets().collect::<Vec<_>>(), ["AK", "sk"]);
    }
}
