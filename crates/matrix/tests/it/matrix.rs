//! The compatibility matrix from hand-built reports: rows, columns, scores, the Markdown
//! (snapshot), the HTML (self-contained, escaped), redaction, and a target that could not run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{SECRET, count, matrix, runs};
use conformance_contract::Redactor;
use conformance_matrix::compat::{Cell, ColumnStatus, Matrix, Score, TargetRun};

#[test]
fn rows_are_the_union_grouped_by_vendor_then_operation_in_report_order() {
    let m = matrix();
    let names: Vec<&str> = m.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["stub", "acme"]);
    let rows: Vec<(&str, &str)> = m.rows.iter().map(|r| (r.operation.as_str(), r.name.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("postpaid-resize", "The documented resize is accepted"),
            ("postpaid-resize", "A request without credentials is refused"),
            ("add-service", "The documented service is added"),
            ("add-service", "A server fault is reported"),
            ("add-service", "Only acme plans this"),
        ]
    );
    let groups: Vec<(&str, &str, usize)> = m.groups().into_iter().map(|(v, o, r)| (v, o, r.len())).collect();
    assert_eq!(groups, [("huawei-apig", "postpaid-resize", 2), ("hostway-orders", "add-service", 3)]);
    assert!(m.rows.iter().all(|r| r.cells.len() == 2));
    // a scenario only one target planned is absent from the other
    let reason = "timed out after 10s".to_string();
    assert_eq!(m.rows[4].cells, [Cell::Absent, Cell::Error { message: format!("{reason}\n"), reason }]);
    assert!(matches!(m.rows[2].cells[1], Cell::Fail { .. }));
    assert!(matches!(m.rows[3].cells[0], Cell::Skip { .. }));
}

#[test]
fn scores_count_only_applicable_scenarios() {
    let m = matrix();
    let stub = m.score("stub").expect("stub ran");
    assert_eq!(stub, Score { passed: 3, failed: 0, errored: 0, skipped: 1 });
    assert_eq!(stub.percent(), Some(100.0));
    assert_eq!(stub.display(), "100.0% (3/3)");
    let acme = m.score("acme").expect("acme ran");
    assert_eq!(acme, Score { passed: 1, failed: 2, errored: 1, skipped: 1 });
    assert_eq!(acme.display(), "25.0% (1/4)");
    assert_eq!(Score { skipped: 3, ..Score::default() }.display(), "n/a (0 applicable)");
}

#[test]
fn markdown_matches_the_snapshot() {
    insta::with_settings!({snapshot_path => "../../../../snapshots/matrix", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("compat_matrix", matrix().to_markdown());
    });
}

#[test]
fn secrets_are_redacted_everywhere() {
    let m = matrix();
    for out in [m.to_markdown(), m.to_html(), m.summary(), format!("{m:?}")] {
        assert!(!out.contains(SECRET), "secret leaked:\n{out}");
    }
    assert!(m.to_markdown().contains("X-Auth-Token: [REDACTED]"), "{}", m.to_markdown());
    // from_reports knows no secrets; redact() applies a profile's afterwards
    let mut plain = Matrix::from_reports(vec![("acme".into(), common::acme_report())]);
    assert!(plain.to_html().contains(SECRET));
    plain.redact(&Redactor::new([SECRET.to_string()]));
    assert!(!plain.to_html().contains(SECRET));
}

#[test]
fn html_is_self_contained_and_escaped() {
    let html = matrix().to_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for external in ["src=", "href=", "<script", "<link", "@import", "url("] {
        assert!(!html.contains(external), "HTML has `{external}`");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), "{html}");
    assert_eq!(count(&html, "<table id=\"matrix\">"), 1);
    assert_eq!(count(&html, "<tr data-scenario="), 5);
    assert_eq!(count(&html, "<th data-target="), 2);
    assert_eq!(count(&html, "<td class=\"pass\">"), 4);
    assert_eq!(count(&html, "<td class=\"fail\""), 2);
    assert_eq!(count(&html, "<td class=\"error\""), 1);
    assert_eq!(count(&html, "<td class=\"skip\""), 2);
    assert_eq!(count(&html, "<td class=\"none\">"), 1);
    // a failing cell shows its first line and expands to the whole message
    assert!(html.contains("<td class=\"fail\"><details><summary>fail: expected status 201, got 200 | body was {}</summary><pre>expected status 201, got 200 | body was {}\nrequest: POST /orders/…</pre></details></td>"), "{html}");
}

