//! Turns a reqwest error into a [`TransportError`] of one exact [`ErrorClass`], from the typed
//! errors in its source chain: `std::io::Error` kinds (refused, reset, timed out),
//! `hyper::Error` (not HTTP, head too large, closed before the answer) and `rustls::Error`
//! (certificate or handshake; TLS only for `https://`). Only DNS is recognised by its words:
//! the connector's error type for it is not public. A connection closed before the answer is
//! the kept-alive case ([`kept_alive`]) when the network knows the connection ([`connection`])
//! had carried an answer before.

use std::error::Error as StdError;
use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::Duration;

use hyper_util::client::legacy::connect::HttpInfo;

use crate::wire::{ErrorClass, TransportError};

/// What the chain says, collected while walking it.
#[derive(Default)]
struct Seen {
    refused: bool,
    reset: bool,
    timed_out: bool,
    not_http: bool,
    head_too_large: bool,
    incomplete: bool,
    certificate: bool,
    tls: bool,
}

fn look(e: &(dyn StdError + 'static), seen: &mut Seen) {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        match io.kind() {
            ErrorKind::ConnectionRefused => seen.refused = true,
            ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe => seen.reset = true,
            ErrorKind::UnexpectedEof => seen.incomplete = true,
            ErrorKind::TimedOut => seen.timed_out = true,
            _ => {}
        }
        // io::Error::source() skips the error it wraps: look at that one too.
        if let Some(inner) = io.get_ref() {
            look(inner, seen);
        }
    }
    if let Some(h) = e.downcast_ref::<hyper::Error>() {
        if h.is_parse_too_large() {
            seen.head_too_large = true;
        } else if h.is_parse() || h.is_parse_status() {
            seen.not_http = true;
        }
        if h.is_incomplete_message() {
            seen.incomplete = true;
        }
        if h.is_timeout() {
            seen.timed_out = true;
        }
    }
    if let Some(t) = e.downcast_ref::<rustls::Error>() {
        seen.tls = true;
        if matches!(
            t,
            rustls::Error::InvalidCertificate(_)
                | rustls::Error::NoCertificatesPresented
                | rustls::Error::InvalidCertRevocationList(_)
        ) {
            seen.certificate = true;
        }
    }
}

/// The causes of `e`, outermost first, each once (a cause whose text an earlier one already
/// holds is dropped).
fn chain(e: &reqwest::Error, seen: &mut Seen) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut src: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(s) = src {
        look(s, seen);
        let text = s.to_string();
        if !out.iter().any(|c| c.contains(&text)) {
            out.push(text);
        }
        src = s.source();
    }
    out
}

/// The class, words and causes of `e`, a failure of a request to `url` with `timeout`.
pub(crate) fn classify(e: &reqwest::Error, url: &str, timeout: Duration) -> TransportError {
    let mut seen = Seen::default();
    let causes = chain(e, &mut seen);
    let https = url.starts_with("https://");
    let all = causes.join(": ").to_lowercase();
    let secs = timeout.as_secs_f64();
    let (class, summary) = if e.is_timeout() || seen.timed_out {
        if e.is_connect() {
            (ErrorClass::ConnectTimeout, format!("connect timed out after {secs}s: no connection"))
        } else {
            (ErrorClass::ReadTimeout, format!("timed out after {secs}s waiting for the answer"))
        }
    } else if seen.refused {
        (ErrorClass::Refused, "connection refused".to_string())
    } else if e.is_connect() && all.contains("dns error") {
        (ErrorClass::Dns, "DNS lookup failed".to_string())
    } else if https && seen.certificate {
        (ErrorClass::TlsCertificate, "TLS certificate rejected".to_string())
    } else if https
        && (seen.tls || (e.is_connect() && ["tls", "handshake", "certificate"].iter().any(|w| all.contains(w))))
    {
        (ErrorClass::TlsHandshake, "TLS handshake failed".to_string())
    } else if seen.head_too_large {
        (ErrorClass::HeadTooLarge, "the answer's head (status line and headers) is too large".to_string())
    } else if seen.not_http {
        (ErrorClass::NotHttp, "the answer is not HTTP".to_string())
    } else if seen.reset {
        (ErrorClass::Closed, "the connection was reset before a complete answer".to_string())
    } else if seen.incomplete || e.is_body() {
        (ErrorClass::Closed, "the connection was closed before a complete answer".to_string())
    } else {
        (ErrorClass::Other, "the request failed".to_string())
    };
    let causes = if causes.is_empty() { vec![e.to_string()] } else { causes };
    TransportError::new(class, summary, url, causes)
}

/// A connection, by its local and remote address (unique while it is open).
pub(crate) type Connection = (SocketAddr, SocketAddr);

/// The connection an answer came on.
pub(crate) fn answered_on(resp: &reqwest::Response) -> Option<Connection> {
    resp.extensions().get::<HttpInfo>().map(|i| (i.local_addr(), i.remote_addr()))
}

/// The connection `e` happened on, when the client's pool had one (hyper-util's error carries
/// it; a failed connect has none).
pub(crate) fn connection(e: &reqwest::Error) -> Option<Connection> {
    let mut src: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(s) = src {
        if let Some(info) = s.downcast_ref::<hyper_util::client::legacy::Error>().and_then(|h| h.connect_info()) {
            let mut extensions = http::Extensions::new();
            info.get_extras(&mut extensions);
            return extensions.get::<HttpInfo>().map(|i| (i.local_addr(), i.remote_addr()));
        }
        src = s.source();
    }
    None
}

/// The words of [`ErrorClass::KeptAliveClosed`].
pub(crate) const KEPT_ALIVE_CLOSED: &str = "the server closed a kept-alive connection without Connection: close";

/// `t`, which happened on a connection that had carried an answer before: when the server
/// closed it before answering ([`ErrorClass::Closed`]), the kept-alive case, causes kept.
pub(crate) fn kept_alive(t: TransportError) -> TransportError {
    if t.class != ErrorClass::Closed {
        return t;
    }
    TransportError { class: ErrorClass::KeptAliveClosed, summary: KEPT_ALIVE_CLOSED.to_string(), ..t }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::Arc;

    use super::*;

    /// A resolver that knows no name, so the test never asks a real DNS server.
    struct NoNames;

    impl reqwest::dns::Resolve for NoNames {
        fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
            Box::pin(async { Err(std::io::Error::new(ErrorKind::NotFound, "no such host").into()) })
        }
    }

    #[tokio::test]
    async fn a_name_that_does_not_resolve_is_dns() {
        let client = reqwest::Client::builder().dns_resolver(Arc::new(NoNames)).build().unwrap();
        let url = "http://no-such-host.test/";
        let e = client.get(url).send().await.unwrap_err();
        let t = classify(&e, url, Duration::from_secs(1));
        assert_eq!(t.class, ErrorClass::Dns, "{t}");
        assert!(t.to_string().contains("no such host") && t.to_string().contains("hint: the host name"), "{t}");
    }

    #[tokio::test]
    async fn a_refused_connection_is_refused_and_never_tls() {
        let url = "http://127.0.0.1:1/";
        let e = reqwest::Client::new().get(url).send().await.unwrap_err();
        let t = classify(&e, url, Duration::from_secs(1));
        assert_eq!(t.class, ErrorClass::Refused, "{t}");
    }
}
