//! The standalone, long-running stub: the same core behind a bare hyper 1 HTTP/1.1 server with
//! keep-alive, one task per connection on the caller's (multi-thread) runtime, bodies read
//! whole up to the cap, nothing kept per request, and graceful shutdown. This is
//! what `cargo xtask stub` runs; wiremock is never the long-running server (see `DESIGN.md`).
//! A connection that waits 30 s for a request head is closed (`idle.rs`).
//! Header names go out in Title-Case and bodies with a `Content-Length`, except under the two
//! transport-level variations (`lowercase-header-names`, read when a connection opens, and
//! `chunked`, read per answer), which only this adapter can show. The long-running command's
//! front (`run_standalone`: the profile on stdout, the banner on stderr) is `standalone.rs`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use conformance_contract::Profile;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

mod idle;
mod standalone;
mod stop;

pub use standalone::{run_standalone, run_standalone_blocking, run_until};

use crate::StubError;
use crate::config::StubConfig;
use crate::core::StubCore;
use crate::modes::Variation;
use crate::phases::{self, Phase};
use crate::request::{HeaderList, JSON, Req, StubRequest, StubResponse};
use idle::Idle;
use stop::{Stop, Watch};

/// After a body passes the cap, up to this much more is read and dropped (never kept) before
/// answering 413, so a client still sending gets the answer rather than a reset connection.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;
/// How long open connections get to finish after shutdown is asked.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running standalone stub. [`ServeHandle::shutdown`] stops it gracefully; dropping the
/// handle stops it too, without waiting.
#[derive(Debug)]
pub struct ServeHandle {
    local_addr: SocketAddr,
    core: Arc<StubCore>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl ServeHandle {
    /// The address it listens on (the real port when asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// `http://ADDR`; for a wildcard bind (`0.0.0.0`, `::`), the loopback address of that family.
    pub fn base_url(&self) -> String {
        let mut addr = self.local_addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        format!("http://{addr}")
    }

    /// Its target profile.
    pub fn profile(&self) -> Profile {
        self.core.profile(&self.base_url())
    }

    /// Every secret it accepts (for redaction).
    pub fn secrets(&self) -> Vec<String> {
        self.core.secrets()
    }

    /// The core, for in-process admin access.
    pub fn core(&self) -> &Arc<StubCore> {
        &self.core
    }

    /// Stops accepting, lets open connections finish their current request (up to 5 s), then
    /// returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Loads the fixtures and serves them at `addr` (port 0: a free one) until shut down.
pub async fn serve(config: StubConfig, addr: SocketAddr) -> Result<ServeHandle, StubError> {
    serve_core(Arc::new(StubCore::new(config)?), addr).await
}

/// Serves an existing core at `addr`.
pub async fn serve_core(core: Arc<StubCore>, addr: SocketAddr) -> Result<ServeHandle, StubError> {
    let listener =
        TcpListener::bind(addr).await.map_err(|source| StubError::Bind { addr: addr.to_string(), source })?;
    let local_addr = listener.local_addr().map_err(|source| StubError::Bind { addr: addr.to_string(), source })?;
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(accept_loop(listener, Arc::clone(&core), stopped));
    Ok(ServeHandle { local_addr, core, stop, task })
}

async fn accept_loop(listener: TcpListener, core: Arc<StubCore>, mut stopped: watch::Receiver<bool>) {
    let mut conns = JoinSet::new();
    // What the connections watch: triggered when this loop ends (a shutdown, or the handle dropped).
    let stop = Arc::new(Stop::default());
    loop {
        tokio::select! {
            _ = stopped.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    conns.spawn(connection(stream, Arc::clone(&core), stop.watch()));
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            // Reap finished connections so the set stays as small as the open connections.
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    stop.trigger();
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, async { while conns.join_next().await.is_some() {} }).await;
    conns.abort_all();
}

async fn connection(stream: tokio::net::TcpStream, core: Arc<StubCore>, stopped: Watch) {
    let lowercase = core.active().variation == Some(Variation::LowercaseHeaderNames);
    // Each request's future holds the core through this connection's own count, not the
    // core's: the core's count would pass between the worker threads on every request.
    let mine = Arc::new(Conn { core, idle: Idle::new() });
    let each = Arc::clone(&mine);
    let svc = service_fn(move |req| {
        let c = Arc::clone(&each);
        async move {
            c.idle.begin();
            let resp = handle(&c.core, req).await;
            c.idle.end();
            Ok::<_, Infallible>(resp)
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    // hyper's own header read timeout (a timer armed per request) is off: `idle.rs` keeps one
    // per connection.
    builder.keep_alive(true).header_read_timeout(None).title_case_headers(!lowercase);
    let conn = builder.serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(conn);
    let timer = tokio::time::sleep(idle::HEADER_READ_TIMEOUT);
    tokio::pin!(timer);
    let mut stopped = stopped;
    loop {
        // Biased: the connection, which has work on almost every wake, is polled first, and no
        // random branch order is drawn per wake.
        tokio::select! {
            biased;
            _ = conn.as_mut() => break,
            () = &mut stopped => {
                conn.as_mut().graceful_shutdown();
                let _ = conn.await;
                break;
            }
            // Waited too long for a request head: closed with no answer (the connection dropped).
            () = timer.as_mut() => if idle::watch(&mine.idle, timer.as_mut()) { break },
        }
    }
}

/// What a connection's requests share: the core, and whether a request head is awaited.
struct Conn {
    core: Arc<StubCore>,
    idle: Idle,
}

async fn handle(core: &StubCore, req: hyper::Request<Incoming>) -> hyper::Response<Answer> {
    let (parts, mut body) = req.into_parts();
    let path = parts.uri.path();
    let max = core.config().max_body_bytes;
    let read = phases::now();
    let bytes = match read_body(&mut body, max).await {
        Ok(bytes) => bytes,
        Err(Unread::TooLarge) => {
            drain(&mut body).await;
            let req = StubRequest::from_http(&parts.method, path, parts.uri.query(), &parts.headers, Bytes::new());
            return to_hyper(crate::engine::too_large(core, &req.view()), false);
        }
        // The client broke off the body: answer, though it will likely not read it.
        Err(Unread::Broken) => return to_hyper(StubResponse::text(400, "the request body could not be read"), false),
    };
    phases::since(Phase::Read, read);
    // From here to the response nothing awaits: the phases are timed on this thread.
    phases::begin();
    let chunked = core.active().variation == Some(Variation::Chunked);
    let headers = HeaderList::of(&parts.headers);
    let resp = match Req::of_http(&parts.method, path, parts.uri.query(), headers.as_ref(), &bytes) {
        Some(view) => {
            phases::mark(Phase::Request);
            core.handle_view(&view)
        }
        None => {
            let owned = StubRequest::from_http(&parts.method, path, parts.uri.query(), &parts.headers, bytes.clone());
            phases::mark(Phase::Request);
            core.handle(&owned)
        }
    };
    let out = to_hyper(resp, chunked);
    phases::mark(Phase::Response);
    out
}

/// Why a body was not read whole.
enum Unread {
    /// More than the cap: the rest is still unread.
    TooLarge,
    /// The transport failed.
    Broken,
}

/// The whole body, as `Limited::new(body, max).collect()` reads it: more than `max` bytes of
/// data in all is [`Unread::TooLarge`], trailers are ignored. One data frame (the usual body)
/// is kept as it is, with no buffer of frames and no copy.
async fn read_body(body: &mut Incoming, max: usize) -> Result<Bytes, Unread> {
    let mut first = Bytes::new();
    let mut joined: Option<BytesMut> = None;
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(|_| Unread::Broken)?.into_data() else { continue };
        total = total.saturating_add(data.len());
        if total > max {
            return Err(Unread::TooLarge);
        }
        match &mut joined {
            Some(all) => all.extend_from_slice(&data),
            None if first.is_empty() => first = data,
            None if data.is_empty() => {}
            None => {
                let mut all = BytesMut::with_capacity(first.len() + data.len());
                all.extend_from_slice(&first);
                all.extend_from_slice(&data);
                joined = Some(all);
            }
        }
    }
    Ok(joined.map_or(first, BytesMut::freeze))
}

/// A whole answer body: one frame with its exact length (so hyper sends `Content-Length`), or
/// under `chunked` two frames of unknown total length (so hyper sends
/// `Transfer-Encoding: chunked`, one chunk per frame).
struct Answer {
    /// The frames still to send, in order.
    frames: [Option<Bytes>; 2],
    chunked: bool,
}

impl Answer {
    fn new(body: Bytes, chunked: bool) -> Answer {
        let frames = if chunked && body.len() > 1 {
            let mut rest = body;
            let head = rest.split_to(rest.len() / 2);
            [Some(head), Some(rest)]
        } else if !body.is_empty() {
            [Some(body), None]
        } else {
            [None, None]
        };
        Answer { frames, chunked }
    }

    fn next(&mut self) -> Option<Bytes> {
        let [first, second] = &mut self.frames;
        first.take().or_else(|| second.take())
    }
}

impl Body for Answer {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.get_mut().next().map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        self.frames.iter().all(Option::is_none) && !self.chunked
    }

    fn size_hint(&self) -> SizeHint {
        if self.chunked {
            SizeHint::default()
        } else {
            SizeHint::with_exact(self.frames.iter().flatten().map(|b| b.len() as u64).sum())
        }
    }
}

/// Reads and drops what is left of a body, up to [`DRAIN_LIMIT`] bytes or 10 s.
async fn drain(body: &mut Incoming) {
    let read = async {
        let mut seen = 0usize;
        while let Some(Ok(frame)) = body.frame().await {
            seen += frame.data_ref().map_or(0, Bytes::len);
            if seen > DRAIN_LIMIT {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(10), read).await;
}

fn to_hyper(resp: StubResponse, chunked: bool) -> hyper::Response<Answer> {
    let mut out = hyper::Response::new(Answer::new(resp.body, chunked));
    *out.status_mut() = http::StatusCode::from_u16(resp.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    for (k, v) in resp.headers {
        // The JSON content type, on almost every answer, needs no copy and no parsing.
        let value = if v == JSON { Ok(http::HeaderValue::from_static(JSON)) } else { http::HeaderValue::from_str(&v) };
        let name = if k == "Content-Type" {
            Ok(http::header::CONTENT_TYPE)
        } else {
            http::HeaderName::from_bytes(k.as_bytes())
        };
        if let (Ok(name), Ok(value)) = (name, value) {
            out.headers_mut().append(name, value);
        }
    }
    out
}
