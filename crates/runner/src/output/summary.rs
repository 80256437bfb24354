//! The run as Markdown, for a GitHub job summary (`GITHUB_STEP_SUMMARY`, appended to) or any
//! file (`--summary FILE`), for CIs that show Markdown: the verdict and the target; passed,
//! failed, errored and skipped per vendor and operation; each failure with its place and its
//! one-line reason (the whole message folded under it); the skipped scenarios grouped by
//! reason; the notes; what the run did to the account; the hints. Every text from the run is
//! escaped (Markdown and HTML), and the page stays under GitHub's limit for one step's
//! summary: past it, the folded messages are left out, and said so.

use std::fmt::Write as _;

use conformance_contract::Redacted;

use crate::report::{Outcome, Report};

/// GitHub refuses a step summary over 1 MiB; this leaves room for others in the same step.
pub const LIMIT: usize = 1000 * 1024;

/// `s` as Markdown text that renders as itself: every ASCII punctuation character that could
/// start markup is backslash-escaped (CommonMark allows it before any of them), line breaks
/// become spaces.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '&' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `s` as an inline code span: fenced with more backticks than it holds in a row; a `|`
/// (which would end a table cell) escaped.
pub fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", s.replace('|', "\\|"))
}

/// `s` escaped for HTML (inside `<summary>` and `<pre>`, where Markdown is not read).
fn html(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

fn verdict(report: &Report) -> &'static str {
    let t = report.summary().total;
    if report.interrupted.is_some() {
        return "INTERRUPTED";
    }
    match (t.failed + t.errored, t.passed) {
        (0, _) if report.too_few().is_some() => "TOO FEW RAN",
        (0, 0) if report.dry_run => "DRY RUN",
        (0, 0) => "NOTHING RAN",
        (0, _) => "PASSED",
        _ => "FAILED",
    }
}

/// The (redacted) report as Markdown; `root` names the features folder as failures are placed.
pub fn render(report: &Redacted<Report>, root: &str) -> String {
    let full = page(report, root, true);
    if full.len() <= LIMIT {
        return full;
    }
    let mut short = page(report, root, false);
    if short.len() > LIMIT {
        let mut cut = LIMIT - 200;
        while !short.is_char_boundary(cut) {
            cut -= 1;
        }
        short.truncate(cut);
        short.push_str(
            "\n\n… (cut here: the summary would be over GitHub's limit; the JUnit and SARIF reports hold everything)\n",
        );
    }
    short
}

