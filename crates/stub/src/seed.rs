//! What the stub starts with, and what `POST /__stub/seed` adds. At start: (a) every
//! operation's `resource.path` rendered with the stub's values of its bindings (where every
//! placeholder is bound to a profile value), the attributes its `change` bindings change set to
//! the stub's values of their `current` keys, (b) every fixture's `stub.resources` (`{key}` in a
//! path or an attribute value is the stub's value of that profile key), and the credentials of
//! every operation's scheme. A seed request adds resources and credentials, generically:
//! `{"resources": [{"path", "attributes"}], "credentials": [{"scheme", "kind", "value", "paired",
//! "grant", "secret"}]}`; it applies whole or not at all.

use std::borrow::Cow;

use conformance_contract::bind::{BindContext, as_text, resolve};
use conformance_contract::meets::At;
use conformance_contract::{AuthScheme, Contracts};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::StubError;
use crate::auth;
use crate::paths::{PathTemplate, canonical};
use crate::plan::Plan;
use crate::profile::StubValues;
use crate::state::{Attrs, Credential, Grant, Keyring, State};

/// The state right after start (and after every reset).
pub(crate) fn initial(
    contracts: &Contracts,
    plans: &[Plan],
    values: &StubValues,
    keyring: Keyring,
) -> Result<State, StubError> {
    let mut state = State::default();
    state.keyring = keyring;
    let profile = values.profile(contracts, "http://stub.invalid", "");
    let cx = BindContext { harmless: false, run_id: "stub", created: &[] };
    for (op, plan) in contracts.operations().iter().zip(plans) {
        let Some((template, _)) = &plan.resource else { continue };
        let path = template.render(|var| {
            let at = match var.strip_prefix("body:") {
                Some(p) => At::Body(p.to_string()),
                None => At::Path(var.to_string()),
            };
            let b = op.contract().bindings.iter().find(|b| b.at == at)?;
            let v = resolve(&b.from, None, &profile, &cx, &mut Vec::new()).ok()?;
            Some(Cow::Owned(as_text(&v)))
        });
        if let Some(path) = path.as_deref().and_then(canonical) {
            // The values its change bindings change start as the stub's values of their
            // `current` keys: what a run changes them from and sets them back to.
            let attrs = op
                .changes()
                .iter()
                .filter_map(|ch| Some((ch.attribute.to_string(), values.get(ch.current?)?.clone())))
                .collect();
            state.insert(path, attrs);
        }
    }
    for op in contracts.operations() {
        for (i, r) in op.contract().stub.resources.iter().enumerate() {
            let field = format!("stub.resources[{i}]");
            let bad = |m: String| StubError::fixture(op.id(), &field, m);
            let t = PathTemplate::parse(&r.path).map_err(bad)?;
            let path = t.render(|k| values.text(k).map(Cow::Owned));
            let path = path
                .as_deref()
                .and_then(canonical)
                .ok_or_else(|| bad(format!("`{}` names a key the stub has no value of", r.path)))?;
            let mut attrs = Attrs::new();
            for (k, v) in &r.attributes {
                attrs.insert(k.clone(), fill(v, values).map_err(|m| bad(format!("attributes.{k}: {m}")))?);
            }
            state.insert(path, attrs);
        }
    }
    Ok(state)
}

/// `v` with each `{key}` replaced by the stub's value of that profile key (a whole-string
/// `{key}` by the value itself).
fn fill(v: &Value, values: &StubValues) -> Result<Value, String> {
    Ok(match v {
        Value::String(s) => {
            if let Some(key) = s.strip_prefix('{').and_then(|x| x.strip_suffix('}')).filter(|k| !k.contains(['{', '}']))
            {
                return values.get(key).cloned().ok_or_else(|| format!("the stub has no value of `{key}`"));
            }
            let mut out = s.clone();
            for key in PathTemplate::parse(s)?.vars() {
                let value = values.text(key).ok_or_else(|| format!("the stub has no value of `{key}`"))?;
                out = out.replace(&format!("{{{key}}}"), &value);
            }
            Value::String(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, values)).collect::<Result<_, _>>()?),
        Value::Object(o) => {
            let mut m = Map::new();
            for (k, x) in o {
                m.insert(k.clone(), fill(x, values)?);
            }
            Value::Object(m)
        }
        other => other.clone(),
    })
}

/// The body of `POST /__stub/seed`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SeedRequest {
    #[serde(default)]
    resources: Vec<SeedResource>,
    #[serde(default)]
    credentials: Vec<SeedCredential>,
}

/// A resource to add (its attributes merged into an existing one's).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedResource {
    path: String,
    #[serde(default)]
    attributes: Attrs,
}

/// A credential to accept.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedCredential {
    scheme: AuthScheme,
    kind: String,
    value: String,
    #[serde(default)]
    paired: Option<String>,
    #[serde(default = "permitted")]
    grant: Grant,
    #[serde(default = "yes")]
    secret: bool,
}

fn permitted() -> Grant {
    Grant::Permitted
}

fn yes() -> bool {
    true
}

impl SeedRequest {
    /// Applies the seed to `state`, whole or not at all.
    pub(crate) fn apply(self, state: &mut State) -> Result<(), String> {
        let mut next = state.clone();
        for r in self.resources {
            let path = Some(r.path.as_str())
                .filter(|p| p.starts_with('/'))
                .and_then(canonical)
                .ok_or_else(|| format!("`{}` is not a path (/segment/…)", r.path))?;
            next.insert(path, r.attributes);
        }
        for c in self.credentials {
            let kinds = auth::kinds(&c.scheme);
            let Some(kind) = kinds.iter().find(|k| **k == c.kind) else {
                return Err(format!(
                    "{} has no credential kind `{}`; its kinds: {}",
                    c.scheme.name(),
                    c.kind,
                    kinds.join(", ")
                ));
            };
            let cred = Credential { grant: c.grant, paired: c.paired, secret: c.secret };
            next.keyring.add(c.scheme, kind, c.value, cred);
        }
        *state = next;
        Ok(())
    }
}
