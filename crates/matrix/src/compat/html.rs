//! The matrix as one self-contained HTML page: inline CSS, no scripts, no external URLs.
//!
//! For tests and tools: the matrix is `<table id="matrix">`, each target's header cell is
//! `<th data-target="NAME">`, each scenario's row `<tr data-scenario="ID">`, and each cell has
//! the class `pass`, `fail`, `error`, `skip` or `none`; a failed or errored cell is a
//! `<details>` that expands to its whole (redacted) message, the others carry it in `title`. Every text is escaped with `html-escape`.

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use super::{Cell, ColumnStatus, Matrix, SCORE_NOTE};
use crate::text::{CELL_CHARS, TITLE_CHARS, first_line, truncate};

/// A failing cell's expanded message is cut after this many characters.
const DETAIL_CHARS: usize = 8 * 1024;

const STYLE: &str = "
body { font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 1.5em; color: #1d232a; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
p.note { color: #4b5563; max-width: 60em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #d0d7de; padding: .3em .6em; text-align: left; vertical-align: top; }
thead th { background: #f3f4f6; position: sticky; top: 0; }
#scores td.num { text-align: right; font-variant-numeric: tabular-nums; }
#matrix td pre { white-space: pre-wrap; font-size: .85em; margin: .3em 0 0; }
#matrix td { max-width: 28em; overflow-wrap: anywhere; font-size: .92em; }
#matrix th.scenario { font-weight: normal; max-width: 30em; }
#matrix tr.group th { background: #e5e7eb; font-weight: 600; }
.score { display: block; font-weight: normal; font-size: .9em; color: #374151; }
td.pass { background: #dcfce7; color: #14532d; }
td.fail { background: #fee2e2; color: #7f1d1d; }
td.error { background: #ffedd5; color: #7c2d12; }
td.skip { background: #f3f4f6; color: #4b5563; }
td.none { background: #fff; color: #9ca3af; text-align: center; }
td.down { background: #fee2e2; color: #7f1d1d; max-width: 48em; }
";

pub(super) fn render(m: &Matrix) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>Compatibility matrix</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>Compatibility matrix</h1>\n");
    out.push_str(&format!(
        "<p class=\"note\">{} scenarios × {} targets. {}</p>\n",
        m.rows.len(),
        m.columns.len(),
        text(SCORE_NOTE)
    ));
    scores(m, &mut out);
    matrix(m, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

fn scores(m: &Matrix, out: &mut String) {
    out.push_str("<table id=\"scores\">\n<thead><tr><th>target</th><th>URL</th><th>score</th>");
    out.push_str("<th>passed</th><th>failed</th><th>errored</th><th>skipped</th></tr></thead>\n<tbody>\n");
    for c in &m.columns {
        out.push_str(&format!("<tr><th>{}</th><td>{}</td>", text(&c.name), text(&c.url)));
        match &c.status {
            ColumnStatus::Ran(s) => out.push_str(&format!(
                "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td>",
                text(&s.display()),
                s.passed,
                s.failed,
                s.errored,
                s.skipped
            )),
            ColumnStatus::CouldNotRun { reason } => out.push_str(&format!(
                "<td class=\"down\" colspan=\"5\" title=\"{}\">could not run: {}</td>",
                attr(&truncate(reason, TITLE_CHARS)),
                text(&first_line(reason, CELL_CHARS * 2))
            )),
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn matrix(m: &Matrix, out: &mut String) {
    out.push_str("<table id=\"matrix\">\n<thead><tr><th class=\"scenario\">scenario</th>");
    for c in &m.columns {
        let score = match &c.status {
            ColumnStatus::Ran(s) => s.display(),
            ColumnStatus::CouldNotRun { .. } => "could not run".to_string(),
        };
        out.push_str(&format!(
            "<th data-target=\"{}\" title=\"{}\">{}<span class=\"score\">{}</span></th>",
            attr(&c.name),
            attr(&c.url),
            text(&c.name),
            text(&score)
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (vendor, operation, rows) in m.groups() {
        out.push_str(&format!(
            "<tr class=\"group\"><th colspan=\"{}\">{} / {}</th></tr>\n",
            m.columns.len() + 1,
            text(vendor),
            text(operation)
        ));
        for row in rows {
            out.push_str(&format!(
                "<tr data-scenario=\"{}\"><th class=\"scenario\" title=\"{}\">{}</th>",
                attr(&row.id),
                attr(&row.id),
                text(&row.name)
            ));
            for cell in &row.cells {
                cell_html(cell, out);
            }
            out.push_str("</tr>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n");
}

fn cell_html(cell: &Cell, out: &mut String) {
    let class = cell.class();
    match (cell.reason(), cell.detail()) {
        // A failure's summary is its one-line reason; it expands to its whole message (the
        // step, the exchange, the diff).
        (Some(reason), Some(d)) if matches!(class, "fail" | "error") => out.push_str(&format!(
            "<td class=\"{class}\"><details><summary>{class}: {}</summary><pre>{}</pre></details></td>",
            text(&first_line(reason, CELL_CHARS)),
            text(&truncate(d.trim(), DETAIL_CHARS))
        )),
        (_, Some(d)) => out.push_str(&format!(
            "<td class=\"{class}\" title=\"{}\">{class}: {}</td>",
            attr(&truncate(d.trim(), TITLE_CHARS)),
            text(&first_line(d, CELL_CHARS))
        )),
        _ if matches!(cell, Cell::Absent) => out.push_str("<td class=\"none\">—</td>"),
        _ => out.push_str(&format!("<td class=\"{class}\">{class}</td>")),
    }
}
