//! One run as a self-contained HTML page (`--html FILE`): inline CSS, no scripts, no external
//! URLs. At the top a summary per vendor and operation (passed, failed, errored, skipped, drawn
//! as bars), the hints, what the run did to the account (the terminal's words), and links to
//! the failures with their one-line reasons; then every scenario: a failed or errored one is a
//! `<details>` whose summary is the reason and which expands to its message — the failing
//! step, the request sent, the answer received, the schema violations and the example diff —
//! and every scenario shows its notes. Every text is redacted, then escaped.
//!
//! For tests and tools: the summary is `<table id="summary">` with a `<tr data-operation="V/O">`
//! per operation; each scenario is an element with `data-scenario="ID"` and the class `pass`,
//! `fail`, `error` or `skip`.

use std::fmt::Write as _;

use conformance_contract::Redacted;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::report::{Counts, Outcome, Report, ScenarioResult};

const STYLE: &str = "
body { font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 1.5em; color: #1d232a; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.15em; margin: 1.2em 0 .4em; }
p.note { color: #4b5563; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #d0d7de; padding: .25em .6em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: flex; width: 18em; height: .9em; background: #f3f4f6; border-radius: 2px; overflow: hidden; }
.bar span { display: block; height: 100%; }
.bar .pass, .dot.pass { background: #22c55e; } .bar .fail, .dot.fail { background: #ef4444; }
.bar .error, .dot.error { background: #f97316; } .bar .skip, .dot.skip { background: #9ca3af; }
.scenario { margin: .2em 0; padding: .2em .5em; border-left: 4px solid #d0d7de; }
.scenario.pass { border-color: #22c55e; } .scenario.fail { border-color: #ef4444; background: #fef2f2; }
.scenario.error { border-color: #f97316; background: #fff7ed; } .scenario.skip { border-color: #9ca3af; color: #4b5563; }
.dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: .4em; }
summary { cursor: pointer; }
pre { background: #f8fafc; border: 1px solid #e5e7eb; padding: .6em; overflow-x: auto; font-size: .9em; }
#account { white-space: pre-wrap; overflow-wrap: anywhere; }
.why { color: #4b5563; font-size: .92em; }
.reason { color: #7f1d1d; font-size: .92em; }
ul.notes { color: #1e40af; font-size: .92em; margin: .2em 0; }
";

/// The (redacted) report as one HTML page, every text escaped.
pub fn render(report: &Redacted<Report>) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>Conformance report</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>Conformance report</h1>\n");
    let summary = report.summary();
    let t = summary.total;
    let mut current_feature = String::new();
    let target = if report.embedded_stub { " (embedded stub)" } else { "" };
    let _ = writeln!(
        out,
        "<p class=\"note\">{} scenarios against {}{target} in {:.2} s: {} passed, {} failed, {} errored, {} skipped.</p>",
        t.total(),
        text(&report.target),
        report.duration.as_secs_f64(),
        t.passed,
        t.failed,
        t.errored,
        t.skipped
    );
    out.push_str("<table id=\"summary\">\n<thead><tr><th>vendor / operation</th><th>passed</th><th>failed</th>");
    out.push_str("<th>errored</th><th>skipped</th><th></th></tr></thead>\n<tbody>\n");
    for ((vendor, operation), c) in &summary.by_operation {
        let name = format!("{vendor}/{operation}");
        let _ = writeln!(
            out,
            "<tr data-operation=\"{}\"><th>{}</th>{}<td>{}</td></tr>",
            attr(&name),
            text(&name),
            count_cells(c),
            bar(c)
        );
    }
    let _ = writeln!(out, "<tr><th>total</th>{}<td>{}</td></tr>", count_cells(&t), bar(&t));
    out.push_str("</tbody>\n</table>\n");
    if !report.hints.is_empty() {
        out.push_str("<ul id=\"hints\">\n");
        for h in &report.hints {
            let _ = writeln!(out, "<li>{}</li>", text(h));
        }
        out.push_str("</ul>\n");
    }
    let account = crate::account::render(&report.account);
    if !account.is_empty() {
        let _ =
            writeln!(out, "<h2>What this run did to the account</h2>\n<pre id=\"account\">{}</pre>", text(&account));
    }
    let failures: Vec<_> = report.scenarios.iter().enumerate().filter(|(_, s)| s.outcome.is_failure()).collect();
    if !failures.is_empty() {
        out.push_str("<h2>Failures</h2>\n<ul id=\"failures\">\n");
        for (i, s) in failures {
            let (word, reason) = match &s.outcome {
                Outcome::Errored(f) => ("error", f.reason.as_str()),
                Outcome::Failed(f) => ("fail", f.reason.as_str()),
                _ => continue,
            };
            let _ = writeln!(
                out,
                "<li><a href=\"#s{i}\">{word}: {}</a> <span class=\"why\">{}</span></li>",
                text(&s.id),
                text(reason)
            );
        }
        out.push_str("</ul>\n");
    }
    for (i, s) in report.scenarios.iter().enumerate() {
        if s.feature != current_feature {
            current_feature = s.feature.clone();
            if let Some(f) = report.features.iter().find(|f| f.path == s.feature) {
                let path = if report.features_root.is_empty() {
                    f.path.clone()
                } else {
                    format!("{}/{}", report.features_root, f.path)
                };
                let _ = writeln!(out, "<h2>{} <span class=\"why\">{}</span></h2>", text(&f.name), text(&path));
            }
        }
        let account: Vec<String> = report.account_of(&s.id).map(|a| a.line()).collect();
        scenario(i, s, &account, &mut out);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn count_cells(c: &Counts) -> String {
    [c.passed, c.failed, c.errored, c.skipped].iter().map(|n| format!("<td class=\"num\">{n}</td>")).collect()
}

/// The four counts as one horizontal bar, each part as wide as its share.
fn bar(c: &Counts) -> String {
    let total = c.total().max(1) as f64;
    let parts = [("pass", c.passed), ("fail", c.failed), ("error", c.errored), ("skip", c.skipped)];
    let spans: String = parts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(class, n)| format!("<span class=\"{class}\" style=\"width:{:.2}%\"></span>", *n as f64 * 100.0 / total))
        .collect();
    format!("<div class=\"bar\">{spans}</div>")
}

fn scenario(i: usize, s: &ScenarioResult, account: &[String], out: &mut String) {
    let (class, failure, reason) = match &s.outcome {
        Outcome::Passed => ("pass", None, None),
        Outcome::Failed(f) => ("fail", Some(f), None),
        Outcome::Errored(f) => ("error", Some(f), None),
        Outcome::Skipped { reason } => ("skip", None, Some(reason)),
    };
    let title = format!("{} <span class=\"why\">line {}</span>", text(&s.name), s.line);
    let notes = if s.notes.is_empty() && account.is_empty() {
        String::new()
    } else {
        let items: String = s.notes.iter().map(|n| format!("<li>note: {}</li>", text(n))).collect();
        let changes: String = account.iter().map(|a| format!("<li>{}</li>", text(a))).collect();
        format!("<ul class=\"notes\">{items}{changes}</ul>")
    };
    let open = format!("<div class=\"scenario {class}\" id=\"s{i}\" data-scenario=\"{}\">", attr(&s.id));
    match (failure, reason) {
        (Some(f), _) => {
            let _ = writeln!(
                out,
                "{open}<details><summary><span class=\"dot {class}\"></span>{class}: {title} \
                 <span class=\"reason\">{}</span></summary><pre>{}</pre>{notes}</details></div>",
                text(&f.reason),
                text(&f.message())
            );
        }
        (None, Some(reason)) => {
            let _ = writeln!(
                out,
                "{open}<span class=\"dot {class}\"></span>skipped: {title} <span class=\"why\">{}</span>{notes}</div>",
                text(reason)
            );
        }
        _ => {
            let _ = writeln!(out, "{open}<span class=\"dot {class}\"></span>passed: {title}{notes}</div>");
        }
    }
}
