//! Target profiles: a TOML file saying what a target supplies (credentials, the ids of its
//! resources, test data), so each documented status can be provoked. Its tables and keys are
//! the ones the fixtures declare ([`KeySchema`]), plus `base_url` (top level and per operation
//! table), `settle_seconds` (per operation table), `[faults] header`, `[safety]` (`allow`,
//! `max_billable`, `max_created`) and `[stub] instance`. Any string may name an
//! environment variable (`token = "${APIG_TOKEN}"`). An unknown key is an error that names the
//! closest allowed key ("did you mean", as `--tags` does) and lists the keys allowed where it
//! stands; a value of the wrong type names the key. Which keys are
//! secrets is the fixtures' word: [`Profile::secrets`] lists their values for the redactor.
//! A scenario that needs a key runs only where the profile has it ([`crate::Need`]); how the
//! values go into requests is [`crate::bind`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::keys::KeySchema;
use crate::meets::{Effect, KeyType};

/// A credential: printed as `***` by `Debug`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Secret {
    /// The value, for sending.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// `[safety]`: the effect classes a run may use beyond `none`, and the bill's bounds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    /// `["changes", "billable"]`: scenarios of these classes run (`--allow` adds to it; only
    /// `--allow irreversible` allows `irreversible`, never a profile).
    #[serde(default, deserialize_with = "profile_allow")]
    pub allow: Vec<Effect>,
    /// At most this many billable requests per resource of the account in a run, the restore
    /// included (`--max-billable` wins; default [`Safety::DEFAULT_MAX_BILLABLE`]: one change up
    /// and one back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_billable: Option<usize>,
    /// At most this many resources a run creates under one parent (services added to a product
    /// of an order; `--max-created` wins; default [`Safety::DEFAULT_MAX_CREATED`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_created: Option<usize>,
    /// `disposable = true`: the target is the user's own and may be changed and charged at
    /// will (a deployment of their own): every effect class but `irreversible` runs (only
    /// `--allow irreversible` allows that, never a profile), a fault asked for is the
    /// fault (`[faults] header`), no bound on the bill and no cap on wrong signatures. Never
    /// written by a stub into its own profile: a copy pointed elsewhere must change nothing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disposable: bool,
}

/// `[safety] allow`: any class but `irreversible`, which only the command line allows.
fn profile_allow<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Effect>, D::Error> {
    let allow = Vec::<Effect>::deserialize(d)?;
    if allow.contains(&Effect::Irreversible) {
        return Err(serde::de::Error::custom(
            "a profile cannot allow \"irreversible\": a change that can never be undone runs only with \
             --allow irreversible on the command line, a yes given for the run at hand",
        ));
    }
    Ok(allow)
}

impl Safety {
    /// Billable requests per resource by default: one change up and one back.
    pub const DEFAULT_MAX_BILLABLE: usize = 2;
    /// Resources created per parent by default.
    pub const DEFAULT_MAX_CREATED: usize = 3;
}

/// One value of a profile, and whether the fixtures call it a secret.
#[derive(Clone, PartialEq)]
struct Stored {
    value: Value,
    secret: bool,
}

impl fmt::Debug for Stored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secret { f.write_str("***") } else { write!(f, "{}", self.value) }
    }
}

/// A target profile: every value by its dotted key (`huawei.apig.instance_id`), and what a run
/// may do (`[safety] allow`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    values: BTreeMap<String, Stored>,
    /// What a run may do to the target beyond reading and refusals.
    pub safety: Safety,
    /// The run's target is the bundled stub, as established from the target (the embedded
    /// one, or one that answers as the stub that wrote the profile): never read from a file.
    pub stub_target: bool,
    /// `[headers]`: added to every request (a tenant or tracing header a deployment requires),
    /// by name; never a credential header (see [`Profile::parse`]).
    pub headers: BTreeMap<String, String>,
}

/// A profile could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file could not be read.
    #[error("cannot read profile {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not valid TOML, or not the profile format.
    #[error("profile {path}: {message}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong, with the key.
        message: String,
    },
    /// A `${VAR}` is not set.
    #[error("profile {path}: `{key}` names environment variable {var}, which is not set")]
    MissingVar {
        /// The file.
        path: String,
        /// The key.
        key: String,
        /// The variable.
        var: String,
    },
}

