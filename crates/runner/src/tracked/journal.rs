//! The run's journal, for what no signal handler survives (SIGKILL, a lost machine): a file of
//! JSON lines, written and synced before each change is sent. A `run` line first (the profile,
//! the target), then per resource of the account an `intent` line before a request that would
//! change it (the operation, its start values — the way back — and the values sent) and a
//! `state` line once the answer is known (its values now, or `null` when a change could not
//! complete; `done` when they are its start values again: a restore is marked done so). A
//! journal is unfinished while a resource's last line is an intent, or a state away from its
//! start ([`Journal::read`], [`Read::left`]): a run that finds one for its profile stops before
//! its first request, and `conformance restore` sets back what it names. A resource an
//! `irreversible` change may have changed for good (its intent says `irreversible`, or a state
//! names the scenario that did it, `for_good`) is never set back, so it is never left. It holds no secret:
//! every text passes through the profile's redactor, and credentials come from the profile.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use conformance_contract::Redactor;
use serde_json::{Map, Value, json};

/// The journal being written.
#[derive(Debug)]
pub(crate) struct Journal {
    path: PathBuf,
    file: Mutex<File>,
    redactor: Redactor,
}

/// What a journal says of one resource, from its last line.
#[derive(Debug, Clone, PartialEq)]
pub struct Left {
    /// Its path, as written (redacted).
    pub key: String,
    /// What it is (`gateway`).
    pub noun: String,
    /// The operation that changes it and sets it back.
    pub op: String,
    /// Its values at the start: the way back.
    pub start: Map<String, Value>,
    /// Its values now, `None` when not known (a change sent, no answer written).
    pub now: Option<Map<String, Value>>,
    /// When its last line was written (seconds since the Unix epoch).
    pub at: u64,
    /// An `irreversible` change was sent to it: it may be changed for good and is never set back.
    pub for_good: bool,
}

/// A journal read back.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The profile the run used, as its `run` line names it.
    pub profile: String,
    /// The run's target.
    pub target: String,
    /// Every resource it wrote of, by key.
    pub resources: BTreeMap<String, Left>,
}

impl Read {
    /// The resources not known to be at their start values (and not changed for good: those
    /// are never set back).
    pub fn left(&self) -> Vec<&Left> {
        self.resources.values().filter(|l| !l.for_good && l.now.as_ref() != Some(&l.start)).collect()
    }

    /// One line per resource left changed (`gateway /v2/…: spec_id PROFESSIONAL, it should
    /// have spec_id BASIC`).
    pub fn describe(&self) -> String {
        let show = |m: &Map<String, Value>| super::Tracked::show(m);
        self.left()
            .iter()
            .map(|l| {
                let now =
                    l.now.as_ref().map_or_else(|| "not known (a change was sent, no answer written)".into(), show);
                format!("  {} {}: {now}; it should have {}\n", l.noun, l.key, show(&l.start))
            })
            .collect()
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Journal {
    /// Starts a journal at `path` (its folder made, a journal there replaced), with its `run`
    /// line.
    pub(crate) fn create(path: &Path, profile: &str, target: &str, redactor: Redactor) -> std::io::Result<Journal> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = File::create(path)?;
        let j = Journal { path: path.to_path_buf(), file: Mutex::new(file), redactor };
        j.write(&json!({ "run": { "profile": profile, "target": target, "started": now_secs() } }))?;
        Ok(j)
    }

    /// Appends to the journal at `path` (`conformance restore`).
    pub(crate) fn append(path: &Path, redactor: Redactor) -> std::io::Result<Journal> {
        let file = std::fs::OpenOptions::new().append(true).open(path)?;
        Ok(Journal { path: path.to_path_buf(), file: Mutex::new(file), redactor })
    }

    /// Its file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    fn write(&self, line: &Value) -> std::io::Result<()> {
        let text = self.redactor.text(&line.to_string());
        let mut f = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        f.write_all(format!("{text}\n").as_bytes())?;
        f.sync_data()
    }

