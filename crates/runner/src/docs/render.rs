//! The outputs of `docs check`: the terminal text, the JSON file (`--json`), the Markdown
//! summary and GitHub annotations (at the page's line), and SARIF, each from one
//! [`DocsReport`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, PhysicalLocation, PropertyBag, Region, Result as SarifResult, ResultKind,
    ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::{Anchored, DocsReport};
use crate::output::github::{escape_data, escape_property};
use crate::output::summary::{code, text};

fn at(a: &Anchored) -> String {
    match a.line {
        Some(l) => format!("{}:{l}", a.source),
        None => a.source.clone(),
    }
}

fn lost(out: &mut String, word: &str, a: &Anchored) {
    let _ = writeln!(out, "{word}: {} {} ({}, field {})", a.operation, a.label, a.fixture, a.item);
    let _ = writeln!(out, "  the page no longer says ({}, {}): `{}`", a.source, a.section, a.quote);
    match &a.nearest {
        Some(n) => {
            let _ = writeln!(out, "  nearest text now ({}:{}): `{}`", a.source, n.line, n.text);
        }
        None => {
            let _ = writeln!(out, "  the page has no text near it");
        }
    }
    if a.scenarios.is_empty() && word == "drift" {
        let _ = writeln!(out, "  no scenario runs a check on it yet; the stub and the schemas rest on it");
    }
    for s in &a.scenarios {
        let _ = writeln!(out, "  checked by {}:{} {}", s.feature, s.line, s.name);
    }
}

/// The terminal text: every anchor found at `page:line`, each standard's quote, each drift
/// and wording note, and a count.
pub fn terminal(r: &DocsReport) -> String {
    let mut out = String::new();
    for a in &r.found {
        let _ = writeln!(out, "found {}  {} {} ({}): `{}`", at(a), a.operation, a.label, a.section, a.quote);
    }
    for a in &r.standards {
        let _ = writeln!(out, "standard {} ({})  {} {}: `{}`", a.source, a.section, a.operation, a.label, a.quote);
    }
    for a in &r.drifts {
        lost(&mut out, "drift", a);
    }
    for a in &r.notes {
        lost(&mut out, "wording note", a);
    }
    let _ = writeln!(
        out,
        "docs check against {}: {} anchors found, {} quotes of standards listed, {} drifts, {} wording notes",
        r.pages,
        r.found.len(),
        r.standards.len(),
        r.drifts.len(),
        r.notes.len()
    );
    out
}

/// The JSON file: every drift and note with its `source`, `line`, `quote`, `operation`, item
/// and `scenarios`, and the anchors found.
pub fn json(r: &DocsReport) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default()
}

/// The Markdown summary, as a GitHub job summary shows it.
pub fn markdown(r: &DocsReport) -> String {
    let mut out = String::from("## Docs check\n\n");
    let verdict = if r.drifts.is_empty() { "every anchor a check rests on holds" } else { "**drift**" };
    let _ = writeln!(
        out,
        "Pages {}: {verdict}. {} anchors found, {} drifts, {} wording notes.\n",
        code(&r.pages),
        r.found.len(),
        r.drifts.len(),
        r.notes.len()
    );
    for (word, list) in [("drift", &r.drifts), ("wording note", &r.notes)] {
        for a in list {
            let near =
                a.nearest.as_ref().map_or(String::new(), |n| format!("; now at line {}: {}", n.line, code(&n.text)));
            let _ = writeln!(
                out,
                "- **{word}** {} {} ({}): the page no longer says {} ({}){near}",
                code(&a.operation),
                text(&a.label),
                code(&a.source),
                code(&a.quote),
                text(&a.section)
            );
            for s in &a.scenarios {
                let _ = writeln!(out, "  - {} {}", code(&format!("{}:{}", s.feature, s.line)), text(&s.name));
            }
        }
    }
    out
}

/// One `::error` (drift) or `::notice` (wording note) per lost anchor, at the page's line
/// nearest to it (`pages` is how the annotations name the pages folder).
pub fn annotations(r: &DocsReport, pages: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (cmd, list) in [("error", &r.drifts), ("notice", &r.notes)] {
        for a in list {
            let file = format!("{pages}/{}", a.source);
            let title = format!("docs drift: {} {}", a.operation, a.label);
            let checks: Vec<String> = a.scenarios.iter().map(|s| format!("{}:{}", s.feature, s.line)).collect();
            let msg = format!("the page no longer says `{}` ({}); checks: {}", a.quote, a.section, checks.join(", "));
            out.push(format!(
                "::{cmd} file={},line={},title={}::{}",
                escape_property(&file),
                a.line.unwrap_or(1),
                escape_property(&title),
                escape_data(&msg)
            ));
        }
    }
    out
}

/// SARIF 2.1.0: one result per lost anchor (`docs-drift`, an error; `docs-wording`, a note),
/// at the page's line nearest to it.
pub fn sarif(r: &DocsReport, pages: &str) -> Result<String, String> {
    let mut results = Vec::new();
    for (rule, level, list) in
        [("docs-drift", ResultLevel::Error, &r.drifts), ("docs-wording", ResultLevel::Note, &r.notes)]
    {
        for a in list {
            let region = Region::builder().start_line(i64::try_from(a.line.unwrap_or(1)).unwrap_or(1)).build();
            let place = PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(format!("{pages}/{}", a.source)).build())
                .region(region)
                .build();
            let mut props = BTreeMap::new();
            props.insert("operation".to_string(), json!(a.operation));
            props.insert("item".to_string(), json!(a.item));
            props.insert("quote".to_string(), json!(a.quote));
            props.insert("nearest".to_string(), json!(a.nearest));
            props.insert("scenarios".to_string(), json!(a.scenarios));
            let text = format!("{} {}: the page no longer says `{}` ({})", a.operation, a.label, a.quote, a.section);
            results.push(
                SarifResult::builder()
                    .rule_id(rule)
                    .kind(ResultKind::Fail)
                    .level(level)
                    .message(Message { text: Some(text), ..Default::default() })
                    .locations(vec![Location::builder().physical_location(place).build()])
                    .properties(PropertyBag { additional_properties: props, ..Default::default() })
                    .build(),
            );
        }
    }
    let driver = ToolComponent::builder().name("conformance docs check").version(env!("CARGO_PKG_VERSION")).build();
    let run = Run::builder().tool(Tool::builder().driver(driver).build()).results(results).build();
    let log = Sarif::builder().schema(crate::output::sarif::SCHEMA_URI).version(json!("2.1.0")).runs(vec![run]).build();
    serde_json::to_string_pretty(&log).map_err(|e| format!("cannot write SARIF: {e}"))
}
