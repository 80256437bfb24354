//! The answer to a routed request: a refusal (the operation's answer for its status, or the
//! one a hook chose, with details and reason) or the success (its answer, the hook's
//! adjustment, the created resource's header), each with the mutation in force applied.

use serde_json::{Map, Value};

use super::call::Call;
use crate::answer::{self, Answer, Rendered};
use crate::modes::Variation;
use crate::request::StubResponse;
use crate::{mutate, template, vary};

impl Call<'_> {
    pub(super) fn cx<'c>(
        &'c self,
        body: Option<&'c Value>,
        details: Option<&'c Map<String, Value>>,
        reason: Option<&'c str>,
    ) -> template::Cx<'c> {
        template::Cx {
            status: 0,
            params: Some(&self.params),
            body,
            details,
            reason,
            method: self.req.method,
            allow: &self.plan.method,
            limit: self.core.config().max_body_bytes,
            path: self.req.path,
        }
    }

    pub(super) fn origin(&self, answer: &Answer) -> String {
        match (answer.needs_origin(), self.active.variation) {
            (false, _) => String::new(),
            (true, Some(Variation::SelfLinkOtherOrigin)) => vary::OTHER_ORIGIN.to_string(),
            (true, _) => self.req.origin(),
        }
    }

    /// The refusal `status`, answered with `answer` or the operation's answer for it.
    pub(super) fn refuse(
        &self,
        status: u16,
        answer: Option<&Answer>,
        body: Option<&Value>,
        details: Option<Map<String, Value>>,
        reason: Option<String>,
    ) -> StubResponse {
        let Some(answer) = answer.or_else(|| self.plan.answer(status)) else { return StubResponse::empty(status) };
        let fill = self.cx(body, details.as_ref(), reason.as_deref());
        let origin = self.origin(answer);
        let cx = answer::Cx { fill, path: self.req.path, origin: &origin };
        let Some(t) = self.transform() else { return answer.respond(self.op, &cx) };
        let mut r = answer.render(self.op, &cx);
        mutate::refusal(t, &mut r);
        r.finish()
    }

    /// The success `answer` (picked by hook `by`), with the created resource's header.
    pub(super) fn succeed(
        &self,
        answer: &Answer,
        by: Option<usize>,
        body: Option<&Value>,
        created: Option<(&str, String)>,
    ) -> StubResponse {
        let fill = self.cx(body, None, None);
        let origin = self.origin(answer);
        let cx = answer::Cx { fill, path: self.req.path, origin: &origin };
        let created = created.map(|(header, path)| {
            let value = match self.active.variation {
                Some(Variation::RelativeLocation) => path,
                _ => format!("{}{path}", self.req.origin()),
            };
            (header.to_string(), value)
        });
        // Nothing to adjust (no mutation, no hook's answer): straight to the bytes.
        if self.transform().is_none() && by.is_none() {
            let mut resp = answer.respond(self.op, &cx);
            resp.headers.extend(created.map(|(k, v)| (k.into(), v.into())));
            return resp;
        }
        let mut r: Rendered = answer.render(self.op, &cx);
        if let (Some(i), Some(json)) = (by, r.json.as_mut())
            && let Some((_, h)) = self.plan.hooks.get(i)
        {
            h.adjust(answer, &self.hook_mode(i), json);
        }
        r.headers.extend(created);
        if let Some(t) = self.transform() {
            mutate::success(t, &mut r);
        }
        r.finish()
    }
}
