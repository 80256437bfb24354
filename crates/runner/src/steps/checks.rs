//! Checks: what came back, against the contract of the operation the last request was for —
//! the status, the body against the documented schema (each JSON pointer with what was
//! expected), the body against a documented example volatile values aside (with a diff),
//! documented prose, and no body.

use conformance_contract::anchored::Item;
use conformance_contract::{BodyDoc, Direction, Operation, UndocumentedMember, check_example_as};
use serde_json::Value;

use super::{Keyword, Step, StepFuture, done};
use crate::failure::{Failure, Kind};
use crate::world::{ConformanceWorld, Ctx, Expect};

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The operation of the last request, for the checks that rest on its items.
fn last_op<'c>(w: &ConformanceWorld, ctx: &'c Ctx) -> Result<&'c Operation, Failure> {
    Ok(w.operation(ctx, &w.last()?.op)?)
}

fn status_is(w: &mut ConformanceWorld, expected: u16) -> Result<(), Failure> {
    w.expect(Expect::Status(expected));
    let ctx = w.ctx()?;
    let op = last_op(w, &ctx)?;
    w.rests_on(op, op.status_item(expected), true);
    let chosen = w.rests_on_choice(op, expected);
    let Some(ex) = w.answer()? else { return Ok(()) };
    let got = ex.received.status;
    if got == expected {
        return Ok(());
    }
    let meaning = op.response(expected).map(|r| format!(" ({})", r.meaning)).unwrap_or_default();
    let redirect = if (300..400).contains(&got) {
        let to = ex.received.header("location").unwrap_or("nowhere");
        format!(" (a redirect to {to}: redirects are reported, not followed)")
    } else {
        String::new()
    };
    let reason = format!("expected status {expected}{meaning}, got {got}{redirect}");
    let items: Vec<_> = std::iter::once(op.status_item(expected)).chain(chosen.into_iter().map(Some)).collect();
    Err(w.fail_on(Kind::Status, reason, op, &items))
}

fn refused(w: &mut ConformanceWorld) -> Result<(), Failure> {
    w.expect(Expect::ClientError);
    let Some(ex) = w.answer()? else { return Ok(()) };
    let got = ex.received.status;
    // A 404 says the resource was not found, not that the request was refused: where the
    // request names the resource the profile (or the scenario) gives, it is no refusal of it.
    let names_absent = !w.overrides.is_empty() || !w.body_overrides.is_empty();
    if got == 404 && !names_absent {
        let url = ex.sent.url.clone();
        return Err(w.fail(
            Kind::Status,
            format!(
                "expected the request to be refused with a 4xx status, got 404: the resource it addresses was not \
                 found at {url}, though the profile names it (is the base URL right?)"
            ),
        ));
    }
    if (400..500).contains(&got) {
        Ok(())
    } else {
        Err(w.fail(Kind::Status, format!("expected the request to be refused with a 4xx status, got {got}")))
    }
}

/// The body as JSON, checking that it is labelled JSON.
fn json_body(w: &ConformanceWorld) -> Result<Value, Failure> {
    let ex = w.last()?;
    let ct = ex.received.header("content-type").unwrap_or("(none)");
    let essence = ct.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence != "application/json" && !essence.ends_with("+json") {
        return Err(
            w.fail(Kind::Schema, format!("expected a JSON body labelled application/json, got Content-Type {ct}"))
        );
    }
    ex.text().map_err(|hex| {
        w.fail(Kind::Schema, format!("the body is not valid JSON: it is not even UTF-8 text ({hex})"))
    })?;
    serde_json::from_slice(&ex.received.body)
        .map_err(|e| w.fail(Kind::Schema, format!("the body is not valid JSON: {e}")))
}

fn matches_schema(w: &mut ConformanceWorld, status: u16) -> Result<(), Failure> {
    let ctx = w.ctx()?;
    let op = last_op(w, &ctx)?;
    w.rests_on(op, op.body_item(status), true);
    let Some(ex) = w.answer()? else { return Ok(()) };
    match op.response(status).map(|r| &r.body) {
        Some(BodyDoc::Json { .. }) => {}
        _ => return Err(format!("{} documents no JSON body schema for {status}", op.id()).into()),
    }
    if ex.received.status != status {
        return Err(
            w.fail(Kind::Status, format!("expected status {status} for its schema, got {}", ex.received.status))
        );
    }
    let body = json_body(w)?;
    op.validate_response_as(status, &body, ctx.strict).map_err(|v| {
        let list: Vec<String> = v.0.iter().map(|v| format!("  - {v}")).collect();
        let first = v.0.first().map(|first| format!(": {first}{}", more(v.0.len()))).unwrap_or_default();
        let member = v.0.first().and_then(|f| op.response_member_item(status, &f.pointer));
        let reason = format!("the body does not match the schema documented for {status}{first}");
        w.fail_on(Kind::Schema, reason, op, &[member, op.body_item(status)]).with_detail(list.join("\n"))
    })?;
    let members = op.undocumented_members(status, &body);
    undocumented(w, status, members)
}

