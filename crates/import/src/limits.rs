//! The limits a parameter's description states in prose, each with the words that state it:
//! `Minimum: **N**` and `Maximum: **N**` (a length for a string, a value for a number), "N to M
//! characters", `Enumeration values:` and the bulleted `**VALUE**`s after it, and
//! `Default: **X**`.

use std::sync::LazyLock;

use regex::Regex;

static RE_LIMITS_1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(Minimum|Maximum|Default): \*\*(.+?)\*\*$").expect("a valid pattern"));
static RE_LIMITS_2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d[\d,]*) to (\d[\d,]*) characters\S*").expect("a valid pattern"));
static RE_LIMITS_3: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^-\s+\*\*(.+?)\*\*$").expect("a valid pattern"));
use serde_json::{Value, json};

use crate::rst::Cell;

/// One limit: the schema keyword, its value, the page's words and their line.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// `minLength`, `maxLength`, `minimum`, `maximum`, `enum` or `default`.
    pub keyword: &'static str,
    /// Its value.
    pub value: Value,
    /// The words.
    pub quote: String,
    /// Their line.
    pub line: usize,
}

/// The words of `text` that `range` touches, whole (a quote is made of the page's tokens).
fn whole_words(text: &str, range: std::ops::Range<usize>) -> String {
    let start = text[..range.start].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let end = text[range.end..].find(char::is_whitespace).map_or(text.len(), |i| range.end + i);
    text[start..end].to_string()
}

fn number(s: &str) -> Option<i64> {
    s.replace(',', "").trim().parse().ok()
}

/// The limits `cell` states for a value of JSON type `ty` (`string`, `integer`, `number`, …).
pub fn limits(cell: &Cell, ty: &str) -> Vec<Limit> {
    let (min_kw, max_kw) = if ty == "string" { ("minLength", "maxLength") } else { ("minimum", "maximum") };
    let numeric = matches!(ty, "string" | "integer" | "number");
    let stated = &*RE_LIMITS_1;
    let range = &*RE_LIMITS_2;
    let bullet = &*RE_LIMITS_3;
    let mut out: Vec<Limit> = Vec::new();
    let mut in_enum = false;
    let mut values = Vec::new();
    for (line, text) in &cell.lines {
        let t = text.trim();
        if let Some(c) = stated.captures(t) {
            in_enum = false;
            let (which, v) = (&c[1], &c[2]);
            let kw = match which {
                "Minimum" => min_kw,
                "Maximum" => max_kw,
                _ => "default",
            };
            let value =
                if kw == "default" { default_value(v, ty) } else { number(v).filter(|_| numeric).map(Value::from) };
            if let Some(value) = value {
                out.push(Limit { keyword: kw, value, quote: t.to_string(), line: *line });
            }
        } else if t == "Enumeration values:" {
            in_enum = true;
            values.push((t.to_string(), *line, Vec::new()));
        } else if in_enum && let Some(c) = bullet.captures(t) {
            if let Some((_, _, list)) = values.last_mut() {
                list.push((c[1].to_string(), *line, t.to_string()));
            }
        } else if !t.is_empty() {
            in_enum = false;
            if ty == "string"
                && let Some(c) = range.captures(t)
                && !out.iter().any(|l| l.keyword == "maxLength")
            {
                let quote = whole_words(t, c.get(0).map_or(0..0, |m| m.range()));
                if let (Some(lo), Some(hi)) = (number(&c[1]), number(&c[2])) {
                    out.push(Limit { keyword: "minLength", value: lo.into(), quote: quote.clone(), line: *line });
                    out.push(Limit { keyword: "maxLength", value: hi.into(), quote, line: *line });
                }
            }
        }
    }
    for (quote, line, list) in values {
        let vals: Vec<Value> = list.iter().filter_map(|(v, _, _)| enum_value(v, ty)).collect();
        // A Boolean listing both values says no more than its type.
        let whole_boolean = ty == "boolean" && vals.contains(&Value::Bool(true)) && vals.contains(&Value::Bool(false));
        if !vals.is_empty() && vals.len() == list.len() && !whole_boolean {
            out.push(Limit { keyword: "enum", value: Value::Array(vals), quote, line });
        }
    }
    dedupe(out)
}

/// A stated limit wins over a range in prose of the same keyword.
fn dedupe(mut out: Vec<Limit>) -> Vec<Limit> {
    let mut keep: Vec<Limit> = Vec::new();
    out.sort_by_key(|l| !l.quote.contains(':'));
    for l in out {
        if !keep.iter().any(|k| k.keyword == l.keyword) {
            keep.push(l);
        }
    }
    keep
}

/// `v` as a value of JSON type `ty` (text for any other type).
pub fn typed(v: &str, ty: &str) -> Value {
    enum_value(v, ty).unwrap_or_else(|| json!(v))
}

fn enum_value(v: &str, ty: &str) -> Option<Value> {
    match ty {
        "string" => Some(json!(v)),
        "integer" => number(v).map(Value::from),
        "number" => v.parse::<f64>().ok().map(Value::from),
        "boolean" => v.parse::<bool>().ok().map(Value::from),
        _ => None,
    }
}

fn default_value(v: &str, ty: &str) -> Option<Value> {
    enum_value(v, ty)
}
