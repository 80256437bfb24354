//! The state-locked part of a request: the addressed resource must exist, the body's refusal,
//! the hooks (which may refuse or pick the success), then the success status's effect on the
//! state (attributes set, or a resource created under the request's path).

use std::borrow::Cow;

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
        let (answer, by) = match picked {
            Some((a, i)) => (a, Some(i)),
            None => match self.plan.success() {
                Some(a) => (a, None),
                // Never: `Plan::compile` refuses an operation without a 2xx status.
                None => return refuse(500, None, Some("the operation documents no success".into())),
            },
        };
        let created = self.apply_effect(s, answer.status, body, resource);
        Decision::Success { answer, by, created }
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
