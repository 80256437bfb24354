//! The reader's parts on small inputs: grid and simple tables with their lines, limits in prose,
//! the quotes of a draft, a page in another layout refused naming the sections it lacks, and
//! the comparison naming an unexplained difference.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_import::rst::{self, table};
use conformance_import::{anchor, compare, limits, read};

fn lines(text: &str, first: usize) -> Vec<(usize, String)> {
    text.lines().enumerate().map(|(i, l)| (first + i, l.to_string())).collect()
}

#[test]
fn a_grid_table_keeps_each_fragment_and_its_line() {
    let t = "+------+-----------+\n| Name | Desc      |\n+======+===========+\n| a    | First.    |\n|      |           |\n|      | Maximum:  |\n+------+-----------+\n| b    | Second.   |\n+------+-----------+";
    let t = table::read(&lines(t, 10)).unwrap();
    assert_eq!(t.header, ["Name", "Desc"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0][1].lines, [(13, "First.".into()), (14, String::new()), (15, "Maximum:".into())]);
    assert_eq!(t.rows[1][0].first(), Some((17, "b")));
    let broken = "+----+----+\n| a  b    |\n+----+----+";
    assert_eq!(table::read(&lines(broken, 1)).unwrap_err().line, 2, "a cell spanning columns is named by its line");
}

#[test]
fn a_simple_table_continues_a_row_on_a_blank_first_column() {
    let t = "========= ====== ===========\nParameter Type   Description\n========= ====== ===========\nid        String The ID.\n                 More words.\nname      String The name.\n========= ====== ===========";
    let t = table::read(&lines(t, 1)).unwrap();
    assert_eq!(t.header, ["Parameter", "Type", "Description"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0][2].text(), "The ID.\nMore words.");
}

#[test]
fn limits_in_prose_become_schema_keywords_with_their_words() {
    let cell = table::Cell { lines: lines("Name. It can contain 3 to 64 characters.\n\nDefault: **abc**", 5) };
    let found = limits::limits(&cell, "string");
    let kw: Vec<&str> = found.iter().map(|l| l.keyword).collect();
    assert_eq!(kw, ["default", "minLength", "maxLength"], "{found:?}");
    assert_eq!(found[2].quote, "3 to 64 characters.");
    let cell = table::Cell {
        lines: lines("Count.\nMinimum: **1**\nMaximum: **1,000**\nEnumeration values:\n-  **1**\n-  **10**", 1),
    };
    let found = limits::limits(&cell, "integer");
    assert_eq!(found.iter().find(|l| l.keyword == "maximum").unwrap().value, 1000);
    assert_eq!(found.iter().find(|l| l.keyword == "enum").unwrap().value, serde_json::json!([1, 10]));
}

#[test]
fn every_quote_of_a_draft_is_collected_with_where_it_stands() {
    let draft = serde_json::json!({
        "provenance": { "section": "URI", "quote": "POST /v1/x" },
        "responses": [{ "provenance": { "section": "Status Codes", "quote": "202 Accepted", "also": [{ "section": "Response Parameters", "quote": "Status code: 202" }] } }],
        "auth": { "provenance": { "section": "RFC", "quote": "401 Unauthorized", "standard": "RFC 9110" } },
        "request": { "schema": { "properties": { "a": { "x-provenance": { "section": "Table 3", "quote": "a Yes String A." } } } } }
    });
    let quotes = anchor::quotes(&draft);
    let found: Vec<(&str, &str)> = quotes.iter().map(|(at, q)| (at.as_str(), q.as_str())).collect();
    assert_eq!(
        found,
        [
            ("/provenance", "POST /v1/x"),
            ("/responses/0/provenance", "202 Accepted"),
            ("/responses/0/provenance/also/0", "Status code: 202"),
            ("/request/schema/properties/a/x-provenance", "a Yes String A."),
        ],
        "a standard's quote is listed, never resolved against a page"
    );
}

#[test]
fn a_page_in_another_layout_is_refused_naming_what_is_missing() {
    let page = rst::read("Title\n=====\n\nFunction\n--------\n\nDoes things.\n");
    let err = read::read(&page).unwrap_err();
    assert_eq!(err.missing, ["URI", "Status Codes"]);
    assert!(err.to_string().contains("looked for the sections Function, URI"), "{err}");
}

#[test]
fn a_difference_is_explained_only_by_an_erratum_the_item_names() {
    let hand = serde_json::json!({
        "method": "POST", "path": "/x",
        "responses": [{ "status": 202 }, { "status": 400, "documented": false, "erratum": "e-400" }],
        "errata": [{ "id": "e-400" }]
    });
    let draft =
        serde_json::json!({ "method": "POST", "path": "/x", "responses": [{ "status": 202 }, { "status": 404 }] });
    let c = compare::compare(&hand, &draft);
    let subjects: Vec<(&str, bool)> = c.differences.iter().map(|d| (d.subject.as_str(), d.erratum.is_some())).collect();
    assert_eq!(subjects, [("status 400", true), ("status 404", false)]);
    assert_eq!(c.unexplained().count(), 1);
}

/// Bad input is a problem or a refusal, never a panic: the tests' pages cut at every line, and
/// with every line removed in turn.
#[test]
fn a_page_cut_or_missing_any_line_never_panics() {
    for name in ["ResizeVault.rst", "RenameVault.rst"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testkit/data/import").join(name);
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut drafts = 0;
        for i in 0..lines.len() {
            let cut = lines[..i].join("\n");
            let without: Vec<&str> = lines.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, l)| *l).collect();
            for page in [cut, without.join("\n")] {
                if let Ok(d) = conformance_import::import(&page, "p.rst", "nimbus-vault/resize-vault") {
                    assert!(serde_json::from_str::<serde_json::Value>(&d.fixture).is_ok());
                    drafts += 1;
                }
            }
        }
        assert!(drafts > lines.len(), "{name}: most pages with one line missing still import: {drafts}");
    }
}
