//! The network: one reqwest client per run that never follows redirects, times every request
//! out, accepts invalid certificates only with `--insecure`, reads bodies up to
//! [`BODY_CAP`] and decodes their `Content-Encoding`. Idle pooled connections are reused;
//! one the server has closed is replaced by hyper-util's pool when no byte of the request
//! was written on it (`retry_canceled_requests`, on by default), so a stale keep-alive
//! connection is never an error and no request is sent twice.

use std::time::{Duration, Instant};

use reqwest::redirect::Policy;

use super::classify::classify;
use super::decode::{DecodeError, decode};
use crate::wire::{BODY_CAP, ErrorClass, Received, Sent, TransportError};

/// The run's HTTP client.
#[derive(Debug, Clone)]
pub(crate) struct Network {
    client: reqwest::Client,
    timeout: Duration,
}

impl Network {
    /// A client with these limits.
    pub(crate) fn new(timeout: Duration, insecure: bool) -> Result<Network, String> {
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .tls_danger_accept_invalid_certs(insecure)
            .user_agent(concat!("conformance-runner/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Network { client, timeout })
    }

    /// Sends `req` once; any HTTP answer is `Ok`, whatever its status.
    pub(crate) async fn send(&self, req: &Sent) -> Result<Received, TransportError> {
        let fail = |e: reqwest::Error| classify(&e, &req.url, self.timeout);
        let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|e| {
            TransportError::new(ErrorClass::Other, format!("bad method {}", req.method), &req.url, vec![e.to_string()])
        })?;
        let mut b = self.client.request(method, &req.url);
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        if !req.body.is_empty() || matches!(req.method.as_str(), "POST" | "PUT" | "PATCH") {
            b = b.body(req.body.clone());
        }
        let start = Instant::now();
        let mut resp = b.send().await.map_err(fail)?;
        let status = resp.status();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(fail)? {
            if body.len() + chunk.len() > BODY_CAP {
                return Err(too_large(&req.url, "on the wire"));
            }
            body.extend_from_slice(&chunk);
        }
        let encoding = headers.iter().find(|(k, _)| k == "content-encoding").map(|(_, v)| v.trim().to_string());
        let encoding = encoding.filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"));
        if let Some(enc) = &encoding {
            body = decode(enc, &body).map_err(|e| match e {
                DecodeError::TooLarge => too_large(&req.url, &format!("once decoded from {enc}")),
                DecodeError::Bad(m) => TransportError::new(
                    ErrorClass::BadEncoding,
                    format!("the body could not be decoded from Content-Encoding {enc}"),
                    &req.url,
                    vec![m],
                ),
            })?;
        }
        Ok(Received {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or_default().to_string(),
            headers,
            body,
            decoded_from: encoding,
            elapsed: start.elapsed(),
            retries: Vec::new(),
            synthetic: false,
        })
    }

    /// One request to `url` before any scenario: the status of any HTTP answer.
    pub(crate) async fn probe(&self, url: &str) -> Result<u16, TransportError> {
        let resp = self.client.get(url).send().await.map_err(|e| classify(&e, url, self.timeout))?;
        Ok(resp.status().as_u16())
    }
}

fn too_large(url: &str, how: &str) -> TransportError {
    TransportError::new(
        ErrorClass::BodyTooLarge,
        format!("the response body is longer than the {BODY_CAP}-byte cap {how}"),
        url,
        Vec::new(),
    )
}
