//! The target profile (TOML): what a target supplies so each documented status can be
//! provoked — credentials with and without permission, ids of existing resources, the test
//! data scenarios send (specifications and flavors to change to, billing cycles), the base URL
//! of each vendor, extra headers, what a run may change (`[safety]`), a fault control.
//! Strings may name environment variables (`token = "${APIG_TOKEN}"`). A scenario tagged
//! `@needs-…` runs only where the profile meets the [`Need`](crate::Need); how the profile's
//! values go into requests is in [`crate::bind`].

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// A credential: printed as `***` by `Debug`, serialised as-is (profiles are written for users).
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

/// A target profile.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The target's base URL; `--base-url` wins over it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Huawei Cloud (APIG and CPH).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub huawei: Option<Huawei>,
    /// Hostway accounts API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostway: Option<Hostway>,
    /// Hostway order builder.
    #[serde(default, rename = "hostway-orders", skip_serializing_if = "Option::is_none")]
    pub hostway_orders: Option<HostwayOrders>,
    /// How to provoke documented server faults; absent for real vendors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faults: Option<Faults>,
    /// What a run may do to the target beyond reading and refusals.
    #[serde(default, skip_serializing_if = "Safety::is_empty")]
    pub safety: Safety,
    /// Set only by the bundled stub's own profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stub: Option<StubMarker>,
}

/// What a scenario does to the target when the target is correct (`@effect-<class>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Nothing changes: a refusal (or a read such as a cost query) is expected.
    None,
    /// A resource is changed, at no cost.
    Changes,
    /// An order or a charge can be created.
    Billable,
}

impl Effect {
    /// Its tag key (`effect-<key>`) and its name in `[safety] allow` and `--allow`.
    pub fn key(self) -> &'static str {
        match self {
            Effect::None => "none",
            Effect::Changes => "changes",
            Effect::Billable => "billable",
        }
    }

    /// The class of a tag (`effect-changes`), if it is an effect tag.
    pub fn from_tag(tag: &str) -> Option<Effect> {
        let key = tag.strip_prefix("effect-")?;
        [Effect::None, Effect::Changes, Effect::Billable].into_iter().find(|e| e.key() == key)
    }
}

impl std::str::FromStr for Effect {
    type Err = String;

    /// `changes` or `billable` (what may be allowed).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "changes" => Ok(Effect::Changes),
            "billable" => Ok(Effect::Billable),
            _ => Err(format!("{s:?} is not a class that can be allowed (changes, billable)")),
        }
    }
}

/// `[safety]`: the effect classes a run may use beyond `none`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    /// `["changes", "billable"]`: scenarios of these classes run (`--allow` adds to it).
    #[serde(default)]
    pub allow: Vec<Effect>,
}

impl Safety {
    fn is_empty(&self) -> bool {
        self.allow.is_empty()
    }
}

/// `[stub]`: marks the bundled stub's own profile.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StubMarker {
    /// The target holds the stub's seeded data (meets the `stub-data` need); never set it for
    /// a real target.
    #[serde(default)]
    pub seeded: bool,
}

/// Huawei credentials and resources.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Huawei {
    /// Project id used in paths (and `X-Project-Id`).
    pub project_id: String,
    /// IAM token with permission (`X-Auth-Token`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Secret>,
    /// A valid IAM token without permission for these operations (403).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forbidden_token: Option<Secret>,
    /// Access key for AK/SK signing (used when no token is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ak: Option<Secret>,
    /// Secret key for AK/SK signing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sk: Option<Secret>,
    /// The security token of temporary AK/SK, sent (and signed) as `X-Security-Token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_token: Option<Secret>,
    /// Send `X-Project-Id: <project_id>` (signed with AK/SK), as Huawei's SDKs do.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub project_id_header: bool,
    /// An existing pay-per-use gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apig: Option<Apig>,
    /// An existing cloud phone server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cph: Option<Cph>,
}

/// APIG resources.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Apig {
    /// The APIG endpoint (`https://apig.{region}.myhuaweicloud.com`); default: the run's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Gateway id.
    pub instance_id: String,
    /// The specification to resize the gateway to (the 202 scenarios).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_spec_id: Option<String>,
    /// The gateway's current specification: what refusal scenarios ask for, so a target that
    /// wrongly accepts one changes nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_spec_id: Option<String>,
}

