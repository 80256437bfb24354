//! The README's complete profile example is a valid profile that meets every need a real
//! profile can meet (all but `stub-data`), and its needs table lists every need with the
//! profile keys that meet it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_contract::{Need, Profile};

#[test]
fn the_readme_profile_example_is_complete_and_valid() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let toml = readme.split("```toml\n").nth(1).and_then(|s| s.split("```").next()).expect("a toml block");
    let profile = Profile::parse(toml, "README.md", |var| Some(format!("value-of-{var}"))).expect("parses");
    for need in Need::ALL {
        let expected = if need == Need::StubData { Some(need.reason()) } else { None };
        assert_eq!(need.lacking(&profile), expected, "the example and {need}");
    }
    assert_eq!(profile.huawei.unwrap().token.unwrap().expose(), "value-of-HUAWEI_TOKEN");
    let unset = Profile::parse(toml, "README.md", |_| None).unwrap_err();
    assert!(unset.to_string().contains("which is not set"), "{unset}");
    for need in Need::ALL {
        assert!(readme.contains(&format!("| `{need}` |")), "the README's needs table lacks {need}");
    }
}
