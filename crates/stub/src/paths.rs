//! Paths as the state keys them: the canonical form of a path (every segment percent-decoded,
//! then encoded as RFC 6570 simple expansion encodes a value: everything but unreserved
//! characters), path templates split once into literals and placeholders (`{param}`,
//! `{body:/pointer}`, `{profile.key}`), and the plain segment splitting the router uses.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// Appends `value` percent-encoded as one path segment (unreserved characters kept).
pub(crate) fn push_segment(out: &mut String, value: &str) {
    // The usual value (an id) is all unreserved: copied at once (checked without an early
    // exit, a loop the compiler vectorises).
    if value.bytes().fold(true, |all, b| all & unreserved(b)) {
        out.push_str(value);
        return;
    }
    for b in value.bytes() {
        if unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// A path segment percent-decoded (borrowed when it has no `%`); `None` when that is not UTF-8.
pub(crate) fn decode(segment: &str) -> Option<Cow<'_, str>> {
    if segment.contains('%') { percent_decode_str(segment).decode_utf8().ok() } else { Some(Cow::Borrowed(segment)) }
}

/// The segments of a path without its leading and one trailing `/`: what `split('/')` gives,
/// by a plain byte search (paths are short).
pub(crate) fn split(path: &str) -> impl Iterator<Item = &str> {
    let p = path.strip_prefix('/').unwrap_or(path);
    let mut rest = Some(p.strip_suffix('/').unwrap_or(p));
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'/') {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => rest.take(),
        }
    })
}

/// [`split`] into `parts`, in one pass over the path a word (8 bytes) at a time: how many
/// segments, and whether the path has a `%` (needs decoding); `None` when it has more segments
/// than `parts` holds.
pub(crate) fn split_into<'p>(path: &'p str, parts: &mut [&'p str]) -> Option<(usize, bool)> {
    let p = path.strip_prefix('/').unwrap_or(path);
    let p = p.strip_suffix('/').unwrap_or(p);
    let bytes = p.as_bytes();
    let (mut count, mut start, mut percent) = (0, 0, 0u64);
    // Ends the segment before byte `end` ('/' or the end of the path).
    let mut cut = |end: usize| -> Option<()> {
        *parts.get_mut(count)? = p.get(start..end)?;
        count += 1;
        start = end + 1;
        Some(())
    };
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    for (k, w) in words.enumerate() {
        let w = u64::from_le_bytes(w.try_into().ok()?);
        percent |= bytes_equal(w, b'%');
        let mut slashes = bytes_equal(w, b'/');
        while slashes != 0 {
            cut(k * 8 + (slashes.trailing_zeros() / 8) as usize)?;
            slashes &= slashes - 1;
        }
    }
    let base = bytes.len() - tail.len();
    for (i, &b) in tail.iter().enumerate() {
        percent |= u64::from(b == b'%');
        if b == b'/' {
            cut(base + i)?;
        }
    }
    cut(bytes.len())?;
    Some((count, percent != 0))
}

/// The high bit of each byte of `w` that equals `b`, and no other (no carry crosses a byte).
fn bytes_equal(w: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = w ^ (u64::from(b) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x) & HIGH
}

/// The canonical form of `path` (`/a/b%2Dc/` → `/a/b-c`); `None` when a segment does not
/// decode to UTF-8 or is empty.
pub(crate) fn canonical(path: &str) -> Option<String> {
    let mut out = String::with_capacity(path.len() + 8);
    for seg in split(path) {
        if seg.is_empty() {
            return None;
        }
        out.push('/');
        push_segment(&mut out, &decode(seg)?);
    }
    Some(out)
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// Text as it is (already a valid path).
    Literal(String),
    /// A placeholder's name (`instance_id`, `body:/server_id`, `hostway.account_id`), whose
    /// value is encoded as a segment.
    Var(String),
}

/// A path template split once, rendered per request without parsing it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathTemplate {
    parts: Vec<Part>,
}

