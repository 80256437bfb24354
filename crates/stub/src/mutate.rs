//! The shape mutations applied to a rendered answer: on a success, its status swapped, a
//! required member dropped or retyped, a documented header dropped, volatile values in the
//! wrong form; on a refusal, one literal of its example changed or a documented header dropped; on any answer of the
//! operation, JSON labelled `text/plain`. The request-side ones (authentication, faults, the
//! resource, ignored constraints) are decided in the engine.

use serde_json::Value;

use crate::answer::Rendered;
use crate::modes::Transform;
use crate::modes::shape::{retyped, wrong_form};
use crate::request::{JSON, StubResponse};

/// Applies `t` to a success answer.
pub(crate) fn success(t: &Transform, r: &mut Rendered) {
    match t {
        Transform::SuccessStatus => r.status = if r.status == 200 { 201 } else { 200 },
        Transform::Drops(m) => {
            if let Some(o) = r.json.as_mut().and_then(Value::as_object_mut) {
                o.remove(m);
            }
        }
        Transform::Retypes(m) => {
            if let Some(slot) = r.json.as_mut().and_then(Value::as_object_mut).and_then(|o| o.get_mut(m)) {
                *slot = retyped(slot);
            }
        }
        Transform::DropsHeader(h) => r.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(h)),
        Transform::VolatileFormat(pointers) => {
            for (p, f) in pointers {
                if let Some(slot) = r.json.as_mut().and_then(|v| v.pointer_mut(p)) {
                    *slot = wrong_form(*f);
                }
            }
        }
        _ => {}
    }
}

/// Applies `t` to a refusal (or fault) answer.
pub(crate) fn refusal(t: &Transform, r: &mut Rendered) {
    if let Transform::DropsErrorHeader(status, h) = t
        && r.status == *status
    {
        r.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(h));
    }
    let Transform::ChangesLiteral { status, pointer, from, to } = t else { return };
    if r.status != *status {
        return;
    }
    match pointer {
        Some(p) => {
            if let Some(slot) = r.json.as_mut().and_then(|v| v.pointer_mut(p)).filter(|v| *v == from) {
                *slot = to.clone();
            }
        }
        None => {
            if r.text.as_deref() == from.as_str() {
                r.text = to.as_str().map(String::from);
            }
        }
    }
}

/// Every JSON answer labelled `text/plain`.
pub(crate) fn text_plain(resp: &mut StubResponse) {
    for (k, v) in &mut resp.headers {
        if k.eq_ignore_ascii_case("content-type") && v == JSON {
            *v = "text/plain".into();
        }
    }
}