impl Profile {
    /// Reads a profile file, expanding `${VAR}` from the environment.
    pub fn load(path: &Path, schema: &KeySchema) -> Result<Self, ProfileError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io { path: shown.clone(), source })?;
        Self::parse(&text, &shown, |v| std::env::var(v).ok(), schema)
    }

    /// Parses profile text; `env` resolves `${VAR}`.
    pub fn parse(
        text: &str,
        name: &str,
        env: impl Fn(&str) -> Option<String>,
        schema: &KeySchema,
    ) -> Result<Self, ProfileError> {
        let format = |message: String| ProfileError::Format { path: name.into(), message };
        let mut raw: toml::Value = toml::from_str(text).map_err(|e| format(e.to_string()))?;
        expand(&mut raw, "", name, &env)?;
        let toml::Value::Table(table) = raw else { return Err(format("not a TOML table".into())) };
        let mut profile = Profile::default();
        profile.read_table("", &table, schema).map_err(format)?;
        Ok(profile)
    }

    fn read_table(&mut self, at: &str, table: &toml::Table, schema: &KeySchema) -> Result<(), String> {
        for (k, v) in table {
            let key = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
            if key == "headers" {
                self.headers = crate::headers::parse(v)?;
                continue;
            }
            if key == "safety" {
                self.safety = v.clone().try_into().map_err(|e| format!("safety: {e}"))?;
                continue;
            }
            match (schema.type_of(&key), v) {
                (Some(ty), v) => {
                    let value =
                        typed(ty, v).ok_or_else(|| format!("{key}: expected {}, got {}", ty_name(ty), v.type_str()))?;
                    self.values.insert(key.clone(), Stored { value, secret: schema.is_secret(&key) });
                }
                (None, toml::Value::Table(t)) if schema.is_table(&key) => self.read_table(&key, t, schema)?,
                (None, _) => {
                    let allowed = schema.allowed_in(at);
                    let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
                    let near = |a: &&String| strsim::levenshtein(k, a) <= k.len().div_ceil(3).max(2);
                    let closest = allowed.iter().min_by_key(|a| strsim::levenshtein(k, a)).filter(near);
                    let hint = closest.map(|c| format!(": did you mean `{c}`?")).unwrap_or_default();
                    return Err(format!("{key}: unknown key `{k}`{hint}; expected one of {list}"));
                }
            }
        }
        Ok(())
    }

    /// The value of `key` (`huawei.apig.instance_id`), if the profile gives it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key).map(|s| &s.value)
    }

    /// The string value of `key`.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    /// Whether the profile gives `key`.
    pub fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    /// Sets `key` (a secret when the schema says so); for profiles made in code (the stub's).
    pub fn set(&mut self, key: &str, value: Value, schema: &KeySchema) {
        self.values.insert(key.to_string(), Stored { value, secret: schema.is_secret(key) });
    }

    /// Removes `key`; whether the profile gave it.
    pub fn remove(&mut self, key: &str) -> bool {
        self.values.remove(key).is_some()
    }

    /// Every key the profile gives, with its value, in key order.
    pub fn values(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, s)| (k.as_str(), &s.value))
    }

    /// The run's base URL (`base_url`), a trailing `/` dropped.
    pub fn base_url(&self) -> Option<&str> {
        self.text("base_url").map(|u| u.trim_end_matches('/'))
    }

    /// The documented-fault header (`[faults] header`).
    pub fn fault_header(&self) -> Option<&str> {
        self.text("faults.header")
    }

    /// The bundled stub instance that wrote this profile (`[stub] instance`), if one did.
    pub fn stub_instance(&self) -> Option<&str> {
        self.text("stub.instance")
    }

    /// The base URL the profile gives an operation table (`[huawei.apig] base_url`); `None`:
    /// the run's.
    pub fn base_url_for(&self, section: &str) -> Option<&str> {
        self.text(&format!("{section}.base_url")).map(|u| u.trim_end_matches('/'))
    }

    /// The seconds a run waits between two changes of a resource of the operation table
    /// `section` (`[huawei.cph] settle_seconds`), if the profile says; a negative value is 0.
    pub fn settle_seconds(&self, section: &str) -> Option<u64> {
        self.get(&format!("{section}.settle_seconds")).and_then(Value::as_i64).map(|s| s.max(0).unsigned_abs())
    }

    /// Each operation table the profile has a key in, with the base URL it gives, if any.
    pub fn section_base_urls<'a>(&'a self, schema: &'a KeySchema) -> Vec<(&'a str, Option<&'a str>)> {
        schema
            .sections()
            .iter()
            .filter(|s| self.values.keys().any(|k| k.strip_prefix(s.as_str()).is_some_and(|r| r.starts_with('.'))))
            .map(|s| (s.as_str(), self.base_url_for(s)))
            .collect()
    }

    /// Every secret value, for redaction.
    pub fn secrets(&self) -> Vec<String> {
        self.values
            .values()
            .filter(|s| s.secret)
            .filter_map(|s| s.value.as_str().map(String::from))
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The values of the keys the fixtures call secrets, each with its key (`huawei.token`).
    pub fn named_secrets(&self) -> Vec<(String, String)> {
        self.values
            .iter()
            .filter(|(_, s)| s.secret)
            .filter_map(|(k, s)| Some((k.clone(), s.value.as_str()?.to_string())))
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }

    /// The keys the fixtures call secrets that the profile gives as an empty string.
    pub fn empty_secrets(&self) -> Vec<&str> {
        self.values.iter().filter(|(_, s)| s.secret && s.value.as_str() == Some("")).map(|(k, _)| k.as_str()).collect()
    }

    /// The profile as TOML (tables nested as written by hand).
    pub fn to_toml(&self) -> String {
        let mut root = toml::Table::new();
        for (key, s) in &self.values {
            let parts: Vec<&str> = key.split('.').collect();
            if let Ok(v) = toml::Value::try_from(&s.value) {
                insert(&mut root, &parts, v);
            }
        }
        if self.safety != Safety::default()
            && let Ok(v) = toml::Value::try_from(&self.safety)
        {
            root.insert("safety".into(), v);
        }
        toml::to_string_pretty(&root).unwrap_or_default()
    }
}