#[test]
fn markdown_cells_stay_one_line_and_escaped() {
    let md = matrix().to_markdown();
    assert!(md.contains("| **fail**: expected status 201, got 200 \\| body was {} |"), "{md}");
    assert!(md.contains("skip: needs &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), "{md}");
    assert!(!md.contains("<script"));
}

#[test]
fn a_target_that_could_not_run_is_a_column_with_its_reason() {
    let mut runs = runs();
    runs.push(TargetRun {
        name: "down".into(),
        url: "https://user:pw@down.test".into(),
        result: Err(format!("cannot reach the target https://down.test: connection refused ({SECRET})")),
        secrets: vec![],
    });
    let m = Matrix::from_runs(runs);
    assert_eq!(m.columns[2].url, "https://***@down.test");
    assert!(
        matches!(&m.columns[2].status, ColumnStatus::CouldNotRun { reason } if reason.contains("connection refused"))
    );
    assert!(m.rows.iter().all(|r| r.cells[2] == Cell::Absent));
    assert_eq!(m.score("down"), None);
    let (md, html, summary) = (m.to_markdown(), m.to_html(), m.summary());
    assert!(md.contains("| down | https://***@down.test | could not run: cannot reach"), "{md}");
    assert!(html.contains("could not run: cannot reach"), "{html}");
    assert!(summary.contains("down  could not run: cannot reach"), "{summary}");
    for out in [md, html, summary] {
        assert!(!out.contains(SECRET) && !out.contains("user:pw"));
    }
    // a target that could not run decides the exit code, whatever the scores
    let (code, why) = m.exit_code(Some(0.0));
    assert_eq!((code, why.as_deref()), (conformance_runner::EXIT_COULD_NOT_RUN, Some("could not run against: down")));
}

#[test]
fn the_exit_code_is_ok_without_min_score_and_failed_below_it() {
    let m = matrix();
    let scores: Vec<f64> = m.columns.iter().filter_map(|c| m.score(&c.name)?.percent()).collect();
    let lowest = scores.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(lowest < 100.0, "the hand-built matrix has a target below full marks: {scores:?}");
    assert_eq!(m.exit_code(None), (conformance_runner::EXIT_OK, None));
    assert_eq!(m.exit_code(Some(lowest)).0, conformance_runner::EXIT_OK, "a score equal to the minimum passes");
    let (code, why) = m.exit_code(Some(lowest + 0.5));
    assert_eq!(code, conformance_runner::EXIT_FAILED);
    assert!(why.is_some_and(|w| w.starts_with(&format!("below --min-score {}%: ", lowest + 0.5))));
}

/// A located failure: the Markdown cell and the HTML summary show its one-line reason, never
/// the location line a message starts with; the HTML cell expands to the whole message.
#[test]
fn cells_show_the_one_line_reason_and_the_html_expands_to_the_message() {
    use conformance_runner::failure::{Kind, Location};
    use conformance_runner::{Failure, Outcome};
    let mut report = common::acme_report();
    let reason = "expected status 202 (ACCEPTED), got 200";
    let located = Failure::new(Kind::Status, reason).with_detail("  more detail").at(Location {
        root: "features".into(),
        file: "huawei-apig/postpaid-resize.feature".into(),
        line: 15,
        step: "Then the response status is 202".into(),
    });
    assert!(located.message().starts_with("--> features/huawei-apig/postpaid-resize.feature:15\n"));
    report.scenarios[1].outcome = Outcome::Failed(located.clone());
    let m = Matrix::from_reports(vec![("acme".into(), report)]);
    let md = m.to_markdown();
    assert!(md.contains(&format!("**fail**: {reason} |")), "{md}");
    assert!(!md.contains("-->") && !md.contains("--&gt;"), "no location in a cell: {md}");
    let html = m.to_html();
    assert!(html.contains(&format!("<summary>fail: {reason}</summary>")), "{html}");
    assert!(html.contains("--&gt; features/huawei-apig/postpaid-resize.feature:15"), "it expands to the message");
}
