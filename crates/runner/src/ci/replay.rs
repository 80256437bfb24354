//! `--replay DIR`: the suite runs as usual, but each request is answered from the exchanges
//! `--record DIR` saved (matched by scenario id and order), never the network: no stub is
//! started and no target probed. The checks (status, schemas, examples) are re-judged against
//! the current fixtures, so a vendor's recorded answers stay evidence when contracts change.
//! A recording made when outline rows were numbered (`… #N`) is read through the rows' old
//! ids. A scenario with no recording is skipped ("no recording"); a request that differs from the
//! recorded one (method or path) fails the scenario saying how. A recorded error (a request
//! that could not complete) is replayed as the same error. The profile is the recording's
//! `profile.toml` (secrets redacted, which is enough: nothing is sent) unless `--profile` is
//! given. A replay builds no HTTP client: the transport answers from `Recordings::answer`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use conformance_contract::{KeySchema, Profile};
use serde_json::Value;

use super::record::RECORDING_VERSION;
use crate::error::RunError;
use crate::wire::{ErrorClass, Received, Sent, TransportError};

/// One recorded exchange, ready to answer with.
#[derive(Debug, Clone)]
struct Recorded {
    /// The file, relative to the recording.
    file: String,
    method: String,
    url: String,
    received: Result<Received, TransportError>,
}

/// A recording, loaded whole before the run.
#[derive(Debug)]
pub(crate) struct Recordings {
    dir: PathBuf,
    /// The base URL recorded against.
    target: String,
    /// The exchanges of each scenario that ran when recorded, in order.
    scenarios: HashMap<String, Vec<Recorded>>,
}

fn bad(path: &Path, what: impl std::fmt::Display) -> RunError {
    RunError::Recording(format!("--replay: {} is not a usable recording: {what}", path.display()))
}

fn read_json(path: &Path) -> Result<Value, RunError> {
    let text = std::fs::read_to_string(path).map_err(|source| RunError::Io { path: path.to_path_buf(), source })?;
    serde_json::from_str(&text).map_err(|e| bad(path, format!("not JSON: {e}")))
}

/// Headers from a recorded object (a repeated name holds an array).
fn headers(path: &Path, v: Option<&Value>) -> Result<Vec<(String, String)>, RunError> {
    let mut out = Vec::new();
    for (k, v) in v.and_then(Value::as_object).into_iter().flatten() {
        match v {
            Value::String(s) => out.push((k.clone(), s.clone())),
            Value::Array(a) => {
                for x in a {
                    let s = x.as_str().ok_or_else(|| bad(path, format!("header {k:?} holds a non-string")))?;
                    out.push((k.clone(), s.to_string()));
                }
            }
            _ => return Err(bad(path, format!("header {k:?} is neither a string nor an array of strings"))),
        }
    }
    Ok(out)
}

fn load_exchange(dir: &Path, file: &str) -> Result<Recorded, RunError> {
    let path = dir.join(file);
    let v = read_json(&path)?;
    let req = v.get("request").ok_or_else(|| bad(&path, "no \"request\""))?;
    let field = |o: &Value, k: &str| {
        o.get(k).and_then(Value::as_str).map(String::from).ok_or_else(|| bad(&path, format!("no string {k:?}")))
    };
    let received = match (v.get("response"), v.get("error")) {
        (Some(resp), _) => Ok(load_response(&path, &v, resp)?),
        (None, Some(err)) => Err(load_error(&path, err)?),
        (None, None) => return Err(bad(&path, "neither \"response\" nor \"error\"")),
    };
    Ok(Recorded { file: file.to_string(), method: field(req, "method")?, url: field(req, "url")?, received })
}

fn load_response(path: &Path, v: &Value, resp: &Value) -> Result<Received, RunError> {
    let status = resp
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| bad(path, "response \"status\" is not a status code"))?;
    let body = match (resp.get("body"), resp.get("text"), resp.get("hex")) {
        (Some(b), _, _) => serde_json::to_vec(b).map_err(|e| bad(path, e))?,
        (None, Some(Value::String(t)), _) => t.clone().into_bytes(),
        (None, None, Some(Value::String(h))) => unhex(h).ok_or_else(|| bad(path, "response \"hex\" is not hex"))?,
        (None, Some(_), _) | (None, None, Some(_)) => {
            return Err(bad(path, "response \"text\" or \"hex\" is not a string"));
        }
        (None, None, None) => Vec::new(),
    };
    let reason = reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or_default();
    Ok(Received {
        status,
        reason: reason.to_string(),
        headers: headers(path, resp.get("headers"))?,
        body,
        decoded_from: resp.get("decoded_from").and_then(Value::as_str).map(String::from),
        elapsed: Duration::from_millis(v.get("elapsed_ms").and_then(Value::as_u64).unwrap_or(0)),
        retries: Vec::new(),
        synthetic: false,
    })
}

fn load_error(path: &Path, err: &Value) -> Result<TransportError, RunError> {
    let text = |k: &str| err.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let class = ErrorClass::from_id(&text("class"), &text("location"))
        .ok_or_else(|| bad(path, format!("error class {:?} is not known", text("class"))))?;
    let chain = err.get("cause").and_then(Value::as_array).into_iter().flatten();
    let chain = chain.filter_map(Value::as_str).map(String::from).collect();
    Ok(TransportError::new(class, text("summary"), &text("url"), chain))
}