    /// Before a request that would change `key` (of `noun`, by `op`) from `start` to `to`;
    /// `irreversible` when it may change it for good.
    pub(crate) fn intent(
        &self,
        key: &str,
        noun: &str,
        op: &str,
        way: (&Map<String, Value>, &Map<String, Value>),
        irreversible: bool,
    ) {
        let (start, to) = way;
        let mut intent = json!({ "key": key, "noun": noun, "op": op, "start": start, "to": to, "at": now_secs() });
        if irreversible {
            intent["irreversible"] = true.into();
        }
        let line = json!({ "intent": intent });
        // A journal that cannot be written is no reason to lose the run; the run said where it is.
        let _ = self.write(&line);
    }

    /// Once the values of `key` are known (`None`: a change could not complete); `for_good`:
    /// the scenario whose `irreversible` change changed it for good.
    pub(crate) fn state(
        &self,
        key: &str,
        now: Option<&Map<String, Value>>,
        start: &Map<String, Value>,
        for_good: Option<&str>,
    ) {
        let done = now == Some(start);
        let mut state = json!({ "key": key, "now": now, "done": done, "at": now_secs() });
        if let Some(by) = for_good {
            state["for_good"] = by.into();
        }
        let line = json!({ "state": state });
        let _ = self.write(&line);
    }

    /// Reads the journal at `path`; `Ok(None)` when there is none.
    pub fn read(path: &Path) -> Result<Option<Read>, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read the journal {}: {e}", path.display())),
        };
        let mut read = Read::default();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let bad = || format!("{}:{}: not a line of a conformance journal", path.display(), n + 1);
            let v: Value = serde_json::from_str(line).map_err(|_| bad())?;
            let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            let at = |v: &Value| v.get("at").and_then(Value::as_u64).unwrap_or(0);
            if let Some(run) = v.get("run") {
                read.profile = text(run, "profile");
                read.target = text(run, "target");
            } else if let Some(i) = v.get("intent") {
                let start = i.get("start").and_then(Value::as_object).cloned().ok_or_else(bad)?;
                let key = text(i, "key");
                let for_good = i.get("irreversible").and_then(Value::as_bool).unwrap_or(false)
                    || read.resources.get(&key).is_some_and(|l| l.for_good);
                let (noun, op) = (text(i, "noun"), text(i, "op"));
                let left = Left { key: key.clone(), noun, op, start, now: None, at: at(i), for_good };
                read.resources.insert(key, left);
            } else if let Some(s) = v.get("state") {
                let Some(l) = read.resources.get_mut(&text(s, "key")) else { return Err(bad()) };
                l.now = s.get("now").and_then(Value::as_object).cloned();
                l.at = at(s);
                l.for_good |= s.get("for_good").is_some_and(Value::is_string);
            } else {
                return Err(bad());
            }
        }
        Ok(Some(read))
    }
}

impl super::Tracker {
    /// Writes each change of the account to `journal` from now on.
    pub(crate) fn with_journal(mut self, journal: Journal) -> Self {
        self.journal = Some(journal);
        self
    }

    /// The journal being written, if any.
    pub(crate) fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }

    /// Before a request of `op` whose body sets `values` (attribute → value) of the account's
    /// resource `key` (`irreversible`: it may change it for good): when it would change it, the
    /// intent is written (and synced); whether it was.
    pub(crate) fn journal_intent(&self, op: &str, key: &str, values: &Map<String, Value>, irreversible: bool) -> bool {
        let Some(j) = &self.journal else { return false };
        let Some(t) = self.get(key).filter(|t| t.account) else { return false };
        if values.is_empty() || values.iter().all(|(k, v)| t.now.get(k) == Some(v)) && t.unknown.is_none() {
            return false;
        }
        let mut to = t.now.clone();
        to.extend(values.clone());
        j.intent(key, &t.noun, op, (&t.start, &to), irreversible);
        true
    }

    /// Once the answer to a request written as an intent is known: the values of `key` now.
    pub(crate) fn journal_state(&self, key: &str) {
        let (Some(j), Some(t)) = (&self.journal, self.get(key)) else { return };
        let now = if t.unknown.is_some() { None } else { Some(&t.now) };
        j.state(key, now, &t.start, t.for_good.as_deref());
    }

    /// `conformance restore`: the resource of the account at `key` (as the journal writes it,
    /// redacted) is at `left`'s values, changed `ago` ago; `false` when the run follows no such
    /// resource.
    pub(crate) fn resume(&self, redactor: &Redactor, left: &Left, ago: std::time::Duration) -> bool {
        self.with(|s| {
            let Some(t) = s.resources.iter_mut().find(|(k, _)| redactor.text(k) == left.key).map(|(_, t)| t) else {
                return false;
            };
            t.start.clone_from(&left.start);
            match &left.now {
                Some(now) => t.now.clone_from(now),
                None => t.unknown = Some("the journal has a change sent with no answer written".into()),
            }
            t.last_change = std::time::Instant::now().checked_sub(ago);
            t.last_by = Some("an unfinished run (its journal)".into());
            true
        })
    }
}

