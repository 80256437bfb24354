//! The answer-wide variations, applied to every vendor answer after it is built: extra members
//! (error bodies by their shape, success bodies), member order, layout, content type, extra
//! headers, `Connection: close`, a prose 401 inside HTML. Where an answer is built the engine
//! applies the ones that change what it is built from (self-links on another origin, a relative
//! created-resource header) and the hooks theirs (the fees); the transport-level ones (chunked
//! bodies, lower-case header names) are the standalone adapter's ([`crate::serve`]). Admin
//! answers are never varied.

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::modes::Variation;
use crate::plan::{Shape, shape_of};
use crate::request::{JSON, StubResponse};

/// The origin of self links under `self-link-other-origin`.
pub(crate) const OTHER_ORIGIN: &str = "https://api.example.net";
/// The content type under `content-type-charset`.
pub(crate) const JSON_CHARSET: &str = "application/json;charset=UTF-8";

/// `resp` as `variation` changes it; `shape` is the shape of its operation's error bodies.
pub(crate) fn apply(variation: Variation, shape: Shape, mut resp: StubResponse) -> StubResponse {
    let error = resp.status >= 400;
    match variation {
        Variation::ErrorExtraMember | Variation::ErrorEnvelopeExtraMember if error => {
            edit_json(resp, false, |v| match (variation, shape_of(shape, v), v.as_object_mut()) {
                (Variation::ErrorExtraMember, Shape::Flat, Some(o)) => {
                    o.insert("trace_id".into(), Value::String(uuid::Uuid::new_v4().simple().to_string()));
                }
                (Variation::ErrorEnvelopeExtraMember, Shape::Envelope, Some(o)) if o.len() == 1 => {
                    if let Some(fault) = o.values_mut().next().and_then(Value::as_object_mut) {
                        fault.insert("traceId".into(), Value::String(uuid::Uuid::new_v4().to_string()));
                    }
                }
                _ => {}
            })
        }
        Variation::SuccessExtraMembers if !error => edit_json(resp, false, |v| {
            if let Some(o) = v.as_object_mut() {
                o.insert("requestRef".into(), Value::String(uuid::Uuid::new_v4().to_string()));
                for child in o.values_mut() {
                    extra_nested(child);
                }
            }
        }),
        Variation::MembersReordered => edit_json(resp, false, reverse_members),
        Variation::PrettyJson => edit_json(resp, true, |_| {}),
        Variation::ContentTypeCharset => {
            for (k, v) in &mut resp.headers {
                if k.eq_ignore_ascii_case("content-type") && v == JSON {
                    *v = JSON_CHARSET.into();
                }
            }
            resp
        }
        Variation::ConnectionClose => resp.with_header("Connection", "close"),
        Variation::ExtraHeaders => resp
            .with_header("X-Request-Id", uuid::Uuid::new_v4().to_string())
            .with_header("Cache-Control", "no-store")
            .with_header("Server", "Apache/2.4.62 (Unix)"),
        Variation::Html401
            if resp.status == 401 && resp.header("content-type").is_some_and(|c| c.starts_with("text/plain")) =>
        {
            let text = String::from_utf8_lossy(&resp.body);
            let page = format!(
                "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>401 Unauthorized</title>\n\
                 </head><body>\n<h1>Unauthorized</h1>\n<p>{text}</p>\n</body></html>\n"
            );
            resp.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
            resp.headers.push(("Content-Type".into(), "text/html; charset=iso-8859-1".into()));
            resp.body = Bytes::from(page);
            resp
        }
        _ => resp,
    }
}

/// Every object below the top level gains a member `note`.
fn extra_nested(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for child in o.values_mut() {
                extra_nested(child);
            }
            o.insert("note".into(), Value::String("a member no page shows".into()));
        }
        Value::Array(a) => a.iter_mut().for_each(extra_nested),
        _ => {}
    }
}

/// Every object's members in reverse order, at every depth.
fn reverse_members(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let mut members: Vec<(String, Value)> = std::mem::take(o).into_iter().collect();
            members.reverse();
            *o = members
                .into_iter()
                .map(|(k, mut child)| {
                    reverse_members(&mut child);
                    (k, child)
                })
                .collect::<Map<String, Value>>();
        }
        Value::Array(a) => a.iter_mut().for_each(reverse_members),
        _ => {}
    }
}

/// A JSON answer's body edited by `f` and serialised again (pretty when `pretty`); any other
/// answer unchanged.
fn edit_json(mut resp: StubResponse, pretty: bool, f: impl FnOnce(&mut Value)) -> StubResponse {
    let Some(mut value) = resp.is_json().then(|| serde_json::from_slice::<Value>(&resp.body).ok()).flatten() else {
        return resp;
    };
    f(&mut value);
    let bytes = if pretty { serde_json::to_vec_pretty(&value) } else { serde_json::to_vec(&value) };
    if let Ok(bytes) = bytes {
        resp.body = Bytes::from(bytes);
    }
    resp
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn members_reverse_at_every_depth() {
        let mut v = json!({ "a": 1, "b": { "c": 2, "d": [{ "e": 3, "f": 4 }] } });
        reverse_members(&mut v);
        assert_eq!(serde_json::to_string(&v).unwrap_or_default(), r#"{"b":{"d":[{"f":4,"e":3}],"c":2},"a":1}"#);
    }

    #[test]
    fn error_members_go_where_the_shape_puts_them() {
        let flat = StubResponse::json(401, &json!({ "code": "X", "msg": "m" }));
        let v: Value = serde_json::from_slice(&apply(Variation::ErrorExtraMember, Shape::Flat, flat.clone()).body)
            .unwrap_or_default();
        assert!(v["trace_id"].is_string(), "{v}");
        let same = apply(Variation::ErrorEnvelopeExtraMember, Shape::Flat, flat.clone());
        assert_eq!(same.body, flat.body, "a flat body has no envelope");
        let env = StubResponse::json(404, &json!({ "itemNotFound": { "code": 404 } }));
        let v: Value = serde_json::from_slice(&apply(Variation::ErrorEnvelopeExtraMember, Shape::Unknown, env).body)
            .unwrap_or_default();
        assert!(v["itemNotFound"]["traceId"].is_string(), "{v}");
        let prose = StubResponse::text(401, "prose");
        assert_eq!(apply(Variation::PrettyJson, Shape::Flat, prose.clone()), prose);
    }
}