/// Puts `v` at the dotted `path` of `table`, making the tables on the way.
fn insert(table: &mut toml::Table, path: &[&str], v: toml::Value) {
    match path {
        [] => {}
        [last] => {
            table.insert((*last).to_string(), v);
        }
        [first, rest @ ..] => {
            let entry = table.entry((*first).to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let toml::Value::Table(t) = entry {
                insert(t, rest, v);
            }
        }
    }
}

fn ty_name(ty: KeyType) -> &'static str {
    match ty {
        KeyType::String => "a string",
        KeyType::Integer => "an integer",
        KeyType::Integers => "a list of integers",
        KeyType::Boolean => "true or false",
    }
}

/// `v` as JSON when it has type `ty`.
fn typed(ty: KeyType, v: &toml::Value) -> Option<Value> {
    match (ty, v) {
        (KeyType::String, toml::Value::String(s)) => Some(Value::from(s.clone())),
        (KeyType::Integer, toml::Value::Integer(i)) => Some(Value::from(*i)),
        (KeyType::Boolean, toml::Value::Boolean(b)) => Some(Value::from(*b)),
        (KeyType::Integers, toml::Value::Array(a)) => {
            a.iter().map(|x| x.as_integer().map(Value::from)).collect::<Option<Vec<_>>>().map(Value::Array)
        }
        _ => None,
    }
}

