//! `docs check`: the fixtures' anchors resolved against the vendor pages (`--pages DIR`, by the
//! file names the fixtures give as `source`). An anchor found is listed at `page:line`; one
//! lost is drift when a check can rest on its item (with the quote, the nearest text the page
//! now has and its line, and every scenario whose steps rest on the item: the plan's derived
//! scenario-to-item map), else a wording note. Quotes of standards are listed, never resolved.
//! Exit 0 when every anchor a check rests on holds, 1 on drift, 3 when a page is missing or
//! unreadable (or the fixtures or features cannot be used).

mod render;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use conformance_contract::anchor::{Nearest, Page};
use conformance_contract::{Contracts, Operation};
use serde::Serialize;

pub use render::{annotations, json, markdown, sarif, terminal};

use crate::error::RunError;
use crate::plan::Plan;

/// What to check, and where to write.
#[derive(Debug, Clone)]
pub struct DocsOptions {
    /// The vendor pages' folder.
    pub pages: PathBuf,
    /// The fixtures folder.
    pub fixtures_dir: PathBuf,
    /// The features folder.
    pub features_dir: PathBuf,
    /// How reports name the features folder (`features`); `None`: as given.
    pub features_label: Option<String>,
    /// How reports name the fixtures folder (`fixtures`); `None`: as given.
    pub fixtures_label: Option<String>,
}

/// One scenario whose checks rest on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioRef {
    /// Its feature file, under the features folder as the run names it.
    pub feature: String,
    /// Its line (of its outline row).
    pub line: usize,
    /// Its name.
    pub name: String,
}

/// One anchor of one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anchored {
    /// The operation (`huawei-apig/postpaid-resize`).
    pub operation: String,
    /// The fixture file.
    pub fixture: String,
    /// The field holding the item (`responses[0]`).
    pub item: String,
    /// What the item is (`status 202`).
    pub label: String,
    /// The page (or the standard).
    pub source: String,
    /// The section.
    pub section: String,
    /// The words.
    pub quote: String,
    /// Found: its line; lost: the line of the nearest text; a standard: none.
    pub line: Option<usize>,
    /// Lost: the nearest text the page now has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<Nearest>,
    /// The scenarios whose checks rest on the item.
    pub scenarios: Vec<ScenarioRef>,
}

/// What `docs check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocsReport {
    /// The pages folder, as given.
    pub pages: String,
    /// Anchors found, at their line.
    pub found: Vec<Anchored>,
    /// Quotes of a standard, listed.
    pub standards: Vec<Anchored>,
    /// Lost anchors of items a check can rest on.
    pub drifts: Vec<Anchored>,
    /// Lost anchors of wording no check rests on.
    pub notes: Vec<Anchored>,
}

impl DocsReport {
    /// 0 when every anchor a check rests on holds (notes allowed), 1 on drift.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.drifts.is_empty())
    }
}

/// Checks every anchor of the fixtures against the pages; `Err` (exit 3) when a page is
/// missing or unreadable, or the fixtures or features cannot be used.
pub async fn check(opts: &DocsOptions) -> Result<DocsReport, RunError> {
    let contracts = Arc::new(Contracts::load(&opts.fixtures_dir)?);
    let mut plan = Plan::load(&opts.features_dir, &contracts)?;
    crate::plan::derive(&mut plan, &contracts).await?;
    let label = opts.features_label.clone().unwrap_or_else(|| opts.features_dir.display().to_string());
    let mut map: BTreeMap<(String, String), Vec<ScenarioRef>> = BTreeMap::new();
    for f in &plan.features {
        for s in &f.scenarios {
            let at = ScenarioRef { feature: format!("{label}/{}", f.info.path), line: s.line, name: s.name.clone() };
            for r in &s.rests {
                map.entry(r.clone()).or_default().push(at.clone());
            }
        }
    }
    let mut pages = BTreeMap::new();
    for source in crate::basis::sources(&contracts) {
        pages.insert(source.clone(), read_page(&opts.pages, &source)?);
    }
    let mut report = DocsReport { pages: opts.pages.display().to_string(), ..DocsReport::default() };
    let fixtures = opts.fixtures_label.clone().unwrap_or_else(|| opts.fixtures_dir.display().to_string());
    for op in contracts.operations() {
        let rel = op.file().strip_prefix(contracts.root()).unwrap_or(op.file()).to_string_lossy().replace('\\', "/");
        resolve(op, &format!("{fixtures}/{rel}"), &pages, &map, &mut report);
    }
    Ok(report)
}

fn read_page(dir: &Path, source: &str) -> Result<Page, RunError> {
    let path = dir.join(source);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| RunError::Config(format!("cannot read the page {}: {e}", path.display())))?;
    Ok(Page::parse(&text))
}

/// Every anchor of `op`'s items, sorted into the report.
fn resolve(
    op: &Operation,
    fixture: &str,
    pages: &BTreeMap<String, Page>,
    map: &BTreeMap<(String, String), Vec<ScenarioRef>>,
    report: &mut DocsReport,
) {
    for item in op.items() {
        let p = &item.provenance;
        let mut anchors: Vec<(&str, &str, &str, bool)> = Vec::new();
        if let Some(q) = p.quote.as_deref().filter(|q| !q.trim().is_empty()) {
            anchors.push((p.standard.as_deref().unwrap_or(&p.source), &p.section, q, p.standard.is_some()));
        }
        for a in &p.also {
            anchors.push((a.standard.as_deref().unwrap_or(&a.source), &a.section, &a.quote, a.standard.is_some()));
        }
        let scenarios = map.get(&(op.id().to_string(), item.field.clone())).cloned().unwrap_or_default();
        for (source, section, quote, standard) in anchors {
            let mut a = Anchored {
                operation: op.id().to_string(),
                fixture: fixture.to_string(),
                item: item.field.clone(),
                label: item.label.clone(),
                source: source.to_string(),
                section: section.to_string(),
                quote: quote.to_string(),
                line: None,
                nearest: None,
                scenarios: scenarios.clone(),
            };
            let page = pages.get(source);
            match page.and_then(|pg| pg.find(quote)) {
                _ if standard => report.standards.push(a),
                Some(line) => {
                    a.line = Some(line);
                    report.found.push(a);
                }
                None => {
                    a.nearest = page.and_then(|pg| pg.nearest_in(quote, section));
                    a.line = a.nearest.as_ref().map(|n| n.line);
                    if item.checked { report.drifts.push(a) } else { report.notes.push(a) }
                }
            }
        }
    }
}

/// [`check`] on a runtime of its own.
pub fn check_blocking(opts: &DocsOptions) -> Result<DocsReport, RunError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| RunError::Setup(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(check(opts))
}
