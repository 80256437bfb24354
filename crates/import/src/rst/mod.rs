//! A purpose-built reader of the reStructuredText the API-reference pages are written in: the
//! title, the sections (a line underlined with `-`), and in each section its blocks (labels,
//! `.. table::` and bare tables, `.. code-block::` bodies, `**Status code: N**` markers,
//! paragraphs), every one with its line in the page. The registry's parsers were tried first
//! (README, "Importing a page"): `rst_parser` 0.4.2 keeps `.. table::` as an opaque comment
//! and no line numbers.

pub mod table;

pub use table::{Cell, Malformed, Table};

/// A block of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "each field is what its name says; `line` is 1-based")]
pub enum Block {
    /// `.. _name:`, the target of a `:ref:`.
    Label { name: String, line: usize },
    /// A table, its `.. table::` caption (markup kept), and where it starts.
    Table { caption: String, line: usize, table: Result<Table, Malformed> },
    /// A `.. code-block::` body, dedented, `(line, text)`.
    Code { line: usize, lines: Vec<(usize, String)> },
    /// `**Status code: N**`.
    Status { code: u16, line: usize },
    /// A paragraph: its lines joined by spaces, and its first line.
    Para { text: String, line: usize },
}

/// A section: its title, the line of the title, and its blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The title.
    pub title: String,
    /// Its line.
    pub line: usize,
    /// Its blocks in page order.
    pub blocks: Vec<Block>,
}

/// A page: the `:original_name:`, the title, the sections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The vendor's name of the page (`CreatePostPayResizeOrder.html`).
    pub original_name: Option<String>,
    /// The title and its line.
    pub title: Option<(String, usize)>,
    /// Every section underlined with `-`.
    pub sections: Vec<Section>,
}

impl Page {
    /// The section of this title.
    pub fn section(&self, title: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.title.eq_ignore_ascii_case(title))
    }
}

fn underline(line: &str, of: &str) -> Option<char> {
    let c = line.chars().next()?;
    let ok = matches!(c, '=' | '-' | '~' | '^' | '"')
        && line.chars().all(|x| x == c)
        && line.chars().count() >= of.trim().chars().count()
        && !of.trim().is_empty()
        && !of.starts_with(' ')
        && !of.chars().all(|x| x == c);
    ok.then_some(c)
}

/// Reads a page.
pub fn read(text: &str) -> Page {
    let lines: Vec<&str> = text.lines().collect();
    let mut page = Page::default();
    let mut heads: Vec<(usize, char)> = Vec::new();
    for i in 0..lines.len().saturating_sub(1) {
        if let Some(c) = underline(lines[i + 1], lines[i]) {
            heads.push((i, c));
        }
        if let Some(name) = lines[i].strip_prefix(":original_name:") {
            page.original_name = Some(name.trim().to_string());
        }
    }
    for (k, (i, c)) in heads.iter().enumerate() {
        let end = heads.get(k + 1).map_or(lines.len(), |(j, _)| *j);
        match c {
            '=' if page.title.is_none() => page.title = Some((lines[*i].trim().to_string(), i + 1)),
            '-' => page.sections.push(Section {
                title: lines[*i].trim().to_string(),
                line: i + 1,
                blocks: blocks(&lines, i + 2, end),
            }),
            _ => {}
        }
    }
    page
}

fn indent(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// The indented lines after `from` (blank lines inside kept), dedented; where they end.
fn body(lines: &[&str], from: usize, end: usize) -> (Vec<(usize, String)>, usize) {
    let mut j = from;
    while j < end && (lines[j].trim().is_empty() || indent(lines[j]) > 0) {
        j += 1;
    }
    let taken = &lines[from..j];
    let cut = taken.iter().filter(|l| !l.trim().is_empty()).map(|l| indent(l)).min().unwrap_or(0);
    let mut out: Vec<(usize, String)> = taken
        .iter()
        .enumerate()
        .map(|(k, l)| (from + k + 1, l.get(cut..).unwrap_or("").trim_end().to_string()))
        .collect();
    while out.first().is_some_and(|(_, t)| t.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|(_, t)| t.is_empty()) {
        out.pop();
    }
    (out, j)
}

fn status_marker(t: &str) -> Option<u16> {
    let inner = t.trim().strip_prefix("**Status code:")?.strip_suffix("**")?;
    inner.trim().parse().ok()
}

fn blocks(lines: &[&str], from: usize, end: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = from;
    while i < end {
        let t = lines[i].trim();
        if t.is_empty() {
            i += 1;
            continue;
        }
        if let Some(rest) = t.strip_prefix(".. _").and_then(|r| r.strip_suffix(':')) {
            out.push(Block::Label { name: rest.to_string(), line: i + 1 });
            i += 1;
        } else if let Some(caption) = t.strip_prefix(".. table::") {
            let (body, j) = body(lines, i + 1, end);
            let table = table::read(&body);
            out.push(Block::Table { caption: caption.trim().to_string(), line: i + 1, table });
            i = j;
        } else if t.starts_with(".. code-block::") || t.starts_with(".. code::") {
            let (body, j) = body(lines, i + 1, end);
            out.push(Block::Code { line: i + 1, lines: body });
            i = j;
        } else if t.starts_with('+') || (t.starts_with("==") && t.chars().all(|c| c == '=' || c == ' ')) {
            let mut j = i;
            while j < end && !lines[j].trim().is_empty() {
                j += 1;
            }
            let body: Vec<(usize, String)> = (i..j).map(|k| (k + 1, lines[k].trim().to_string())).collect();
            out.push(Block::Table { caption: String::new(), line: i + 1, table: table::read(&body) });
            i = j;
        } else if let Some(code) = status_marker(t) {
            out.push(Block::Status { code, line: i + 1 });
            i += 1;
        } else if t.starts_with(".. ") {
            i += 1;
        } else {
            let mut j = i;
            let mut text = Vec::new();
            while j < end && !lines[j].trim().is_empty() && !lines[j].trim().starts_with(".. ") {
                text.push(lines[j].trim());
                j += 1;
            }
            out.push(Block::Para { text: text.join(" "), line: i + 1 });
            i = j.max(i + 1);
        }
    }
    out
}
