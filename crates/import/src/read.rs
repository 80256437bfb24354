//! The page, read as the API-reference layout: the URI line, the parameter tables by kind
//! (path, query, header, body; the response body and headers per status), the tables they link
//! as `:ref:` objects, the example requests and responses, and the Status Codes table. Each item
//! keeps its line and the words a quote can be made of; what does not fit is a [`Problem`].

use std::collections::BTreeMap;

use crate::problem::{Code, Problem};
use crate::rst::{Block, Cell, Page, Section, Table};

/// The sections the layout has; the first three must be there.
pub const SECTIONS: [&str; 8] = [
    "Function",
    "URI",
    "Status Codes",
    "Request Parameters",
    "Response Parameters",
    "Example Requests",
    "Example Responses",
    "Error Codes",
];

/// One row of a parameter table.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name.
    pub name: String,
    /// Its Mandatory cell, where the table has one.
    pub mandatory: Option<bool>,
    /// Its Type cell.
    pub ty: String,
    /// Its Description cell.
    pub description: Cell,
    /// The row's first line.
    pub line: usize,
    /// The row's words on its first line, for a quote.
    pub quote: String,
}

/// A parameter table and the section it stands in.
#[derive(Debug, Clone)]
pub struct ParamTable {
    /// Its caption (`Table 3 Request body parameters`), markup removed.
    pub caption: String,
    /// Its rows.
    pub params: Vec<Param>,
}

/// An example: the status it is for, the words before its code, its code.
#[derive(Debug, Clone)]
pub struct ExampleDoc {
    /// Its status (responses).
    pub status: Option<u16>,
    /// The line of its `Status code` marker, or of its first words.
    pub line: usize,
    /// The paragraph before the code (a title, or the status's meaning).
    pub title: Option<(String, usize)>,
    /// The code block's lines.
    pub code: Vec<(usize, String)>,
}

/// A response status documented under Response Parameters.
#[derive(Debug, Clone)]
pub struct StatusDoc {
    /// The status.
    pub status: u16,
    /// The marker's line.
    pub line: usize,
    /// Its body table, if any.
    pub table: Option<ParamTable>,
    /// Its response header table, if any.
    pub headers: Option<ParamTable>,
}

/// The page as the layout says.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The page title and its line.
    pub title: (String, usize),
    /// `:original_name:`.
    pub page_name: Option<String>,
    /// The Function section's paragraphs.
    pub function: Vec<(String, usize)>,
    /// Method, path and the URI line.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The URI line.
    pub uri_line: usize,
    /// Path parameters.
    pub path_params: Option<ParamTable>,
    /// Query parameters.
    pub query: Option<ParamTable>,
    /// Request headers.
    pub headers: Option<ParamTable>,
    /// The request body's top-level table.
    pub body: Option<ParamTable>,
    /// Every labelled table, by label.
    pub nested: BTreeMap<String, ParamTable>,
    /// Response statuses with their tables.
    pub statuses: Vec<StatusDoc>,
    /// Example requests.
    pub requests: Vec<ExampleDoc>,
    /// Example responses.
    pub responses: Vec<ExampleDoc>,
    /// The Status Codes table: status, description, line.
    pub codes: Vec<(u16, String, usize)>,
    /// What could not be read.
    pub problems: Vec<Problem>,
}

/// The page is not in the layout: the sections looked for and not found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the page is not in the Huawei API-reference layout: looked for the sections {}, did not find {}",
    SECTIONS.join(", "),
    missing.join(", ")
)]
pub struct NotInLayout {
    /// The required sections it lacks (or `URI line` when the URI section has no method and path).
    pub missing: Vec<String>,
}

