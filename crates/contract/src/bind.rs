//! How a profile's values go into a request, as the fixture's `bindings` say: path and query
//! parameters,
//! the values of a request example that name the account's resources or test data (a change's
//! target value, needing the resource's start value too so a run can set it back, or the
//! resource's current one for a request a correct target refuses), lists
//! of supported values, names unique to the run, the ids of resources the scenario created, and
//! the `{placeholders}` of URLs in example bodies. Every function pushes the [`Need`]s it used
//! to `used`: planned against a profile that has every key ([`Profile::every_key`]), that is
//! exactly what a scenario needs.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::keys::KeySchema;
use crate::load::Operation;
use crate::meets::{At, BindingDoc, End, KeyType, Source, Which};
use crate::need::Need;
use crate::profile::Profile;

/// What a binding needs to know of the scenario.
#[derive(Debug, Clone, Copy)]
pub struct BindContext<'a> {
    /// The request is one a correct target refuses: a change asks for the resource's current
    /// value, so a wrong target that accepts it changes nothing.
    pub harmless: bool,
    /// The run's id, appended to generated names.
    pub run_id: &'a str,
    /// The ids of the resources the scenario created, oldest first.
    pub created: &'a [String],
}

/// A value could not be bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    /// The profile does not meet a need the request uses.
    #[error("{}", .0.reason())]
    Unmet(Need),
    /// Anything else (a placeholder with no value, no created resource).
    #[error("{0}")]
    Other(String),
}

/// Records `need` as used; `Err` when `p` does not meet it.
fn need(p: &Profile, need: Need, used: &mut Vec<Need>) -> Result<(), BindError> {
    let met = need.is_met(p);
    used.push(need.clone());
    if met { Ok(()) } else { Err(BindError::Unmet(need)) }
}

fn key_value(p: &Profile, key: &str, used: &mut Vec<Need>) -> Result<Value, BindError> {
    need(p, Need::key(key), used)?;
    p.get(key).cloned().ok_or(BindError::Unmet(Need::key(key)))
}

/// The keys a source reads (a template's too), for optional bindings.
fn keys_of(s: &Source, out: &mut Vec<String>) {
    match s {
        Source::Key(k) | Source::Pick { key: k, .. } => out.push(k.clone()),
        Source::Change { target, .. } => out.push(target.clone()),
        Source::Template(m) => m.values().for_each(|s| keys_of(s, out)),
        Source::Created(_) | Source::Name { .. } => {}
    }
}

/// The value of `source`; `example` is the value it replaces (a template's text).
pub fn resolve(
    source: &Source,
    example: Option<&Value>,
    p: &Profile,
    cx: &BindContext<'_>,
    used: &mut Vec<Need>,
) -> Result<Value, BindError> {
    match source {
        Source::Key(k) => key_value(p, k, used),
        Source::Change { target, current } => match current {
            Some(current) if cx.harmless => {
                need(p, Need::either([Need::key(current), Need::key(target)]), used)?;
                Ok(p.get(current).or_else(|| p.get(target)).cloned().unwrap_or(Value::Null))
            }
            Some(current) => {
                // A change needs the value to come back to: the run leaves the resource as it
                // found it.
                need(p, Need::key(current), used)?;
                key_value(p, target, used)
            }
            None => key_value(p, target, used),
        },
        Source::Pick { key, end } => {
            let list = key_value(p, key, used)?;
            let items = list.as_array().cloned().unwrap_or_default();
            let pick = match end {
                End::First => items.first().cloned(),
                End::Last => items.last().cloned(),
                End::Min => items.iter().min_by_key(|v| v.as_i64()).cloned(),
                End::Max => items.iter().max_by_key(|v| v.as_i64()).cloned(),
            };
            pick.ok_or_else(|| BindError::Other(format!("{} is an empty list", crate::keys::shown(key))))
        }
        Source::Created(which) => {
            let id = match which {
                Which::First => cx.created.first(),
                Which::Last => cx.created.last(),
            };
            id.map(|s| Value::from(s.clone())).ok_or_else(|| {
                BindError::Other("this value names a resource the scenario created: create one first".into())
            })
        }
        Source::Name { prefix, default } => {
            let prefix = prefix.as_deref().and_then(|k| p.text(k)).unwrap_or(default);
            Ok(Value::from(format!("{prefix}-{}", cx.run_id)))
        }
        Source::Template(parts) => {
            let text = example.and_then(Value::as_str).unwrap_or_default();
            let mut out = text.to_string();
            for (name, src) in parts {
                let placeholder = format!("{{{name}}}");
                if out.contains(&placeholder) {
                    let v = resolve(src, None, p, cx, used)?;
                    out = out.replace(&placeholder, &as_text(&v));
                }
            }
            match out.find('{').zip(out.find('}')) {
                Some((a, b)) if a < b => {
                    Err(BindError::Other(format!("no value for placeholder {} in {text:?}", &out[a..=b])))
                }
                _ => Ok(Value::from(out)),
            }
        }
    }
}

/// A value as text in a path or a URL.
pub fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Binds one binding: `Ok(None)` when it is optional and the profile does not give its key.
fn bind_one(
    b: &BindingDoc,
    example: Option<&Value>,
    p: &Profile,
    cx: &BindContext<'_>,
    used: &mut Vec<Need>,
) -> Result<Option<Value>, BindError> {
    if b.optional {
        let mut keys = Vec::new();
        keys_of(&b.from, &mut keys);
        if !keys.iter().all(|k| p.has(k)) {
            return Ok(None);
        }
        return resolve(&b.from, example, p, cx, &mut Vec::new()).map(Some);
    }
    resolve(&b.from, example, p, cx, used).map(Some)
}

