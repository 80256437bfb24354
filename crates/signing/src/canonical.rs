//! Building the canonical request: URI, query string, headers, signed-header
//! list and payload hash, joined by `\n`.
//!
//! Path segments and query keys/values are first percent-decoded and then
//! re-encoded keeping only RFC 3986 unreserved characters, so a raw path
//! (`/a b`) and its wire form (`/a%20b`) canonicalise identically.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode, percent_encode};
use sha2::{Digest, Sha256};

use crate::error::SignError;
use crate::{CONTENT_SHA256_HEADER, RequestParts, header_value};

/// Everything except RFC 3986 unreserved characters gets encoded.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

fn encode(raw: &[u8]) -> String {
    let decoded: Vec<u8> = percent_decode(raw).collect();
    percent_encode(&decoded, ENCODE).to_string()
}

/// Canonical URI: each `/`-separated segment decoded then percent-encoded,
/// always ending in `/` (e.g. `/v2/p1/x` becomes `/v2/p1/x/`).
pub fn canonical_uri(path: &str) -> String {
    let mut uri = path.split('/').map(|seg| encode(seg.as_bytes())).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Canonical query string: `k=v` pairs (decoded, `+` read as space, then
/// percent-encoded) sorted by decoded key then decoded value, joined by `&`.
/// A parameter without `=` gets an empty value; empty input gives `""`.
pub fn canonical_query_string(query: &str) -> String {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect();
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{}={}", encode_decoded(k), encode_decoded(v))).collect::<Vec<_>>().join("&")
}

fn form_decode(s: &str) -> Vec<u8> {
    let plus_as_space = s.replace('+', " ");
    percent_decode(plus_as_space.as_bytes()).collect()
}

fn encode_decoded(bytes: &[u8]) -> String {
    percent_encode(bytes, ENCODE).to_string()
}

/// Normalises a signed-header list: lowercased, sorted, deduplicated.
fn normalise(signed_headers: &[String]) -> Vec<String> {
    let mut names: Vec<String> = signed_headers.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    names.sort();
    names.dedup();
    names
}

/// Signed-header list as it appears in the canonical request and the
/// `Authorization` header: lowercase names, sorted, joined by `;`.
pub fn signed_headers_string(signed_headers: &[String]) -> String {
    normalise(signed_headers).join(";")
}

/// Canonical headers block: one `name:trimmed-value\n` line per signed
/// header (lowercase names, sorted; repeated headers give one line per value,
/// values sorted). Fails if a signed header is absent from `headers`.
pub fn canonical_headers(headers: &[(String, String)], signed_headers: &[String]) -> Result<String, SignError> {
    let mut block = String::new();
    for name in normalise(signed_headers) {
        let mut values: Vec<&str> =
            headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(&name)).map(|(_, v)| v.trim()).collect();
        if values.is_empty() {
            return Err(SignError::MissingSignedHeader(name));
        }
        values.sort_unstable();
        for v in values {
            block.push_str(&name);
            block.push(':');
            block.push_str(v);
            block.push('\n');
        }
    }
    Ok(block)
}

/// Payload hash: the `X-Sdk-Content-Sha256` header value verbatim when
/// present, otherwise lowercase hex SHA-256 of the body.
pub fn payload_hash(parts: &RequestParts<'_>) -> String {
    match header_value(parts.headers, CONTENT_SHA256_HEADER) {
        Some(v) => v.to_owned(),
        None => hex::encode(Sha256::digest(parts.body)),
    }
}

/// The full canonical request for `parts`, signing `signed_headers` (names in
/// any case and order; they are lowercased and sorted).
pub fn canonical_request(parts: &RequestParts<'_>, signed_headers: &[String]) -> Result<String, SignError> {
    Ok([
        parts.method.to_ascii_uppercase(),
        canonical_uri(parts.path),
        canonical_query_string(parts.query),
        canonical_headers(parts.headers, signed_headers)?,
        signed_headers_string(signed_headers),
        payload_hash(parts),
    ]
    .join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_always_ends_in_slash() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a/b"), "/a/b/");
        assert_eq!(canonical_uri("/a/b/"), "/a/b/");
    }

    #[test]
    fn uri_segments_are_percent_encoded() {
        assert_eq!(canonical_uri("/v2/a b/ünï/x+y:z@w/A-Z_a.z~0"), "/v2/a%20b/%C3%BCn%C3%AF/x%2By%3Az%40w/A-Z_a.z~0/");
        // Already-encoded wire form canonicalises the same way.
        assert_eq!(canonical_uri("/v2/a%20b/%C3%BCn%C3%AF"), canonical_uri("/v2/a b/ünï"));
        // Lowercase hex is normalised; stray '%' is encoded.
        assert_eq!(canonical_uri("/%c3%bc/100%"), "/%C3%BC/100%25/");
    }

    #[test]
    fn query_is_encoded_and_sorted() {
        assert_eq!(canonical_query_string(""), "");
        assert_eq!(canonical_query_string("b=2&a=1"), "a=1&b=2");
        assert_eq!(canonical_query_string("a=2&a=1&a"), "a=&a=1&a=2");
        assert_eq!(canonical_query_string("q=a b&k=%C3%BC&p=x+y&&z=~"), "k=%C3%BC&p=x%20y&q=a%20b&z=~");
        assert_eq!(canonical_query_string("e=a=b"), "e=a%3Db");
    }

    #[test]
    fn headers_block_and_list() {
        let headers = vec![
            ("X-B".to_owned(), "  two ".to_owned()),
            ("X-A".to_owned(), "zero".to_owned()),
            ("x-a".to_owned(), " one".to_owned()),
        ];
        let signed = vec!["X-B".to_owned(), "x-a".to_owned()];
        assert_eq!(canonical_headers(&headers, &signed), Ok("x-a:one\nx-a:zero\nx-b:two\n".to_owned()));
        assert_eq!(signed_headers_string(&signed), "x-a;x-b");
        assert_eq!(
            canonical_headers(&headers, &["x-c".to_owned()]),
            Err(SignError::MissingSignedHeader("x-c".to_owned()))
        );
    }
}
