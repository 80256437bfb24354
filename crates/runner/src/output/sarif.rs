//! SARIF 2.1.0 (`serde-sarif`), for GitHub code scanning and every tool that reads static
//! analysis results: a conformance failure is a line in a file (the failing step) against a
//! rule (the documented behaviour).
//!
//! One run; its tool is `conformance` with one rule per kind of check ([`Kind::id`]: `status`,
//! `schema`, `example`, …, one per transport error class, `transport-read-timeout`), each with
//! a help text and a `helpUri` into the README. One result per failed or errored scenario, at
//! the failing step's feature file (relative to the repository root, under `%SRCROOT%`) and
//! line, the scenario's own line as a related location; its message is the one-line reason, and
//! its properties hold the scenario, the outcome, the step, the detail and the exchange (the
//! request sent and the answer, in the recordings' shape). The report is redacted already, so
//! no secret reaches the file.

use std::collections::BTreeMap;

use conformance_contract::Redacted;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultKind, ResultLevel, Run, Sarif, Tool,
    ToolComponent,
};

use crate::failure::{Failure, Kind, Transcript};
use crate::report::{Report, ScenarioResult};
use crate::wire::ErrorClass;

/// The `$schema` the file names.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base a relative artifact URI is resolved against: the repository's root.
pub const SRCROOT: &str = "%SRCROOT%";

/// Bodies longer than this are cut in a result's exchange.
const BODY_LIMIT: usize = 64 * 1024;

/// What a URI path keeps as it is: the unreserved characters and `/`.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Where the SARIF links and points: the README its rules link into, and how it names the
/// features folder relative to the repository root ([`super::repository_root`]).
#[derive(Debug, Clone)]
pub struct Context {
    /// The README's URL (its sections are anchors on it), where it is known: the action sets
    /// it (`CONFORMANCE_README_URL`); without it the rules name the README's section and give
    /// no `helpUri`, rather than a placeholder link.
    pub readme: Option<String>,
    /// The features folder relative to the repository root (absolute when no work tree holds
    /// it).
    pub root: String,
}

/// Every kind of check the suite has, in the order of the rules.
pub fn kinds() -> Vec<Kind> {
    let mut kinds = vec![
        Kind::Status,
        Kind::Schema,
        Kind::Example,
        Kind::Relation,
        Kind::Header,
        Kind::Text,
        Kind::NoBody,
        Kind::Members,
    ];
    let classes = [
        ErrorClass::Refused,
        ErrorClass::Dns,
        ErrorClass::TlsCertificate,
        ErrorClass::TlsHandshake,
        ErrorClass::Closed,
        ErrorClass::KeptAliveClosed,
        ErrorClass::NotHttp,
        ErrorClass::HeadTooLarge,
        ErrorClass::BodyTooLarge,
        ErrorClass::BadEncoding,
        ErrorClass::ConnectTimeout,
        ErrorClass::ReadTimeout,
        ErrorClass::Redirect(String::new()),
        ErrorClass::Throttled,
        ErrorClass::Other,
    ];
    kinds.extend(classes.into_iter().map(Kind::Transport));
    kinds.extend([Kind::Setup, Kind::Replay, Kind::Step, Kind::Hook, Kind::Unfinished, Kind::Restore, Kind::Bound]);
    kinds
}

