//! Shared by the contract tests: the real fixtures, loaded once per test binary.

use conformance_contract::{Contracts, default_fixtures_dir};

/// Loads `fixtures/`; a broken fixture fails the test with the loader's message.
pub fn contracts() -> Contracts {
    match Contracts::load(default_fixtures_dir()) {
        Ok(c) => c,
        Err(e) => panic!("fixtures do not load: {e}"),
    }
}

/// `op`'s path parameters all set to one 32-hex id, and its path rendered with them: the
/// request a test's example answers.
pub fn rendered(op: &conformance_contract::Operation) -> (std::collections::BTreeMap<String, String>, String) {
    let params: std::collections::BTreeMap<String, String> = op
        .contract()
        .path_params
        .iter()
        .map(|p| (p.name.clone(), "0123456789abcdef0123456789abcdef".to_string()))
        .collect();
    let path = conformance_contract::render_path(&op.contract().path, &params).expect("renders");
    (params, path)
}