fn page(report: &Report, root: &str, messages: bool) -> String {
    let summary = report.summary();
    let t = summary.total;
    let mut out = format!("## Conformance: {}\n\n", verdict(report));
    let stub = if report.embedded_stub { " (embedded stub)" } else { "" };
    let _ = writeln!(
        out,
        "Against {}{stub}: {} scenarios in {:.2} s, **{} passed, {} failed, {} errored, {} skipped**.",
        code(&report.target),
        t.total(),
        report.duration.as_secs_f64(),
        t.passed,
        t.failed,
        t.errored,
        t.skipped
    );
    if report.deselected > 0 {
        let _ = writeln!(out, "{} more not selected by `--tags` or `--shard`.", report.deselected);
    }
    out.push_str("\n| vendor / operation | passed | failed | errored | skipped |\n|---|--:|--:|--:|--:|\n");
    for ((vendor, operation), c) in &summary.by_operation {
        let name = text(&format!("{vendor} / {operation}"));
        let _ = writeln!(out, "| {name} | {} | {} | {} | {} |", c.passed, c.failed, c.errored, c.skipped);
    }
    let _ = writeln!(out, "| **total** | {} | {} | {} | {} |", t.passed, t.failed, t.errored, t.skipped);
    let failures: Vec<_> = report.scenarios.iter().filter(|s| s.outcome.is_failure()).collect();
    if !failures.is_empty() {
        let _ = writeln!(out, "\n### Failures ({})\n", failures.len());
        for s in failures {
            let (word, f) = match &s.outcome {
                Outcome::Errored(f) => ("errored", f),
                Outcome::Failed(f) => ("failed", f),
                _ => continue,
            };
            let (file, line) = super::place(root, s, f);
            let _ = writeln!(
                out,
                "- **{word}** ({}) {} at {}: {}",
                f.kind.id(),
                code(&s.id),
                code(&format!("{file}:{line}")),
                text(&f.headline())
            );
            if messages {
                let _ = writeln!(
                    out,
                    "  <details><summary>the whole message</summary>\n\n  <pre>{}</pre>\n  </details>",
                    html(f.message().trim_end()).replace('\n', "&#10;")
                );
            }
        }
        if !messages {
            out.push_str("\n(The whole messages are left out: with them the summary would be over GitHub's limit; the JUnit and SARIF reports hold them.)\n");
        }
    }
    if !summary.skip_reasons.is_empty() {
        let _ = writeln!(out, "\n### Skipped ({}), by reason\n", t.skipped);
        for (reason, ids) in &summary.skip_reasons {
            let _ = writeln!(out, "<details><summary>{} ({})</summary>\n", html(reason), ids.len());
            for id in ids {
                let _ = writeln!(out, "- {}", code(id));
            }
            out.push_str("\n</details>\n");
        }
    }
    let notes = report.notes();
    if !notes.is_empty() {
        let _ = writeln!(
            out,
            "\n### Notes ({}): the pages allow these; `--strict-members` fails an undocumented member, `--strict` a relaxed judgement\n",
            notes.len()
        );
        for (note, ids) in &notes {
            let _ = writeln!(out, "- {} ({} scenarios)", text(note), ids.len());
        }
    }
    let account = crate::account::render(&report.account);
    if !account.is_empty() {
        let _ = writeln!(out, "\n### What the run did to the account\n\n<pre>{}</pre>", html(account.trim_end()));
    }
    if !report.hints.is_empty() {
        out.push_str("\n### Hints\n\n");
        for h in &report.hints {
            let _ = writeln!(out, "- {}", text(h.strip_prefix("hint: ").unwrap_or(h)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use conformance_contract::Redactor;

    use super::*;
    use crate::account::{AccountChange, Change};
    use crate::failure::{Failure, Kind};
    use crate::report::ScenarioResult;

    fn scenario(name: &str, outcome: Outcome) -> ScenarioResult {
        ScenarioResult {
            id: format!("v/op.feature::{name}"),
            feature: "v/op.feature".into(),
            vendor: "v".into(),
            operation: "op".into(),
            name: name.into(),
            example_row: None,
            line: 3,
            tags: Vec::new(),
            outcome,
            duration: Duration::ZERO,
            steps: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn report(detail: &str) -> Redacted<Report> {
        let skip = || Outcome::Skipped { reason: "needs <huawei.token>".into() };
        let failure = Failure::new(Kind::Schema, "the body is *not* <json>").with_detail(detail);
        let report = Report {
            target: "http://t".into(),
            scenarios: vec![
                scenario("bad", Outcome::Failed(failure)),
                scenario("one", skip()),
                scenario("two", skip()),
                scenario("fine", Outcome::Passed),
            ],
            account: vec![AccountChange {
                change: Change::Created,
                resource: "http://t/s/1".into(),
                scenario: "v/op.feature::fine".into(),
                detail: String::new(),
            }],
            hints: vec!["hint: check the <token>".into()],
            ..Report::default()
        };
        Redacted::new(report, &Redactor::default())
    }

    #[test]
    fn the_page_groups_the_skipped_and_escapes_what_the_run_says() {
        let md = render(&report("  - at /a: missing\n"), "features");
        assert!(md.starts_with("## Conformance: FAILED\n"), "{md}");
        assert!(md.contains("| v / op | 1 | 1 | 0 | 2 |"), "{md}");
        assert!(md.contains("- **failed** (schema) `v/op.feature::bad` at `features/v/op.feature:3`: the body is \\*not\\* \\<json\\>"), "{md}");
        assert!(md.contains("&lt;json&gt;") && md.contains("at /a: missing"), "the whole message, escaped: {md}");
        assert!(md.contains("### Skipped (2), by reason"), "{md}");
        assert!(
            md.contains(
                "<summary>needs &lt;huawei.token&gt; (2)</summary>\n\n- `v/op.feature::one`\n- `v/op.feature::two`\n"
            ),
            "{md}"
        );
        assert!(
            md.contains("### What the run did to the account")
                && md.contains("created http://t/s/1 (by v/op.feature::fine)"),
            "{md}"
        );
        assert!(md.contains("### Hints\n\n- check the \\<token\\>\n"), "{md}");
    }

    #[test]
    fn past_the_limit_the_whole_messages_are_left_out() {
        let huge = "x".repeat(LIMIT + 1);
        let md = render(&report(&huge), "features");
        assert!(md.len() <= LIMIT, "{}", md.len());
        assert!(md.contains("The whole messages are left out") && md.contains("### Skipped (2)"), "{}", &md[..500]);
    }

    #[test]
    fn text_renders_as_itself_and_code_spans_hold_their_backticks() {
        assert_eq!(text("a *b* <i>|c\nd"), "a \\*b\\* \\<i\\>\\|c d");
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a `b` c"), "``a `b` c``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a|b"), "`a\\|b`");
    }
}