/// What a rule checks, in one sentence, and the README section (its anchor) that says more.
pub fn help(kind: &Kind) -> (String, &'static str) {
    const STRICT: &str = "how-strict-the-checks-are";
    const ACCOUNT: &str = "a-real-account-is-stateful-up-and-back-in-sequence-left-as-found";
    let said = match kind {
        Kind::Status => {
            "The answer's status is the one the vendor's page documents for this request (a refusal where \
                         a refusal is expected)."
        }
        Kind::Schema => "The answer's body matches the documented JSON schema (and is JSON where it is labelled JSON).",
        Kind::Example => {
            "The answer's body is the documented example: its literal values as the page gives them, its \
                          volatile values in their documented form, its instance values of their documented type."
        }
        Kind::Relation => {
            "The relations the page's numbers show hold between the answer's values (a total is the \
                           sum of its parts, one currency per answer)."
        }
        Kind::Header => "A documented header is there (a Location names the resource created).",
        Kind::Text => "The body holds the documented text.",
        Kind::NoBody => "There is no body where the documentation shows none.",
        Kind::Members => {
            "No JSON member the documentation does not show (a failure only under --strict-members; \
                          otherwise a note)."
        }
        Kind::Transport(class) => {
            let said = format!(
                "The request could not complete ({}): the check could not run, so the scenario errored. {}",
                class.id(),
                class.hint()
            );
            return (said, "exit-codes");
        }
        Kind::Setup => "A set-up request (what the scenario creates before its check) was answered as documented.",
        Kind::Replay => {
            return (
                "In a replay, the scenario sent the request the recording holds (same method and path).".into(),
                "record-and-replay---record-dir---replay-dir",
            );
        }
        Kind::Step => "The step could run as written (names the fixtures have, values of the right type).",
        Kind::Hook => "A hook of the run failed: the scenario errored.",
        Kind::Unfinished => "The scenario finished: one that did not is errored.",
        Kind::Restore => {
            return (
                "A resource the scenario changed was put back as the run found it: one left changed errors the \
                 scenario that left it."
                    .into(),
                ACCOUNT,
            );
        }
        Kind::Bound => {
            return (
                "The run's bound on what it creates (--max-created) was reached: the request past it was not \
                 sent, and its scenario errored."
                    .into(),
                ACCOUNT,
            );
        }
    };
    let section =
        if matches!(kind, Kind::Setup | Kind::Step | Kind::Hook | Kind::Unfinished) { "outputs" } else { STRICT };
    (said.to_string(), section)
}

/// `transport-read-timeout` as `TransportReadTimeout`.
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// The section title an anchor of the README stands for, as the help text names it.
fn section_title(anchor: &str) -> &'static str {
    match anchor {
        "exit-codes" => "Exit codes (the error classes)",
        "outputs" => "Outputs",
        "record-and-replay---record-dir---replay-dir" => "Record and replay",
        "a-real-account-is-stateful-up-and-back-in-sequence-left-as-found" => {
            "A real account is stateful: up and back, in sequence, left as found"
        }
        _ => "How strict the checks are",
    }
}

fn rule(kind: &Kind, readme: Option<&str>) -> ReportingDescriptor {
    let (said, anchor) = help(kind);
    let title = section_title(anchor);
    let (text, markdown) = match readme {
        Some(readme) => (
            format!("{said} See the README, \"{title}\": {readme}#{anchor}"),
            format!("{said}\n\nSee the README, [{title}]({readme}#{anchor})."),
        ),
        None => (
            format!("{said} See the conformance harness's README, \"{title}\"."),
            format!("{said}\n\nSee the conformance harness's README, \"{title}\"."),
        ),
    };
    let message = |text: String| MultiformatMessageString::builder().text(text).build();
    let mut rule = ReportingDescriptor::builder()
        .id(kind.id())
        .name(pascal(&kind.id()))
        .short_description(message(kind.describe()))
        .full_description(message(said.clone()))
        .help(MultiformatMessageString::builder().text(text).markdown(markdown).build())
        .default_configuration(ReportingConfiguration { level: Some(json!("error")), ..Default::default() })
        .properties(PropertyBag { tags: Some(vec!["conformance".into()]), ..Default::default() })
        .build();
    rule.help_uri = readme.map(|readme| format!("{readme}#{anchor}"));
    rule
}

/// An artifact location: relative to the repository root, or an absolute `file:` URI.
fn artifact(path: &str) -> ArtifactLocation {
    let encoded = utf8_percent_encode(path, PATH).to_string();
    if path.starts_with('/') {
        ArtifactLocation { uri: Some(format!("file://{encoded}")), ..Default::default() }
    } else {
        ArtifactLocation { uri: Some(encoded), uri_base_id: Some(SRCROOT.into()), ..Default::default() }
    }
}

