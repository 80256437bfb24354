//! A response example compiled at start into the bytes it serialises to, with a hole for each
//! volatile value. A success answered as documented is then the example's literal bytes with a
//! handful of fresh values written into the holes: no clone of the example, no JSON tree and no
//! serialisation of the whole body per request. The bytes are exactly those of
//! `serde_json::to_vec(&instantiate(example, …))`: echoes repeated, fresh values of each format,
//! the example's own value where neither applies, then the templates filled from that body (the
//! tests hold every example of `fixtures/` to it). An example whose volatile values nest (one
//! inside another, a template reading inside one or another template's value) is not compiled;
//! it is instantiated per request as before.

use std::borrow::Cow;

use conformance_contract::{Example, Format, Volatile};
use serde_json::Value;

use crate::params::Params;
use crate::pointer;

/// At most this many volatile values per compiled example (their fresh values live on the stack).
const MAX_SLOTS: usize = 8;

/// A compiled example body.
#[derive(Debug)]
pub(crate) struct Compiled {
    /// Literal bytes and holes, in order.
    pieces: Vec<Piece>,
    /// The volatile values: the plain ones in the example's order, then the templates.
    slots: Vec<Slot>,
    /// The literal bytes' total length (the buffer's capacity starts there).
    literal_len: usize,
}

#[derive(Debug)]
enum Piece {
    Literal(Box<[u8]>),
    Hole(usize),
}

#[derive(Debug)]
enum Slot {
    /// The echo, else a fresh value of the format, else the example's own value.
    Plain { echo: Option<Echo>, format: Option<Format>, example: Own },
    /// A template: text and the values of plain slots.
    Template(Vec<Part>),
}

/// What a value repeats of the request.
#[derive(Debug)]
enum Echo {
    /// A path parameter, and whether the example's own value is a number (the echo is one).
    Path(String, bool),
    Body(String),
}

/// The example's own value at a slot: as JSON, and as a template reads it (a string as it is,
/// anything else as JSON), escaped for the inside of a JSON string.
#[derive(Debug)]
struct Own {
    json: Box<[u8]>,
    text: Box<[u8]>,
}

/// A piece of a template: text (escaped for the inside of a JSON string), or a plain slot's value.
#[derive(Debug)]
enum Part {
    Text(Box<[u8]>),
    Slot(usize),
}

/// What the request gives the holes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fill<'a> {
    /// The request's path as sent (self-links).
    pub path: &'a str,
    /// The decoded path parameters (echoes).
    pub params: &'a Params<'a>,
    /// The request's JSON body (echoes).
    pub body: Option<&'a Value>,
    /// The origin self-links start with.
    pub origin: &'a str,
}

