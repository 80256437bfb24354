//! Shared by the contract tests: the real fixtures, loaded once per test binary.

use conformance_contract::{Contracts, default_fixtures_dir};

/// Loads `fixtures/`; a broken fixture fails the test with the loader's message.
pub fn contracts() -> Contracts {
    match Contracts::load(default_fixtures_dir()) {
        Ok(c) => c,
        Err(e) => panic!("fixtures do not load: {e}"),
    }
}
