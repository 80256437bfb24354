//! The plain request and response the core works with, independent of any HTTP crate: both
//! adapters (wiremock in-process, hyper standalone) convert to and from these. Inside, the
//! engine reads a request through [`Req`], a borrowed view: of a [`StubRequest`], or, in the
//! standalone adapter, of hyper's own parts, so that no header is copied per request.

use std::borrow::Cow;

use bytes::Bytes;
use serde_json::Value;

/// The content type of every JSON answer.
pub(crate) const JSON: &str = "application/json";

/// `Content-Type: application/json`, borrowed.
pub(crate) fn json_content_type() -> (HeaderText, HeaderText) {
    (Cow::Borrowed("Content-Type"), Cow::Borrowed(JSON))
}

/// A request as the core sees it.
#[derive(Debug, Clone, Default)]
pub struct StubRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// The path as sent (percent-encoded, no query).
    pub path: String,
    /// The raw query string without `?` (may be empty).
    pub query: String,
    /// Headers as received, names in any case.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Bytes,
}

impl StubRequest {
    /// Built by the two adapters from their `http` parts.
    pub(crate) fn from_http(
        method: &http::Method,
        path: &str,
        query: Option<&str>,
        headers: &http::HeaderMap,
        body: Bytes,
    ) -> Self {
        StubRequest {
            method: method.as_str().to_ascii_uppercase(),
            path: path.to_string(),
            query: query.unwrap_or_default().to_string(),
            headers: copy_headers(headers),
            body,
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        conformance_signing::header_value(&self.headers, name)
    }

    /// `http://<Host>`, the origin the client used: for self-links, created resources' headers
    /// and the profile's base URL. `localhost` stands in for a `Host` that is absent, empty or
    /// not ASCII.
    pub fn origin(&self) -> String {
        self.view().origin()
    }

    /// The engine's view of it.
    pub(crate) fn view(&self) -> Req<'_> {
        Req {
            method: &self.method,
            path: &self.path,
            query: &self.query,
            headers: Headers::Pairs(&self.headers),
            body: &self.body,
        }
    }
}

/// A request as the engine reads it, borrowed: what a [`StubRequest`] holds, without owning it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Req<'a> {
    /// HTTP method, upper case.
    pub method: &'a str,
    /// The path as sent (percent-encoded, no query).
    pub path: &'a str,
    /// The raw query string without `?` (may be empty).
    pub query: &'a str,
    /// The headers.
    pub headers: Headers<'a>,
    /// The whole body.
    pub body: &'a [u8],
}

/// A request's headers: a [`StubRequest`]'s pairs, or the names and values of hyper's map.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Headers<'a> {
    /// Names in any case, in the order received.
    Pairs(&'a [(String, String)]),
    /// Borrowed from hyper's map, in its order (names lower case; every value UTF-8).
    List(&'a [(&'a str, &'a [u8])]),
}

/// Up to this many headers are borrowed from hyper's map; a request with more is copied.
const LIST_MAX: usize = 16;

/// hyper's headers borrowed, held on the stack. Every value is known to be UTF-8: ASCII (a
/// quick check) or checked in full; each is read as `&str` only when a header is looked up.
#[derive(Debug)]
pub(crate) struct HeaderList<'a> {
    items: [(&'a str, &'a [u8]); LIST_MAX],
    len: usize,
}

impl<'a> HeaderList<'a> {
    /// The headers of `map` in its order (a name once per value, as its iterator gives them);
    /// `None` when a value is not UTF-8 or there are more than [`LIST_MAX`].
    pub(crate) fn of(map: &'a http::HeaderMap) -> Option<HeaderList<'a>> {
        let mut list = HeaderList { items: [("", &[][..]); LIST_MAX], len: 0 };
        for (k, v) in map {
            let v = v.as_bytes();
            if !v.is_ascii() {
                std::str::from_utf8(v).ok()?;
            }
            *list.items.get_mut(list.len)? = (k.as_str(), v);
            list.len += 1;
        }
        Some(list)
    }

    fn as_slice(&self) -> &[(&'a str, &'a [u8])] {
        self.items.get(..self.len).unwrap_or_default()
    }
}

/// A listed value as text (it is UTF-8: [`HeaderList::of`] checked).
fn text(v: &[u8]) -> Option<&str> {
    std::str::from_utf8(v).ok()
}

/// Whether `lower` (a header name as hyper holds it: lower case) is `name` in any case.
fn lower_eq(lower: &str, name: &str) -> bool {
    lower.len() == name.len() && lower.bytes().zip(name.bytes()).all(|(l, n)| l == n.to_ascii_lowercase())
}

impl<'a> Headers<'a> {
    /// The first value of header `name` (case-insensitive).
    pub(crate) fn get(self, name: &str) -> Option<&'a str> {
        match self {
            Headers::Pairs(p) => conformance_signing::header_value(p, name),
            // A request has a handful of headers: comparing their names costs less than hashing
            // the one asked. The first match is the map's first value for it.
            Headers::List(l) => l.iter().find(|(k, _)| lower_eq(k, name)).and_then(|(_, v)| text(v)),
        }
    }

