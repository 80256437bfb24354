//! One request and its response: the exchange a check reads ([`Exchange`]: the operation, the
//! path and body as sent, the answer), and a failure's [`Transcript`] as the reports show it:
//! the request line and headers sent, the status, headers and body received (the
//! `Content-Encoding` it was decoded from, the throttled attempts retried before it), bodies
//! truncated sensibly and shown as size and hex when they are not UTF-8.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::transcript::Transcript;
use crate::wire::{Received, Sent, text_or_hex};

/// Bodies longer than this are cut in messages.
const SHOWN_BODY: usize = 2048;

/// A request sent in a scenario and what came back.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    /// The contract the request was for.
    pub op: String,
    /// The URL path as sent.
    pub path: String,
    /// Path parameters as sent.
    pub params: BTreeMap<String, String>,
    /// The request body, when it was JSON.
    pub json: Option<Value>,
    /// The request example the body came from, unedited.
    pub request_example: Option<String>,
    /// The request.
    pub sent: Sent,
    /// The response.
    pub received: Received,
}

impl Exchange {
    /// The response body as text, or (not UTF-8) its size and a hex preview.
    pub(crate) fn text(&self) -> Result<&str, String> {
        text_or_hex(&self.received.body)
    }

    /// The request as the contract's example checks see it (echoes and self-links).
    pub(crate) fn request_context(&self) -> conformance_contract::RequestContext<'_> {
        conformance_contract::RequestContext { path: &self.path, path_params: &self.params, body: self.json.as_ref() }
    }
}

/// `bytes` as shown: pretty JSON when it is JSON, cut at [`SHOWN_BODY`].
pub(crate) fn show_body(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "(no body)".into();
    }
    let text = match (serde_json::from_slice::<Value>(bytes), text_or_hex(bytes)) {
        (Ok(v), _) => serde_json::to_string_pretty(&v).unwrap_or_default(),
        (Err(_), Ok(t)) => t.to_string(),
        (Err(_), Err(hex)) => return format!("({hex})"),
    };
    if text.len() <= SHOWN_BODY {
        return text;
    }
    let mut cut = SHOWN_BODY;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}\n… ({} more bytes not shown)", &text[..cut], text.len() - cut)
}

/// How a request is headed where it is shown.
pub(crate) const SENT: &str = "request sent:";

/// A failure's exchange as the reports show it: the request line, headers and body sent, the
/// attempts retried, then the status, headers and body received (the transcript is redacted
/// already: it was made with the run's redactor).
pub(crate) fn render(t: &Transcript) -> String {
    let req = &t.request;
    let mut out = format!("{SENT}\n  {} {}\n", req.method, req.url);
    for (k, v) in &req.headers {
        let _ = writeln!(out, "  {k}: {v}");
    }
    if !req.body.is_empty() {
        out.push_str(&indent(&show_body(&req.body), "    "));
    }
    let Some(rec) = &t.response else { return out };
    for note in &rec.retries {
        let _ = writeln!(out, "retried: {note}");
    }
    let _ = writeln!(out, "response received ({} ms):\n  {} {}", rec.elapsed.as_millis(), rec.status, rec.reason);
    for (k, v) in &rec.headers {
        let _ = writeln!(out, "  {k}: {v}");
    }
    if let Some(enc) = &rec.decoded_from {
        let _ = writeln!(out, "  (body decoded from Content-Encoding: {enc}; shown decoded)");
    }
    out.push_str(&indent(&show_body(&rec.body), "    "));
    out
}

/// Each line of `text` after `by`, each ending in a newline.
pub(crate) fn indent(text: &str, by: &str) -> String {
    text.lines().map(|l| format!("{by}{l}\n")).collect()
}