fn expand(
    v: &mut toml::Value,
    key: &str,
    name: &str,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<(), ProfileError> {
    match v {
        toml::Value::String(s) => {
            let missing = std::cell::RefCell::new(None);
            let out = shellexpand::env_with_context_no_errors(s, |var: &str| {
                let found = env(var);
                if found.is_none() {
                    missing.borrow_mut().get_or_insert_with(|| var.to_string());
                }
                found
            });
            if let Some(var) = missing.into_inner() {
                return Err(ProfileError::MissingVar { path: name.into(), key: key.into(), var });
            }
            *s = out.into_owned();
        }
        toml::Value::Table(t) => {
            for (k, child) in t.iter_mut() {
                let sub = if key.is_empty() { k.clone() } else { format!("{key}.{k}") };
                expand(child, &sub, name, env)?;
            }
        }
        toml::Value::Array(a) => {
            for (i, child) in a.iter_mut().enumerate() {
                expand(child, &format!("{key}[{i}]"), name, env)?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Effect, Profile};
    use crate::keys::KeySchema;
    use crate::meets::{KeyDoc, KeyType};

    fn schema() -> KeySchema {
        let doc = |key: &str, ty, secret| KeyDoc {
            key: key.into(),
            ty,
            secret,
            description: String::new(),
            stub: None,
            stub_other: None,
        };
        let mut s = KeySchema::default();
        let docs = [
            doc("huawei.project_id", KeyType::String, false),
            doc("huawei.token", KeyType::String, true),
            doc("huawei.apig.instance_id", KeyType::String, false),
            doc("huawei.apig.target_spec_id", KeyType::String, false),
            doc("orders.cycles", KeyType::Integers, false),
        ];
        s.add("huawei-apig/postpaid-resize", "huawei.apig", &docs).unwrap();
        s
    }

    fn parse(text: &str) -> Result<Profile, String> {
        Profile::parse(text, "p.toml", |_| None, &schema()).map_err(|e| e.to_string())
    }

    #[test]
    fn an_unknown_key_is_named_with_its_table_and_the_keys_allowed_there() {
        let e = parse("[huawei]\nproject_id = \"p\"\n[huawei.apig]\ninstance_id = \"i\"\nspec = \"X\"\n").unwrap_err();
        assert!(e.contains("huawei.apig.spec"), "{e}");
        assert!(e.contains("unknown key `spec`"), "{e}");
        let e = parse("[huawei]\nproject_id = \"p\"\n[huawei.apig]\ninstance_idd = \"i\"\n").unwrap_err();
        assert!(e.contains("unknown key `instance_idd`: did you mean `instance_id`?"), "{e}");
        let e = parse("base_ulr = \"http://x\"\n").unwrap_err();
        assert!(e.contains("did you mean `base_url`?"), "{e}");
        let e = parse("[huawei.apig]\nzzzzzzzzzz = 1\n").unwrap_err();
        assert!(!e.contains("did you mean"), "nothing close: {e}");
        assert!(e.contains("`target_spec_id`") && e.contains("`base_url`"), "{e}");
        let e = parse("base_url = \"http://x\"\nbase_ulr = \"http://y\"\n").unwrap_err();
        assert!(e.contains("unknown key `base_ulr`") && e.contains("`safety`") && e.contains("`huawei`"), "{e}");
    }

    #[test]
    fn values_are_typed_and_secrets_are_the_fixtures_word() {
        let p = parse("[huawei]\nproject_id = \"p\"\ntoken = \"t0k\"\n[orders]\ncycles = [1, 12]\n").unwrap();
        assert_eq!(p.text("huawei.project_id"), Some("p"));
        assert_eq!(p.get("orders.cycles"), Some(&serde_json::json!([1, 12])));
        assert_eq!(p.secrets(), ["t0k"]);
        assert!(!format!("{p:?}").contains("t0k"));
        let e = parse("[huawei]\nproject_id = 7\n").unwrap_err();
        assert!(e.contains("huawei.project_id: expected a string, got integer"), "{e}");
        let round = Profile::parse(&p.to_toml(), "again", |_| None, &schema()).unwrap();
        assert_eq!(round, p);
    }

    #[test]
    fn safety_lists_the_allowed_classes() {
        let p = parse("[safety]\nallow = [\"changes\", \"billable\"]\nmax_billable = 4\n").unwrap();
        assert_eq!(p.safety.allow, [Effect::Changes, Effect::Billable]);
        assert_eq!((p.safety.max_billable, p.safety.max_created), (Some(4), None));
        assert!(parse("[safety]\nbudget = 4\n").unwrap_err().contains("budget"));
        let p = parse("[huawei.apig]\nsettle_seconds = 90\n").unwrap();
        assert_eq!((p.settle_seconds("huawei.apig"), p.settle_seconds("huawei")), (Some(90), None));
        assert!(parse("[huawei.apig]\nsettle_seconds = \"90\"\n").unwrap_err().contains("expected an integer"));
        assert!(parse("[safety]\nallow = [\"everything\"]\n").unwrap_err().contains("everything"));
        let e = parse("[safety]\nallow = [\"irreversible\"]\n").unwrap_err();
        assert!(e.contains("--allow irreversible on the command line"), "{e}");
        assert_eq!(Effect::from_tag("effect-none"), Some(Effect::None));
        assert_eq!(Effect::from_tag("effect-free"), None);
    }

    #[test]
    fn a_variable_that_is_not_set_names_the_key() {
        let e = parse("[huawei]\ntoken = \"${NOPE}\"\n").unwrap_err();
        assert!(e.contains("`huawei.token` names environment variable NOPE"), "{e}");
    }
}
