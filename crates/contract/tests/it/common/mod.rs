//! Shared by the contract tests: the real fixtures, loaded once per test binary.

use std::collections::BTreeMap;

use conformance_contract::{Contracts, Example, RequestContext, default_fixtures_dir, instantiate};
use serde_json::Value;

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

/// A documented example of an operation, instantiated as the stub would answer it, with the
/// exchange it answers (path parameters as given, else all `0123…`).
pub struct Case {
    pub example: Example,
    pub body: Value,
    pub params: BTreeMap<String, String>,
    pub path: String,
}

impl Case {
    /// Example `name` of operation `op`, answering a request with `params` (default: [`rendered`]).
    pub fn new(c: &Contracts, op: &str, name: &str, params: Option<BTreeMap<String, String>>) -> Self {
        let op = c.operation(op).expect("operation");
        let (default, _) = rendered(op);
        let params = params.unwrap_or(default);
        let path = conformance_contract::render_path(&op.contract().path, &params).expect("renders");
        let example = op.example(name).expect("example").clone();
        let ex = RequestContext { path: &path, path_params: &params, body: None };
        let body = instantiate(&example, &ex, "http://127.0.0.1:1").expect("a JSON body");
        Case { example, body, params, path }
    }

    /// The request the example answers.
    pub fn context(&self) -> RequestContext<'_> {
        RequestContext { path: &self.path, path_params: &self.params, body: None }
    }

    /// The instantiated body with `edit` applied.
    pub fn edited(&self, edit: impl FnOnce(&mut Value)) -> Value {
        let mut b = self.body.clone();
        edit(&mut b);
        b
    }
}
