//! Requests: sending the scenario's request as built, a documented example request, either one
//! with a documented fault injected (the profile's `[faults] header`; a real vendor ignores it,
//! so such a request counts as the operation's success would).

use super::{Keyword, Step, StepFuture};
use crate::failure::Failure;
use crate::world::ConformanceWorld;

fn fault_of(w: &ConformanceWorld, status: &str) -> Result<u16, String> {
    let status: u16 = status.parse().map_err(|e| format!("{status}: {e}"))?;
    let ctx = w.ctx()?;
    let op = w.operation(&ctx, &w.op)?;
    match op.response(status) {
        Some(_) if op.faults().contains(&status) => Ok(status),
        _ => Err(format!(
            "{status} is not a documented fault of {} (a server fault, or a status the fixture provokes by fault)",
            w.op
        )),
    }
}

async fn send_built(w: &mut ConformanceWorld, example: Option<&str>, fault: Option<&str>) -> Result<(), Failure> {
    let op = w.op.clone();
    let fault = fault.map(|f| fault_of(w, f)).transpose()?;
    if let Some(name) = example {
        w.load_example(&op, name)?;
    }
    w.send(&op, None, fault).await
}

fn send<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    Box::pin(send_built(w, None, None))
}

fn send_with_fault<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    Box::pin(send_built(w, None, c.first().map(String::as_str)))
}

fn send_example<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    let fault = c.get(1).map(String::as_str).filter(|f| !f.is_empty());
    Box::pin(send_built(w, c.first().map(String::as_str), fault))
}

pub(super) const STEPS: &[Step] = &[
    Step {
        keyword: Keyword::When,
        pattern: r"^I send the request$",
        describe: "sends the body built so far to the feature's operation, with the scenario's credentials",
        example: "I send the request",
        run: send,
    },
    Step {
        keyword: Keyword::When,
        pattern: r"^I send the request with the documented fault (\d{3}) injected$",
        describe: "the same, asking the target (its [faults] header) for a documented fault: a server fault, or a status provoked so (a 429)",
        example: "I send the request with the documented fault 502 injected",
        run: send_with_fault,
    },
    Step {
        keyword: Keyword::When,
        pattern: r#"^I send the documented example request "([^"]+)"(?: with the documented fault (\d{3}) injected)?$"#,
        describe: "sends the request example of that name (the profile's values bound), optionally asking for a fault",
        example: r#"I send the documented example request "resize-to-professional""#,
        run: send_example,
    },
];
