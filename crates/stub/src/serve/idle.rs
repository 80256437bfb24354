//! The header read timeout, kept per connection instead of per request: a connection that waits
//! longer than [`HEADER_READ_TIMEOUT`] for a request head (from when it opened, or from the end
//! of its previous request) is closed, with no answer, as hyper's own `header_read_timeout`
//! closes it. hyper arms a fresh timer for every request head (an allocation, and the runtime's
//! timer wheel locked to insert and again to remove it); here each request only stores two
//! words, and the connection's one timer ([`watch`]) is re-armed when it fires.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::{Instant, Sleep};

/// How long a connection may wait for a request head.
pub(super) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// `since` while a request is in flight (its head is read; no head is awaited).
const BUSY: u64 = u64::MAX;

/// Whether a connection waits for a request head, and since when.
#[derive(Debug)]
pub(super) struct Idle {
    origin: Instant,
    /// Milliseconds from `origin` to when the connection began to wait, or [`BUSY`].
    since: AtomicU64,
}

impl Idle {
    /// A connection that opened now (and so waits for its first head).
    pub(super) fn new() -> Idle {
        Idle { origin: Instant::now(), since: AtomicU64::new(0) }
    }

    /// A request's head is read: no head is awaited until it ends.
    pub(super) fn begin(&self) {
        self.since.store(BUSY, Ordering::Relaxed);
    }

    /// The request ended: the connection waits for the next head from now.
    pub(super) fn end(&self) {
        let ms = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(BUSY - 1);
        self.since.store(ms, Ordering::Relaxed);
    }

    /// When the wait for a head times out (`None`: a request is in flight).
    pub(super) fn deadline(&self) -> Option<Instant> {
        let since = self.since.load(Ordering::Relaxed);
        (since != BUSY).then(|| self.origin + Duration::from_millis(since) + HEADER_READ_TIMEOUT)
    }
}

/// The connection's timer fired: whether it has waited too long for a head; if not, the timer is
/// re-armed for the next moment it could have.
pub(super) fn watch(idle: &Idle, timer: std::pin::Pin<&mut Sleep>) -> bool {
    let now = Instant::now();
    match idle.deadline() {
        Some(d) if d <= now => true,
        Some(d) => {
            timer.reset(d);
            false
        }
        None => {
            timer.reset(now + HEADER_READ_TIMEOUT);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;
    use crate::{StubConfig, StubCore};

    #[tokio::test(start_paused = true)]
    async fn a_connection_that_sends_no_head_is_closed_without_an_answer() {
        let core = Arc::new(StubCore::new(StubConfig::deterministic()).expect("the stub starts"));
        let addr = "127.0.0.1:0".parse().expect("an address");
        let serving = super::super::serve_core(core, addr).await.expect("serves");
        let mut client = tokio::net::TcpStream::connect(serving.local_addr()).await.expect("connects");
        let start = Instant::now();
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(HEADER_READ_TIMEOUT * 3, client.read(&mut buf)).await;
        assert!(matches!(read, Ok(Ok(0))), "closed, nothing written: {read:?}");
        assert!(start.elapsed() >= HEADER_READ_TIMEOUT, "not before the timeout: {:?}", start.elapsed());
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_idle_after_an_answer_is_closed_a_timeout_after_it() {
        let core = Arc::new(StubCore::new(StubConfig::deterministic()).expect("the stub starts"));
        let addr = "127.0.0.1:0".parse().expect("an address");
        let serving = super::super::serve_core(core, addr).await.expect("serves");
        let mut client = tokio::net::TcpStream::connect(serving.local_addr()).await.expect("connects");
        // 20 s without a head, then a request: the wait starts again when it is answered.
        tokio::time::sleep(Duration::from_secs(20)).await;
        client.write_all(b"GET /__stub/ HTTP/1.1\r\nHost: stub\r\n\r\n").await.expect("sends");
        let asked = Instant::now();
        let mut got = Vec::new();
        let read = tokio::time::timeout(HEADER_READ_TIMEOUT * 3, client.read_to_end(&mut got)).await;
        assert!(matches!(read, Ok(Ok(_))), "closed: {read:?}");
        assert!(got.starts_with(b"HTTP/1.1 200"), "answered first: {:?}", String::from_utf8_lossy(&got));
        let waited = asked.elapsed();
        assert!(waited >= HEADER_READ_TIMEOUT, "not before the timeout after the answer: {waited:?}");
        assert!(waited < HEADER_READ_TIMEOUT * 2, "about one timeout after the answer: {waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_times_out_only_while_it_waits_for_a_head() {
        let idle = Idle::new();
        let timer = tokio::time::sleep(HEADER_READ_TIMEOUT);
        tokio::pin!(timer);
        assert_eq!(idle.deadline(), Some(idle.origin + HEADER_READ_TIMEOUT));
        tokio::time::advance(Duration::from_secs(10)).await;
        idle.begin();
        assert_eq!(idle.deadline(), None, "no head awaited while a request is in flight");
        tokio::time::advance(Duration::from_secs(25)).await;
        // Fired 35 s after the connection opened, but a request is in flight: re-armed.
        assert!(!watch(&idle, timer.as_mut()));
        idle.end();
        assert!(!watch(&idle, timer.as_mut()), "it only began to wait");
        assert_eq!(timer.deadline(), idle.origin + Duration::from_secs(35) + HEADER_READ_TIMEOUT);
        tokio::time::advance(HEADER_READ_TIMEOUT).await;
        assert!(watch(&idle, timer.as_mut()), "30 s without a head");
    }
}