fn unhex(h: &str) -> Option<Vec<u8>> {
    if !h.len().is_multiple_of(2) {
        return None;
    }
    (0..h.len()).step_by(2).map(|i| h.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

/// The path and query of `url` (what a replayed request must match), or `url` itself.
fn path_of(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => u.query().map_or_else(|| u.path().to_string(), |q| format!("{}?{q}", u.path())),
        Err(_) => url.to_string(),
    }
}

/// True when two paths are the same, segment by segment, a UUID in both counting as the same
/// (scenarios make up ids that do not exist afresh each run).
fn same_path(a: &str, b: &str) -> bool {
    let is_uuid = |s: &str| s.len() == 36 && uuid::Uuid::parse_str(s).is_ok();
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x == y || (is_uuid(x) && is_uuid(y)))
}

impl Recordings {
    /// Loads the recording in `dir` (its `index.json` and every exchange file it lists).
    pub(crate) fn load(dir: &Path) -> Result<Recordings, RunError> {
        let index_path = dir.join("index.json");
        if !index_path.is_file() {
            return Err(bad(dir, "it has no index.json (make one with --record DIR)"));
        }
        let index = read_json(&index_path)?;
        match index.get("version").and_then(Value::as_u64) {
            Some(RECORDING_VERSION) => {}
            v => return Err(bad(&index_path, format!("version {v:?} is not {RECORDING_VERSION}"))),
        }
        let target = index
            .get("target")
            .and_then(Value::as_str)
            .ok_or_else(|| bad(&index_path, "no string \"target\""))?
            .trim_end_matches('/')
            .to_string();
        let list =
            index.get("scenarios").and_then(Value::as_object).ok_or_else(|| bad(&index_path, "no \"scenarios\""))?;
        let mut scenarios = HashMap::new();
        for (id, entry) in list {
            let Some(files) = entry.get("exchanges") else { continue };
            let files = files.as_array().ok_or_else(|| bad(&index_path, format!("{id:?}: exchanges not a list")))?;
            let mut recorded = Vec::new();
            for f in files {
                let f = f.as_str().ok_or_else(|| bad(&index_path, format!("{id:?}: an exchange is not a file")))?;
                if f.split(['/', '\\']).any(|part| part == "..") || Path::new(f).is_absolute() {
                    return Err(bad(&index_path, format!("{id:?}: {f:?} is outside the recording")));
                }
                recorded.push(load_exchange(dir, f)?);
            }
            scenarios.insert(id.clone(), recorded);
        }
        Ok(Recordings { dir: dir.to_path_buf(), target, scenarios })
    }

    /// Takes the exchanges recorded under an outline row's old numbered id (`… #N`, before rows
    /// were named by their values) as the row's: `legacy` maps old ids to ids now. How many
    /// were taken.
    pub(crate) fn adopt_legacy<'a>(&mut self, legacy: impl IntoIterator<Item = (&'a str, &'a str)>) -> usize {
        let mut adopted = 0;
        for (old, new) in legacy {
            if self.scenarios.contains_key(new) {
                continue;
            }
            if let Some(recorded) = self.scenarios.remove(old) {
                self.scenarios.insert(new.to_string(), recorded);
                adopted += 1;
            }
        }
        adopted
    }

    /// True when scenario `id` ran when recorded.
    pub(crate) fn has(&self, id: &str) -> bool {
        self.scenarios.contains_key(id)
    }

    /// The base URL recorded against.
    pub(crate) fn base(&self) -> &str {
        &self.target
    }

    /// The profile of a replay: `profile` (`--profile`), else the recording's own.
    pub(crate) fn profile(&self, profile: Option<&Path>, schema: &KeySchema) -> Result<Profile, RunError> {
        Ok(match profile {
            Some(p) => Profile::load(p, schema)?,
            None => {
                let path = self.dir.join("profile.toml");
                let text =
                    std::fs::read_to_string(&path).map_err(|source| RunError::Io { path: path.clone(), source })?;
                Profile::parse(&text, &path.display().to_string(), |_| None, schema)?
            }
        })
    }

    /// The recorded answer (or error) to request `n` (1-based) of `scenario`, or why there is
    /// none (`Err`: the scenario fails).
    pub(crate) fn answer(
        &self,
        scenario: &str,
        n: usize,
        sent: &Sent,
    ) -> Result<Result<Received, TransportError>, String> {
        let all = self.scenarios.get(scenario).map(Vec::as_slice).unwrap_or_default();
        let Some(rec) = n.checked_sub(1).and_then(|i| all.get(i)) else {
            return Err(format!(
                "replay: the scenario now sends request {n} ({} {}), but the recording in {} holds only {} \
                 for it",
                sent.method,
                path_of(&sent.url),
                self.dir.display(),
                all.len()
            ));
        };
        let (now, then) = (path_of(&sent.url), path_of(&rec.url));
        if rec.method != sent.method || !same_path(&now, &then) {
            return Err(format!(
                "replay: request {n} differs from the recording: the scenario now sends {} {now}, \
                 the recording {} holds {} {then}",
                sent.method,
                self.dir.join(&rec.file).display(),
                rec.method
            ));
        }
        Ok(rec.received.clone())
    }
}
