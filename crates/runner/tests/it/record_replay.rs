//! `--record DIR` and `--replay DIR`: a full run against the stub recorded holds no secret of
//! the stub's; replaying it gives the same outcomes offline; a corrupted recorded response
//! fails exactly its scenario; a changed request fails saying so; an unrecorded scenario is
//! skipped ("no recording"); a bad recording is a clear error; a recording of numbered outline
//! rows replays through their old ids.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use conformance_runner::ci::gate::Status;
use conformance_runner::{Outcome, Report, RunError};
use conformance_stub::StubConfig;
use serde_json::Value;

fn outcomes(r: &Report) -> BTreeMap<String, Status> {
    r.scenarios.iter().map(|s| (s.id.clone(), Status::of(&s.outcome))).collect()
}

async fn record(dir: &Path) -> Report {
    let (mut opts, _) = common::quiet();
    opts.stub_config = Some(StubConfig::deterministic());
    opts.record = Some(dir.to_path_buf());
    conformance_runner::run(opts).await.unwrap()
}

async fn replay(dir: &Path) -> Result<Report, RunError> {
    let (mut opts, _) = common::quiet();
    opts.replay = Some(dir.to_path_buf());
    conformance_runner::run(opts).await
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { files(&p, out) } else { out.push(p) }
    }
}

fn index(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap()
}

/// The first exchange file of `id`, from the index.
fn first_exchange(dir: &Path, id: &str) -> PathBuf {
    dir.join(index(dir)["scenarios"][id]["exchanges"][0].as_str().unwrap())
}

#[tokio::test]
async fn a_recording_holds_every_exchange_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let live = record(dir.path()).await;
    assert!(live.scenarios.iter().all(|s| s.outcome == Outcome::Passed));
    let mut all = Vec::new();
    files(dir.path(), &mut all);
    assert!(all.len() > live.scenarios.len(), "{} files", all.len());
    let secrets = common::stub_secrets(&StubConfig::deterministic());
    for f in &all {
        let name = f.file_name().unwrap().to_string_lossy();
        assert!(!name.ends_with(".tmp"), "temp file left: {}", f.display());
        let text = std::fs::read_to_string(f).unwrap();
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{} holds a secret", f.display());
        }
        if name.ends_with(".json") {
            let v: Value = serde_json::from_str(&text).unwrap();
            if name != "index.json" {
                assert!(v["request"]["method"].is_string() && v["response"]["status"].is_u64(), "{text}");
                assert!(name.contains(&format!("-{}-", v["request"]["method"].as_str().unwrap())), "{name}");
            }
        }
    }
    let idx = index(dir.path());
    for s in &live.scenarios {
        let entry = &idx["scenarios"][s.id.as_str()];
        assert_eq!(entry["outcome"], "passed", "{}", s.id);
        assert!(!entry["exchanges"].as_array().unwrap().is_empty(), "{} sent nothing", s.id);
    }
    assert!(std::fs::read_to_string(dir.path().join("profile.toml")).unwrap().contains("[REDACTED: huawei.token]"));
}

#[tokio::test]
async fn replay_judges_the_recording_offline_like_the_live_run() {
    let dir = tempfile::tempdir().unwrap();
    let live = record(dir.path()).await;
    let replayed = replay(dir.path()).await.unwrap();
    assert!(!replayed.embedded_stub, "a replay starts no stub");
    assert!(replayed.target.contains("replayed from"), "{}", replayed.target);
    assert_eq!(outcomes(&replayed), outcomes(&live));
}

#[tokio::test]
async fn a_corrupted_response_fails_exactly_its_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let live = record(dir.path()).await;
    let id = live.scenarios.iter().find(|s| s.id.contains("postpaid-resize")).unwrap().id.clone();
    let file = first_exchange(dir.path(), &id);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    v["response"]["status"] = Value::from(418);
    std::fs::write(&file, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let replayed = replay(dir.path()).await.unwrap();
    assert_eq!(common::failed(&replayed), vec![id.clone()]);
    let Outcome::Failed(failure) = &replayed.scenario(&id).unwrap().outcome else { panic!("not failed") };
    let message = &failure.message();
    assert!(message.contains("418"), "{message}");
}

#[tokio::test]
async fn a_changed_request_fails_and_an_unrecorded_scenario_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let live = record(dir.path()).await;
    let changed = live.scenarios[0].id.clone();
    let file = first_exchange(dir.path(), &changed);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    v["request"]["method"] = Value::from("DELETE");
    std::fs::write(&file, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let dropped = live.scenarios[1].id.clone();
    let mut idx = index(dir.path());
    idx["scenarios"].as_object_mut().unwrap().remove(&dropped);
    std::fs::write(dir.path().join("index.json"), idx.to_string()).unwrap();

    let replayed = replay(dir.path()).await.unwrap();
    assert_eq!(common::failed(&replayed), vec![changed.clone()]);
    let Outcome::Failed(failure) = &replayed.scenario(&changed).unwrap().outcome else { panic!("not failed") };
    let message = &failure.message();
    assert!(message.contains("differs from the recording") && message.contains("DELETE"), "{message}");
    assert_eq!(replayed.scenario(&dropped).unwrap().outcome, Outcome::Skipped { reason: "no recording".into() });
}

#[tokio::test]
async fn bad_recordings_and_folders_are_clear_errors() {
    let empty = tempfile::tempdir().unwrap();
    let err = replay(empty.path()).await.unwrap_err();
    assert!(err.to_string().contains("no index.json"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let live = record(dir.path()).await;
    let file = first_exchange(dir.path(), &live.scenarios[0].id);
    std::fs::write(&file, "{ not json").unwrap();
    let err = replay(dir.path()).await.unwrap_err();
    assert!(err.to_string().contains(&file.display().to_string()) && err.to_string().contains("not JSON"), "{err}");

    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("notes.txt"), "mine").unwrap();
    let (mut opts, _) = common::quiet();
    opts.record = Some(other.path().to_path_buf());
    let err = conformance_runner::run(opts).await.unwrap_err();
    assert!(err.to_string().contains("neither empty nor an earlier recording"), "{err}");
}

/// A recording made when outline rows were numbered (`… #N`) replays the same: each row's
/// exchanges are read through its old id, with a note saying so.
#[tokio::test]
async fn a_recording_with_numbered_outline_rows_replays_through_their_old_ids() {
    let dir = tempfile::tempdir().unwrap();
    let live = record(dir.path()).await;
    let mut idx = index(dir.path());
    let scenarios = idx["scenarios"].as_object_mut().unwrap();
    for (old, new) in &live.legacy_ids {
        let entry = scenarios.remove(new).unwrap();
        scenarios.insert(old.clone(), entry);
    }
    assert!(live.legacy_ids.len() > 10, "the suite has outline rows");
    std::fs::write(dir.path().join("index.json"), idx.to_string()).unwrap();
    let (mut opts, capture) = common::quiet();
    opts.replay = Some(dir.path().to_path_buf());
    let replayed = conformance_runner::run(opts).await.unwrap();
    assert_eq!(outcomes(&replayed), outcomes(&live));
    let text = capture.lock().unwrap().clone();
    let note = format!("note: the recording names {} outline row(s) by their old numbered ids", live.legacy_ids.len());
    assert!(text.contains(&note), "{text}");
}
