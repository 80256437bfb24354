//! What crosses the transport boundary, as plain data: a request as sent ([`Sent`]), an answer
//! as received and decoded ([`Received`]), and a request that could not complete
//! ([`TransportError`], one [`ErrorClass`] with its URL, cause chain and hint). The transport
//! produces them, recordings store them, reports show them; this module depends on nothing
//! else in the crate, so none of those depend on each other through it.

use std::fmt;
use std::time::Duration;

/// A request as sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sent {
    /// Method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers as set by the runner.
    pub headers: Vec<(String, String)>,
    /// Body bytes (empty for none).
    pub body: Vec<u8>,
    /// Safe to send again (the scenario's effect is `none`): when the server closed the
    /// kept-alive connection it went out on, it is sent once more on a new connection. False
    /// unless the caller says so.
    pub repeatable: bool,
    /// The status the request provokes (a documented fault asked for): its answer is the
    /// answer under test, never retried as throttling.
    pub provoked: Option<u16>,
}

/// A response as received.
#[derive(Debug, Clone, Default)]
pub(crate) struct Received {
    /// Status code.
    pub status: u16,
    /// Reason phrase, when the status has a standard one.
    pub reason: String,
    /// Headers, names lower case, as received (`content-encoding` kept).
    pub headers: Vec<(String, String)>,
    /// The body, decoded when it had a `Content-Encoding`, at most [`BODY_CAP`] bytes.
    pub body: Vec<u8>,
    /// The `Content-Encoding` the body was decoded from (`gzip`, `deflate`, `br`, `zstd`).
    pub decoded_from: Option<String>,
    /// Time to the end of the body.
    pub elapsed: Duration,
    /// The attempts before this one, one line each (shown in reports): throttled answers
    /// retried, a kept-alive connection the server closed.
    pub retries: Vec<String>,
    /// True for a dry run's stand-in: nothing was sent, nothing answered.
    pub synthetic: bool,
}

impl Received {
    /// The first value of header `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        conformance_signing::header_value(&self.headers, name)
    }
}

/// Response bodies longer than this (after decoding) are an error: body too large.
pub const BODY_CAP: usize = 1024 * 1024;

/// Why a request could not complete. Each class has fixed words and a fixed hint, so the
/// terminal, JUnit, cucumber JSON and recordings say the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorClass {
    /// Nothing listens there.
    Refused,
    /// The host name does not resolve.
    Dns,
    /// `https://` only: the server's certificate was rejected.
    TlsCertificate,
    /// `https://` only: the TLS handshake failed for another reason.
    TlsHandshake,
    /// The connection was reset or closed before a complete answer.
    Closed,
    /// The server closed a kept-alive connection (one that had carried an answer) without
    /// `Connection: close`, and the request was not safe to send again.
    KeptAliveClosed,
    /// Something answered, but not with HTTP/1.x.
    NotHttp,
    /// The status line and headers exceeded the client's limit.
    HeadTooLarge,
    /// The body is longer than [`BODY_CAP`] (decoded).
    BodyTooLarge,
    /// The body's `Content-Encoding` could not be decoded.
    BadEncoding,
    /// No connection within the timeout.
    ConnectTimeout,
    /// Connected, but no complete answer within the timeout.
    ReadTimeout,
    /// A 3xx the runner does not follow; its `Location`.
    Redirect(String),
    /// 429/503 (or Huawei's APIG.0308) still there after the retries.
    Throttled,
    /// Anything else.
    Other,
}

