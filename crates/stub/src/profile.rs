//! The stub's own values and its target profile, from the fixtures: every declared profile key
//! with a `stub` value (its `stub_other` under the `other-resource-ids` variation), `{random}`
//! in a string replaced by a fresh random hex string per start, or by a fixed one per key in a
//! deterministic stub. The profile adds `base_url`, `[faults] header` and `[stub] instance` (this
//! stub's id, which its admin API answers too: a run treats a target as this stub only when it
//! answers so). It allows no effect class (`[safety]`): a copy pointed at another target must
//! change nothing; a run that establishes its target is the stub allows every class itself.

use std::collections::BTreeMap;

use conformance_contract::bind::as_text;
use conformance_contract::{Contracts, Profile};
use serde_json::Value;

use crate::config::FAULT_HEADER;

/// The stub's value of every profile key that has one.
#[derive(Debug, Clone, Default)]
pub(crate) struct StubValues {
    values: BTreeMap<String, Value>,
    /// The values of the keys the fixtures call secrets.
    secrets: Vec<String>,
}

impl StubValues {
    /// The values for `contracts`: fixed `{random}` parts when `deterministic`, `stub_other`
    /// values when `other_ids`.
    pub(crate) fn new(contracts: &Contracts, deterministic: bool, other_ids: bool) -> StubValues {
        let mut out = StubValues::default();
        for k in contracts.keys().declared() {
            let doc = &k.doc;
            let chosen = if other_ids { doc.stub_other.as_ref().or(doc.stub.as_ref()) } else { doc.stub.as_ref() };
            let Some(v) = chosen else { continue };
            let v = match v {
                Value::String(s) if s.contains("{random}") => {
                    Value::String(s.replace("{random}", &random(&doc.key, deterministic)))
                }
                other => other.clone(),
            };
            if doc.secret
                && let Some(s) = v.as_str()
            {
                out.secrets.push(s.to_string());
            }
            out.values.insert(doc.key.clone(), v);
        }
        out
    }

    /// The value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// The value of `key` as text (a number as its digits).
    pub(crate) fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(as_text)
    }

    /// The values of the secret keys.
    pub(crate) fn secrets(&self) -> &[String] {
        &self.secrets
    }

    /// The target profile of a stub with these values serving at `base_url`.
    pub(crate) fn profile(&self, contracts: &Contracts, base_url: &str, instance: &str) -> Profile {
        let schema = contracts.keys();
        let mut p = Profile::default();
        for (k, v) in &self.values {
            p.set(k, v.clone(), schema);
        }
        p.set("base_url", Value::from(base_url.trim_end_matches('/')), schema);
        p.set("faults.header", Value::from(FAULT_HEADER), schema);
        p.set("stub.instance", Value::from(instance), schema);
        p
    }
}

/// What `{random}` becomes in `key`'s value: 32 fresh hex digits, or 16 fixed ones per key.
fn random(key: &str, deterministic: bool) -> String {
    if deterministic {
        // FNV-1a: the same key gives the same value in every deterministic stub.
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        format!("{hash:016x}")
    } else {
        uuid::Uuid::new_v4().simple().to_string()
    }
}

/// The profile as a file a user can save: a comment header, then the TOML.
pub fn profile_file(profile: &Profile) -> String {
    let base = profile.base_url().unwrap_or("http://127.0.0.1:PORT");
    let mut out = String::new();
    out.push_str(&format!(
        "# target profile for: cargo xtask conformance (or conformance run) --base-url {base} --profile FILE\n"
    ));
    out.push_str("# written by the bundled stub; its secrets are valid only for this stub instance.\n");
    out.push_str(&profile.to_toml());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_parts_are_fixed_per_key_only_when_deterministic() {
        assert_eq!(random("a.b", true), random("a.b", true));
        assert_ne!(random("a.b", true), random("a.c", true));
        assert_ne!(random("a.b", false), random("a.b", false));
    }

    #[test]
    fn the_profile_parses_back_and_its_secrets_are_the_fixtures_word() {
        let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).expect("fixtures load");
        let values = StubValues::new(&contracts, true, false);
        let p = values.profile(&contracts, "http://127.0.0.1:1/", "an-instance");
        let text = profile_file(&p);
        let back = Profile::parse(&text, "stub", |_| None, contracts.keys()).expect("parses");
        assert_eq!(back, p);
        assert_eq!(back.base_url(), Some("http://127.0.0.1:1"));
        assert_eq!(back.stub_instance(), Some("an-instance"));
        assert!(back.safety.allow.is_empty(), "a copy pointed elsewhere must allow nothing");
        let mut secrets = p.secrets();
        secrets.sort();
        let mut mine = values.secrets().to_vec();
        mine.sort();
        assert_eq!(secrets, mine);
        assert!(!secrets.is_empty());
    }
}