fn located(path: &str, line: usize, message: Option<String>) -> Location {
    Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(artifact(path)),
            region: Some(Region { start_line: Some(i64::try_from(line.max(1)).unwrap_or(1)), ..Default::default() }),
            ..Default::default()
        }),
        message: message.map(|text| Message { text: Some(text), ..Default::default() }),
        ..Default::default()
    }
}

/// A body in the recordings' shape: `body` (JSON), `text`, or `hex`; cut past [`BODY_LIMIT`].
fn body_into(out: &mut Map<String, Value>, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    let cut = bytes.len() > BODY_LIMIT;
    let shown = &bytes[..bytes.len().min(BODY_LIMIT)];
    match (cut, serde_json::from_slice::<Value>(shown)) {
        (false, Ok(v)) => {
            out.insert("body".into(), v);
        }
        _ => match std::str::from_utf8(shown) {
            Ok(t) => {
                out.insert("text".into(), json!(t));
            }
            Err(e) if cut && e.error_len().is_none() => {
                let t = String::from_utf8_lossy(&shown[..e.valid_up_to()]);
                out.insert("text".into(), json!(t));
            }
            Err(_) => {
                out.insert("hex".into(), json!(shown.iter().map(|b| format!("{b:02x}")).collect::<String>()));
            }
        },
    }
    if cut {
        out.insert("truncated_bytes".into(), json!(bytes.len() - BODY_LIMIT));
    }
}

fn headers(list: &[(String, String)]) -> Value {
    Value::Array(list.iter().map(|(k, v)| json!({ "name": k, "value": v })).collect())
}

/// The exchange as a result's property: the request sent and, when one came, the answer.
pub fn exchange(t: &Transcript) -> Value {
    let mut request = Map::new();
    request.insert("method".into(), json!(t.request.method));
    request.insert("url".into(), json!(t.request.url));
    request.insert("headers".into(), headers(&t.request.headers));
    body_into(&mut request, &t.request.body);
    let mut out = Map::new();
    out.insert("request".into(), Value::Object(request));
    if let Some(r) = &t.response {
        let mut response = Map::new();
        response.insert("status".into(), json!(r.status));
        response.insert("reason".into(), json!(r.reason));
        response.insert("headers".into(), headers(&r.headers));
        body_into(&mut response, &r.body);
        if let Some(enc) = &r.decoded_from {
            response.insert("decoded_from".into(), json!(enc));
        }
        if !r.retries.is_empty() {
            response.insert("retries".into(), json!(r.retries));
        }
        response.insert("elapsed_ms".into(), json!(u64::try_from(r.elapsed.as_millis()).unwrap_or(u64::MAX)));
        out.insert("response".into(), Value::Object(response));
    }
    Value::Object(out)
}

fn result(s: &ScenarioResult, f: &Failure, root: &str, rules: &[Kind]) -> SarifResult {
    let (file, line) = super::place(root, s, f);
    let scenario_file = if root.is_empty() { s.feature.clone() } else { format!("{root}/{}", s.feature) };
    let rule_id = f.kind.id();
    let index = rules.iter().position(|k| k.id() == rule_id).and_then(|i| i64::try_from(i).ok());
    let mut props = BTreeMap::new();
    props.insert("scenario".to_string(), json!(s.id));
    props.insert("outcome".to_string(), json!(s.outcome.word()));
    if let Some(at) = &f.location {
        props.insert("step".to_string(), json!(at.step));
    }
    if !f.basis.is_empty() {
        props.insert("basis".to_string(), json!(f.basis.iter().map(ToString::to_string).collect::<Vec<_>>()));
    }
    if !f.detail.is_empty() {
        props.insert("detail".to_string(), json!(f.detail));
    }
    if let Some(ex) = &f.exchange {
        props.insert("exchange".to_string(), exchange(ex));
    }
    let fingerprint = format!("{:016x}", crate::ci::shard::stable_hash(&format!("{}\u{0}{rule_id}", s.id)));
    let related =
        Location { id: Some(1), ..located(&scenario_file, s.line, Some(format!("the scenario: {}", s.name))) };
    SarifResult::builder()
        .rule_id(rule_id)
        .rule_index(index.unwrap_or_default())
        .kind(ResultKind::Fail)
        .level(ResultLevel::Error)
        .message(Message { text: Some(f.headline()), ..Default::default() })
        .locations(vec![located(&file, line, None)])
        .related_locations(vec![related])
        .partial_fingerprints(BTreeMap::from([("conformanceScenario/v1".to_string(), fingerprint)]))
        .properties(PropertyBag { additional_properties: props, ..Default::default() })
        .build()
}

