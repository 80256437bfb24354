//! The ceiling: a minimal hyper 1 HTTP/1.1 server (keep-alive, one task per connection, like
//! the stub's standalone server) that reads each request body and answers every request with
//! one fixed response — the status, headers and body bytes the stub gave the benchmarked
//! request. Everything the stub does beyond this is what the benchmark measures.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The one response the bare server gives.
#[derive(Debug, Clone)]
pub struct FixedResponse {
    /// Status.
    pub status: http::StatusCode,
    /// Headers (hyper adds `content-length` and `date`, as it does for the stub).
    pub headers: http::HeaderMap,
    /// Body bytes.
    pub body: Bytes,
}

impl FixedResponse {
    /// The response as hyper sends it.
    fn to_hyper(&self) -> hyper::Response<Full<Bytes>> {
        let mut out = hyper::Response::new(Full::new(self.body.clone()));
        *out.status_mut() = self.status;
        *out.headers_mut() = self.headers.clone();
        out
    }
}

/// Parses a `Name: value` header argument.
pub fn parse_header(arg: &str) -> Result<(http::HeaderName, http::HeaderValue), String> {
    let (name, value) = arg.split_once(':').ok_or_else(|| format!("header {arg:?} is not `Name: value`"))?;
    let name =
        http::HeaderName::from_bytes(name.trim().as_bytes()).map_err(|e| format!("header name {name:?}: {e}"))?;
    let value = http::HeaderValue::from_str(value.trim()).map_err(|e| format!("header value {value:?}: {e}"))?;
    Ok((name, value))
}

/// Accepts connections on `listener` forever, answering every request with `fixed`.
pub async fn serve(listener: TcpListener, fixed: FixedResponse) {
    let fixed = Arc::new(fixed);
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let fixed = Arc::clone(&fixed);
        tokio::spawn(async move {
            let svc = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let fixed = Arc::clone(&fixed);
                async move {
                    // Read the body as the stub does, so both servers do the same I/O.
                    let _ = req.into_body().collect().await;
                    Ok::<_, Infallible>(fixed.to_hyper())
                }
            });
            let conn =
                hyper::server::conn::http1::Builder::new().keep_alive(true).serve_connection(TokioIo::new(stream), svc);
            let _ = conn.await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_arguments() {
        let (n, v) = parse_header("Content-Type: application/json").expect("valid");
        assert_eq!((n.as_str(), v.to_str().ok()), ("content-type", Some("application/json")));
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("bad name: x").is_err());
    }

    #[test]
    fn the_fixed_response_is_sent_as_given() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        let fixed = FixedResponse { status: http::StatusCode::ACCEPTED, headers, body: Bytes::from_static(b"{}") };
        let r = fixed.to_hyper();
        assert_eq!(r.status(), 202);
        assert_eq!(r.headers()["content-type"], "application/json");
    }
}
