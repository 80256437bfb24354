//! JUnit XML (quick-junit): one test suite per feature, one test case per scenario, named by
//! the scenario's one name and carrying `file` (the feature, under the features folder used)
//! and `line`. A failed check is a `<failure>`, a check that could not run (timeout, broken
//! connection) an `<error>`: its `message` is the one-line reason, its `type` the kind of
//! check, and its body the location, the step, the detail and the exchange. A scenario skipped
//! for unmet needs is a `<skipped>` whose message is the reason. The test case's
//! `<system-out>` holds its notes (members the pages do not show) and what it did to the
//! account (the same words as the terminal).

use conformance_contract::Redacted;
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use crate::report::{Outcome, Report, ScenarioResult};

/// A scenario's `<system-out>`: its notes, then what it did to the account.
fn system_out(report: &Report, s: &ScenarioResult) -> String {
    let mut out: String = s.notes.iter().map(|n| format!("note: {n}\n")).collect();
    for change in report.account_of(&s.id) {
        out.push_str(&change.line());
        out.push('\n');
    }
    out
}

/// The (redacted) report as JUnit XML.
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
                Outcome::Failed(failure) | Outcome::Errored(failure) => {
                    let kind = if failure.is_error() { NonSuccessKind::Error } else { NonSuccessKind::Failure };
                    let mut st = TestCaseStatus::non_success(kind);
                    st.set_message(failure.headline());
                    st.set_type(failure.kind.id());
                    st.set_description(failure.message());
                    st
                }
                Outcome::Skipped { reason } => {
                    let mut st = TestCaseStatus::skipped();
                    st.set_message(reason.clone());
                    st
                }
            };
            let mut case = TestCase::new(s.name.clone(), status);
            case.set_classname(format!("{}.{}", s.vendor, s.operation));
            case.set_time(s.duration);
            let file = if report.features_root.is_empty() {
                s.feature.clone()
            } else {
                format!("{}/{}", report.features_root, s.feature)
            };
            let line = s.outcome.failure().and_then(|f| f.location.as_ref()).map_or(s.line, |l| l.line);
            case.extra.insert("file".into(), file.into());
            case.extra.insert("line".into(), line.to_string().into());
            let out = system_out(report, s);
            if !out.is_empty() {
                case.set_system_out(out);
            }
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().map_err(|e| e.to_string())
}
