//! A small TCP server that misbehaves on purpose, one behaviour per [`Mode`], on a random
//! loopback port. It reads each request head (and a `Content-Length` body), counts it, and
//! answers as the mode says. With `spare_probe`, `GET /` (the runner's probe) gets a plain
//! 404 with `Connection: close`, so the misbehaviour meets a scenario's request, on a
//! connection of its own, rather than the probe; in [`Mode::CloseOnNext`] the 404 keeps the
//! connection, which the next request then finds closed.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod tls;

use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// How the server answers a request.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Resets the connection (RST) instead of answering.
    Reset,
    /// Answers with bytes that are not HTTP.
    NotHttp,
    /// Answers with a 1 MiB header.
    HugeHead,
    /// A 202 whose chunked body never ends.
    EndlessBody,
    /// A 202 whose body comes a byte every 100 ms.
    SlowDrip,
    /// Reads the request and never answers.
    Hang,
    /// `status` with this JSON body, gzip-encoded.
    Gzip(u16, String),
    /// A 202 labelled JSON whose body is not UTF-8.
    Binary,
    /// `status` with this JSON body, then `Connection: close` and the connection closed.
    CloseSaid(u16, String),
    /// `status` with this JSON body, then the connection closed without saying so.
    CloseUnsaid(u16, String),
    /// `status` with this JSON body; then, as soon as the next request arrives on the
    /// connection, the connection closed without reading it and without saying so (a server
    /// whose idle timeout fired as the request came): the client gets a reset.
    CloseOnNext(u16, String),
    /// A 302 to a link-local address (never to be followed).
    RedirectLinkLocal,
    /// 429 with `Retry-After: 1`.
    Throttle,
    /// The first request: 400 with Huawei's throttling code `APIG.0308` (no `Retry-After`);
    /// then `CloseSaid`'s answer, kept alive.
    ThrottleOnce(u16, String),
    /// Fails the test on any connection.
    NoConnection,
}

/// A running server.
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// Connections accepted.
    pub accepts: Arc<AtomicUsize>,
    /// Request lines received (`POST /v2/…`), the probe's included.
    pub requests: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The link-local address the redirect names.
pub const LINK_LOCAL: &str = "http://169.254.169.254/latest/meta-data/";

/// Starts a server in `mode`.
pub async fn start(mode: Mode, spare_probe: bool) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepts = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let (a, r) = (Arc::clone(&accepts), Arc::clone(&requests));
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            a.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve(stream, mode.clone(), spare_probe, Arc::clone(&r)));
        }
    });
    Server { url, accepts, requests, task }
}

/// Reads one request; its request line, or `None` at EOF.
async fn read_request(s: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte).await {
            Ok(1) => buf.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let len = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).await.ok()?;
    head.lines().next().map(String::from)
}

/// Waits for the next request's first byte (or the client's close), then leaves with it
/// unread, resetting the connection.
async fn close_on_next(s: &mut TcpStream) {
    let mut byte = [0u8; 1];
    let _ = s.peek(&mut byte).await;
    let _ = s.set_zero_linger();
}

fn answer(status: u16, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn gzip(text: &str) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap()
}

async fn serve(mut s: TcpStream, mode: Mode, spare_probe: bool, requests: Arc<Mutex<Vec<String>>>) {
    if matches!(mode, Mode::NoConnection) {
        panic!("a connection was opened");
    }
    while let Some(line) = read_request(&mut s).await {
        requests.lock().unwrap().push(line.clone());
        if spare_probe && line.starts_with("GET / ") {
            let keep = matches!(mode, Mode::CloseOnNext(..));
            let said = if keep { "" } else { "connection: close\r\n" };
            if s.write_all(&answer(404, said, b"")).await.is_ok() && keep {
                close_on_next(&mut s).await;
            }
            return;
        }
        let written = match &mode {
            Mode::Reset => {
                let _ = s.set_zero_linger();
                return;
            }
            Mode::NotHttp => {
                let _ = s.write_all(b"SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n").await;
                return;
            }
            Mode::HugeHead => {
                let mut head = b"HTTP/1.1 200 OK\r\nx-big: ".to_vec();
                head.extend(std::iter::repeat_n(b'a', 1024 * 1024));
                head.extend_from_slice(b"\r\ncontent-length: 0\r\n\r\n");
                s.write_all(&head).await
            }
            Mode::EndlessBody => {
                let head =
                    "HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                if s.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("10000\r\n{}\r\n", " ".repeat(0x10000));
                while s.write_all(chunk.as_bytes()).await.is_ok() {}
                return;
            }
            Mode::SlowDrip => {
                let head = "HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
                if s.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                while s.write_all(b" ").await.is_ok() {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                return;
            }
            Mode::Hang => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Mode::Gzip(status, body) => s.write_all(&answer(*status, "content-encoding: gzip\r\n", &gzip(body))).await,
            Mode::Binary => s.write_all(&answer(202, "", &[0xff, 0xfe, 0x00, 0x81, b'{', 0xc3, 0x28])).await,
            Mode::CloseSaid(status, body) => {
                let _ = s.write_all(&answer(*status, "connection: close\r\n", body.as_bytes())).await;
                return;
            }
            Mode::CloseUnsaid(status, body) => {
                let _ = s.write_all(&answer(*status, "", body.as_bytes())).await;
                return;
            }
            Mode::CloseOnNext(status, body) => {
                if s.write_all(&answer(*status, "", body.as_bytes())).await.is_ok() {
                    close_on_next(&mut s).await;
                }
                return;
            }
            Mode::RedirectLinkLocal => s.write_all(&answer(302, &format!("location: {LINK_LOCAL}\r\n"), b"")).await,
            Mode::Throttle => s.write_all(&answer(429, "retry-after: 1\r\n", b"{}")).await,
            Mode::ThrottleOnce(status, body) => {
                let first = requests.lock().unwrap().iter().filter(|l| !l.starts_with("GET / ")).count() == 1;
                let throttled =
                    br#"{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached"}"#;
                let reply = if first { answer(400, "", throttled) } else { answer(*status, "", body.as_bytes()) };
                s.write_all(&reply).await
            }
            Mode::NoConnection => return,
        };
        if written.is_err() {
            return;
        }
    }
}
