//! Hand-built reports for the matrix tests: two targets, mixed outcomes, a secret in a
//! message and markup in a reason.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use conformance_matrix::compat::{Matrix, TargetRun};
use conformance_runner::failure::Kind;
use conformance_runner::{ErrorClass, Failure, Outcome, Report, ScenarioResult};

/// A secret the "acme" target's profile holds; it appears in one failure message.
pub const SECRET: &str = "acme-token-s3cr3t";

fn scenario(feature: &str, vendor: &str, operation: &str, name: &str, outcome: Outcome) -> ScenarioResult {
    ScenarioResult {
        id: format!("{feature}::{name}"),
        feature: feature.to_string(),
        vendor: vendor.to_string(),
        operation: operation.to_string(),
        name: name.to_string(),
        example_row: None,
        line: 1,
        tags: vec![vendor.to_string(), operation.to_string()],
        outcome,
        duration: Duration::ZERO,
        steps: Vec::new(),
        notes: Vec::new(),
    }
}

fn report(target: &str, embedded_stub: bool, scenarios: Vec<ScenarioResult>) -> Report {
    Report { target: target.to_string(), embedded_stub, features: Vec::new(), scenarios, ..Report::default() }
}

const APIG: (&str, &str, &str) = ("huawei-apig/postpaid-resize.feature", "huawei-apig", "postpaid-resize");
const ADD: (&str, &str, &str) = ("hostway-orders/add-service.feature", "hostway-orders", "add-service");

fn s(op: (&str, &str, &str), name: &str, outcome: Outcome) -> ScenarioResult {
    scenario(op.0, op.1, op.2, name, outcome)
}

fn fail(m: &str) -> Outcome {
    Outcome::Failed(Failure::new(Kind::Status, m))
}

/// The reference stub: everything passes but one skip.
pub fn stub_report() -> Report {
    report(
        "http://127.0.0.1:40001",
        true,
        vec![
            s(APIG, "The documented resize is accepted", Outcome::Passed),
            s(APIG, "A request without credentials is refused", Outcome::Passed),
            s(ADD, "The documented service is added", Outcome::Passed),
            s(
                ADD,
                "A server fault is reported",
                Outcome::Skipped { reason: "the profile gives no [faults] header".into() },
            ),
        ],
    )
}

/// A vendor: mixed outcomes; its scenarios come in another order, and one is its own.
pub fn acme_report() -> Report {
    report(
        "https://api.acme.test",
        false,
        vec![
            s(
                ADD,
                "The documented service is added",
                fail("expected status 201, got 200 | body was {}\nrequest: POST /orders/…"),
            ),
            s(APIG, "The documented resize is accepted", Outcome::Passed),
            s(
                APIG,
                "A request without credentials is refused",
                fail(&format!("expected 401, got 200; sent X-Auth-Token: {SECRET}")),
            ),
            s(
                ADD,
                "A server fault is reported",
                Outcome::Skipped { reason: "needs <script>alert(1)</script> & more".into() },
            ),
            s(
                ADD,
                "Only acme plans this",
                Outcome::Errored(Failure::new(Kind::Transport(ErrorClass::ReadTimeout), "timed out after 10s")),
            ),
        ],
    )
}

/// The two runs, acme's secret known.
pub fn runs() -> Vec<TargetRun> {
    vec![
        TargetRun { name: "stub".into(), url: "embedded stub".into(), result: Ok(stub_report()), secrets: vec![] },
        TargetRun {
            name: "acme".into(),
            url: "https://api.acme.test".into(),
            result: Ok(acme_report()),
            secrets: vec![SECRET.to_string()],
        },
    ]
}

/// The matrix of [`runs`].
pub fn matrix() -> Matrix {
    Matrix::from_runs(runs())
}

/// Occurrences of `needle` in `hay`.
pub fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}