    /// Every value of header `name` (case-insensitive), in order.
    pub(crate) fn all(self, name: &'a str) -> impl Iterator<Item = &'a str> {
        let (pairs, list) = match self {
            Headers::Pairs(p) => (p, &[][..]),
            Headers::List(l) => (&[][..], l),
        };
        let from_pairs = pairs.iter().filter(move |(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
        let from_list = list.iter().filter(move |(k, _)| lower_eq(k, name)).filter_map(|(_, v)| text(v));
        from_pairs.chain(from_list)
    }

    /// The headers as pairs, as a [`StubRequest`] holds them (copied only from a list).
    pub(crate) fn pairs(self) -> Cow<'a, [(String, String)]> {
        match self {
            Headers::Pairs(p) => Cow::Borrowed(p),
            Headers::List(l) => {
                Cow::Owned(l.iter().map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v).into_owned())).collect())
            }
        }
    }
}

/// hyper's headers as pairs: names as they are (lower case), values as UTF-8 (lossy).
fn copy_headers(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers.iter().map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect()
}

impl<'a> Req<'a> {
    /// A view of hyper's parts, when the engine can read them as they are: the method upper
    /// case and the headers listed (else the adapter builds a [`StubRequest`], which
    /// upper-cases the one and decodes the others lossily).
    pub(crate) fn of_http(
        method: &'a http::Method,
        path: &'a str,
        query: Option<&'a str>,
        headers: Option<&'a HeaderList<'a>>,
        body: &'a [u8],
    ) -> Option<Req<'a>> {
        let method = method.as_str();
        let headers = Headers::List(headers?.as_slice());
        (!method.bytes().any(|b| b.is_ascii_lowercase())).then(|| Req {
            method,
            path,
            query: query.unwrap_or_default(),
            headers,
            body,
        })
    }

    /// The first value of header `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&'a str> {
        self.headers.get(name)
    }

    /// `http://<Host>`, the origin the client used: for self-links, created resources' headers
    /// and the profile's base URL. `localhost` stands in for a `Host` that is absent, empty or
    /// not ASCII.
    pub(crate) fn origin(&self) -> String {
        let host = self.header("Host").filter(|h| !h.is_empty() && h.is_ascii()).unwrap_or("localhost");
        format!("http://{host}")
    }
}

/// A response header's name or value: most are literals, which are not copied per answer.
pub type HeaderText = Cow<'static, str>;

/// What the core answers: status, headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers, in order (`Content-Type` included when there is a body).
    pub headers: Vec<(HeaderText, HeaderText)>,
    /// Response body (empty for none).
    pub body: Bytes,
}

impl StubResponse {
    /// A response without body.
    pub fn empty(status: u16) -> Self {
        StubResponse { status, headers: Vec::new(), body: Bytes::new() }
    }

    /// A JSON response.
    pub fn json(status: u16, body: &Value) -> Self {
        // Room for the usual answer, so serialising it does not grow the buffer.
        let mut bytes = Vec::with_capacity(256);
        if serde_json::to_writer(&mut bytes, body).is_err() {
            bytes.clear();
        }
        StubResponse { status, headers: vec![json_content_type()], body: Bytes::from(bytes) }
    }

    /// A plain-text response.
    pub fn text(status: u16, body: &str) -> Self {
        let headers = vec![("Content-Type".into(), "text/plain; charset=utf-8".into())];
        StubResponse { status, headers, body: Bytes::from(body.to_string()) }
    }

    /// This response with one more header.
    pub fn with_header(mut self, name: impl Into<HeaderText>, value: impl Into<HeaderText>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }

    /// This response labelled `content_type`.
    pub(crate) fn with_content_type(mut self, content_type: &'static str) -> Self {
        for (k, v) in &mut self.headers {
            if k.eq_ignore_ascii_case("content-type") {
                *v = Cow::Borrowed(content_type);
            }
        }
        self
    }

    /// Whether its body is JSON (by its content type).
    pub(crate) fn is_json(&self) -> bool {
        self.header("content-type").is_some_and(|c| c.starts_with(JSON))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_headers_read_as_copied_ones_do() {
        let mut map = http::HeaderMap::new();
        for (k, v) in [
            ("x-auth-token", "t1"),
            ("Cookie", "a=1"),
            ("cookie", "OwnerId=\"o\"; b=2"),
            ("X-Project-Id", "p"),
            ("x-obs", "caf\u{e9}"),
            ("x-auth-token", "t2"),
        ] {
            map.append(http::HeaderName::from_bytes(k.as_bytes()).expect("name"), v.parse().expect("value"));
        }
        let copied = copy_headers(&map);
        let list = HeaderList::of(&map).expect("listed");
        let (borrowed, pairs) = (Headers::List(list.as_slice()), Headers::Pairs(&copied));
        for name in ["X-Auth-Token", "x-auth-token", "COOKIE", "x-project-id", "X-Obs", "x-missing", "x-auth-toke"] {
            assert_eq!(borrowed.get(name), pairs.get(name), "{name}");
            assert_eq!(borrowed.all(name).collect::<Vec<_>>(), pairs.all(name).collect::<Vec<_>>(), "{name}");
        }
        assert_eq!(borrowed.get("x-obs"), Some("caf\u{e9}"));
        assert_eq!(borrowed.pairs().as_ref(), copied.as_slice());
        // A value that is not UTF-8 is not borrowed: the adapter copies the request (lossily).
        map.append("x-bad", http::HeaderValue::from_bytes(b"\xff").expect("obs-text"));
        assert!(HeaderList::of(&map).is_none());
    }
}
