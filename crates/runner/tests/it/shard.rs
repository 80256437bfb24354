//! `--shard K/N`: for every N the shards are disjoint and together hold the whole plan; a
//! scenario's shard depends on its id only; a sharded run deselects (never skips) the rest.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;

use conformance_contract::Contracts;
use conformance_runner::ci::shard::{Shard, stable_hash};
use conformance_runner::plan::Plan;
use conformance_runner::{Outcome, RunOptions};

fn all_ids() -> BTreeSet<String> {
    let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).unwrap();
    let plan = Plan::load(&RunOptions::default().features_dir, &contracts).unwrap();
    plan.scenarios().map(|(_, s)| s.id.clone()).collect()
}

#[test]
fn shards_partition_the_plan() {
    let ids = all_ids();
    assert!(ids.len() > 50, "{}", ids.len());
    for n in 1..=4 {
        let mut union = BTreeSet::new();
        for k in 1..=n {
            let shard = Shard::new(k, n).unwrap();
            let mine: Vec<&String> = ids.iter().filter(|id| shard.contains(id)).collect();
            assert!(!mine.is_empty(), "shard {shard} is empty");
            for id in mine {
                assert!(union.insert(id.clone()), "{id} is in two shards of {n}");
            }
        }
        assert_eq!(union, ids, "the shards of {n} miss scenarios");
    }
}

#[test]
fn a_scenario_always_lands_in_the_same_shard() {
    let id = "huawei-apig/postpaid-resize.feature::The documented resize is accepted";
    assert_eq!(stable_hash(id), stable_hash(&String::from(id)));
    // FNV-1a is fixed here: this value never changes with the Rust version or the platform.
    assert_eq!(stable_hash("hostway/service-action.feature::x"), 0x3a94_1a21_aa42_5b91);
    let shard = (1..=3).find(|&k| Shard::new(k, 3).unwrap().contains(id)).unwrap();
    for _ in 0..3 {
        assert!(Shard::new(shard, 3).unwrap().contains(id));
    }
}

#[test]
fn bad_shards_are_refused_with_a_reason() {
    for (text, says) in [("0/2", "between 1 and N"), ("3/2", "between 1 and N"), ("1/0", "at least 1"), ("a/b", "K/N")]
    {
        let err = text.parse::<Shard>().unwrap_err();
        assert!(err.contains(says), "{text}: {err}");
    }
}

#[tokio::test]
async fn sharded_runs_together_run_every_scenario_once() {
    let mut seen = BTreeSet::new();
    let mut total = 0;
    for k in 1..=2 {
        let (mut opts, _) = common::quiet();
        opts.stub_config = Some(conformance_stub::StubConfig::deterministic());
        opts.shard = Some(Shard::new(k, 2).unwrap());
        let report = conformance_runner::run(opts).await.unwrap();
        assert!(report.deselected > 0);
        assert!(report.scenarios.iter().all(|s| !matches!(s.outcome, Outcome::Skipped { .. })));
        total = report.scenarios.len() + report.deselected;
        for s in &report.scenarios {
            assert!(seen.insert(s.id.clone()), "{} ran in both shards", s.id);
        }
    }
    assert_eq!(seen, all_ids());
    assert_eq!(total, seen.len());
}
