//! The exchange a failure shows, as plain data: the [`Request`] sent and the [`Response`]
//! received, secrets redacted ([`Transcript`]). The reports render it (`crate::exchange`).

use std::time::Duration;

use conformance_contract::{Redact, Redactor};

use crate::wire::{Received, Sent};

/// A request as sent, secrets redacted.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// Method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers, credential ones as `[REDACTED]`.
    pub headers: Vec<(String, String)>,
    /// Body bytes (empty for none).
    pub body: Vec<u8>,
}

/// A response as received (decoded), secrets redacted.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Reason phrase.
    pub reason: String,
    /// Headers, credential ones as `[REDACTED]`.
    pub headers: Vec<(String, String)>,
    /// The body, decoded.
    pub body: Vec<u8>,
    /// The `Content-Encoding` it was decoded from.
    pub decoded_from: Option<String>,
    /// Time to the end of the body.
    pub elapsed: Duration,
    /// The attempts retried before it, one line each.
    pub retries: Vec<String>,
}

// Bodies debug-print as text (lossy), not as a list of bytes.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("decoded_from", &self.decoded_from)
            .field("elapsed", &self.elapsed)
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}

/// The exchange a failure shows: the request sent and, when one came, the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    /// The request.
    pub request: Request,
    /// The answer; `None` when the request could not complete.
    pub response: Option<Response>,
}

impl Transcript {
    /// The exchange of `sent` and `received`, redacted by `r`.
    pub(crate) fn new(sent: &Sent, received: Option<&Received>, r: &Redactor) -> Transcript {
        let mut t = Transcript {
            request: Request {
                method: sent.method.clone(),
                url: sent.url.clone(),
                headers: sent.headers.clone(),
                body: sent.body.clone(),
            },
            response: received.map(|rec| Response {
                status: rec.status,
                reason: rec.reason.clone(),
                headers: rec.headers.clone(),
                body: rec.body.clone(),
                decoded_from: rec.decoded_from.clone(),
                elapsed: rec.elapsed,
                retries: rec.retries.clone(),
            }),
        };
        t.redact(r);
        t
    }
}

fn redact_headers(headers: &mut [(String, String)], r: &Redactor) {
    for (k, v) in headers {
        *v = r.header(k, v);
    }
}

fn redact_body(body: &mut Vec<u8>, r: &Redactor) {
    if let Ok(text) = std::str::from_utf8(body) {
        *body = r.text(text).into_bytes();
    }
}

impl Redact for Transcript {
    fn redact(&mut self, r: &Redactor) {
        self.request.url.redact(r);
        redact_headers(&mut self.request.headers, r);
        redact_body(&mut self.request.body, r);
        if let Some(resp) = &mut self.response {
            resp.reason.redact(r);
            redact_headers(&mut resp.headers, r);
            redact_body(&mut resp.body, r);
            resp.retries.redact(r);
        }
    }
}
