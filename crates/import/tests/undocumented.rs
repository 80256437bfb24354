//! The undocumented 400 a draft adds when its page lists none: its erratum says what provokes
//! it, a body the schema refuses, a query that breaks the documented parameters, or either.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_import::responses::{Provokes, undocumented_erratum};
use serde_json::Value;

/// The fictional page with mandatory query parameters and no body, its 400 taken out (the row
/// of its Status Codes table, its response table and its example).
fn page_without_400() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testkit/data/import/ListVaultSnapshots.rst");
    let mut text = std::fs::read_to_string(path).unwrap();
    while let Some(start) = text.find("**Status code: 400**") {
        let end = start + text[start..].find("**Status code: 401**").expect("401 follows 400");
        text.replace_range(start..end, "");
    }
    let out: Vec<&str> = text.lines().filter(|l| !l.starts_with("400 ")).collect();
    out.join("\n")
}

fn says(erratum: &Value) -> &str {
    erratum["doc_says"].as_str().unwrap()
}

#[test]
fn a_query_only_draft_says_the_query_provokes_its_400() {
    let page = page_without_400();
    let draft =
        conformance_import::import(&page, "ListVaultSnapshots.rst", "nimbus-vault/list-vault-snapshots").unwrap();
    let f: Value = serde_json::from_str(&draft.fixture).unwrap();
    let r = f["responses"].as_array().unwrap().iter().find(|r| r["status"] == 400).expect("a 400 is added");
    assert_eq!(r["documented"], false, "{r}");
    let id = r["erratum"].as_str().unwrap();
    let erratum = f["errata"].as_array().unwrap().iter().find(|e| e["id"] == id).expect(id);
    assert!(says(erratum).contains("a query that leaves out a mandatory parameter"), "{erratum}");
    assert!(!says(erratum).contains("body"), "the draft takes no body: {erratum}");
}

#[test]
fn the_words_name_the_body_the_query_or_both() {
    let words = |body, query| undocumented_erratum(400, "import-400-undocumented", Provokes { body, query });
    let body = words(true, false);
    assert!(says(&body).contains("a body the schema refuses gets"), "{body}");
    assert!(!says(&body).contains("query"), "{body}");
    let both = words(true, true);
    assert!(says(&both).contains("a body the schema refuses, or a query that"), "{both}");
    let query = words(false, true);
    assert!(says(&query).starts_with("The Status Codes table does not list 400"), "{query}");
    assert!(says(&query).contains("breaks a stated limit gets"), "{query}");
    let not_found = undocumented_erratum(404, "import-404-undocumented", Provokes { body: true, query: true });
    assert!(says(&not_found).contains("a resource that does not exist"), "{not_found}");
}
