//! `--record DIR`: a reporter of the run's events (`crate::events`) that saves every exchange a
//! scenario makes, as it is answered, as a JSON file a person can read,
//! `DIR/<scenario>/<nn>-<method>-<status>.json`, with `DIR/index.json` (each scenario's
//! outcome, its failure — kind, one-line reason, location, whole message — and exchange files;
//! what the run did to the account, in the terminal's words) and `DIR/profile.toml` (the
//! profile, secrets redacted) written at the end. Credential headers and every profile secret are redacted; bodies are JSON when
//! they parse, else text, else (not UTF-8) hex. A body decoded from a `Content-Encoding` is
//! stored decoded, with `decoded_from`; a request that could not complete is saved as
//! `<nn>-<method>-error.json` with its `error` (class, summary, url, cause); a throttled answer
//! that was retried carries a `note`. Every file is written to a temp file and renamed into place.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use conformance_contract::{Profile, Redacted, Redactor};
use serde_json::{Map, Value, json};

use crate::error::RunError;
use crate::events::{Event, Reporter};
use crate::report::{Outcome, Report};
use crate::wire::{Received, Sent, TransportError};

/// The version of the recording format (`index.json` and the exchange files).
pub const RECORDING_VERSION: u64 = 1;

/// Writes `bytes` to `path` through a temp file in the same folder, renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.{}.tmp", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// The folder name of a scenario: its id with anything but letters, digits, `.`, `-` and `_`
/// replaced, cut to 80 characters, and a hash of the id so two ids never share a folder.
pub fn scenario_dir(id: &str) -> String {
    let clean: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).take(80).collect();
    format!("{clean}-{:08x}", super::shard::stable_hash(id) as u32)
}

/// A body as recorded: `("body", json)` when it parses, `("text", string)` when it is
/// UTF-8, `("hex", string)` otherwise, `None` when empty; secrets redacted.
fn body(bytes: &[u8], r: &Redactor) -> Option<(&'static str, Value)> {
    if bytes.is_empty() {
        return None;
    }
    Some(match (serde_json::from_slice::<Value>(bytes), std::str::from_utf8(bytes)) {
        (Ok(v), _) => ("body", redact_value(v, r)),
        (Err(_), Ok(t)) => ("text", Value::String(r.text(t))),
        (Err(_), Err(_)) => ("hex", Value::String(bytes.iter().map(|b| format!("{b:02x}")).collect())),
    })
}

fn redact_value(v: Value, r: &Redactor) -> Value {
    match v {
        Value::String(s) => Value::String(r.text(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(|x| redact_value(x, r)).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, x)| (r.text(&k), redact_value(x, r))).collect()),
        other => other,
    }
}

/// Headers as a JSON object; a repeated name holds an array of its values.
fn headers(list: &[(String, String)], r: &Redactor) -> Value {
    let mut out = Map::new();
    for (k, v) in list {
        let v = Value::String(r.header(k, v));
        match out.get_mut(k) {
            Some(Value::Array(a)) => a.push(v),
            Some(prev) => *prev = Value::Array(vec![prev.take(), v]),
            None => {
                out.insert(k.clone(), v);
            }
        }
    }
    Value::Object(out)
}

/// The JSON of one exchange file: the request, and the response or the error.
pub(crate) fn exchange_json(
    scenario: &str,
    op: &str,
    n: usize,
    sent: &Sent,
    answer: Result<&Received, &TransportError>,
    r: &Redactor,
) -> Value {
    let mut request = Map::new();
    request.insert("method".into(), json!(sent.method));
    request.insert("url".into(), json!(r.text(&sent.url)));
    request.insert("headers".into(), headers(&sent.headers, r));
    if let Some((k, b)) = body(&sent.body, r) {
        request.insert(k.into(), b);
    }
    let mut v = json!({
        "version": RECORDING_VERSION,
        "scenario": scenario,
        "operation": op,
        "exchange": n,
        "request": request,
    });
    match answer {
        Ok(rec) => {
            let mut response = Map::new();
            response.insert("status".into(), json!(rec.status));
            response.insert("headers".into(), headers(&rec.headers, r));
            if let Some((k, b)) = body(&rec.body, r) {
                response.insert(k.into(), b);
            }
            if let Some(enc) = &rec.decoded_from {
                response.insert("decoded_from".into(), json!(enc));
            }
            v["response"] = Value::Object(response);
            v["elapsed_ms"] = json!(u64::try_from(rec.elapsed.as_millis()).unwrap_or(u64::MAX));
        }
        Err(e) => {
            let location = match &e.class {
                crate::wire::ErrorClass::Redirect(l) => Some(r.text(l)),
                _ => None,
            };
            v["error"] = json!({
                "class": e.class.id(),
                "location": location,
                "summary": r.text(&e.summary),
                "url": r.text(&e.url),
                "cause": e.chain.iter().map(|c| r.text(c)).collect::<Vec<_>>(),
                "hint": e.class.hint(),
            });
        }
    }
    v
}

