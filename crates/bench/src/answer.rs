//! Reading one HTTP/1.1 answer off a keep-alive connection, as the load generator needs it:
//! the head parsed by `httparse`, the body read to its `Content-Length`. Anything the benchmark
//! cannot count on (no `Content-Length`, `Connection: close`, bytes after the answer, a head
//! past 16 KiB, not HTTP at all) is an error that says so.

use tokio::io::AsyncReadExt;

/// An answer's head larger than this is refused (the benchmarked answers have ~100 bytes).
const MAX_HEAD: usize = 16 * 1024;
/// Headers an answer may have.
const MAX_HEADERS: usize = 32;

/// Reads one whole answer from `stream` into `buf` (empty on entry); its status. An answer
/// without `Content-Length`, one that says the connection will close, or bytes beyond the
/// answer are errors: the benchmark needs a keep-alive connection with one answer per request.
pub(crate) async fn read_answer<R: tokio::io::AsyncRead + Unpin>(
    stream: &mut R,
    buf: &mut Vec<u8>,
) -> Result<u16, String> {
    loop {
        let n = stream.read_buf(buf).await.map_err(|e| format!("reading the answer failed: {e}"))?;
        if n == 0 {
            return Err("the server closed the connection".into());
        }
        if let Some((status, total)) = parse_head(buf)? {
            while buf.len() < total {
                let n = stream.read_buf(buf).await.map_err(|e| format!("reading the body failed: {e}"))?;
                if n == 0 {
                    return Err("the server closed the connection in the middle of a body".into());
                }
            }
            if buf.len() > total {
                return Err(format!("{} bytes came after the answer, unasked", buf.len() - total));
            }
            return Ok(status);
        }
        if buf.len() > MAX_HEAD {
            return Err(format!("the answer's head passed {MAX_HEAD} bytes"));
        }
    }
}

/// The status and the whole answer's length (head + body), once the head is complete.
fn parse_head(buf: &[u8]) -> Result<Option<(u16, usize)>, String> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut headers);
    let head = match resp.parse(buf).map_err(|e| format!("the answer is not HTTP/1.1: {e}"))? {
        httparse::Status::Complete(n) => n,
        httparse::Status::Partial => return Ok(None),
    };
    let status = resp.code.unwrap_or_default();
    let mut length = None;
    for h in resp.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            let v = std::str::from_utf8(h.value).ok().and_then(|v| v.trim().parse::<usize>().ok());
            length = Some(v.ok_or("the answer's Content-Length is not a number")?);
        } else if h.name.eq_ignore_ascii_case("connection") && h.value.eq_ignore_ascii_case(b"close") {
            return Err("the server closes the connection after each answer (Connection: close)".into());
        }
    }
    let length = length.ok_or("the answer has no Content-Length (chunked answers are not benchmarked)")?;
    Ok(Some((status, head + length)))
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncWriteExt;

    use super::*;

    /// Feeds `parts` to `read_answer` one write at a time, as a server splitting its answer.
    async fn read(parts: &[&[u8]]) -> Result<u16, String> {
        let (mut client, mut server) = tokio::io::duplex(64 * 1024);
        let parts: Vec<Vec<u8>> = parts.iter().map(|p| p.to_vec()).collect();
        // The server's end closes after the last part (read_answer then sees the end).
        let writer = tokio::spawn(async move {
            for p in parts {
                server.write_all(&p).await.expect("write");
                server.flush().await.expect("flush");
                tokio::task::yield_now().await;
            }
        });
        let mut buf = Vec::new();
        let got = read_answer(&mut client, &mut buf).await;
        writer.await.expect("writer");
        got
    }

    #[tokio::test]
    async fn an_answer_split_anywhere_is_read_whole() {
        let answer =
            b"HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{\"job\":\"1\"}";
        assert_eq!(read(&[answer]).await, Ok(202));
        for cut in [1, 20, 60, answer.len() - 1] {
            assert_eq!(read(&[&answer[..cut], &answer[cut..]]).await, Ok(202), "cut at {cut}");
        }
    }

    #[tokio::test]
    async fn answers_the_benchmark_cannot_use_are_errors() {
        let chunked = read(&[b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n"]).await;
        assert!(chunked.is_err_and(|e| e.contains("no Content-Length")));
        let close = read(&[b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"]).await;
        assert!(close.is_err_and(|e| e.contains("Connection: close")));
        let extra = read(&[b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA"]).await;
        assert_eq!(extra, Err("5 bytes came after the answer, unasked".into()));
        let short = read(&[b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc"]).await;
        assert_eq!(short, Err("the server closed the connection in the middle of a body".into()));
        assert!(read(&[b"SSH-2.0-OpenSSH\r\n\r\n"]).await.is_err_and(|e| e.contains("not HTTP/1.1")));
        assert_eq!(read(&[]).await, Err("the server closed the connection".into()));
        let huge = vec![b'a'; MAX_HEAD + 10];
        let head = [b"HTTP/1.1 200 OK\r\nx-big: ".as_slice(), &huge].concat();
        assert!(read(&[&head]).await.is_err_and(|e| e.contains("head passed")));
    }
}
