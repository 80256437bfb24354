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
use std::collections::BTreeMap;

use conformance_contract::{Example, Format, Volatile};
use serde_json::Value;

use crate::pointer;

/// At most this many volatile values per compiled example (their fresh values live on the stack).
const MAX_SLOTS: usize = 16;

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
    Path(String),
    Body(String),
}

/// The example's own value at a slot: as JSON, and as a template reads it.
#[derive(Debug)]
struct Own {
    json: Box<[u8]>,
    text: String,
}

#[derive(Debug)]
enum Part {
    Text(String),
    Slot(usize),
}

/// What the request gives the holes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fill<'a> {
    /// The request's path as sent (self-links).
    pub path: &'a str,
    /// The decoded path parameters (echoes).
    pub params: &'a BTreeMap<String, String>,
    /// The request's JSON body (echoes).
    pub body: Option<&'a Value>,
    /// The origin self-links start with.
    pub origin: &'a str,
}

/// One slot's value for one request.
enum Fresh<'a> {
    Str(Cow<'a, str>),
    Json(&'a Value),
    Own,
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
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let echo = v.echoes.as_deref().and_then(|e| match e.split_once(':') {
                Some(("path", p)) => Some(Echo::Path(p.to_string())),
                Some(("body", p)) => Some(Echo::Body(p.to_string())),
                _ => None,
            });
            let format = v.format.filter(|f| *f != Format::AnyString);
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
        for (i, slot) in self.slots.iter().enumerate() {
            let value = match slot {
                Slot::Plain { echo, format, .. } => match (echo.as_ref().and_then(|e| echoed(e, fill)), format) {
                    (Some(v), _) => v,
                    (None, Some(f)) => Fresh::Str(Cow::Owned(f.generate(fill.origin, fill.path))),
                    (None, None) => Fresh::Own,
                },
                Slot::Template(parts) => {
                    let mut out = String::with_capacity(128);
                    for p in parts {
                        match p {
                            Part::Text(t) => out.push_str(t),
                            Part::Slot(j) => self.push_text(&mut out, *j, fresh.get(*j)?),
                        }
                    }
                    Fresh::Str(Cow::Owned(out))
                }
            };
            *fresh.get_mut(i)? = value;
        }
        let mut out = Vec::with_capacity(self.literal_len + 64 * self.slots.len());
        for p in &self.pieces {
            match p {
                Piece::Literal(b) => out.extend_from_slice(b),
                Piece::Hole(i) => match fresh.get(*i)? {
                    Fresh::Str(s) => push_json_str(&mut out, s)?,
                    Fresh::Json(v) => serde_json::to_writer(&mut out, v).ok()?,
                    Fresh::Own => match self.slots.get(*i)? {
                        Slot::Plain { example, .. } => out.extend_from_slice(&example.json),
                        Slot::Template(_) => return None,
                    },
                },
            }
        }
        Some(out)
    }

    /// The text a template reads for plain slot `j` (a string as it is, anything else as JSON).
    fn push_text(&self, out: &mut String, j: usize, value: &Fresh<'_>) {
        match value {
            Fresh::Str(s) => out.push_str(s),
            Fresh::Json(Value::String(s)) => out.push_str(s),
            Fresh::Json(v) => out.push_str(&v.to_string()),
            Fresh::Own => {
                if let Some(Slot::Plain { example, .. }) = self.slots.get(j) {
                    out.push_str(&example.text);
                }
            }
        }
    }
}

/// The value an echo repeats, if the request has it.
fn echoed<'a>(echo: &Echo, fill: &Fill<'a>) -> Option<Fresh<'a>> {
    match echo {
        Echo::Path(p) => fill.params.get(p).map(|v| Fresh::Str(Cow::Borrowed(v.as_str()))),
        Echo::Body(p) => match pointer::get(fill.body?, p)? {
            Value::String(s) => Some(Fresh::Str(Cow::Borrowed(s.as_str()))),
            other => Some(Fresh::Json(other)),
        },
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it (`"`, `\` and control characters).
fn push_json_str(out: &mut Vec<u8>, s: &str) -> Option<()> {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Some(())
    } else {
        serde_json::to_writer(out, s).ok()
    }
}

/// A template split as `instantiate` fills it (`{/pointer}` the value there, a string as it
/// is); `None` when a placeholder reads a value that is not a plain slot's and not literal.
fn parts(template: &str, body: &Value, plain: &[&Volatile], all: &[&Volatile]) -> Option<Vec<Part>> {
    let mut out = Vec::new();
    let mut rest = template;
    let placeholder = |s: &str| s.match_indices('{').map(|(i, _)| i).find(|&i| s[i + 1..].starts_with('/'));
    let text = |out: &mut Vec<Part>, t: &str| match out.last_mut() {
        Some(Part::Text(prev)) => prev.push_str(t),
        _ if t.is_empty() => {}
        _ => out.push(Part::Text(t.to_string())),
    };
    while let Some(start) = placeholder(rest) {
        let Some(len) = rest[start..].find('}') else { break };
        text(&mut out, &rest[..start]);
        let p = &rest[start + 1..start + len];
        if let Some(i) = plain.iter().position(|v| v.pointer == p) {
            out.push(Part::Slot(i));
        } else if all.iter().any(|v| overlaps(&v.pointer, p)) {
            return None;
        } else {
            match pointer::get(body, p) {
                Some(Value::String(s)) => text(&mut out, s),
                Some(other) => text(&mut out, &other.to_string()),
                None => {}
            }
        }
        rest = &rest[start + len + 1..];
    }
    text(&mut out, rest);
    Some(out)
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
