//! The query of the request: a documented query parameter left out, or set to a value (text, as
//! it goes on the wire, encoded by the request). Every other documented parameter is sent as the
//! contract binds it (a required one always).

use super::{Keyword, Step, StepFuture, done};
use crate::world::ConformanceWorld;

fn cap(c: &[String], i: usize) -> &str {
    c.get(i).map_or("", String::as_str)
}

fn left_out<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(w.set_query(cap(c, 0), None))
}

fn set_to<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(w.set_query(cap(c, 0), Some(cap(c, 1).to_string())))
}

pub(super) const STEPS: &[Step] = &[
    Step {
        keyword: Keyword::Given,
        pattern: r#"^the query parameter "([^"]+)" is left out$"#,
        describe: "a documented query parameter is not sent (a required one too)",
        example: r#"the query parameter "limit" is left out"#,
        run: left_out,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r#"^the query parameter "([^"]+)" is "([^"]*)"$"#,
        describe: "a documented query parameter is sent with this value (URL-encoded when sent)",
        example: r#"the query parameter "limit" is "0""#,
        run: set_to,
    },
];
