//! HTTP to the target: one reqwest client per run that never follows redirects (a 3xx is
//! reported as such), times every request out, accepts invalid certificates only with
//! `--insecure`, and reads response bodies up to a size cap. The probe sent before any
//! scenario turns an unreachable target into one clear error.

use std::error::Error as _;
use std::time::{Duration, Instant};

use reqwest::redirect::Policy;

/// Response bodies longer than this fail the check that reads them.
pub const BODY_CAP: usize = 1024 * 1024;

/// The run's HTTP client.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    timeout: Duration,
}

/// A request as sent.
#[derive(Debug, Clone)]
pub struct Sent {
    /// Method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers as set by the runner.
    pub headers: Vec<(String, String)>,
    /// Body bytes (empty for none).
    pub body: Vec<u8>,
}

/// A response as received.
#[derive(Debug, Clone)]
pub struct Received {
    /// Status code.
    pub status: u16,
    /// Reason phrase, when the status has a standard one.
    pub reason: String,
    /// Headers, names lower case.
    pub headers: Vec<(String, String)>,
    /// The body, at most [`BODY_CAP`] bytes.
    pub body: Vec<u8>,
    /// True when the body was longer than the cap (it was not read further).
    pub over_cap: bool,
    /// Time to the end of the body.
    pub elapsed: Duration,
}

impl Received {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The request could not be completed (JUnit `<error>`, not `<failure>`).
#[derive(Debug, Clone)]
pub struct TransportError(pub String);

impl Http {
    /// A client with these limits.
    pub fn new(timeout: Duration, insecure: bool) -> Result<Http, String> {
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .tls_danger_accept_invalid_certs(insecure)
            .user_agent(concat!("conformance-runner/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| cause(&e, timeout))?;
        Ok(Http { client, timeout })
    }

    /// Sends `req`; any HTTP answer is `Ok`, whatever its status.
    pub async fn send(&self, req: &Sent) -> Result<Received, TransportError> {
        let method = reqwest::Method::from_bytes(req.method.as_bytes())
            .map_err(|e| TransportError(format!("bad method {}: {e}", req.method)))?;
        let mut b = self.client.request(method, &req.url);
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        if !req.body.is_empty() || matches!(req.method.as_str(), "POST" | "PUT" | "PATCH") {
            b = b.body(req.body.clone());
        }
        let start = Instant::now();
        let mut resp = b.send().await.map_err(|e| TransportError(cause(&e, self.timeout)))?;
        let status = resp.status();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let mut body = Vec::new();
        let mut over_cap = false;
        while let Some(chunk) = resp.chunk().await.map_err(|e| TransportError(cause(&e, self.timeout)))? {
            if body.len() + chunk.len() > BODY_CAP {
                body.extend_from_slice(&chunk[..BODY_CAP - body.len()]);
                over_cap = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Received {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or_default().to_string(),
            headers,
            body,
            over_cap,
            elapsed: start.elapsed(),
        })
    }

    /// One request to `url` before any scenario: any HTTP answer means the target is there.
    pub async fn probe(&self, url: &str) -> Result<(), String> {
        self.client.get(url).send().await.map(drop).map_err(|e| cause(&e, self.timeout))
    }
}

/// A one-line cause: the kind (refused, DNS, TLS, timeout) first, then the error chain.
pub fn cause(e: &reqwest::Error, timeout: Duration) -> String {
    let mut chain = Vec::new();
    let mut src: Option<&dyn std::error::Error> = e.source();
    while let Some(s) = src {
        let text = s.to_string();
        if !chain.iter().any(|c: &String| c.contains(&text)) {
            chain.push(text);
        }
        src = s.source();
    }
    let all = chain.join(": ").to_lowercase();
    let kind = if e.is_timeout() || all.contains("timed out") {
        format!("timed out after {}s", timeout.as_secs_f64())
    } else if all.contains("dns") || all.contains("failed to lookup") || all.contains("name or service not known") {
        "DNS lookup failed".to_string()
    } else if all.contains("refused") {
        "connection refused".to_string()
    } else if ["certificate", "tls", "handshake", "corrupt message", "alert", "peer"].iter().any(|w| all.contains(w)) {
        "TLS handshake failed (--insecure accepts an invalid certificate)".to_string()
    } else if all.contains("reset") || all.contains("closed") || all.contains("broken pipe") {
        "connection closed by the target".to_string()
    } else if e.is_builder() {
        "invalid request".to_string()
    } else {
        "request failed".to_string()
    };
    if chain.is_empty() { format!("{kind} ({e})") } else { format!("{kind} ({})", chain.join(": ")) }
}