impl PathTemplate {
    /// Splits `template` at its `{…}` placeholders.
    pub(crate) fn parse(template: &str) -> Result<PathTemplate, String> {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').ok_or_else(|| format!("`{template}`: a `{{` is not closed"))?;
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            let name = &rest[open + 1..open + close];
            if name.is_empty() {
                return Err(format!("`{template}`: an empty placeholder"));
            }
            parts.push(Part::Var(name.to_string()));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        Ok(PathTemplate { parts })
    }

    /// The placeholder names, in order.
    pub(crate) fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// The path with each placeholder's value (from `value`) encoded as a segment; `None` when
    /// one has no value.
    pub(crate) fn render<'v>(&self, mut value: impl FnMut(&str) -> Option<Cow<'v, str>>) -> Option<String> {
        let mut out = String::with_capacity(128);
        for p in &self.parts {
            match p {
                Part::Literal(l) => out.push_str(l),
                Part::Var(v) => push_segment(&mut out, &value(v)?),
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_str_split_does() {
        for path in ["", "/", "//", "///", "/a", "a", "/a/", "/a//", "/a/b/c", "a/b/", "//a//b//", "/é/ü/", "/a%2Fb/c"]
        {
            let p = path.strip_prefix('/').unwrap_or(path);
            let want: Vec<&str> = p.strip_suffix('/').unwrap_or(p).split('/').collect();
            assert_eq!(split(path).collect::<Vec<_>>(), want, "path {path:?}");
        }
    }

    #[test]
    fn split_into_splits_as_split_does_and_finds_percents() {
        let long =
            "/v2/0b1f8c6e2a4d4e0f9c3b5a7d9e1f2a3b/apigw/instances/6a7d71827fd54572b1f31aa9548fcc81/postpaid-resize";
        for path in [
            "",
            "/",
            "//",
            "///",
            "/a",
            "a",
            "/a/",
            "/a//",
            "/a/b/c",
            "a/b/",
            "//a//b//",
            "/é/ü/",
            "/a%2Fb/c",
            long,
            "/........////....%%%%.../",
            "/1234567/",
            "/12345678/",
            "/1234567/9",
            "/a.b.c.d.e.f.g.h/i",
            "/ab%",
            "%",
            "/éééééé/€€€/x%",
        ] {
            let want: Vec<&str> = split(path).collect();
            let mut parts = [""; 32];
            let (n, percent) = split_into(path, &mut parts).expect("fits");
            assert_eq!(&parts[..n], want.as_slice(), "path {path:?}");
            assert_eq!(percent, path.contains('%'), "path {path:?}");
        }
        let mut three = [""; 3];
        assert_eq!(split_into("/a/b/c", &mut three), Some((3, false)));
        assert_eq!(split_into("/a/b/c/d", &mut three), None);
    }

    #[test]
    fn decodes_only_segments_with_a_percent() {
        assert!(matches!(decode("a-b"), Some(Cow::Borrowed("a-b"))));
        assert_eq!(decode("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(decode("100%").as_deref(), Some("100%"));
        assert_eq!(decode("%FF"), None);
    }

    #[test]
    fn canonical_paths_and_templates_agree() {
        assert_eq!(canonical("/a/b%2Dc/").as_deref(), Some("/a/b-c"));
        assert_eq!(canonical("/a/x%2Fy").as_deref(), Some("/a/x%2Fy"));
        assert_eq!(canonical("/a//b"), None);
        assert_eq!(canonical("/%FF"), None);
        let t = PathTemplate::parse("/v/{p}/x/{body:/id}").expect("parses");
        assert_eq!(t.vars().collect::<Vec<_>>(), ["p", "body:/id"]);
        let out = t.render(|v| Some(Cow::Owned(if v == "p" { "a b/c".into() } else { "é".into() })));
        assert_eq!(out.as_deref(), Some("/v/a%20b%2Fc/x/%C3%A9"));
        assert_eq!(canonical(out.as_deref().unwrap_or_default()), out);
        assert!(PathTemplate::parse("/a/{b").is_err());
        assert_eq!(t.render(|_| None), None);
    }
}