/// The default journal of a run with the profile `profile`, in `dir`: one per profile file,
/// named by its stem and a hash of its absolute path.
pub fn default_path(dir: &Path, profile: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(profile).unwrap_or_else(|_| profile.to_path_buf());
    // FNV-1a: a name that stays the same from one build to the next.
    let hash = abs
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
    let stem = profile.file_stem().map_or_else(|| "profile".into(), |s| s.to_string_lossy().into_owned());
    dir.join(format!("{stem}-{:08x}.jsonl", hash >> 32))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn a_resource_is_left_until_its_last_line_says_it_is_at_its_start_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j/run.jsonl");
        let j = Journal::create(&path, "p.toml", "http://t", Redactor::default()).unwrap();
        let (start, up) = (map(json!({"spec_id": "BASIC"})), map(json!({"spec_id": "PRO"})));
        j.intent("/gw", "gateway", "huawei-apig/postpaid-resize", (&start, &up), false);
        let read = Journal::read(&path).unwrap().unwrap();
        assert_eq!((read.profile.as_str(), read.target.as_str()), ("p.toml", "http://t"));
        assert_eq!(read.left().len(), 1, "sent, no answer: not known");
        assert!(read.describe().contains("gateway /gw: not known"), "{}", read.describe());
        j.state("/gw", Some(&up), &start, None);
        let read = Journal::read(&path).unwrap().unwrap();
        assert_eq!(read.left()[0].now.as_ref(), Some(&up));
        assert!(read.describe().contains("spec_id PRO; it should have spec_id BASIC"), "{}", read.describe());
        j.intent("/gw", "gateway", "huawei-apig/postpaid-resize", (&start, &start), false);
        j.state("/gw", Some(&start), &start, None);
        assert!(Journal::read(&path).unwrap().unwrap().left().is_empty(), "restored: done");
        assert!(Journal::read(&dir.path().join("none")).unwrap().is_none());
        std::fs::write(&path, "{\"x\": 1}\n").unwrap();
        assert!(Journal::read(&path).unwrap_err().contains(":1: not a line"));
    }

    #[test]
    fn a_resource_changed_for_good_is_never_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.jsonl");
        let j = Journal::create(&path, "p.toml", "http://t", Redactor::default()).unwrap();
        let (start, up) = (map(json!({"size": "s-1"})), map(json!({"size": "s-2"})));
        j.intent("/m", "machine", "oceanic-cloud/machine-action", (&start, &up), true);
        let read = Journal::read(&path).unwrap().unwrap();
        assert!(read.left().is_empty() && read.resources["/m"].for_good, "sent, irreversible: never set back");
        j.intent("/n", "machine", "oceanic-cloud/machine-action", (&start, &up), false);
        j.state("/n", Some(&up), &start, Some("a resize for good"));
        let read = Journal::read(&path).unwrap().unwrap();
        assert!(read.left().is_empty(), "a state naming its irreversible change: {:?}", read.left());
        j.intent("/n", "machine", "oceanic-cloud/machine-action", (&up, &start), false);
        assert!(Journal::read(&path).unwrap().unwrap().left().is_empty(), "for good stays for good");
    }

    #[test]
    fn the_default_journal_is_one_per_profile() {
        let a = default_path(Path::new("target/j"), Path::new("/a/prod.toml"));
        let b = default_path(Path::new("target/j"), Path::new("/b/prod.toml"));
        assert_ne!(a, b);
        assert!(a.starts_with("target/j") && a.to_string_lossy().contains("prod-"), "{}", a.display());
        assert_eq!(a, default_path(Path::new("target/j"), Path::new("/a/prod.toml")));
    }
}