/// The (redacted) report as a SARIF 2.1.0 log.
pub fn log(report: &Redacted<Report>, cx: &Context) -> Sarif {
    let mut rules = kinds();
    for s in &report.scenarios {
        if let Some(f) = s.outcome.failure()
            && !rules.iter().any(|k| k.id() == f.kind.id())
        {
            rules.push(f.kind.clone());
        }
    }
    let results: Vec<SarifResult> =
        report.scenarios.iter().filter_map(|s| Some(result(s, s.outcome.failure()?, &cx.root, &rules))).collect();
    let t = report.summary().total;
    let mut run_props = BTreeMap::new();
    run_props.insert("target".to_string(), json!(report.target));
    run_props.insert(
        "counts".to_string(),
        json!({ "passed": t.passed, "failed": t.failed, "errored": t.errored, "skipped": t.skipped }),
    );
    let version = env!("CARGO_PKG_VERSION");
    let mut driver = ToolComponent::builder()
        .name("conformance")
        .full_name("API conformance harness")
        .version(version)
        .semantic_version(version)
        .rules(rules.iter().map(|k| rule(k, cx.readme.as_deref())).collect::<Vec<_>>())
        .build();
    driver.information_uri.clone_from(&cx.readme);
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![Invocation::builder().execution_successful(true).build()])
        .results(results)
        .properties(PropertyBag { additional_properties: run_props, ..Default::default() })
        .build();
    Sarif::builder().schema(SCHEMA_URI).version(json!("2.1.0")).runs(vec![run]).build()
}

/// The (redacted) report as SARIF 2.1.0 JSON.
pub fn render(report: &Redacted<Report>, cx: &Context) -> Result<String, String> {
    serde_json::to_string_pretty(&log(report, cx)).map_err(|e| format!("cannot write SARIF: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_rule_with_a_stable_id_and_a_name() {
        let kinds = kinds();
        let mut ids: Vec<String> = kinds.iter().map(Kind::id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), kinds.len(), "one rule per kind: {ids:?}");
        assert!(ids.contains(&"transport-read-timeout".to_string()) && ids.contains(&"no-body".to_string()));
        assert_eq!(pascal("transport-read-timeout"), "TransportReadTimeout");
    }

    #[test]
    fn paths_are_uris_relative_to_the_root_or_absolute_file_uris() {
        let rel = artifact("my features/a#b.feature");
        assert_eq!(rel.uri.as_deref(), Some("my%20features/a%23b.feature"));
        assert_eq!(rel.uri_base_id.as_deref(), Some(SRCROOT));
        let abs = artifact("/tmp/f/a.feature");
        assert_eq!((abs.uri.as_deref(), abs.uri_base_id), (Some("file:///tmp/f/a.feature"), None));
    }

    #[test]
    fn a_long_body_is_cut_and_says_how_much() {
        let mut out = Map::new();
        body_into(&mut out, &vec![b'a'; BODY_LIMIT + 10]);
        assert_eq!(out["truncated_bytes"], 10);
        assert_eq!(out["text"].as_str().map(str::len), Some(BODY_LIMIT));
        let mut out = Map::new();
        body_into(&mut out, br#"{"a": 1}"#);
        assert_eq!(out["body"], json!({"a": 1}));
    }
}
