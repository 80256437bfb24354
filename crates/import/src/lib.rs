//! `conformance-import`: a vendor API-reference page in the Huawei Cloud layout
//! (reStructuredText: Function, URI, Request Parameters, Response Parameters per
//! `Status code: N`, Example Requests, Example Responses, Status Codes) read into a draft
//! fixture and feature. Every item of the draft is anchored to the page's words (`ANCHORS.md`),
//! how the operation meets an account follows the family's convention (`auth/huawei.rs`), and
//! what the page does not let it read is a [`Problem`] with a stable code, listed in the
//! fixture's `import` note and returned. No HTTP, no I/O: the command line reads and writes.

pub mod anchor;
pub mod assemble;
pub mod auth;
pub mod compare;
pub mod draft;
pub mod examples;
pub mod feature;
pub mod fit;
pub mod headers;
pub mod limits;
pub mod meets;
pub mod problem;
pub mod query;
pub mod quote;
pub mod read;
pub mod responses;
pub mod rst;
pub mod schema;

pub use problem::{Code, Problem};
pub use read::NotInLayout;

use serde_json::Value;

/// A draft: the fixture's and the feature's texts, and the problems met.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The fixture (pretty JSON, a new line at the end).
    pub fixture: String,
    /// The feature (Gherkin).
    pub feature: String,
    /// What could not be read, and the decisions left to the user, in page order.
    pub problems: Vec<Problem>,
}

/// Imports `page` (its text; `source` its file name) as operation `id` (`<vendor>/<operation>`).
pub fn import(page: &str, source: &str, id: &str) -> Result<Draft, NotInLayout> {
    let doc = read::read(&rst::read(page))?;
    let mut problems = doc.problems.clone();
    let (mut fixture, facts) = draft::fixture(&doc, id, source, &mut problems);
    let json: Vec<u16> = fixture["responses"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["body"]["kind"] == "json")
        .filter_map(|r| r["status"].as_u64().and_then(|s| u16::try_from(s).ok()))
        .collect();
    let (feature, provoked) = feature::feature(id, source, &doc, &facts, &json, &mut problems);
    headers::unchecked(&doc, &mut fixture, &provoked, &mut problems);
    let resolver = conformance_contract::anchor::Page::parse(page);
    for (at, quote) in anchor::quotes(&fixture) {
        if resolver.find(&quote).is_none() {
            problems.push(Problem::new(Code::AnchorNotFound, 0, format!("{at}: {quote:?} is not in the page")));
        }
    }
    problems.sort_by_key(|p| (p.line, p.code));
    problems.dedup();
    fixture["import"] = serde_json::json!({
        "tool": "conformance import",
        "problems": problems.iter().map(Problem::to_json).collect::<Vec<Value>>(),
    });
    let text = serde_json::to_string_pretty(&fixture).unwrap_or_default();
    Ok(Draft { fixture: format!("{text}\n"), feature, problems })
}
