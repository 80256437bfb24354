//! The README's complete profile example is a valid profile that meets every need.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_contract::Profile;
use conformance_contract::profile::NEEDS;

#[test]
fn the_readme_profile_example_is_complete_and_valid() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let toml = readme.split("```toml\n").nth(1).and_then(|s| s.split("```").next()).expect("a toml block");
    let profile = Profile::parse(toml, "README.md", |var| Some(format!("value-of-{var}"))).expect("parses");
    for need in NEEDS {
        assert_eq!(profile.lacks(need), None, "the example does not meet {need}");
    }
    assert_eq!(profile.huawei.unwrap().token.unwrap().expose(), "value-of-HUAWEI_TOKEN");
    let unset = Profile::parse(toml, "README.md", |_| None).unwrap_err();
    assert!(unset.to_string().contains("which is not set"), "{unset}");
    for need in NEEDS {
        assert!(readme.contains(&format!("| `{need}` |")), "the README's needs table lacks {need}");
    }
}
