//! The request body: a documented example request read from the fixtures by name (the
//! profile's values bound), then edits: a field set to a JSON value, to N bytes of a unit, to
//! one of the operation's named test values (`the unsupported billing cycle`), or removed; or a
//! body that is not a JSON object at all.

use conformance_contract::{BindContext, Need};
use serde_json::Value;

use super::{Keyword, Step, StepFuture, done};
use crate::world::{Body, ConformanceWorld};

fn cap(c: &[String], i: usize) -> &str {
    c.get(i).map_or("", String::as_str)
}

fn example_request<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    let op = w.op.clone();
    done(w.load_example(&op, cap(c, 0)))
}

fn set_field<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    let json = cap(c, 1);
    let r = serde_json::from_str::<Value>(json).map_err(|e| format!("{json} is not a JSON value: {e}"));
    done(r.and_then(|v| w.edit_field(cap(c, 0), Some(v))))
}

fn bytes_of(w: &mut ConformanceWorld, c: &[String]) -> Result<(), String> {
    let bytes: usize = cap(c, 1).parse().map_err(|e| format!("{}: {e}", cap(c, 1)))?;
    let unit = cap(c, 2);
    if unit.is_empty() || !bytes.is_multiple_of(unit.len()) {
        return Err(format!("{bytes} bytes cannot be made of {unit:?} ({} bytes each)", unit.len()));
    }
    w.edit_field(cap(c, 0), Some(Value::String(unit.repeat(bytes / unit.len()))))
}

fn set_bytes<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(bytes_of(w, c))
}

/// A value only the bundled stub accepts (a real target has no such flavor): the scenario
/// needs the stub's data, so the plan runs it only there.
fn set_stub_bytes<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    w.record_needs(vec![Need::StubData]);
    done(bytes_of(w, c))
}

fn named(w: &mut ConformanceWorld, c: &[String]) -> Result<(), String> {
    let ctx = w.ctx()?;
    let op = w.operation(&ctx, &w.op)?;
    let ids: Vec<String> = w.created.iter().map(|c| c.id.clone()).collect();
    let cx = BindContext { harmless: w.next_is_refusal(), run_id: &ctx.run_id, created: &ids };
    let mut used = Vec::new();
    let v = op.named_value(cap(c, 1), &ctx.profile, &cx, &mut used);
    w.record_needs(used);
    w.edit_field(cap(c, 0), Some(v.map_err(|e| e.to_string())?))
}

fn set_named<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(named(w, c))
}

fn remove_field<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(w.edit_field(cap(c, 0), None))
}

fn odd_body<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    w.body = match cap(c, 0) {
        "empty" => Body::Raw(String::new()),
        "not valid JSON" => Body::Raw("{\"name\": ".into()),
        "an empty JSON object" => Body::Json(Value::Object(Default::default())),
        _ => Body::Json(Value::Array(Vec::new())),
    };
    w.request_example = None;
    w.edited.clear();
    done::<String>(Ok(()))
}

pub(super) const STEPS: &[Step] = &[
    Step {
        keyword: Keyword::Given,
        pattern: r#"^the documented example request "([^"]+)"$"#,
        describe: "the body: the feature's operation's request example of that name, the profile's values bound",
        example: r#"the documented example request "resize-to-large""#,
        run: example_request,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r#"^the field "([^"]+)" is set to (-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|".*"|true|false|null|\[.*\]|\{.*\})$"#,
        describe: "a member (a name or a JSON pointer) set to a JSON value",
        example: r#"the field "/options/retries" is set to 2"#,
        run: set_field,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r#"^the field "([^"]+)" is set to (\d+) bytes of "([^"]+)"$"#,
        describe: "a string member set to N bytes of a unit (UTF-8: `é` is 2 bytes)",
        example: r#"the field "name" is set to 65 bytes of "a""#,
        run: set_bytes,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r#"^the field "([^"]+)" is set to (\d+) bytes of "([^"]+)", a value only the stub has$"#,
        describe: "the same, for a value only the bundled stub accepts (runs only against it)",
        example: r#"the field "name" is set to 64 bytes of "é", a value only the stub has"#,
        run: set_stub_bytes,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r#"^the field "([^"]+)" is set to the ([a-z][\w -]*)$"#,
        describe: "a member set to one of the operation's named test values (its fixture's `values`)",
        example: r#"the field "cycle" is set to the unsupported billing cycle"#,
        run: set_named,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r#"^the field "([^"]+)" is removed$"#,
        describe: "a member removed",
        example: r#"the field "dry_run" is removed"#,
        run: remove_field,
    },
    Step {
        keyword: Keyword::Given,
        pattern: r"^a request body that is (empty|not valid JSON|an empty JSON object|a JSON array)$",
        describe: "a body that is not a documented example at all",
        example: "a request body that is not valid JSON",
        run: odd_body,
    },
];
