//! The answer-wide [`Variation`]s, applied by the core to every vendor answer after the
//! operation modules built it: extra members, member order, layout, content type, extra
//! headers, `Connection: close`. The per-operation ones (other fees, the HTML 401, a relative
//! `Location`, self links on another origin) live where those answers are built, and the
//! transport-level ones (`chunked`, lower-case header names) in [`crate::serve`].

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::errors::{ErrorShape, JSON, StubResponse};
use crate::variation::Variation;

/// The origin of self links under [`Variation::SelfLinkOtherOrigin`].
pub(crate) const OTHER_ORIGIN: &str = "https://api.example.net";
/// The content type under [`Variation::ContentTypeCharset`].
pub(crate) const JSON_CHARSET: &str = "application/json;charset=UTF-8";

/// `resp` (the answer to a request for `path`) as `variation` changes it.
pub(crate) fn apply(variation: Variation, path: &str, mut resp: StubResponse) -> StubResponse {
    match variation {
        Variation::HuaweiErrorRequestId if resp.status >= 400 && ErrorShape::for_path(path) == ErrorShape::Huawei => {
            edit_json(resp, false, |v| {
                if let Some(o) = v.as_object_mut().filter(|o| o.contains_key("error_code")) {
                    o.insert("request_id".into(), Value::String(uuid::Uuid::new_v4().simple().to_string()));
                }
            })
        }
        Variation::HostwayFaultExtraMember
            if resp.status >= 400 && ErrorShape::for_path(path) == ErrorShape::Hostway =>
        {
            edit_json(resp, false, |v| {
                let envelope = v.as_object_mut().filter(|o| o.len() == 1);
                if let Some(fault) = envelope.and_then(|o| o.values_mut().next()).and_then(Value::as_object_mut) {
                    fault.insert("requestId".into(), Value::String(uuid::Uuid::new_v4().to_string()));
                }
            })
        }
        Variation::SuccessExtraMembers if resp.status < 400 => edit_json(resp, false, |v| {
            if let Some(o) = v.as_object_mut() {
                o.insert("requestId".into(), Value::String(uuid::Uuid::new_v4().to_string()));
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
            let taken = std::mem::take(o);
            let mut members: Vec<(String, Value)> = taken.into_iter().collect();
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
    let is_json = resp.header("content-type").is_some_and(|c| c.starts_with(JSON));
    let Some(mut value) = is_json.then(|| serde_json::from_slice::<Value>(&resp.body).ok()).flatten() else {
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
    fn non_json_answers_are_left_alone() {
        let r = StubResponse::text(401, "prose");
        let out = apply(Variation::PrettyJson, "/orders/x", r.clone());
        assert_eq!(out, r);
    }
}
