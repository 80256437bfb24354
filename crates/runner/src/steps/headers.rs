//! The documented response headers: every header the page documents for the status answered is
//! present, and in its documented form where the fixture gives one (`integer`, `date-time`, …:
//! `responses[].headers[].format`). Generic: it reads the contract of the operation the last
//! request was for.

use super::{Keyword, Step, StepFuture, done};
use crate::failure::{Failure, Kind};
use crate::world::ConformanceWorld;

fn documented_headers(w: &mut ConformanceWorld) -> Result<(), Failure> {
    let Some(ex) = w.answer()? else { return Ok(()) };
    let ctx = w.ctx()?;
    let op = w.operation(&ctx, &ex.op)?;
    let status = ex.received.status;
    let Some(doc) = op.response(status) else {
        return Err(
            w.fail(Kind::Header, format!("{status} is not a documented status of {}: it documents no headers", ex.op))
        );
    };
    if doc.headers.is_empty() {
        return Err(Failure::from(format!(
            "{} documents no header for {status}: this step checks nothing here",
            ex.op
        )));
    }
    let path = reqwest::Url::parse(&ex.sent.url).map(|u| u.path().to_string()).unwrap_or_default();
    let mut wrong = Vec::new();
    for h in &doc.headers {
        match (ex.received.header(&h.name.to_ascii_lowercase()), h.format) {
            (None, _) => wrong.push(format!("{} is missing", h.name)),
            (Some(v), Some(f)) if !f.accepts(v.trim(), &path) => {
                wrong.push(format!("{}: {v:?} does not keep the documented form {f:?}", h.name));
            }
            _ => {}
        }
    }
    match wrong.as_slice() {
        [] => Ok(()),
        _ => Err(w.fail(Kind::Header, format!("the documented headers of {status}: {}", wrong.join("; ")))),
    }
}

fn documented_headers_step<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    done(documented_headers(w))
}

pub(super) const STEPS: &[Step] = &[Step {
    keyword: Keyword::Then,
    pattern: r"^the response has the documented headers$",
    describe: "every header the page documents for the status answered is present, in its documented form",
    example: "the response has the documented headers",
    run: documented_headers_step,
}];