/// Members the pages do not show: notes (the pages allow them), or with `--strict-members`
/// a failure naming each.
fn undocumented(w: &mut ConformanceWorld, status: u16, members: Vec<UndocumentedMember>) -> Result<(), Failure> {
    if members.is_empty() {
        return Ok(());
    }
    let ctx = w.ctx()?;
    if ctx.strict_members {
        let list: Vec<String> = members.iter().map(|m| format!("  - {m}")).collect();
        let first = members.first().map(|m| format!(": {m}{}", more(members.len()))).unwrap_or_default();
        let reason = format!("the {status} body has members the documentation does not show (--strict-members){first}");
        let op = last_op(w, &ctx)?;
        return Err(w.fail_on(Kind::Members, reason, op, &[op.body_item(status)]).with_detail(list.join("\n")));
    }
    for m in members {
        let note = format!("undocumented member {m} in a {status} answer of {}", w.last()?.op);
        if !w.notes.contains(&note) {
            w.notes.push(note);
        }
    }
    Ok(())
}

/// The response example for the last status: the one answering the request example sent,
/// else the only one documented for that status.
fn equals_inferred(w: &mut ConformanceWorld) -> Result<(), Failure> {
    let ctx = w.ctx()?;
    let ex = w.last()?;
    let op = w.operation(&ctx, &ex.op)?;
    // Planning (no answer): the example of the status the scenario expects, for what it rests on.
    let status = match (ex.received.synthetic, w.requests.last().and_then(|r| r.expected)) {
        (false, _) => ex.received.status,
        (true, Some(Expect::Status(s))) => s,
        (true, _) => return Ok(()),
    };
    let all: Vec<_> = op.examples_for(status).collect();
    let answering: Vec<_> =
        all.iter().filter(|e| e.answers.is_some() && e.answers == ex.request_example).copied().collect();
    let chosen = match (answering.as_slice(), all.as_slice()) {
        ([one], _) | ([], [one]) => one.name.clone(),
        _ if ex.received.synthetic => return Ok(()),
        (_, []) => return Err(w.fail(Kind::Example, format!("{} documents no example for status {status}", op.id()))),
        _ => {
            let names: Vec<&str> = all.iter().map(|e| e.name.as_str()).collect();
            return Err(format!("several examples are documented for {status} ({names:?}): name one").into());
        }
    };
    equals_named(w, chosen)
}

fn equals_named(w: &mut ConformanceWorld, name: String) -> Result<(), Failure> {
    let ctx = w.ctx()?;
    let op = last_op(w, &ctx)?;
    w.rests_on(op, op.example_item(&name), true);
    let example = op.example(&name).ok_or_else(|| format!("{} has no example named {name:?}", op.id()))?;
    w.relaxed_unless_strict(op, example);
    let want = example.status.unwrap_or_default();
    let chosen = w.rests_on_choice(op, want);
    let Some(ex) = w.answer()? else { return Ok(()) };
    if example.direction != Direction::Response {
        return Err(format!("example {name:?} is a request, not a response").into());
    }
    if ex.received.status != want {
        let reason = format!("example {name:?} is for status {want}, got {}", ex.received.status);
        let items: Vec<_> = std::iter::once(op.status_item(want)).chain(chosen.into_iter().map(Some)).collect();
        return Err(w.fail_on(Kind::Status, reason, op, &items));
    }
    let body = json_body(w)?;
    let checked = check_example_as(example, &body, &ex.request_context(), ctx.strict).map_err(|m| {
        let kind = if m.relations.is_empty() { Kind::Example } else { Kind::Relation };
        // A body with another envelope says so first, with the members it has instead.
        let wrapped = example.body.as_ref().and_then(|want| conformance_contract::envelope(want, &body));
        let why = wrapped.clone().unwrap_or_else(|| gist(&m));
        let reason = format!("the body is not the documented example {name:?}: {why}");
        let detail = match wrapped {
            Some(_) => format!("actual body: {body}\n{m}"),
            None => m.to_string(),
        };
        let judged = crate::basis::Basis::judged(op, example, &body, &ex.request_context());
        w.fail_on(kind, reason, op, &[op.example_item(&name)]).with_basis(judged).with_detail(detail)
    })?;
    for r in &checked.relaxed {
        let note = format!("judgement relaxed in a {want} answer of {}: {r}", op.id());
        if !w.notes.contains(&note) {
            w.notes.push(note);
        }
    }
    undocumented(w, want, checked.members)
}