impl Operation {
    /// The path parameters of a request: `overrides` (ids no target knows, a path followed
    /// from a `Location`) first, then the bindings.
    pub fn bind_path(
        &self,
        p: &Profile,
        cx: &BindContext<'_>,
        overrides: &BTreeMap<String, String>,
        used: &mut Vec<Need>,
    ) -> Result<BTreeMap<String, String>, BindError> {
        let mut out = BTreeMap::new();
        for param in &self.contract().path_params {
            if let Some(v) = overrides.get(&param.name) {
                out.insert(param.name.clone(), v.clone());
                continue;
            }
            let at = At::Path(param.name.clone());
            let binding = self.contract().bindings.iter().find(|b| b.at == at).ok_or_else(|| {
                BindError::Other(format!("{}: no binding gives path parameter {}", self.id(), param.name))
            })?;
            let v = bind_one(binding, None, p, cx, used)?.unwrap_or(Value::Null);
            out.insert(param.name.clone(), as_text(&v));
        }
        Ok(out)
    }

    /// The query of a request, in the documented order: `overrides` first (a value set, or
    /// `None`: left out), then each parameter's binding, then for a required one the value the
    /// page states ([`crate::query::sent_value`]). An optional parameter nothing gives is not
    /// sent.
    pub fn bind_query(
        &self,
        p: &Profile,
        cx: &BindContext<'_>,
        overrides: &BTreeMap<String, Option<String>>,
        used: &mut Vec<Need>,
    ) -> Result<Vec<(String, String)>, BindError> {
        let mut out = Vec::new();
        for q in self.query_params() {
            if let Some(v) = overrides.get(&q.name) {
                out.extend(v.iter().map(|v| (q.name.clone(), v.clone())));
                continue;
            }
            let at = At::Query(q.name.clone());
            let bound = match self.contract().bindings.iter().find(|b| b.at == at) {
                Some(b) => bind_one(b, None, p, cx, used)?,
                None => None,
            };
            let value = bound.or_else(|| crate::query::sent_value(q).filter(|_| q.required));
            out.extend(value.map(|v| (q.name.clone(), as_text(&v))));
        }
        Ok(out)
    }

    /// Replaces the values of a request example that the bindings name (those whose pointer
    /// the body has) with the profile's. Templates wait for [`Operation::fill_templates`].
    pub fn bind_body(
        &self,
        p: &Profile,
        body: &mut Value,
        cx: &BindContext<'_>,
        used: &mut Vec<Need>,
    ) -> Result<(), BindError> {
        self.bind_where(p, body, cx, used, |b, _| !matches!(b.from, Source::Template(_)))
    }

    /// Fills the `{placeholders}` of the template bindings whose string the body, as it is about
    /// to be sent, still has (an edit may have replaced or removed it): they may name resources
    /// the scenario created in the meantime.
    pub fn fill_templates(
        &self,
        p: &Profile,
        body: &mut Value,
        cx: &BindContext<'_>,
        used: &mut Vec<Need>,
    ) -> Result<(), BindError> {
        let unfilled = |v: &Value| v.as_str().is_some_and(|t| t.contains('{'));
        self.bind_where(p, body, cx, used, |b, v| matches!(b.from, Source::Template(_)) && unfilled(v))
    }

    /// Binds every body binding whose value the body has and `which` takes.
    fn bind_where(
        &self,
        p: &Profile,
        body: &mut Value,
        cx: &BindContext<'_>,
        used: &mut Vec<Need>,
        which: impl Fn(&BindingDoc, &Value) -> bool,
    ) -> Result<(), BindError> {
        for b in &self.contract().bindings {
            let At::Body(ptr) = &b.at else { continue };
            let Some(example) = body.pointer(ptr).filter(|v| which(b, v)).cloned() else { continue };
            if let Some(v) = bind_one(b, Some(&example), p, cx, used)?
                && let Some(slot) = body.pointer_mut(ptr)
            {
                *slot = v;
            }
        }
        Ok(())
    }

    /// The value of the named test value `name` (`values` of the fixture).
    pub fn named_value(
        &self,
        name: &str,
        p: &Profile,
        cx: &BindContext<'_>,
        used: &mut Vec<Need>,
    ) -> Result<Value, BindError> {
        let source = self.contract().values.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.contract().values.keys().map(String::as_str).collect();
            BindError::Other(format!("{} names no test value {name:?} (known: {known:?})", self.id()))
        })?;
        resolve(source, None, p, cx, used)
    }

    /// The binding of the value that names the resource `noun` (`gateway`), if any.
    pub fn naming(&self, noun: &str) -> Option<&BindingDoc> {
        self.contract().bindings.iter().find(|b| b.names.as_deref() == Some(noun))
    }
}

impl Profile {
    /// A profile that gives every key the schema declares, each a stand-in of its type (and
    /// `[faults] header`, and its target the stub): planning a scenario against it finds every key its
    /// steps read.
    pub fn every_key(schema: &KeySchema) -> Profile {
        let mut p = Profile::default();
        for k in schema.declared() {
            let v = match k.doc.ty {
                KeyType::String => Value::from(format!("plan-{}", k.doc.key)),
                KeyType::Integer => Value::from(1),
                KeyType::Integers => Value::from(vec![1]),
                KeyType::Boolean => Value::from(true),
            };
            p.set(&k.doc.key, v, schema);
        }
        p.set("faults.header", Value::from("X-Plan-Fault"), schema);
        p.stub_target = true;
        p
    }
}