/// Saves the exchanges of a run under one folder.
#[derive(Debug)]
pub(crate) struct Recorder {
    dir: PathBuf,
    redactor: Redactor,
    /// The run's profile, saved redacted at the end.
    profile: Profile,
    /// Exchange files by scenario id.
    files: Mutex<BTreeMap<String, Vec<String>>>,
}

impl Reporter for Recorder {
    fn on(&self, event: &Event<'_>) -> Result<(), RunError> {
        match *event {
            Event::AnswerReceived { scenario, op, n, sent, answer, note } => {
                // A stand-in is no exchange (a recorder is not subscribed to a dry run anyway).
                if answer.is_ok_and(|a| a.synthetic) {
                    return Ok(());
                }
                self.save(scenario, op, n, sent, answer, note)
            }
            Event::RunFinished { report } => self.finish(report),
            _ => Ok(()),
        }
    }
}

impl Recorder {
    /// Records into `dir` the run of `profile`: created when missing; an existing one must be
    /// empty or hold an earlier recording (it has an `index.json`), so nothing else is mixed in
    /// or overwritten.
    pub(crate) fn open(dir: &Path, redactor: Redactor, profile: Profile) -> Result<Recorder, RunError> {
        let io = |source| RunError::Io { path: dir.to_path_buf(), source };
        std::fs::create_dir_all(dir).map_err(io)?;
        let empty = std::fs::read_dir(dir).map_err(io)?.next().is_none();
        if !empty && !dir.join("index.json").is_file() {
            return Err(RunError::Recording(format!(
                "--record {}: the folder is neither empty nor an earlier recording (it has no index.json)",
                dir.display()
            )));
        }
        Ok(Recorder { dir: dir.to_path_buf(), redactor, profile, files: Mutex::default() })
    }

    /// Saves exchange `n` (1-based) of `scenario`, with `note` (why it was retried).
    fn save(
        &self,
        scenario: &str,
        op: &str,
        n: usize,
        sent: &Sent,
        answer: Result<&Received, &TransportError>,
        note: Option<&str>,
    ) -> Result<(), RunError> {
        let what = answer.map_or_else(|_| "error".to_string(), |a| a.status.to_string());
        let name = format!("{n:02}-{}-{what}.json", sent.method);
        let sub = scenario_dir(scenario);
        let path = self.dir.join(&sub).join(&name);
        let mut value = exchange_json(scenario, op, n, sent, answer, &self.redactor);
        if let Some(note) = note {
            value["note"] = json!(self.redactor.text(note));
        }
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        write_atomic(&path, text.as_bytes()).map_err(|source| RunError::Io { path, source })?;
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        // Keyed as the (redacted) report names the scenario.
        files.entry(self.redactor.text(scenario)).or_default().push(format!("{sub}/{name}"));
        Ok(())
    }

    /// Writes `index.json` and `profile.toml`.
    fn finish(&self, report: &Redacted<Report>) -> Result<(), RunError> {
        let files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        let mut scenarios = Map::new();
        for s in &report.scenarios {
            let mut entry = Map::new();
            entry.insert("outcome".into(), json!(s.outcome.word()));
            match &s.outcome {
                Outcome::Failed(f) | Outcome::Errored(f) => {
                    entry.insert("message".into(), json!(self.redactor.text(&f.message())));
                    let mut failure = json!({
                        "kind": f.kind.id(),
                        "reason": self.redactor.text(&f.reason),
                    });
                    if let Some(at) = &f.location {
                        failure["file"] = json!(at.path());
                        failure["line"] = json!(at.line);
                        failure["step"] = json!(self.redactor.text(&at.step));
                    }
                    entry.insert("failure".into(), failure);
                }
                Outcome::Skipped { reason } => {
                    entry.insert("message".into(), json!(self.redactor.text(reason)));
                }
                Outcome::Passed => {}
            }
            if !matches!(s.outcome, Outcome::Skipped { .. }) {
                entry.insert("exchanges".into(), json!(files.get(&s.id).cloned().unwrap_or_default()));
            }
            scenarios.insert(s.id.clone(), Value::Object(entry));
        }
        let account: Vec<Value> = report
            .account
            .iter()
            .map(|a| {
                json!({
                    "change": a.change.id(),
                    "resource": self.redactor.text(&a.resource),
                    "scenario": self.redactor.text(&a.scenario),
                    "text": self.redactor.text(&a.line()),
                })
            })
            .collect();
        let index = json!({
            "version": RECORDING_VERSION,
            "target": self.redactor.text(&report.target),
            "embedded_stub": report.embedded_stub,
            "scenarios": scenarios,
            "account": account,
        });
        let mut text = serde_json::to_string_pretty(&index).unwrap_or_default();
        text.push('\n');
        let profile_text = format!(
            "# the target profile of this recording, secrets redacted; --replay reads it\n{}",
            self.redactor.text(&self.profile.to_toml())
        );
        for (name, body) in [("profile.toml", profile_text), ("index.json", text)] {
            let path = self.dir.join(name);
            write_atomic(&path, body.as_bytes()).map_err(|source| RunError::Io { path, source })?;
        }
        Ok(())
    }
}
