//! The README's complete profile example is the profile reference, checked against the
//! fixtures: it is exactly what `conformance profile --example` prints, it parses (every key in it is one the fixtures declare, of the declared type), it
//! gives every key the fixtures declare, and it meets every need of every scenario a real
//! profile can meet (all but the stub's own data).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use conformance_contract::{Contracts, Need, Profile, default_fixtures_dir};
use conformance_runner::default_features_dir;
use conformance_runner::plan::Plan;

fn readme_profile() -> String {
    let readme = std::fs::read_to_string(default_fixtures_dir().join("../README.md")).unwrap();
    let toml = readme.split("```toml\n").nth(1).and_then(|s| s.split("```").next()).expect("a toml block");
    toml.to_string()
}

/// The README shows exactly what `conformance profile --example` prints for the fixtures, so a
/// new operation's keys reach it by pasting that output, and no key list is kept by hand.
#[test]
fn the_readme_profile_example_is_what_profile_example_prints() {
    let contracts = Contracts::load(default_fixtures_dir()).unwrap();
    let printed = conformance_contract::example_profile(contracts.keys());
    let shown = readme_profile();
    let first = printed.lines().zip(shown.lines()).position(|(a, b)| a != b);
    assert!(
        printed == shown,
        "README, \"Target profile\": paste the output of `cargo xtask profile --example`; first difference at line {}:\n  printed: {:?}\n  README:  {:?}",
        first.map_or(printed.lines().count().min(shown.lines().count()) + 1, |i| i + 1),
        first.and_then(|i| printed.lines().nth(i)),
        first.and_then(|i| shown.lines().nth(i)),
    );
}

#[tokio::test]
async fn the_readme_profile_example_is_complete_and_valid() {
    let contracts = Arc::new(Contracts::load(default_fixtures_dir()).unwrap());
    let toml = readme_profile();
    let profile =
        Profile::parse(&toml, "README.md", |var| Some(format!("value-of-{var}")), contracts.keys()).expect("parses");
    for k in contracts.keys().declared() {
        assert!(profile.has(&k.doc.key), "the README's profile lacks {} ({})", k.doc.key, k.doc.description);
    }
    for section in contracts.keys().sections() {
        assert!(profile.base_url_for(section).is_some(), "the README's profile gives [{section}] no base_url");
    }
    assert_eq!(profile.text("huawei.token"), Some("value-of-HUAWEI_TOKEN"));
    let unset = Profile::parse(&toml, "README.md", |_| None, contracts.keys()).unwrap_err();
    assert!(unset.to_string().contains("which is not set"), "{unset}");

    let mut plan = Plan::load(&default_features_dir(), &contracts).unwrap();
    conformance_runner::plan::derive(&mut plan, &contracts).await.unwrap();
    for (_, s) in plan.scenarios() {
        for n in s.needs.iter().filter(|n| **n != Need::StubData) {
            assert_eq!(n.lacking(&profile), None, "{}: the README's profile and {n}", s.id);
        }
    }
}

/// Every file or folder of the repository the README names (a path under one of its top-level
/// folders, outputs under `target/` aside) is there in a clone; the worked example of "Adding
/// an operation" is the sixth operation's data (`crates/testkit/data/sixth/`).
#[test]
fn every_path_the_readme_names_exists_in_a_clone() {
    let root = conformance_contract::current_workspace();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let path =
        regex::Regex::new(r"`((?:crates|xtask|fixtures|features|ci|\.ci|docs|snapshots)/[A-Za-z0-9_./-]*)`").unwrap();
    let mut named = 0;
    let mut missing = Vec::new();
    for m in path.captures_iter(&readme) {
        let p = m[1].trim_end_matches('/');
        named += 1;
        let sixth = root.join("crates/testkit/data/sixth").join(p);
        if !root.join(p).exists() && !sixth.exists() {
            missing.push(p.to_string());
        }
    }
    assert!(named > 20, "only {named} paths found: the pattern no longer matches the README");
    assert!(missing.is_empty(), "the README names paths a clone does not have: {missing:?}");
}
