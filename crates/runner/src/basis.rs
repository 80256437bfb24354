//! What a failed check rests on, as the page says it: the anchor of the item checked (its
//! quote, section and page; the page's line when the run was given the pages folder,
//! `--pages`), or the erratum that decides it where no words of a page do. Every reporter
//! shows it the same way: "the page says (FILE:LINE, Section): `quote`".

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use conformance_contract::anchor::Page;
use conformance_contract::anchored::Item;
use conformance_contract::{Contracts, ErratumKind, Operation};

/// The vendor pages of the fixtures, read once from a folder.
#[derive(Debug, Default)]
pub struct Pages {
    pages: BTreeMap<String, Page>,
}

impl Pages {
    /// Reads, from `dir`, every page the contracts name as a `source` (their own and their
    /// anchors'); the second list names each page that could not be read (its quotes are then
    /// shown without a line).
    pub fn load(dir: &Path, contracts: &Contracts) -> (Pages, Vec<String>) {
        let mut pages = BTreeMap::new();
        let mut missing = Vec::new();
        for source in sources(contracts) {
            let path = dir.join(&source);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    pages.insert(source, Page::parse(&text));
                }
                Err(e) => missing.push(format!("{}: {e}", path.display())),
            }
        }
        (Pages { pages }, missing)
    }

    /// The page read for `source`.
    pub fn page(&self, source: &str) -> Option<&Page> {
        self.pages.get(source)
    }

    /// The line of `quote` on `source`, when both are there.
    pub fn line(&self, source: &str, quote: &str) -> Option<usize> {
        self.pages.get(source)?.find(quote)
    }
}

/// Every page the contracts name, their own `source` and every anchor's (standards aside).
pub fn sources(contracts: &Contracts) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for op in contracts.operations() {
        out.insert(op.contract().source.clone());
        for item in op.items() {
            let p = &item.provenance;
            if p.standard.is_none() && p.quote.is_some() {
                out.insert(p.source.clone());
            }
            out.extend(p.also.iter().filter(|a| a.standard.is_none()).map(|a| a.source.clone()));
        }
    }
    out
}

/// The words a failed check rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    /// The page's file name (or the standard, `RFC 9110`).
    pub source: String,
    /// The vendor's own name for the page (`CreatePostPayResizeOrder.html`).
    pub page_name: Option<String>,
    /// The section the words stand in.
    pub section: String,
    /// The words; `None` when only an erratum decides.
    pub quote: Option<String>,
    /// Where the page has them, when the run was given the pages.
    pub line: Option<usize>,
    /// The quote is from a standard, not a page.
    pub standard: bool,
    /// The erratum that decides the item where no words do: `(id, kind, what the fixture holds)`.
    pub erratum: Option<(String, String, String)>,
}

impl Basis {
    /// The basis of `item` of `op`: its first anchor.
    pub fn of(op: &Operation, item: &Item, pages: Option<&Pages>) -> Basis {
        let p = &item.provenance;
        let c = op.contract();
        let erratum = p.erratum.as_ref().and_then(|id| c.errata.iter().find(|e| &e.id == id)).map(|e| {
            let kind = match e.kind {
                Some(ErratumKind::Inference) => "inference",
                Some(ErratumKind::Contradiction) => "contradiction",
                None => "judgement",
            };
            (e.id.clone(), kind.to_string(), e.fixture_holds.clone())
        });
        let quote = p.quote.clone().filter(|q| !q.trim().is_empty());
        let line = quote.as_deref().zip(pages).and_then(|(q, pages)| pages.line(&p.source, q));
        Basis {
            source: p.standard.clone().unwrap_or_else(|| p.source.clone()),
            page_name: p.standard.is_none().then(|| c.page_name.clone()).flatten().filter(|_| p.source == c.source),
            section: p.section.clone(),
            quote,
            line: if p.standard.is_some() { None } else { line },
            standard: p.standard.is_some(),
            erratum,
        }
    }
}

impl Basis {
    /// The basis of a check that rests on erratum `id` of `op` alone (a judgement): "no words
    /// of the page: the fixture decides"; `None` when `op` has no such erratum.
    pub fn erratum(op: &Operation, id: &str) -> Option<Basis> {
        let e = op.contract().errata.iter().find(|e| e.id == id)?;
        let provenance = conformance_contract::Provenance {
            section: e.provenance.section.clone(),
            source: op.contract().source.clone(),
            erratum: Some(e.id.clone()),
            ..conformance_contract::Provenance::default()
        };
        let item = Item { field: String::new(), label: format!("erratum {id}"), provenance, checked: true };
        Some(Basis::of(op, &item, None))
    }

    /// What a `--strict` failure of `example` rests on beside the example's words: where the
    /// default check (judgements relaxed) passes `actual`, the errata of the judgements that
    /// failed; none where the page's words fail it too.
    pub fn judged(
        op: &Operation,
        example: &conformance_contract::Example,
        actual: &serde_json::Value,
        ex: &conformance_contract::RequestContext<'_>,
    ) -> Vec<Basis> {
        let Ok(checked) = conformance_contract::check_example_as(example, actual, ex, false) else {
            return Vec::new();
        };
        let mut errata: Vec<&str> = checked.relaxed.iter().map(|r| r.erratum.as_str()).collect();
        errata.dedup();
        errata.into_iter().filter_map(|e| Basis::erratum(op, e)).collect()
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.quote, &self.erratum) {
            (Some(q), _) if self.standard => write!(f, "{} says ({}): `{}`", self.source, self.section, one_line(q)),
            (Some(q), _) => {
                let at = self.line.map(|l| format!(":{l}")).unwrap_or_default();
                write!(f, "the page says ({}{at}, {}): `{}`", self.source, self.section, one_line(q))?;
                match &self.page_name {
                    Some(name) => write!(f, " ({name})"),
                    None => Ok(()),
                }
            }
            (None, Some((id, kind, holds))) => {
                write!(f, "no words of the page: the fixture decides (erratum `{id}`, {kind}): {}", one_line(holds))
            }
            (None, None) => write!(f, "the page ({}, {})", self.source, self.section),
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