impl ErrorClass {
    /// A stable name, as recordings store it.
    pub fn id(&self) -> &'static str {
        match self {
            ErrorClass::Refused => "refused",
            ErrorClass::Dns => "dns",
            ErrorClass::TlsCertificate => "tls-certificate",
            ErrorClass::TlsHandshake => "tls-handshake",
            ErrorClass::Closed => "closed",
            ErrorClass::KeptAliveClosed => "kept-alive-closed",
            ErrorClass::NotHttp => "not-http",
            ErrorClass::HeadTooLarge => "head-too-large",
            ErrorClass::BodyTooLarge => "body-too-large",
            ErrorClass::BadEncoding => "bad-encoding",
            ErrorClass::ConnectTimeout => "connect-timeout",
            ErrorClass::ReadTimeout => "read-timeout",
            ErrorClass::Redirect(_) => "redirect",
            ErrorClass::Throttled => "throttled",
            ErrorClass::Other => "other",
        }
    }

    /// The class named `id` (the inverse of [`ErrorClass::id`]; a redirect gets `location`).
    pub fn from_id(id: &str, location: &str) -> Option<ErrorClass> {
        Some(match id {
            "refused" => ErrorClass::Refused,
            "dns" => ErrorClass::Dns,
            "tls-certificate" => ErrorClass::TlsCertificate,
            "tls-handshake" => ErrorClass::TlsHandshake,
            "closed" => ErrorClass::Closed,
            "kept-alive-closed" => ErrorClass::KeptAliveClosed,
            "not-http" => ErrorClass::NotHttp,
            "head-too-large" => ErrorClass::HeadTooLarge,
            "body-too-large" => ErrorClass::BodyTooLarge,
            "bad-encoding" => ErrorClass::BadEncoding,
            "connect-timeout" => ErrorClass::ConnectTimeout,
            "read-timeout" => ErrorClass::ReadTimeout,
            "redirect" => ErrorClass::Redirect(location.to_string()),
            "throttled" => ErrorClass::Throttled,
            "other" => ErrorClass::Other,
            _ => return None,
        })
    }

    /// True when something at the target answered (accepted the connection and sent or
    /// closed): the preflight then says what answered instead of "cannot reach".
    pub fn something_answered(&self) -> bool {
        !matches!(self, ErrorClass::Refused | ErrorClass::Dns | ErrorClass::ConnectTimeout | ErrorClass::Other)
    }

    /// The one-line hint.
    pub fn hint(&self) -> &'static str {
        match self {
            ErrorClass::Refused => "nothing listens at that host and port: check the base URL and that the server runs",
            ErrorClass::Dns => "the host name does not resolve: check the base URL and this machine's DNS",
            ErrorClass::TlsCertificate => {
                "the server's certificate is not trusted for this host; --insecure accepts an invalid certificate"
            }
            ErrorClass::TlsHandshake => {
                "the server did not complete a TLS handshake: does it speak plain http:// at this address?"
            }
            ErrorClass::Closed => {
                "the server dropped the connection without a complete answer: its logs should say why"
            }
            ErrorClass::KeptAliveClosed => {
                "the request was not sent again, as its effect is not `none`: a server should say Connection: close before it closes a connection, or keep idle ones open longer"
            }
            ErrorClass::NotHttp => "something answered, but not with HTTP/1.x: is it the right port, or https://?",
            ErrorClass::HeadTooLarge => "the status line and headers are larger than a client accepts (about 400 KiB)",
            ErrorClass::BodyTooLarge => {
                "the runner reads at most 1 MiB of a body, decoded; no documented answer is that long"
            }
            ErrorClass::BadEncoding => "the body does not decode with the Content-Encoding the server named",
            ErrorClass::ConnectTimeout => "nothing accepted the connection in time: a firewall may drop the packets",
            ErrorClass::ReadTimeout => {
                "the server accepted the request but did not finish answering: raise --timeout if it is slow"
            }
            ErrorClass::Redirect(_) => {
                "the runner never follows redirects: point --base-url at the address that answers"
            }
            ErrorClass::Throttled => {
                "the target limits the request rate: lower --rate, raise --retries, or run again later"
            }
            ErrorClass::Other => "see the cause",
        }
    }
}

/// A request that could not complete: JUnit `<error>`, never `<failure>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// What kind of failure.
    pub class: ErrorClass,
    /// One line: the class's words with the particulars (`timed out after 0.5s …`).
    pub summary: String,
    /// The URL requested.
    pub url: String,
    /// The underlying errors, outermost first, duplicates dropped.
    pub chain: Vec<String>,
}

impl TransportError {
    /// An error of `class` for `url`.
    pub fn new(class: ErrorClass, summary: impl Into<String>, url: &str, chain: Vec<String>) -> TransportError {
        TransportError { class, summary: summary.into(), url: url.to_string(), chain }
    }
}

impl fmt::Display for TransportError {
    /// `summary`, then indented `url:`, `cause:` (when there is one) and `hint:` lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  url: {}", self.summary, self.url)?;
        if !self.chain.is_empty() {
            write!(f, "\n  cause: {}", self.chain.join(": "))?;
        }
        write!(f, "\n  hint: {}", self.class.hint())
    }
}

/// `bytes` as text when they are UTF-8, else their size and a hex preview of the first 32.
pub(crate) fn text_or_hex(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        let preview: Vec<String> = bytes.iter().take(32).map(|b| format!("{b:02x}")).collect();
        let more = if bytes.len() > 32 { " …" } else { "" };
        format!(
            "{} bytes, not UTF-8 (invalid at byte {}); hex: {}{more}",
            bytes.len(),
            e.valid_up_to(),
            preview.join(" ")
        )
    })
}
