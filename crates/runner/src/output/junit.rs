//! JUnit XML (quick-junit): one test suite per feature, one test case per scenario. A failed
//! check is a `<failure>`, a check that could not run (timeout, broken connection) an
//! `<error>`, and a scenario skipped for unmet needs a `<skipped>` whose message is the reason.
//! Notes (members the pages do not show) go to the test case's `<system-out>`.

use conformance_contract::Redacted;
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use crate::report::{Outcome, Report};

/// A scenario's notes as its `<system-out>`.
fn notes_text(notes: &[String]) -> String {
    notes.iter().map(|n| format!("note: {n}\n")).collect()
}

/// The (redacted) report as JUnit XML; a scenario's notes are its `<system-out>`.
pub fn render(report: &Redacted<Report>) -> Result<String, String> {
    let mut junit = quick_junit::Report::new("conformance");
    junit.set_time(report.duration);
    for f in &report.features {
        let scenarios: Vec<_> = report.scenarios.iter().filter(|s| s.feature == f.path).collect();
        if scenarios.is_empty() {
            continue;
        }
        let mut suite = TestSuite::new(f.path.clone());
        for s in scenarios {
            let status = match &s.outcome {
                Outcome::Passed => TestCaseStatus::success(),
                Outcome::Failed { message } | Outcome::Errored { message } => {
                    let kind = if matches!(s.outcome, Outcome::Failed { .. }) {
                        NonSuccessKind::Failure
                    } else {
                        NonSuccessKind::Error
                    };
                    let mut st = TestCaseStatus::non_success(kind);
                    let text = message.clone();
                    st.set_message(text.lines().next().unwrap_or_default().to_string());
                    st.set_description(text);
                    st
                }
                Outcome::Skipped { reason } => {
                    let mut st = TestCaseStatus::skipped();
                    st.set_message(reason.clone());
                    st
                }
            };
            let name = s.id.split_once("::").map_or(s.id.as_str(), |(_, n)| n);
            let mut case = TestCase::new(name, status);
            case.set_classname(format!("{}.{}", s.vendor, s.operation));
            case.set_time(s.duration);
            if !s.notes.is_empty() {
                case.set_system_out(notes_text(&s.notes));
            }
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().map_err(|e| e.to_string())
}
