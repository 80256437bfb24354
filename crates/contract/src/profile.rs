//! The target profile (TOML): what a target supplies so each documented status can be
//! provoked — credentials with and without permission, ids of existing resources, a fault
//! control. Strings may name environment variables (`token = "${APIG_TOKEN}"`). A scenario
//! tagged `@needs-…` runs only where the profile meets the need; otherwise it is skipped
//! with the reason [`Profile::lacks`] gives.

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
    /// Gateway id.
    pub instance_id: String,
}

/// CPH resources.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cph {
    /// Cloud phone server id.
    pub server_id: String,
}

/// Hostway accounts API credentials and resources.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hostway {
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
}

/// The target's documented-fault control.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// A request header whose value (a status code, e.g. `500`) makes the target answer that fault.
    pub header: String,
}

/// What a scenario may need from a target (`@needs-<name>` tags).
pub const NEEDS: &[&str] = &[
    "huawei-credentials",
    "ak-sk",
    "forbidden-token",
    "apig-instance",
    "cph-server",
    "hostway-credentials",
    "owner-cookie",
    "forbidden-owner",
    "unsupported-cycle",
    "fault-injection",
];

/// A profile could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file could not be read.
    #[error("cannot read profile {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
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
        raw.try_into().map_err(|e: toml::de::Error| format(e.to_string()))
    }

    /// The profile as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Every secret value, for redaction.
    pub fn secrets(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(h) = &self.huawei {
            out.extend([&h.token, &h.forbidden_token, &h.ak, &h.sk].into_iter().flatten().map(|s| s.0.clone()));
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

    /// Why this profile cannot meet `need` (a name from [`NEEDS`]); `None` when it can.
    pub fn lacks(&self, need: &str) -> Option<String> {
        let h = self.huawei.as_ref();
        let met = match need {
            "huawei-credentials" => h.is_some_and(|h| h.token.is_some() || (h.ak.is_some() && h.sk.is_some())),
            "ak-sk" => h.is_some_and(|h| h.ak.is_some() && h.sk.is_some()),
            "forbidden-token" => h.is_some_and(|h| h.forbidden_token.is_some()),
            "apig-instance" => h.is_some_and(|h| h.apig.is_some()),
            "cph-server" => h.is_some_and(|h| h.cph.is_some()),
            "hostway-credentials" => self.hostway.is_some(),
            "owner-cookie" => self.hostway_orders.is_some(),
            "forbidden-owner" => self.hostway_orders.as_ref().is_some_and(|o| o.forbidden_owner_id.is_some()),
            "unsupported-cycle" => self.hostway_orders.as_ref().is_some_and(|o| o.unsupported_billing_cycle.is_some()),
            "fault-injection" => self.faults.is_some(),
            other => return Some(format!("unknown need `{other}` (known: {})", NEEDS.join(", "))),
        };
        (!met).then(|| {
            let key = match need {
                "huawei-credentials" => "[huawei] token, or ak and sk",
                "ak-sk" => "[huawei] ak and sk",
                "forbidden-token" => "[huawei] forbidden_token",
                "apig-instance" => "[huawei.apig] instance_id",
                "cph-server" => "[huawei.cph] server_id",
                "hostway-credentials" => "[hostway]",
                "owner-cookie" => "[hostway-orders]",
                "forbidden-owner" => "[hostway-orders] forbidden_owner_id",
                "unsupported-cycle" => "[hostway-orders] unsupported_billing_cycle",
                _ => "[faults] header",
            };
            format!("the profile gives no {key}")
        })
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
