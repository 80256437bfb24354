//! The profile's vocabulary: every key the fixtures declare (`profile[]` of each contract),
//! merged into one [`KeySchema`], plus the keys every profile may have whatever the fixtures
//! (`base_url`, each operation table's `base_url` and `settle_seconds`, `[faults] header`,
//! `[safety] allow`, `max_billable` and `max_created`, `[stub] instance`). Two fixtures that
//! declare the same key must agree on its type and on
//! whether it is a secret.

use std::collections::{BTreeMap, BTreeSet};

use crate::meets::{KeyDoc, KeyType};

/// A key every profile may have, with its type and what it is.
pub(crate) const BUILT_IN: &[(&str, KeyType, &str)] = &[
    ("base_url", KeyType::String, "The target's base URL; --base-url wins over it."),
    ("faults.header", KeyType::String, "A request header whose value (a status) makes the target answer that fault."),
    (
        "stub.instance",
        KeyType::String,
        "The bundled stub that wrote this profile: a run treats its target as that stub only when the target answers so.",
    ),
];

/// The keys every operation table may have, after its name: its base URL, and the seconds a run
/// waits between two changes of a resource of the operation.
pub(crate) const SECTION_KEYS: &[(&str, KeyType)] =
    &[(".base_url", KeyType::String), (".settle_seconds", KeyType::Integer)];

/// The keys of `[safety]`.
pub(crate) const SAFETY_KEYS: &[&str] = &["allow", "max_billable", "max_created"];

/// One declared key: its declaration and the operations that read it.
#[derive(Debug, Clone)]
pub struct DeclaredKey {
    /// The first declaration (the others agree on type and secrecy).
    pub doc: KeyDoc,
    /// The operations that declare it, in id order.
    pub operations: Vec<String>,
}

/// Every key a profile may have.
#[derive(Debug, Clone, Default)]
pub struct KeySchema {
    keys: BTreeMap<String, DeclaredKey>,
    /// The tables of the operations (`huawei.apig`): each may have a `base_url` and a
    /// `settle_seconds`.
    sections: BTreeSet<String>,
}

impl KeySchema {
    /// Adds an operation's keys and table; `Err` names the key two declarations disagree on.
    pub(crate) fn add(&mut self, op: &str, section: &str, docs: &[KeyDoc]) -> Result<(), String> {
        self.sections.insert(section.to_string());
        for d in docs {
            match self.keys.get_mut(&d.key) {
                Some(k) if k.doc.ty != d.ty || k.doc.secret != d.secret => {
                    return Err(format!(
                        "key `{}` is declared by {} as {:?}{} and here as {:?}{}",
                        d.key,
                        k.operations.join(", "),
                        k.doc.ty,
                        if k.doc.secret { " (secret)" } else { "" },
                        d.ty,
                        if d.secret { " (secret)" } else { "" }
                    ));
                }
                Some(k) => k.operations.push(op.to_string()),
                None => {
                    self.keys.insert(d.key.clone(), DeclaredKey { doc: d.clone(), operations: vec![op.to_string()] });
                }
            }
        }
        Ok(())
    }

    /// The declared keys, in key order.
    pub fn declared(&self) -> impl Iterator<Item = &DeclaredKey> {
        self.keys.values()
    }

    /// The declaration of `key`.
    pub fn get(&self, key: &str) -> Option<&DeclaredKey> {
        self.keys.get(key)
    }

    /// The operation tables (`huawei.apig`), each of which may have a `base_url`.
    pub fn sections(&self) -> &BTreeSet<String> {
        &self.sections
    }

    /// The type of any key a profile may have (declared, built in, or a table's `base_url`);
    /// `None` for an unknown one.
    pub fn type_of(&self, key: &str) -> Option<KeyType> {
        if let Some(k) = self.keys.get(key) {
            return Some(k.doc.ty);
        }
        if let Some((_, ty, _)) = BUILT_IN.iter().find(|(k, _, _)| *k == key) {
            return Some(*ty);
        }
        let (section, ty) = SECTION_KEYS.iter().find_map(|(k, ty)| Some((key.strip_suffix(k)?, *ty)))?;
        self.sections.contains(section).then_some(ty)
    }

    /// Whether `key` holds a secret.
    pub fn is_secret(&self, key: &str) -> bool {
        self.keys.get(key).is_some_and(|k| k.doc.secret)
    }

    /// Whether `table` (`huawei`, `huawei.apig`) is a table some key lives under.
    pub fn is_table(&self, table: &str) -> bool {
        let prefix = format!("{table}.");
        let built_in = BUILT_IN.iter().map(|(k, _, _)| *k);
        self.keys.keys().map(String::as_str).chain(built_in).any(|k| k.starts_with(&prefix))
            || self.sections.iter().any(|s| s == table || s.starts_with(&prefix))
            || table == "safety"
    }

    /// The keys allowed directly in `table` (`""` for the top level): keys and sub-tables.
    pub fn allowed_in(&self, table: &str) -> Vec<String> {
        let prefix = if table.is_empty() { String::new() } else { format!("{table}.") };
        let mut all: BTreeSet<String> = BTreeSet::new();
        let built_in = BUILT_IN.iter().map(|(k, _, _)| (*k).to_string());
        let sections = self.sections.iter().flat_map(|s| SECTION_KEYS.iter().map(move |(k, _)| format!("{s}{k}")));
        let safety = SAFETY_KEYS.iter().map(|k| format!("safety.{k}"));
        for k in self.keys.keys().cloned().chain(built_in).chain(sections).chain(safety) {
            if let Some(rest) = k.strip_prefix(&prefix) {
                all.insert(rest.split('.').next().unwrap_or(rest).to_string());
            }
        }
        all.into_iter().collect()
    }
}

/// `[table] key` for `table.key` (`[huawei.apig] instance_id`; a top-level key as it is).
pub fn shown(key: &str) -> String {
    match key.rsplit_once('.') {
        Some((table, k)) => format!("[{table}] {k}"),
        None => key.to_string(),
    }
}
