//! Raw HTTP/1.1 for the variation tests: one request over a fresh connection, the answer's
//! head exactly as sent (header spelling, framing) and its body de-chunked, whether the server
//! closed the connection, and a fingerprint of an answer with fresh values masked.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::exchanges::Exchange;

/// An answer as it came over the wire: the head as sent and the body, de-chunked.
#[derive(Debug)]
pub struct Wire {
    pub head: String,
    pub body: Vec<u8>,
    /// The server closed the connection after the answer although the request did not ask.
    pub closed: bool,
}

impl Wire {
    pub fn status(&self) -> u16 {
        self.head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    /// The value of header `name`, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then_some(v.trim())
        })
    }

    /// The header names exactly as sent.
    pub fn names(&self) -> Vec<&str> {
        self.head.lines().skip(1).filter_map(|l| l.split_once(':').map(|(k, _)| k)).collect()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `x` over a fresh keep-alive connection and reads one answer.
pub async fn send_raw(addr: SocketAddr, x: &Exchange) -> Wire {
    exchange(addr, x, false).await
}

/// [`send_raw`], then waits briefly to see whether the server closes the connection.
pub async fn send_watching(addr: SocketAddr, x: &Exchange) -> Wire {
    exchange(addr, x, true).await
}

async fn exchange(addr: SocketAddr, x: &Exchange, watch: bool) -> Wire {
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connects");
    let body = x.raw_body().unwrap_or_default();
    let mut req = format!("{} {} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\n", x.method, x.path, body.len());
    for (k, v) in &x.headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).await.expect("writes");
    s.write_all(&body).await.expect("writes body");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let (head, rest) = loop {
        let n = s.read(&mut chunk).await.expect("reads");
        assert!(n > 0, "connection closed before the head: {}", String::from_utf8_lossy(&buf));
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break (String::from_utf8_lossy(&buf[..i]).into_owned(), buf[i + 4..].to_vec());
        }
    };
    let mut wire = Wire { head, body: rest, closed: false };
    let no_body = wire.status() == 204;
    let chunked = wire.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    if chunked {
        while !wire.body.ends_with(b"0\r\n\r\n") {
            let n = s.read(&mut chunk).await.expect("reads");
            assert!(n > 0, "chunked body cut short");
            wire.body.extend_from_slice(&chunk[..n]);
        }
        wire.body = dechunk(&wire.body);
    } else if !no_body {
        let len: usize = wire.header("content-length").and_then(|v| v.parse().ok()).expect("a Content-Length");
        while wire.body.len() < len {
            let n = s.read(&mut chunk).await.expect("reads");
            assert!(n > 0, "body cut short");
            wire.body.extend_from_slice(&chunk[..n]);
        }
    }
    if watch {
        let next = tokio::time::timeout(Duration::from_millis(300), s.read(&mut chunk)).await;
        wire.closed = matches!(next, Ok(Ok(0)) | Ok(Err(_)));
    }
    wire
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let i = raw.windows(2).position(|w| w == b"\r\n").expect("chunk size line");
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..i]).trim(), 16).expect("hex size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[i + 2..i + 2 + size]);
        raw = &raw[i + 2 + size + 2..];
    }
}

/// What a probe's answer looks like with fresh values and the stub's address masked: status,
/// header names as sent (not `Date`) with the values that matter, and the body's bytes.
pub fn fingerprint(w: &Wire) -> String {
    let mut names: Vec<&str> = w.names().into_iter().filter(|n| !n.eq_ignore_ascii_case("date")).collect();
    names.sort_unstable();
    let values: Vec<String> =
        ["content-type", "connection", "transfer-encoding", "cache-control", "server", "location"]
            .iter()
            .map(|h| format!("{h}={}", mask(w.header(h).unwrap_or("-"))))
            .collect();
    format!("{} {names:?} {values:?} {}", w.status(), mask(&w.text()))
}

/// `text` with every run of 32 or more hex digits and dashes (uuids, hex32 ids) as `*` and the
/// loopback address with its port as `HOST`.
fn mask(text: &str) -> String {
    let text = text.replace("127.0.0.1:", "HOST:");
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        out.push_str(if run.chars().filter(char::is_ascii_hexdigit).count() >= 32 { "*" } else { run.as_str() });
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_hexdigit() || c == '-' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    // The port after HOST: is the only other thing that differs between two stubs.
    out.split("HOST:")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_string()
            } else {
                format!("HOST:{}", part.trim_start_matches(|c: char| c.is_ascii_digit()))
            }
        })
        .collect()
}
