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
