//! The anchor normalization of `ANCHORS.md`, as the importer needs it to choose quotes that will
//! be found again: a page's tokens (split on white space, table borders dropped, `*` and `` ` ``
//! deleted) with their lines, and where a quote's token sequence occurs.

/// One token of a page and its line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalized text.
    pub text: String,
    /// Its line, 1-based.
    pub line: usize,
}

fn border(t: &str) -> bool {
    t.chars().all(|c| matches!(c, '-' | '=' | '+' | '|'))
}

/// The normalized tokens of `text`, each with its line.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for raw in line.split_whitespace().filter(|t| !border(t)) {
            let t: String = raw.chars().filter(|c| !matches!(c, '*' | '`')).collect();
            if !t.is_empty() {
                out.push(Token { text: t, line: i + 1 });
            }
        }
    }
    out
}

/// The normalized form of a quote: its tokens joined by one space.
pub fn normalize(quote: &str) -> String {
    tokens(quote).into_iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

/// The line of the first occurrence of `quote` in `page` (tokens given), if it occurs.
pub fn find(page: &[Token], quote: &str) -> Option<usize> {
    let q: Vec<String> = tokens(quote).into_iter().map(|t| t.text).collect();
    if q.is_empty() || q.len() > page.len() {
        return None;
    }
    page.windows(q.len()).find(|w| w.iter().zip(&q).all(|(a, b)| a.text == *b)).map(|w| w[0].line)
}

/// Every quote of a fixture (a provenance's `quote`, its `also`'s, and a schema's
/// `x-provenance`'s), each with the JSON pointer of the object holding it.
pub fn quotes(fixture: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(fixture, String::new(), &mut out);
    out
}

fn collect(v: &serde_json::Value, at: String, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(q) = o.get("quote").and_then(serde_json::Value::as_str)
                && o.get("standard").is_none()
                && o.contains_key("section")
            {
                out.push((at.clone(), q.to_string()));
            }
            for (k, x) in o {
                collect(x, format!("{at}/{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}
