//! The baseline file of the regression gate: each scenario's status from an accepted run, by
//! id, and for a failed one the kind of check and the one-line reason it failed for, so the
//! gate can tell a known failure that now fails for another reason. JSON sorted by id, so it
//! diffs well: `{ "version": 1, "scenarios": { "<id>": "passed" | "skipped" | "failed" |
//! { "status": "failed", "kind": "status", "reason": "expected status 202 …" } } }` (a plain
//! `"failed"`, as older baselines have it, knows no reason).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::report::{Outcome, Report};

/// The baseline format's version.
pub const BASELINE_VERSION: u64 = 1;

/// A scenario's status in a baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Passed.
    Passed,
    /// Failed or errored.
    Failed,
    /// Skipped (the profile did not meet its needs).
    Skipped,
}

impl Status {
    /// The status of an outcome.
    pub fn of(outcome: &Outcome) -> Status {
        match outcome {
            Outcome::Passed => Status::Passed,
            Outcome::Failed(_) | Outcome::Errored(_) => Status::Failed,
            Outcome::Skipped { .. } => Status::Skipped,
        }
    }

    /// `passed`, `failed` or `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A baseline file that could not be used (exit 3); names the file and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file could not be read.
    #[error("cannot read the baseline {}: {source} (create one with --update-baseline)", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a baseline.
    #[error("the baseline {} is malformed: {message}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        message: String,
    },
    /// The file could not be written.
    #[error("cannot write the baseline {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Why a scenario failed: the kind of check (`status`, `transport-read-timeout`) and the
/// one-line reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The kind of check ([`crate::failure::Kind::id`]).
    pub kind: String,
    /// The one-line reason.
    pub reason: String,
}

impl Reason {
    /// Whether `other` is the same failure: the same kind, and the same reason once the values
    /// that differ per run (ids, job ids: runs of 8 or more hex digits, numbers of a port or a
    /// time) are set aside.
    pub fn same(&self, other: &Reason) -> bool {
        self.kind == other.kind && stable(&self.reason) == stable(&other.reason)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.reason)
    }
}

/// A reason with its per-run values replaced by `…`.
fn stable(reason: &str) -> String {
    static VOLATILE: std::sync::LazyLock<Option<regex::Regex>> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"[0-9a-fA-F-]{8,}|:\d{2,5}\b|\d+(\.\d+)? ?m?s\b").ok());
    VOLATILE.as_ref().map_or_else(|| reason.to_string(), |r| r.replace_all(reason, "…").into_owned())
}

/// Each scenario's status, by id, and why each failed one failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// Status by scenario id.
    pub scenarios: BTreeMap<String, Status>,
    /// Why a failed scenario failed, by id (absent where the file gives no reason).
    pub reasons: BTreeMap<String, Reason>,
}

impl Baseline {
    /// The statuses of a run.
    pub fn from_report(report: &Report) -> Baseline {
        let reasons = report
            .scenarios
            .iter()
            .filter_map(|s| match &s.outcome {
                Outcome::Failed(f) | Outcome::Errored(f) => {
                    Some((s.id.clone(), Reason { kind: f.kind.id(), reason: f.reason.clone() }))
                }
                _ => None,
            })
            .collect();
        Baseline {
            scenarios: report.scenarios.iter().map(|s| (s.id.clone(), Status::of(&s.outcome))).collect(),
            reasons,
        }
    }

    /// This baseline updated with `report`: when the run left scenarios out (`--tags`,
    /// `--shard`), the entries it did not run are kept; a full run replaces them all.
    pub fn updated(&self, report: &Report) -> Baseline {
        let mut next = if report.deselected > 0 { self.clone() } else { Baseline::default() };
        let now = Baseline::from_report(report);
        for id in now.scenarios.keys() {
            next.reasons.remove(id);
        }
        next.scenarios.extend(now.scenarios);
        next.reasons.extend(now.reasons);
        next
    }

    /// Renames the entries under an old outline-row id (`… #N`) to the row's id now, by the
    /// run's [`Report::legacy_ids`]; how many were renamed.
    pub fn migrate(&mut self, report: &Report) -> usize {
        let mut renamed = 0;
        for (old, new) in &report.legacy_ids {
            if self.scenarios.contains_key(new) {
                continue;
            }
            if let Some(status) = self.scenarios.remove(old) {
                self.scenarios.insert(new.clone(), status);
                renamed += 1;
            }
            if let Some(reason) = self.reasons.remove(old) {
                self.reasons.insert(new.clone(), reason);
            }
        }
        renamed
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| BaselineError::Read { path: path.to_path_buf(), source })?;
        Baseline::parse(&text).map_err(|message| BaselineError::Malformed { path: path.to_path_buf(), message })
    }

    /// Parses a baseline's text; `Err` says what is wrong.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let top = v.as_object().ok_or("expected a JSON object with \"version\" and \"scenarios\"")?;
        match top.get("version").and_then(Value::as_u64) {
            Some(BASELINE_VERSION) => {}
            Some(other) => return Err(format!("version {other} is not supported (expected {BASELINE_VERSION})")),
            None => return Err(format!("\"version\" is missing or not a number (expected {BASELINE_VERSION})")),
        }
        if let Some(k) = top.keys().find(|k| *k != "version" && *k != "scenarios") {
            return Err(format!("unknown field {k:?} (expected \"version\" and \"scenarios\")"));
        }
        let list = top
            .get("scenarios")
            .and_then(Value::as_object)
            .ok_or("\"scenarios\" is missing or not an object of scenario id → status")?;
        let mut scenarios = BTreeMap::new();
        let mut reasons = BTreeMap::new();
        for (id, entry) in list {
            let status = match entry {
                Value::Object(o) => {
                    let text = |k: &str| o.get(k).and_then(Value::as_str).map(String::from);
                    if let (Some(kind), Some(reason)) = (text("kind"), text("reason")) {
                        reasons.insert(id.clone(), Reason { kind, reason });
                    }
                    o.get("status").unwrap_or(&Value::Null)
                }
                other => other,
            };
            let status = match status.as_str() {
                Some("passed") => Status::Passed,
                Some("failed") => Status::Failed,
                Some("skipped") => Status::Skipped,
                _ => {
                    return Err(format!(
                        "scenario {id:?} has status {status}; expected \"passed\", \"failed\" or \"skipped\""
                    ));
                }
            };
            scenarios.insert(id.clone(), status);
        }
        Ok(Baseline { scenarios, reasons })
    }

    /// The file's text: pretty JSON sorted by id, ending in a newline.
    pub fn to_json(&self) -> String {
        let entry = |id: &String, s: &Status| match (s, self.reasons.get(id)) {
            (Status::Failed, Some(r)) => {
                serde_json::json!({ "status": s.as_str(), "kind": r.kind, "reason": r.reason })
            }
            _ => Value::String(s.as_str().into()),
        };
        let scenarios: Map<String, Value> = self.scenarios.iter().map(|(id, s)| (id.clone(), entry(id, s))).collect();
        let mut top = Map::new();
        top.insert("version".into(), Value::from(BASELINE_VERSION));
        top.insert("scenarios".into(), Value::Object(scenarios));
        let mut text = serde_json::to_string_pretty(&Value::Object(top)).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Writes the file (to a temp file beside it, then renamed over it).
    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        super::record::write_atomic(path, self.to_json().as_bytes())
            .map_err(|source| BaselineError::Write { path: path.to_path_buf(), source })
    }
}
