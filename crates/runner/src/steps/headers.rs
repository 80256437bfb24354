//! The documented response headers: every header the page documents for the status answered
//! is present unless the fixture marks it optional (`required: false`), and any present is in
//! its documented form where the fixture gives one (`integer`, `date-time`, …:
//! `responses[].headers[].format`). A failure quotes the row of each header it is about.
//! Generic: it reads the contract of the operation the last request was for.

use conformance_contract::ResponseHeaderDoc;

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
    let wrong: Vec<(&str, String)> = doc
        .headers
        .iter()
        .filter_map(|h| wrong(h, ex.received.header(&h.name.to_ascii_lowercase()), &path).map(|m| (h.name.as_str(), m)))
        .collect();
    if wrong.is_empty() {
        return Ok(());
    }
    let items: Vec<_> = wrong.iter().map(|(name, _)| op.header_item(status, name)).collect();
    let said: Vec<&str> = wrong.iter().map(|(_, m)| m.as_str()).collect();
    let reason = format!("the documented headers of {status}: {}", said.join("; "));
    Err(w.fail_on(Kind::Header, reason, op, &items))
}

/// What is wrong with header `h` answered as `value` (`None`: not sent), for a request to
/// `path`: missing when it is required, out of its documented form when sent; `None` when right.
fn wrong(h: &ResponseHeaderDoc, value: Option<&str>, path: &str) -> Option<String> {
    match (value, h.format) {
        (None, _) if h.required => Some(format!("{} is missing", h.name)),
        (Some(v), Some(f)) if !f.accepts(v.trim(), path) => {
            let optional = if h.required { "" } else { " (an optional header, sent)" };
            Some(format!("{}{optional}: {v:?} does not keep the documented form {f:?}", h.name))
        }
        _ => None,
    }
}

fn documented_headers_step<'a>(w: &'a mut ConformanceWorld, _: &'a [String]) -> StepFuture<'a> {
    done(documented_headers(w))
}

pub(super) const STEPS: &[Step] = &[Step {
    keyword: Keyword::Then,
    pattern: r"^the response has the documented headers$",
    describe: "every header the page documents for the status answered is present (an optional one may be left out), in its documented form",
    example: "the response has the documented headers",
    run: documented_headers_step,
}];

#[cfg(test)]
mod tests {
    use conformance_contract::{Format, Provenance, ResponseHeaderDoc};

    use super::wrong;

    fn header(required: bool, format: Option<Format>) -> ResponseHeaderDoc {
        let provenance = Provenance { section: "Responses".into(), ..Provenance::default() };
        ResponseHeaderDoc { name: "Retry-After".into(), description: String::new(), format, required, provenance }
    }

    #[test]
    fn an_optional_header_left_out_passes_and_a_required_one_left_out_fails() {
        assert_eq!(wrong(&header(false, Some(Format::Integer)), None, "/p"), None);
        assert_eq!(wrong(&header(false, None), None, "/p"), None);
        assert_eq!(wrong(&header(true, None), None, "/p").as_deref(), Some("Retry-After is missing"));
    }

    #[test]
    fn an_optional_header_sent_keeps_its_form() {
        assert_eq!(wrong(&header(false, Some(Format::Integer)), Some("120"), "/p"), None);
        let bad = wrong(&header(false, Some(Format::Integer)), Some("soon"), "/p").unwrap_or_default();
        assert!(
            bad.contains("Retry-After (an optional header, sent): \"soon\" does not keep the documented form"),
            "{bad}"
        );
        assert_eq!(wrong(&header(false, None), Some("soon"), "/p"), None, "no form documented: any value");
        assert!(wrong(&header(true, Some(Format::Integer)), Some("soon"), "/p").is_some());
    }
}
