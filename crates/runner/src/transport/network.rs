//! The network: one reqwest client per run that never follows redirects, times every request
//! out, accepts invalid certificates only with `--insecure`, reads bodies up to
//! [`BODY_CAP`] and decodes their `Content-Encoding`. Idle pooled connections are reused;
//! one the server has closed is replaced by hyper-util's pool when no byte of the request
//! was written on it (`retry_canceled_requests`, on by default), so a stale keep-alive
//! connection found in time is never an error and no request is sent twice.
//!
//! A server may also close a kept-alive connection just as a request goes out on it, without
//! `Connection: close` and without reading the request. The network remembers which
//! connections carried an answer ([`Answered`]), so such a failure is told apart from a
//! connection that never answered: it is [`ErrorClass::KeptAliveClosed`], and the transport
//! sends a request that is safe to repeat once more with [`Network::send`]'s `fresh`, on a
//! client that never reuses a connection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use reqwest::redirect::Policy;

use super::classify::{Connection, answered_on, classify, connection, kept_alive};
use super::decode::{DecodeError, decode};
use crate::wire::{BODY_CAP, ErrorClass, Received, Sent, TransportError};

/// How long an idle connection stays in the pool.
const POOL_IDLE: Duration = Duration::from_secs(30);

/// The run's HTTP client.
#[derive(Debug, Clone)]
pub(crate) struct Network {
    client: reqwest::Client,
    /// The same client without a pool: every request on a new connection.
    fresh: reqwest::Client,
    timeout: Duration,
    answered: Arc<Answered>,
}

/// The connections that carried a complete answer, with when: a request that fails on one of
/// them went out on a kept-alive connection. A connection idle longer than the pool keeps one
/// is forgotten (its addresses may belong to a new connection by then).
#[derive(Debug, Default)]
struct Answered(Mutex<HashMap<Connection, Instant>>);

impl Answered {
    /// `conn` carried an answer now.
    fn insert(&self, conn: Connection) {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.retain(|_, at| at.elapsed() <= POOL_IDLE);
        map.insert(conn, Instant::now());
    }

    /// True when `conn`, which just failed, had carried an answer while it could still be in
    /// the pool; it is forgotten (a failed connection is not used again).
    fn failed(&self, conn: Connection) -> bool {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(&conn).is_some_and(|at| at.elapsed() <= POOL_IDLE)
    }
}

/// How the client trusts a server's certificate.
#[derive(Debug, Clone, Default)]
pub(crate) struct Trust {
    /// Accept invalid certificates (`--insecure`).
    pub insecure: bool,
    /// Certificate authorities trusted beside the platform's (`--cacert FILE`).
    pub cas: Vec<reqwest::Certificate>,
}

impl Trust {
    /// `--insecure`, and the authorities of the PEM file `cacert`; `Err` says why the file
    /// cannot be used.
    pub(crate) fn new(insecure: bool, cacert: Option<&std::path::Path>) -> Result<Trust, String> {
        let Some(path) = cacert else { return Ok(Trust { insecure, cas: Vec::new() }) };
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| format!("--cacert {shown}: {e}"))?;
        let cas = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| format!("--cacert {shown}: {e}"))?;
        if cas.is_empty() {
            return Err(format!("--cacert {shown}: no PEM certificate in it"));
        }
        Ok(Trust { insecure, cas })
    }
}

/// A client with these limits; `pooled` keeps idle connections for reuse.
fn client(timeout: Duration, trust: &Trust, pooled: bool) -> Result<reqwest::Client, String> {
    let b = reqwest::Client::builder()
        .redirect(Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout)
        .pool_idle_timeout(POOL_IDLE)
        .tls_danger_accept_invalid_certs(trust.insecure)
        .user_agent(concat!("conformance-runner/", env!("CARGO_PKG_VERSION")));
    let b = if trust.cas.is_empty() { b } else { b.tls_certs_merge(trust.cas.iter().cloned()) };
    let b = if pooled { b } else { b.pool_max_idle_per_host(0) };
    b.build().map_err(|e| format!("cannot build the HTTP client: {e}"))
}

impl Network {
    /// A client with these limits.
    pub(crate) fn new(timeout: Duration, trust: &Trust) -> Result<Network, String> {
        Ok(Network {
            client: client(timeout, trust, true)?,
            fresh: client(timeout, trust, false)?,
            timeout,
            answered: Arc::default(),
        })
    }

    /// Sends `req` once, on a new connection when `fresh`; any HTTP answer is `Ok`, whatever
    /// its status. A request that failed because the server closed the kept-alive connection
    /// it went out on is [`ErrorClass::KeptAliveClosed`].
    pub(crate) async fn send(&self, req: &Sent, fresh: bool) -> Result<Received, TransportError> {
        let fail = |e: reqwest::Error| classify(&e, &req.url, self.timeout);
        let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|e| {
            TransportError::new(ErrorClass::Other, format!("bad method {}", req.method), &req.url, vec![e.to_string()])
        })?;
        let client = if fresh { &self.fresh } else { &self.client };
        let mut b = client.request(method, &req.url);
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        if !req.body.is_empty() || matches!(req.method.as_str(), "POST" | "PUT" | "PATCH") {
            b = b.body(req.body.clone());
        }
        let start = Instant::now();
        let mut resp = b.send().await.map_err(|e| {
            let reused = connection(&e).is_some_and(|conn| self.answered.failed(conn));
            if reused { kept_alive(fail(e)) } else { fail(e) }
        })?;
        let conn = answered_on(&resp);
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
        if let Some(conn) = conn.filter(|_| !fresh) {
            self.answered.insert(conn);
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
        if let Some(conn) = answered_on(&resp) {
            self.answered.insert(conn);
        }
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