/// One plain slot's value for one request.
enum Fresh<'a> {
    /// A string; `safe` when it needs no escaping (made by a format that writes none of `"`, `\`
    /// or a control character).
    Str { s: Cow<'a, str>, safe: bool },
    /// A value of the request body that is not a string.
    Json(&'a Value),
    /// The example's own value.
    Own,
    /// A number (a numeric echo of a path parameter), as JSON text.
    Number(String),
}

/// Whether pointer `a` is `b` or inside it, or `b` inside `a`.
fn overlaps(a: &str, b: &str) -> bool {
    let inside = |long: &str, short: &str| long.strip_prefix(short).is_some_and(|r| r.is_empty() || r.starts_with('/'));
    inside(a, b) || inside(b, a)
}

impl Compiled {
    /// `example` compiled, or `None` when it has no JSON body or its volatile values nest.
    pub(crate) fn compile(example: &Example) -> Option<Compiled> {
        let body = example.body.as_ref()?;
        // Pointers that can never resolve are skipped by `instantiate`, and by this.
        let vols: Vec<&Volatile> =
            example.volatile.iter().filter(|v| v.pointer.is_empty() || v.pointer.starts_with('/')).collect();
        for (i, a) in vols.iter().enumerate() {
            if vols[i + 1..].iter().any(|b| overlaps(&a.pointer, &b.pointer)) {
                return None;
            }
        }
        // No nesting: a pointer resolves after the other values are in exactly when it does in
        // the example.
        let resolving = |template: bool| -> Vec<&Volatile> {
            let of_kind = |v: &&Volatile| v.template.is_some() == template;
            vols.iter().copied().filter(of_kind).filter(|v| pointer::get(body, &v.pointer).is_some()).collect()
        };
        let (plain, templates) = (resolving(false), resolving(true));
        if plain.len() + templates.len() > MAX_SLOTS {
            return None;
        }
        let mut slots = Vec::new();
        for v in &plain {
            let own = pointer::get(body, &v.pointer)?;
            let text = match own {
                Value::String(s) => escaped(s)?,
                other => escaped(&other.to_string())?,
            };
            let echo = v.echoes.as_deref().and_then(|e| match e.split_once(':') {
                Some(("path", p)) => Some(Echo::Path(p.to_string(), own.is_number())),
                Some(("body", p)) => Some(Echo::Body(p.to_string())),
                _ => None,
            });
            let format = v.format.filter(|f| f.is_generated());
            let json = serde_json::to_vec(own).ok()?.into_boxed_slice();
            slots.push(Slot::Plain { echo, format, example: Own { json, text } });
        }
        for v in &templates {
            let parts = parts(v.template.as_deref().unwrap_or_default(), body, &plain, &vols)?;
            slots.push(Slot::Template(parts));
        }
        let pieces = pieces(body, plain.iter().chain(&templates).map(|v| v.pointer.as_str()))?;
        let literal_len = pieces.iter().map(|p| if let Piece::Literal(b) = p { b.len() } else { 0 }).sum();
        Some(Compiled { pieces, slots, literal_len })
    }

    /// The body for one request; `None` only if a value would not serialise (never for JSON
    /// read from a request).
    pub(crate) fn render(&self, fill: &Fill<'_>) -> Option<Vec<u8>> {
        let mut fresh: [Fresh<'_>; MAX_SLOTS] = std::array::from_fn(|_| Fresh::Own);
        for (slot, value) in self.slots.iter().zip(fresh.iter_mut()) {
            if let Slot::Plain { echo, format, .. } = slot {
                *value = match (echo.as_ref().and_then(|e| echoed(e, fill)), format) {
                    (Some(v), _) => v,
                    (None, Some(f)) => {
                        let s = Cow::Owned(f.generate(fill.origin, fill.path));
                        Fresh::Str { s, safe: *f != Format::SelfLink }
                    }
                    (None, None) => Fresh::Own,
                };
            }
        }
        // Each string's escaping is decided once: from here on `safe` means "copied as it is".
        for value in &mut fresh {
            if let Fresh::Str { s, safe } = value {
                *safe = *safe || !needs_escape(s);
            }
        }
        // The exact length when it is known, so that the buffer is allocated once and becomes
        // `Bytes` without another allocation (a `Vec` whose length is its capacity).
        let len = self.exact_len(&fresh).unwrap_or(self.literal_len + 64 * self.slots.len());
        let mut out = Vec::with_capacity(len);
        for p in &self.pieces {
            let i = match p {
                Piece::Literal(b) => {
                    out.extend_from_slice(b);
                    continue;
                }
                Piece::Hole(i) => *i,
            };
            match (self.slots.get(i)?, fresh.get(i)?) {
                (Slot::Plain { .. }, Fresh::Str { s, safe }) => {
                    out.push(b'"');
                    push_escaped(&mut out, s, *safe)?;
                    out.push(b'"');
                }
                (Slot::Plain { .. }, Fresh::Json(v)) => serde_json::to_writer(&mut out, v).ok()?,
                (Slot::Plain { .. }, Fresh::Number(n)) => out.extend_from_slice(n.as_bytes()),
                (Slot::Plain { example, .. }, Fresh::Own) => out.extend_from_slice(&example.json),
                // A template is written in place: its text and the values it reads, escaped.
                (Slot::Template(parts), _) => {
                    out.push(b'"');
                    for part in parts {
                        match part {
                            Part::Text(t) => out.extend_from_slice(t),
                            Part::Slot(j) => self.push_text(&mut out, *j, fresh.get(*j)?)?,
                        }
                    }
                    out.push(b'"');
                }
            }
        }
        Some(out)
    }

    /// The body's length with these values, unless one must be escaped or is JSON of the request.
    fn exact_len(&self, fresh: &[Fresh<'_>]) -> Option<usize> {
        let text = |j: usize| match (self.slots.get(j)?, fresh.get(j)?) {
            (_, Fresh::Str { s, safe: true }) => Some(s.len()),
            (_, Fresh::Number(n)) => Some(n.len()),
            (Slot::Plain { example, .. }, Fresh::Own) => Some(example.text.len()),
            _ => None,
        };
        let mut len = self.literal_len;
        for p in &self.pieces {
            let Piece::Hole(i) = p else { continue };
            len += match (self.slots.get(*i)?, fresh.get(*i)?) {
                (Slot::Plain { .. }, Fresh::Str { s, safe: true }) => s.len() + 2,
                (Slot::Plain { .. }, Fresh::Number(n)) => n.len(),
                (Slot::Plain { example, .. }, Fresh::Own) => example.json.len(),
                (Slot::Template(parts), _) => {
                    let mut n = 2;
                    for part in parts {
                        n += match part {
                            Part::Text(t) => t.len(),
                            Part::Slot(j) => text(*j)?,
                        };
                    }
                    n
                }
                _ => return None,
            };
        }
        Some(len)
    }

    /// The text a template reads for plain slot `j` (a string as it is, anything else as
    /// JSON), escaped for the inside of a JSON string.
    fn push_text(&self, out: &mut Vec<u8>, j: usize, value: &Fresh<'_>) -> Option<()> {
        match value {
            Fresh::Str { s, safe } => push_escaped(out, s, *safe),
            Fresh::Json(Value::String(s)) => push_escaped(out, s, false),
            Fresh::Json(v) => push_escaped(out, &v.to_string(), false),
            Fresh::Number(n) => push_escaped(out, n, true),
            Fresh::Own => match self.slots.get(j)? {
                Slot::Plain { example, .. } => {
                    out.extend_from_slice(&example.text);
                    Some(())
                }
                Slot::Template(_) => None,
            },
        }
    }
}

/// The value an echo repeats, if the request has it.
fn echoed<'a>(echo: &Echo, fill: &Fill<'a>) -> Option<Fresh<'a>> {
    match echo {
        // As `conformance_contract::path_value`: a number where the example shows one.
        Echo::Path(p, numeric) => fill.params.get(p).map(|v| match v.parse::<serde_json::Number>() {
            Ok(n) if *numeric => Fresh::Number(n.to_string()),
            _ => Fresh::Str { s: Cow::Borrowed(v), safe: false },
        }),
        Echo::Body(p) => match pointer::get(fill.body?, p)? {
            Value::String(s) => Some(Fresh::Str { s: Cow::Borrowed(s.as_str()), safe: false }),
            other => Some(Fresh::Json(other)),
        },
    }
}

/// Whether serde_json escapes something in `s` (`"`, `\` or a control character). Without an
/// early exit the check is a loop the compiler vectorises.
fn needs_escape(s: &str) -> bool {
    s.bytes().fold(false, |found, b| found | (b < 0x20) | (b == b'"') | (b == b'\\'))
}

/// `s` escaped as serde_json escapes the inside of a string; checked unless `safe`.
fn push_escaped(out: &mut Vec<u8>, s: &str, safe: bool) -> Option<()> {
    if safe || !needs_escape(s) {
        out.extend_from_slice(s.as_bytes());
        return Some(());
    }
    let start = out.len();
    serde_json::to_writer(&mut *out, s).ok()?;
    // serde_json wrote the quotes too: drop them.
    out.pop();
    out.remove(start);
    Some(())
}

/// `s` escaped for the inside of a JSON string.
fn escaped(s: &str) -> Option<Box<[u8]>> {
    let mut out = Vec::with_capacity(s.len());
    push_escaped(&mut out, s, false)?;
    Some(out.into_boxed_slice())
}

/// A template split as `instantiate` fills it (`{/pointer}` the value there, a string as it
/// is); `None` when a placeholder reads a value that is not a plain slot's and not literal.
fn parts(template: &str, body: &Value, plain: &[&Volatile], all: &[&Volatile]) -> Option<Vec<Part>> {
    // Text is gathered as it is, and escaped once whole.
    let mut raw: Vec<Result<String, usize>> = Vec::new();
    let text = |raw: &mut Vec<Result<String, usize>>, t: &str| match raw.last_mut() {
        Some(Ok(prev)) => prev.push_str(t),
        _ if t.is_empty() => {}
        _ => raw.push(Ok(t.to_string())),
    };
    let mut rest = template;
    let placeholder = |s: &str| s.match_indices('{').map(|(i, _)| i).find(|&i| s[i + 1..].starts_with('/'));
    while let Some(start) = placeholder(rest) {
        let Some(len) = rest[start..].find('}') else { break };
        text(&mut raw, &rest[..start]);
        let p = &rest[start + 1..start + len];
        if let Some(i) = plain.iter().position(|v| v.pointer == p) {
            raw.push(Err(i));
        } else if all.iter().any(|v| overlaps(&v.pointer, p)) {
            return None;
        } else {
            match pointer::get(body, p) {
                Some(Value::String(s)) => text(&mut raw, s),
                Some(other) => text(&mut raw, &other.to_string()),
                None => {}
            }
        }
        rest = &rest[start + len + 1..];
    }
    text(&mut raw, rest);
    raw.into_iter()
        .map(|r| match r {
            Ok(t) => escaped(&t).map(Part::Text),
            Err(i) => Some(Part::Slot(i)),
        })
        .collect()
}

/// The example's serialisation split at the slots (at `pointers`, in slot order).
fn pieces<'p>(body: &Value, pointers: impl Iterator<Item = &'p str>) -> Option<Vec<Piece>> {
    let mut marked = body.clone();
    let mut markers = Vec::new();
    for (i, p) in pointers.enumerate() {
        let marker = format!("\u{1}conformance-stub-slot-{i}\u{1}");
        *marked.pointer_mut(p)? = Value::String(marker.clone());
        markers.push(serde_json::to_vec(&Value::String(marker)).ok()?);
    }
    let bytes = serde_json::to_vec(&marked).ok()?;
    let mut at = Vec::new();
    for (i, m) in markers.iter().enumerate() {
        let found: Vec<usize> = bytes.windows(m.len()).enumerate().filter(|(_, w)| w == m).map(|(k, _)| k).collect();
        let [k] = found.as_slice() else { return None };
        at.push((*k, m.len(), i));
    }
    at.sort_unstable();
    let mut pieces = Vec::new();
    let mut from = 0;
    for (k, len, i) in at {
        if k > from {
            pieces.push(Piece::Literal(bytes.get(from..k)?.into()));
        }
        pieces.push(Piece::Hole(i));
        from = k + len;
    }
    if from < bytes.len() {
        pieces.push(Piece::Literal(bytes.get(from..)?.into()));
    }
    Some(pieces)
}

#[cfg(test)]
mod tests;