fn no_body(w: &mut ConformanceWorld) -> Result<(), Failure> {
    let ctx = w.ctx()?;
    let op = last_op(w, &ctx)?;
    let status = match w.requests.last().and_then(|r| r.expected) {
        Some(Expect::Status(s)) => Some(s),
        _ => None,
    };
    let item = status.and_then(|s| op.body_item(s));
    w.rests_on(op, item, true);
    let Some(ex) = w.answer()? else { return Ok(()) };
    if ex.received.body.is_empty() {
        Ok(())
    } else {
        Err(w.fail_on(Kind::NoBody, format!("expected no body, got {} bytes", ex.received.body.len()), op, &[item]))
    }
}

fn documented_text(w: &mut ConformanceWorld, status: u16) -> Result<(), Failure> {
    let ctx = w.ctx()?;
    let op = last_op(w, &ctx)?;
    w.rests_on(op, op.body_item(status), true);
    if w.answer()?.is_none() {
        return Ok(());
    }
    let Some(BodyDoc::Text { contains: Some(phrase), .. }) = op.response(status).map(|r| &r.body) else {
        return Err(format!("{} documents no prose body for {status}", op.id()).into());
    };
    contains(w, phrase, op, op.body_item(status))
}

fn example_text(w: &mut ConformanceWorld, name: String) -> Result<(), Failure> {
    let ctx = w.ctx()?;
    let op = last_op(w, &ctx)?;
    w.rests_on(op, op.example_item(&name), true);
    if w.answer()?.is_none() {
        return Ok(());
    }
    let text = op.example(&name).and_then(|e| e.text.clone());
    let text = text.ok_or_else(|| format!("{} has no prose example named {name:?}", op.id()))?;
    contains(w, &text, op, op.example_item(&name))
}

fn contains(w: &ConformanceWorld, phrase: &str, op: &Operation, item: Option<&Item>) -> Result<(), Failure> {
    let text = w
        .last()?
        .text()
        .map_err(|hex| w.fail_on(Kind::Text, format!("expected text containing {phrase:?}, got {hex}"), op, &[item]))?;
    let body = normalize(text);
    if body.contains(&normalize(phrase)) {
        Ok(())
    } else {
        Err(w.fail_on(Kind::Text, format!("expected the body to contain the documented text {phrase:?}"), op, &[item]))
    }
}

fn status_of(c: &[String]) -> Result<u16, Failure> {
    let s = c.first().map_or("", String::as_str);
    s.parse().map_err(|e| format!("{s}: {e}").into())
}

/// ` (and N more)` after the first of `n`.
fn more(n: usize) -> String {
    if n > 1 { format!(" (and {} more)", n - 1) } else { String::new() }
}

/// How a body differs from its example, in one line: the first value out of place (volatile,
/// instance, relation, closed), else the first line the diff removes and the first it adds
/// that are more than a moved comma.
fn gist(m: &conformance_contract::ExampleMismatch) -> String {
    let lists = [
        ("volatile value", &m.volatile),
        ("instance value", &m.instance),
        ("relation broken", &m.relations),
        ("closed object", &m.closed),
    ];
    let count: usize = lists.iter().map(|(_, l)| l.len()).sum();
    if let Some((what, v)) = lists.iter().find_map(|(what, l)| l.first().map(|v| (what, v))) {
        return format!("{what} {v}{}", more(count));
    }
    let diff = m.diff.as_deref().unwrap_or_default();
    let lines: Vec<&str> = diff.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let side = |sign: char, header: &str| -> Vec<&str> {
        lines.iter().filter(|l| l.starts_with(sign) && !l.starts_with(header)).copied().collect()
    };
    let (removed, added) = (side('-', "---"), side('+', "+++"));
    let bare = |l: &str| l[1..].trim().trim_end_matches(',').to_string();
    let removed_bare: Vec<String> = removed.iter().map(|l| bare(l)).collect();
    let added_bare: Vec<String> = added.iter().map(|l| bare(l)).collect();
    let first_removed = removed.iter().find(|l| !added_bare.contains(&bare(l)));
    let first_added = added.iter().find(|l| !removed_bare.contains(&bare(l)));
    let parts: Vec<&str> = first_removed.into_iter().chain(first_added).copied().collect();
    if parts.is_empty() {
        "the literal parts differ".into()
    } else {
        format!("{} (- example, + actual)", parts.join(" … "))
    }
}

