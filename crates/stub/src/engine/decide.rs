//! The state-locked part of a request: the addressed resource must exist, the query's and the
//! body's refusals,
//! the hooks (which may refuse or pick the success), a change the mode refuses (to the value the
//! resource has now, under `refuses-no-op-change`; back to its start value, under
//! `<vendor>/<operation>:refuses-change-back`), then the success status's effect on the state
//! (attributes set, or a resource created under the request's path; nothing for a success whose
//! documented effect for this body is `none`, a dry run).

use std::borrow::Cow;

use conformance_contract::Effect;
use serde_json::{Map, Value};

use super::call::{Call, Decision};
use crate::body::Checked;
use crate::hooks::{HookCx, HookMode, Outcome};
use crate::modes::{Transform, Variation};
use crate::pointer;

impl Call<'_> {
    /// Under the state lock: the resource, the body's refusal, the hooks, the effect.
    pub(super) fn decide<'p>(
        &'p self,
        s: &mut crate::state::State,
        checked: &Checked,
        resource: Option<&str>,
        principal: Option<&str>,
    ) -> Decision<'p> {
        let refuse = |status, details: Option<Map<String, Value>>, reason: Option<String>| Decision::Refuse {
            status,
            answer: None,
            details,
            reason,
        };
        if self.plan.resource.is_some() && !resource.is_some_and(|r| s.contains(r)) {
            let status = if matches!(self.transform(), Some(Transform::NotFoundAs400)) { 400 } else { 404 };
            return refuse(status, None, None);
        }
        let relax = match self.transform() {
            Some(Transform::IgnoresQuery(r)) => Some(r),
            _ => None,
        };
        if let Err((details, reason)) = crate::query::check(self.op, relax, self.req.query) {
            return refuse(400, Some(details), Some(reason));
        }
        let body = match checked {
            Checked::Valid(b) => b,
            Checked::Invalid { details, reason, .. } => {
                return refuse(400, Some(details.clone()), Some(reason.clone()));
            }
        };
        let ignores = match self.transform() {
            Some(Transform::Ignores { kind, member, .. }) => Some((*kind, member.as_str())),
            _ => None,
        };
        let mut picked = None;
        for (i, (_, h)) in self.plan.hooks.iter().enumerate() {
            let mode = self.hook_mode(i);
            let mut cx = HookCx { params: &self.params, body, resource, principal, state: s, mode, ignores };
            match h.check(&mut cx) {
                Outcome::Continue => {}
                Outcome::Success(a) => picked = Some((a, i)),
                Outcome::Refuse(r) => {
                    return Decision::Refuse { status: r.status, answer: r.answer, details: r.details, reason: None };
                }
            }
        }
        let provoked = self.plan.provoked.iter().find(|(w, s)| w.holds(Some(body)) && !self.ignores_provoked(*s));
        if let (None, Some((_, status))) = (&picked, provoked) {
            return refuse(*status, None, None);
        }
        let (answer, by) = match picked {
            Some((a, i)) => (a, Some(i)),
            None => match self.plan.success_for(body, self.ignored_when()) {
                Some(a) => (a, None),
                // Never: `Plan::compile` refuses an operation without a 2xx status.
                None => return refuse(500, None, Some("the operation documents no success".into())),
            },
        };
        if let Some(reason) = self.refused_change(s, answer.status, body, resource) {
            let member = self.plan.changes.first().map(|(_, p)| top_member(p)).unwrap_or_default();
            let details = Map::from_iter([(member, Value::String("Invalid".into()))]);
            return refuse(400, Some(details), Some(reason));
        }
        let created = self.apply_effect(s, answer.status, body, resource);
        Decision::Success { answer, by, created }
    }

    /// Whether the mutation in force answers the request shape that provokes `status` as any other.
    fn ignores_provoked(&self, status: u16) -> bool {
        matches!(self.transform(), Some(Transform::IgnoresProvoked(s)) if *s == status)
    }

    /// The success status whose `when` the mutation in force ignores.
    fn ignored_when(&self) -> Option<u16> {
        match self.transform() {
            Some(Transform::IgnoresWhen(s)) => Some(*s),
            _ => None,
        }
    }

    /// Why the mode in force refuses this success's change of the resource's changed values:
    /// to the values it has now (`refuses-no-op-change`), or to those it had at the start
    /// (`<vendor>/<operation>:refuses-change-back`: the change back, and so the restore).
    fn refused_change(
        &self,
        s: &crate::state::State,
        status: u16,
        body: &Value,
        resource: Option<&str>,
    ) -> Option<String> {
        let noop = self.active.variation == Some(Variation::RefusesNoOpChange);
        let back = matches!(self.transform(), Some(Transform::RefusesChangeBack));
        if !(noop || back) || self.plan.changes.is_empty() {
            return None;
        }
        let effect = self.plan.effect(status)?;
        if effect.set.is_empty() || effect.class.for_body(Some(body)) == Effect::None {
            return None;
        }
        let path = resource?;
        let now = s.get(path)?;
        let sent: Vec<(&str, &Value)> =
            self.plan.changes.iter().filter_map(|(a, p)| Some((a.as_str(), body.pointer(p)?))).collect();
        if sent.is_empty() {
            return None;
        }
        let same =
            |attrs: Option<&crate::state::Attrs>| sent.iter().all(|(a, v)| attrs.and_then(|m| m.get(*a)) == Some(*v));
        let names = sent.iter().map(|(a, _)| *a).collect::<Vec<_>>().join(", ");
        if noop && same(Some(now)) {
            return Some(format!("the resource already has this {names}: a change to the same value is not supported"));
        }
        if back && same(self.core.seed_state().get(path)) {
            return Some(format!("a change of {names} back to a previous value is not supported"));
        }
        None
    }

    /// The effect of success `status` on the state; the created resource, if any.
    pub(super) fn apply_effect<'p>(
        &'p self,
        s: &mut crate::state::State,
        status: u16,
        body: &Value,
        resource: Option<&str>,
    ) -> Option<(&'p str, String)> {
        let effect = self.plan.effect(status)?;
        if effect.class.for_body(Some(body)) == Effect::None {
            return None;
        }
        if let Some(attrs) = resource.and_then(|r| s.get_mut(r)) {
            for (attr, pointer) in &effect.set {
                // The same value again (the usual case) keeps the stored one: no allocation.
                if let Some(v) = pointer::get(body, pointer).filter(|v| attrs.get(attr) != Some(*v)) {
                    attrs.insert(attr.clone(), v.clone());
                }
            }
        }
        let (header, attributes) = effect.creates.as_ref()?;
        let parent = self.plan.path.render(|v| self.params.get(v).map(Cow::Borrowed))?;
        let path = format!("{}/{}", parent.trim_end_matches('/'), uuid::Uuid::new_v4());
        let attrs = attributes.iter().filter_map(|(a, p)| Some((a.clone(), pointer::get(body, p)?.clone()))).collect();
        s.create(&parent, path.clone(), attrs, self.core.config().max_services_per_product);
        Some((header.as_str(), path))
    }

    /// The mode of hook `i` of the operation: its own mutation and variation in force.
    pub(super) fn hook_mode(&self, i: usize) -> HookMode {
        let hook = self.plan.hooks.get(i).map(|(name, _)| *name);
        let mutation = match (self.m, self.transform()) {
            (Some(m), Some(Transform::Hook(name))) if m.hook.is_some() && m.hook == hook => Some(*name),
            _ => None,
        };
        let variation = match self.active.variation {
            Some(Variation::Hook(h, name)) if Some(h) == hook => Some(name),
            _ => None,
        };
        HookMode { mutation, variation }
    }
}

/// The top-level member of a body pointer (`/actionData/x` → `actionData`).
fn top_member(pointer: &str) -> String {
    let first = pointer.trim_start_matches('/').split('/').next().unwrap_or_default();
    conformance_contract::unescape_token(first).into_owned()
}