/// Reads `page` as the layout.
pub fn read(page: &Page) -> Result<Doc, NotInLayout> {
    let missing: Vec<String> =
        SECTIONS[..3].iter().filter(|s| page.section(s).is_none()).map(|s| s.to_string()).collect();
    if !missing.is_empty() {
        return Err(NotInLayout { missing });
    }
    let mut doc =
        Doc { title: page.title.clone().unwrap_or_default(), page_name: page.original_name.clone(), ..Doc::default() };
    let uri = page.section("URI").map(|s| uri(s, &mut doc)).unwrap_or(false);
    if !uri {
        return Err(NotInLayout { missing: vec!["a `METHOD /path` line in URI".into()] });
    }
    for s in &page.sections {
        for b in &s.blocks {
            if let (Block::Para { text, line }, "Function") = (b, s.title.as_str()) {
                doc.function.push((text.clone(), *line));
            }
        }
    }
    for title in ["URI", "Request Parameters"] {
        if let Some(s) = page.section(title) {
            tables(s, &mut doc, false);
        }
    }
    if let Some(s) = page.section("Response Parameters") {
        tables(s, &mut doc, true);
    }
    for (title, responses) in [("Example Requests", false), ("Example Responses", true)] {
        if let Some(s) = page.section(title) {
            examples(s, responses, &mut doc);
        }
    }
    if let Some(s) = page.section("Status Codes") {
        status_codes(s, &mut doc);
    }
    Ok(doc)
}

fn uri(s: &Section, doc: &mut Doc) -> bool {
    for b in &s.blocks {
        let Block::Para { text, line } = b else { continue };
        let mut words = text.split_whitespace();
        let (Some(m), Some(p)) = (words.next(), words.next()) else { continue };
        if ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&m) && p.starts_with('/') {
            doc.method = m.to_string();
            doc.path = p.split('?').next().unwrap_or(p).to_string();
            doc.uri_line = *line;
            return true;
        }
    }
    false
}

