//! The plain request and response the core works with, independent of any HTTP crate: both
//! adapters (wiremock in-process, hyper standalone) convert to and from these.

use bytes::Bytes;
use serde_json::Value;

/// The content type of every JSON answer.
pub(crate) const JSON: &str = "application/json";

/// A request as the core sees it.
#[derive(Debug, Clone, Default)]
pub struct StubRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// The path as sent (percent-encoded, no query).
    pub path: String,
    /// The raw query string without `?` (may be empty).
    pub query: String,
    /// Headers as received, names in any case.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Bytes,
}

impl StubRequest {
    /// Built by the two adapters from their `http` parts.
    pub(crate) fn from_http(
        method: &http::Method,
        path: &str,
        query: Option<&str>,
        headers: &http::HeaderMap,
        body: Bytes,
    ) -> Self {
        StubRequest {
            method: method.as_str().to_ascii_uppercase(),
            path: path.to_string(),
            query: query.unwrap_or_default().to_string(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body,
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        conformance_signing::header_value(&self.headers, name)
    }

    /// `http://<Host>`, the origin the client used: for self-links, created resources' headers
    /// and the profile's base URL. `localhost` stands in for a `Host` that is absent, empty or
    /// not ASCII.
    pub fn origin(&self) -> String {
        let host = self.header("Host").filter(|h| !h.is_empty() && h.is_ascii()).unwrap_or("localhost");
        format!("http://{host}")
    }
}

/// What the core answers: status, headers and body.
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

    /// This response labelled `content_type`.
    pub(crate) fn with_content_type(mut self, content_type: &str) -> Self {
        for (k, v) in &mut self.headers {
            if k.eq_ignore_ascii_case("content-type") {
                *v = content_type.to_string();
            }
        }
        self
    }

    /// Whether its body is JSON (by its content type).
    pub(crate) fn is_json(&self) -> bool {
        self.header("content-type").is_some_and(|c| c.starts_with(JSON))
    }
}
