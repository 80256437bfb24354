//! The README's complete profile example is the profile reference, checked against the
//! fixtures: it parses (every key in it is one the fixtures declare, of the declared type), it
//! gives every key the fixtures declare, and it meets every need of every scenario a real
//! profile can meet (all but the stub's own data).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use conformance_contract::{Contracts, Need, Profile, default_fixtures_dir};
use conformance_runner::default_features_dir;
use conformance_runner::plan::Plan;

fn readme_profile() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let toml = readme.split("```toml\n").nth(1).and_then(|s| s.split("```").next()).expect("a toml block");
    toml.to_string()
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
