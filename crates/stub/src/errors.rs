//! Response values and error bodies built where the docs print no example: the Huawei common
//! shape `{"error_code", "error_msg"}` (the shape of the documented Huawei error examples in
//! `fixtures/huawei-apig/`) and the Hostway envelope
//! `{"<kind>": {"guid", "message", "code", "details"}}` (as printed on the order-builder PUT
//! page). Documented bodies never come from here: they are instantiated from the fixtures.

use bytes::Bytes;
use serde_json::{Value, json};

/// The content type of every JSON answer.
pub(crate) const JSON: &str = "application/json";

/// What the core answers: status, headers and body, independent of any HTTP crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers, in order (`Content-Type` included when there is a body).
    pub headers: Vec<(String, String)>,
    /// Response body (empty for none).
    pub body: Bytes,
}

impl StubResponse {
    /// A response without body.
    pub fn empty(status: u16) -> Self {
        StubResponse { status, headers: Vec::new(), body: Bytes::new() }
    }

    /// A JSON response.
    pub fn json(status: u16, body: &Value) -> Self {
        // Room for the usual answer, so serialising it does not grow the buffer.
        let mut bytes = Vec::with_capacity(256);
        if serde_json::to_writer(&mut bytes, body).is_err() {
            bytes.clear();
        }
        StubResponse { status, headers: vec![("Content-Type".into(), JSON.into())], body: Bytes::from(bytes) }
    }

    /// A plain-text response.
    pub fn text(status: u16, body: &str) -> Self {
        let headers = vec![("Content-Type".into(), "text/plain; charset=utf-8".into())];
        StubResponse { status, headers, body: Bytes::from(body.to_string()) }
    }

    /// This response with one more header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        conformance_signing::header_value(&self.headers, name)
    }
}

/// A Huawei error in the common shape. Used only where the page documents no body (400, 404,
/// 405, 413 and the CPH page's auth failures have their own derived examples): the codes are
/// assumptions, named in the caller's comment; the harness never asserts undocumented bodies.
pub(crate) fn huawei_error(status: u16, code: &str, msg: impl Into<String>) -> StubResponse {
    StubResponse::json(status, &json!({ "error_code": code, "error_msg": msg.into() }))
}

/// A Hostway error envelope, the shape the order-builder PUT page prints for its errors
/// (`badRequest`, `itemNotFound`, `computeFault`). Used where a page gives a status but no body
/// (accounts API action errors, add-service errors, PUT 403): an assumption in each case.
pub(crate) fn hostway_error(status: u16, kind: &str, message: &str, details: Value) -> StubResponse {
    let guid = uuid::Uuid::new_v4().to_string();
    StubResponse::json(
        status,
        &json!({ kind: { "guid": guid, "message": message, "code": status, "details": details } }),
    )
}

/// A `details` map of one entry: `{field: what}`, the Hostway envelope's way of naming the one
/// field a request got wrong.
pub(crate) fn detail(field: &str, what: impl Into<Value>) -> serde_json::Map<String, Value> {
    serde_json::Map::from_iter([(field.to_string(), what.into())])
}

/// Which error shape a path's vendor uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorShape {
    /// `{"error_code", "error_msg"}`.
    Huawei,
    /// `{"<kind>": {guid, message, code, details}}`.
    Hostway,
}

impl ErrorShape {
    /// The shape for a request path: Huawei paths start with `/v1/` or `/v2/`.
    pub(crate) fn for_path(path: &str) -> ErrorShape {
        if path.starts_with("/v1/") || path.starts_with("/v2/") { ErrorShape::Huawei } else { ErrorShape::Hostway }
    }

    /// 404 for a path no operation has. Huawei: `APIG.0101` is the gateway's code for an API
    /// that does not exist (assumed, not on these pages).
    pub(crate) fn no_route(self, path: &str) -> StubResponse {
        match self {
            ErrorShape::Huawei => huawei_error(404, "APIG.0101", "The API does not exist or has not been published"),
            ErrorShape::Hostway => hostway_error(404, "itemNotFound", "Resource not found", json!({ "path": path })),
        }
    }

    /// 405 for a known path with another method; `allow` names the documented one.
    pub(crate) fn wrong_method(self, method: &str, allow: &str) -> StubResponse {
        let msg = format!("Method {method} is not allowed here; the documented method is {allow}");
        let r = match self {
            // APIG.0103-style code: an assumption, no page documents 405.
            ErrorShape::Huawei => huawei_error(405, "APIG.0103", msg),
            ErrorShape::Hostway => hostway_error(405, "badMethod", &msg, Value::String(String::new())),
        };
        r.with_header("Allow", allow)
    }

    /// 413 for a body over the cap. Huawei: `APIG.0201` is the gateway's "Request entity too
    /// large" (assumed); Hostway: `requestEntityTooLarge`, the envelope's kind for it (assumed).
    pub(crate) fn too_large(self, limit: usize) -> StubResponse {
        let msg = format!("Request body is larger than the limit of {limit} bytes");
        match self {
            ErrorShape::Huawei => huawei_error(413, "APIG.0201", msg),
            ErrorShape::Hostway => hostway_error(413, "requestEntityTooLarge", &msg, Value::String(String::new())),
        }
    }

    /// 400 for a bad use of the stub's own fault header.
    pub(crate) fn bad_fault_header(self, message: &str) -> StubResponse {
        match self {
            ErrorShape::Huawei => huawei_error(400, "STUB.0400", message),
            ErrorShape::Hostway => {
                hostway_error(400, "badRequest", message, json!({ crate::config::FAULT_HEADER: "Invalid" }))
            }
        }
    }
}