fn name_of(c: &[String]) -> String {
    c.first().cloned().unwrap_or_default()
}

fn status_step<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(status_of(c).and_then(|s| status_is(w, s)))
}

fn refused_step<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    done(refused(w))
}

fn schema_step<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(status_of(c).and_then(|s| matches_schema(w, s)))
}

fn inferred_step<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    done(equals_inferred(w))
}

fn named_step<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(equals_named(w, name_of(c)))
}

fn no_body_step<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    done(no_body(w))
}

fn text_step<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(status_of(c).and_then(|s| documented_text(w, s)))
}

fn example_text_step<'a>(w: &'a mut ConformanceWorld, c: &'a [String]) -> StepFuture<'a> {
    done(example_text(w, name_of(c)))
}

pub(super) const STEPS: &[Step] = &[
    Step {
        keyword: Keyword::Then,
        pattern: r"^the response status is (\d{3})$",
        describe: "the status; a 2xx expected here is what the planned effect of the request counts",
        example: "the response status is 202",
        run: status_step,
    },
    Step {
        keyword: Keyword::Then,
        pattern: r"^the request is refused with a client error$",
        describe: "any 4xx (the page documents no status for this refusal)",
        example: "the request is refused with a client error",
        run: refused_step,
    },
    Step {
        keyword: Keyword::Then,
        pattern: r"^the body matches the response schema for (\d{3})$",
        describe: "the body is JSON of the schema documented for the status (members it does not show are notes)",
        example: "the body matches the response schema for 200",
        run: schema_step,
    },
    Step {
        keyword: Keyword::Then,
        pattern: r"^the body equals the documented example, volatile values aside$",
        describe: "the body is the response example answering the request example sent (or the status's only one), by the strictness policy",
        example: "the body equals the documented example, volatile values aside",
        run: inferred_step,
    },
    Step {
        keyword: Keyword::Then,
        pattern: r#"^the body equals the documented example "([^"]+)", volatile values aside$"#,
        describe: "the body is that response example, by the strictness policy",
        example: r#"the body equals the documented example "not-found", volatile values aside"#,
        run: named_step,
    },
    Step {
        keyword: Keyword::Then,
        pattern: r"^the response has no body$",
        describe: "no body bytes",
        example: "the response has no body",
        run: no_body_step,
    },
    Step {
        keyword: Keyword::Then,
        pattern: r"^the body contains the documented text for (\d{3})$",
        describe: "the body contains the prose the page documents for the status (white space folded)",
        example: "the body contains the documented text for 401",
        run: text_step,
    },
    Step {
        keyword: Keyword::Then,
        pattern: r#"^the body contains the text of the documented example "([^"]+)"$"#,
        describe: "the body contains that prose example's text (white space folded)",
        example: r#"the body contains the text of the documented example "unauthorized""#,
        run: example_text_step,
    },
];

#[cfg(test)]
mod tests {
    use conformance_contract::{ExampleMismatch, Violation};

    use super::gist;

    fn mismatch(diff: Option<&str>, relations: Vec<Violation>) -> ExampleMismatch {
        ExampleMismatch {
            volatile: Vec::new(),
            instance: Vec::new(),
            relations,
            closed: Vec::new(),
            diff: diff.map(String::from),
        }
    }

    #[test]
    fn the_gist_is_the_first_value_out_of_place_or_the_first_real_change() {
        let diff = "--- example\n+++ actual\n@@ -7 +7 @@\n-    \"amount\": \"9.95\"\n+    \"amount\": \"4.50\"\n-    \"x\": 1,\n+    \"x\": 1";
        assert_eq!(
            gist(&mismatch(Some(diff), Vec::new())),
            "-    \"amount\": \"9.95\" … +    \"amount\": \"4.50\" (- example, + actual)"
        );
        let moved_comma = "--- example\n+++ actual\n-  \"msg\": \"x\"\n+  \"msg\": \"x\",\n+  \"request_id\": \"1\"";
        assert_eq!(gist(&mismatch(Some(moved_comma), Vec::new())), "+  \"request_id\": \"1\" (- example, + actual)");
        let broken = |p: &str| Violation { pointer: p.into(), message: "not the sum".into() };
        assert_eq!(
            gist(&mismatch(Some(diff), vec![broken("/total"), broken("/sub")])),
            "relation broken at /total: not the sum (and 1 more)"
        );
    }
}