/// A caption without its `**Table N**` markup.
pub fn caption(raw: &str) -> String {
    raw.replace("**", "").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn tables(s: &Section, doc: &mut Doc, responses: bool) {
    let mut label: Option<String> = None;
    let mut status: Option<usize> = None;
    for b in &s.blocks {
        match b {
            Block::Label { name, .. } => label = Some(name.clone()),
            Block::Status { code, line } => {
                doc.statuses.push(StatusDoc { status: *code, line: *line, table: None, headers: None });
                status = Some(doc.statuses.len() - 1);
            }
            Block::Table { caption: raw, line, table } => {
                let cap = caption(raw);
                let table = match table {
                    Ok(t) => t,
                    Err(m) => {
                        doc.problems.push(Problem::new(Code::MalformedGridTable, m.line, format!("{cap}: {}", m.why)));
                        continue;
                    }
                };
                let Some(t) = params(&cap, *line, table, doc) else { continue };
                let lower = cap.to_ascii_lowercase();
                match label.take() {
                    Some(l) => {
                        doc.nested.insert(l.to_ascii_lowercase(), t);
                    }
                    None if lower.contains("path parameters") => doc.path_params = Some(t),
                    None if lower.contains("query parameters") => doc.query = Some(t),
                    None if lower.contains("header parameters") && !responses => doc.headers = Some(t),
                    None if lower.contains("body parameters") && !responses => doc.body = Some(t),
                    None if responses && lower.contains("response body") => match status {
                        Some(i) if doc.statuses[i].table.is_none() => doc.statuses[i].table = Some(t),
                        _ => doc.problems.push(Problem::new(
                            Code::UnexpectedColumns,
                            *line,
                            format!("{cap}: no status before it"),
                        )),
                    },
                    None if responses && lower.contains("header parameters") => match status {
                        Some(i) if doc.statuses[i].headers.is_none() => doc.statuses[i].headers = Some(t),
                        Some(i) => doc.problems.push(Problem::new(
                            Code::UnexpectedColumns,
                            *line,
                            format!("{cap}: a second header table for status {}", doc.statuses[i].status),
                        )),
                        None => doc.problems.push(Problem::new(
                            Code::UnexpectedColumns,
                            *line,
                            format!("{cap}: a response header table under no status"),
                        )),
                    },
                    None => doc.problems.push(Problem::new(
                        Code::UnexpectedColumns,
                        *line,
                        format!("{cap}: a table the layout does not have here"),
                    )),
                }
            }
            _ => {}
        }
    }
}

fn params(cap: &str, line: usize, t: &Table, doc: &mut Doc) -> Option<ParamTable> {
    let h: Vec<&str> = t.header.iter().map(String::as_str).collect();
    let with_mandatory = h == ["Parameter", "Mandatory", "Type", "Description"];
    let without = h == ["Parameter", "Type", "Description"];
    if !(with_mandatory || without) {
        doc.problems.push(Problem::new(
            Code::UnexpectedColumns,
            line,
            format!("{cap}: columns {h:?}, expected Parameter, [Mandatory,] Type, Description"),
        ));
        return None;
    }
    let mut params = Vec::new();
    for row in &t.rows {
        let Some((first, name)) = row[0].first() else { continue };
        let cell = |i: usize| row.get(i).map(Cell::text).unwrap_or_default();
        let (mandatory, ty, description) = if with_mandatory {
            (Some(cell(1).eq_ignore_ascii_case("yes")), cell(2), row[3].clone())
        } else {
            (None, cell(1), row[2].clone())
        };
        let quote: Vec<String> = row
            .iter()
            .filter_map(|c| c.lines.iter().find(|(n, _)| *n == first).map(|(_, t)| t.clone()))
            .filter(|t| !t.is_empty())
            .collect();
        params.push(Param {
            name: name.to_string(),
            mandatory,
            ty: ty.replace('\n', " "),
            description,
            line: first,
            quote: quote.join(" "),
        });
    }
    Some(ParamTable { caption: cap.to_string(), params })
}

fn examples(s: &Section, responses: bool, doc: &mut Doc) {
    let mut current: Option<ExampleDoc> = None;
    let mut out = Vec::new();
    for b in &s.blocks {
        match b {
            Block::Status { code, line } => {
                out.extend(current.take().filter(|e| !e.code.is_empty() || e.status.is_some()));
                current = Some(ExampleDoc { status: Some(*code), line: *line, title: None, code: Vec::new() });
            }
            Block::Para { text, line } => {
                let e = current.get_or_insert(ExampleDoc { status: None, line: *line, title: None, code: Vec::new() });
                if !e.code.is_empty() && !responses {
                    out.push(current.take().expect("just set"));
                    current = Some(ExampleDoc {
                        status: None,
                        line: *line,
                        title: Some((text.clone(), *line)),
                        code: Vec::new(),
                    });
                } else if e.title.is_none() && e.code.is_empty() {
                    e.title = Some((text.clone(), *line));
                }
            }
            Block::Code { line, lines } => {
                let e = current.get_or_insert(ExampleDoc { status: None, line: *line, title: None, code: Vec::new() });
                if e.code.is_empty() {
                    e.code = lines.clone();
                } else {
                    let next = ExampleDoc { status: e.status, line: *line, title: None, code: lines.clone() };
                    out.push(current.replace(next).expect("just set"));
                }
            }
            _ => {}
        }
    }
    out.extend(current.filter(|e| !e.code.is_empty() || e.status.is_some()));
    if responses {
        doc.responses = out;
    } else {
        doc.requests = out.into_iter().filter(|e| !e.code.is_empty()).collect();
    }
}

fn status_codes(s: &Section, doc: &mut Doc) {
    for b in &s.blocks {
        let Block::Table { table: Ok(t), line, .. } = b else { continue };
        if t.header.len() != 2 || !t.header[0].eq_ignore_ascii_case("Status Code") {
            doc.problems.push(Problem::new(
                Code::UnexpectedColumns,
                *line,
                format!("Status Codes: columns {:?}", t.header),
            ));
            continue;
        }
        for row in &t.rows {
            let Some((n, code)) = row[0].first() else { continue };
            if let Ok(code) = code.parse::<u16>() {
                doc.codes.push((code, row[1].text().replace('\n', " "), n));
            }
        }
    }
}
