//! The matrix as Markdown: a score table, then one table per vendor and operation with a
//! column per target. Every cell is one line — the failure's one-line reason, or the skip
//! reason — HTML-escaped and with `|` escaped.

use super::{Cell, ColumnStatus, Matrix, SCORE_NOTE};
use crate::text::{CELL_CHARS, first_line, md_cell};

pub(super) fn render(m: &Matrix) -> String {
    let mut out = String::from("# Compatibility matrix\n\n");
    out.push_str(&format!("{} scenarios × {} targets. {SCORE_NOTE}\n\n", m.rows.len(), m.columns.len()));
    out.push_str("| target | URL | score | passed | failed | errored | skipped |\n");
    out.push_str("|---|---|---:|---:|---:|---:|---:|\n");
    for c in &m.columns {
        let (name, url) = (md_cell(&c.name), md_cell(&c.url));
        match &c.status {
            ColumnStatus::Ran(s) => out.push_str(&format!(
                "| {name} | {url} | {} | {} | {} | {} | {} |\n",
                s.display(),
                s.passed,
                s.failed,
                s.errored,
                s.skipped
            )),
            ColumnStatus::CouldNotRun { reason } => out.push_str(&format!(
                "| {name} | {url} | could not run: {} | | | | |\n",
                md_cell(&first_line(reason, CELL_CHARS))
            )),
        }
    }
    for (vendor, operation, rows) in m.groups() {
        out.push_str(&format!("\n## {} / {}\n\n| scenario |", md_cell(vendor), md_cell(operation)));
        for c in &m.columns {
            out.push_str(&format!(" {} |", md_cell(&c.name)));
        }
        out.push_str("\n|---|");
        out.push_str(&"---|".repeat(m.columns.len()));
        out.push('\n');
        for row in rows {
            out.push_str(&format!("| {} |", md_cell(&row.name)));
            for cell in &row.cells {
                out.push_str(&format!(" {} |", cell_text(cell)));
            }
            out.push('\n');
        }
    }
    out
}

fn cell_text(cell: &Cell) -> String {
    let detail = cell.reason().map(|d| md_cell(&first_line(d, CELL_CHARS)));
    match (cell, detail) {
        (Cell::Pass, _) => "pass".to_string(),
        (Cell::Absent, _) => "—".to_string(),
        (Cell::Fail { .. } | Cell::Error { .. }, Some(d)) => format!("**{}**: {d}", cell.class()),
        (_, Some(d)) => format!("{}: {d}", cell.class()),
        (_, None) => cell.class().to_string(),
    }
}