/// CPH resources.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cph {
    /// The CPH endpoint (`https://cph.{region}.myhuaweicloud.com`); default: the run's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Cloud phone server id.
    pub server_id: String,
    /// The server flavor to change to (the 200 scenarios).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_model_name: Option<String>,
    /// The phone flavor to change to, matching `server_model_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_model_name: Option<String>,
    /// The server's current server flavor: what refusal scenarios ask for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_server_model_name: Option<String>,
    /// The server's current phone flavor: what refusal scenarios ask for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_phone_model_name: Option<String>,
}

/// Hostway accounts API credentials and resources.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hostway {
    /// The accounts API endpoint; default: the run's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The whole `Authorization` header value (`Basic …`).
    pub authorization: Secret,
    /// An existing account.
    pub account_id: String,
    /// A product of that account.
    pub product_id: String,
    /// A service of that product.
    pub service_id: String,
    /// The URI of a service specification the service may change to.
    pub target_service_specification: String,
}

/// Hostway order builder credentials and resources.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostwayOrders {
    /// The order builder endpoint; default: the run's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// `OwnerId` cookie of the order's owner.
    pub owner_id: Secret,
    /// An `OwnerId` known to the target but without permission to change services (403).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forbidden_owner_id: Option<Secret>,
    /// An existing order with an account.
    pub order_id: String,
    /// A product in that order.
    pub product_id: String,
    /// The URI of a service specification to add.
    pub service_specification: String,
    /// A billing cycle within 1–120 that the added service does not support (400 computeFault).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsupported_billing_cycle: Option<u32>,
    /// The billing cycles (months) the added service supports; examples are sent with them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_billing_cycles: Option<Vec<u32>>,
    /// Services are added named `<service_name>-<run id>` (default `conformance`), so runs
    /// never clash and a user can find them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
}

/// The target's documented-fault control.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// A request header whose value (a status code, e.g. `500`) makes the target answer that fault.
    pub header: String,
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
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io { path: shown.clone(), source })?;
        Self::parse(&text, &shown, |v| std::env::var(v).ok())
    }

    /// Parses profile text; `env` resolves `${VAR}`.
    pub fn parse(text: &str, name: &str, env: impl Fn(&str) -> Option<String>) -> Result<Self, ProfileError> {
        let format = |message: String| ProfileError::Format { path: name.into(), message };
        let mut raw: toml::Value = toml::from_str(text).map_err(|e| format(e.to_string()))?;
        expand(&mut raw, "", name, &env)?;
        serde_path_to_error::deserialize(raw).map_err(|e| {
            let at = e.path().to_string();
            let inner = e.into_inner();
            if at.is_empty() || at == "." { format(inner.to_string()) } else { format(format!("{at}: {inner}")) }
        })
    }

    /// The profile as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Every secret value, for redaction.
    pub fn secrets(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(h) = &self.huawei {
            let all = [&h.token, &h.forbidden_token, &h.ak, &h.sk, &h.security_token];
            out.extend(all.into_iter().flatten().map(|s| s.0.clone()));
        }
        if let Some(h) = &self.hostway {
            out.push(h.authorization.0.clone());
        }
        if let Some(o) = &self.hostway_orders {
            out.push(o.owner_id.0.clone());
            out.extend(o.forbidden_owner_id.iter().map(|s| s.0.clone()));
        }
        out.retain(|s| !s.is_empty());
        out
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

    fn parse(text: &str) -> Result<Profile, String> {
        Profile::parse(text, "p.toml", |_| None).map_err(|e| e.to_string())
    }

    #[test]
    fn an_unknown_key_is_named_with_its_table_and_the_keys_allowed_there() {
        let e = parse("[huawei]\nproject_id = \"p\"\n[huawei.apig]\ninstance_id = \"i\"\nspec = \"X\"\n").unwrap_err();
        assert!(e.contains("huawei.apig.spec"), "{e}");
        assert!(e.contains("unknown field `spec`"), "{e}");
        assert!(e.contains("`target_spec_id`") && e.contains("`current_spec_id`"), "{e}");
        let e = parse("base_url = \"http://x\"\nbase_ulr = \"http://y\"\n").unwrap_err();
        assert!(e.contains("unknown field `base_ulr`") && e.contains("`safety`"), "{e}");
    }

    #[test]
    fn safety_lists_the_allowed_classes() {
        let p = parse("[safety]\nallow = [\"changes\", \"billable\"]\n").unwrap();
        assert_eq!(p.safety.allow, [Effect::Changes, Effect::Billable]);
        assert!(parse("[safety]\nallow = [\"everything\"]\n").unwrap_err().contains("everything"));
        assert_eq!(Effect::from_tag("effect-none"), Some(Effect::None));
        assert_eq!(Effect::from_tag("effect-free"), None);
    }
}
