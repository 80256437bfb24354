//! Response header tables: read under their status into its `headers`, each anchored to its row
//! (and its table's caption), in a form only where the Type cell states one, optional where its
//! Mandatory cell says No; a table under no status or with other columns stays a problem; the
//! headers of a status no scenario provokes are left out with a problem; and each kept status's
//! scenarios check them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_import::{Code, anchor, read, rst};
use serde_json::Value;

fn page() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testkit/data/import/RenameVault.rst");
    std::fs::read_to_string(path).unwrap()
}

fn draft() -> (Value, conformance_import::Draft) {
    let d = conformance_import::import(&page(), "RenameVault.rst", "nimbus-vault/rename-vault").unwrap();
    (serde_json::from_str(&d.fixture).unwrap(), d)
}

fn response(f: &Value, status: u16) -> &Value {
    f["responses"].as_array().unwrap().iter().find(|r| r["status"] == status).unwrap()
}

fn names(r: &Value) -> Vec<&str> {
    r["headers"].as_array().unwrap().iter().map(|h| h["name"].as_str().unwrap()).collect()
}

#[test]
fn a_header_table_is_read_under_its_status_and_not_as_a_body() {
    let doc = read::read(&rst::read(&page())).unwrap();
    let status = |code: u16| doc.statuses.iter().find(|s| s.status == code).unwrap();
    let ok = status(200).headers.as_ref().unwrap();
    assert_eq!(ok.caption, "Table 5 Response header parameters");
    let rows: Vec<(&str, &str)> = ok.params.iter().map(|p| (p.name.as_str(), p.ty.as_str())).collect();
    assert_eq!(rows, [("X-Request-Id", "String"), ("X-Rename-Quota", "Integer"), ("X-Quota-Reset", "String")]);
    assert_eq!(status(200).table.as_ref().unwrap().caption, "Table 6 Response body parameters", "the body is its own");
    assert!(status(500).headers.is_none(), "a table with other columns is no header table");
    let columns: Vec<_> = doc.problems.iter().filter(|p| p.code == Code::UnexpectedColumns).collect();
    assert_eq!(columns.len(), 2, "{columns:?}");
    assert!(columns[0].message.contains("Table 4 Response header parameters: a response header table under no status"));
    assert!(columns[1].message.contains("Table 15") && columns[1].message.contains("\"Header\", \"Example\""));
}

#[test]
fn each_header_is_anchored_to_its_row_with_a_form_only_where_the_type_states_one() {
    let (f, _) = draft();
    let ok = response(&f, 200);
    assert_eq!(names(ok), ["X-Request-Id", "X-Rename-Quota", "X-Quota-Reset"]);
    let quota = &ok["headers"][1];
    assert_eq!(quota["format"], "integer", "the Type cell says Integer");
    assert_eq!(quota["provenance"]["quote"], "X-Rename-Quota Integer Renames left to the vault today.");
    assert_eq!(quota["provenance"]["also"][0]["quote"], "Table 5 Response header parameters");
    assert_eq!(quota["description"], "Renames left to the vault today.");
    for h in [&ok["headers"][0], &ok["headers"][2]] {
        assert!(h.get("format").is_none(), "a String states no form, RFC 3339 in prose is no guess: {h}");
    }
    let resolver = conformance_contract::anchor::Page::parse(&page());
    let quotes: Vec<_> = anchor::quotes(&f).into_iter().filter(|(at, _)| at.contains("/headers/")).collect();
    assert_eq!(quotes.len(), 14, "row and caption of 7 headers: {quotes:?}");
    for (at, q) in quotes {
        assert!(resolver.find(&q).is_some(), "{at}: {q:?}");
    }
    for status in [400, 401] {
        assert_eq!(names(response(&f, status)), ["X-Request-Id"], "{status}");
    }
    assert_eq!(names(response(&f, 404)), ["X-Request-Id", "X-Retry-Hint"]);
}

/// A header its table says is not mandatory is kept, optional (`required: false`), anchored to
/// its row (the words that say No); a mandatory one says nothing of it (required by default);
/// no problem is left for it, and the stub still answers a value of it.
#[test]
fn a_header_the_table_says_is_optional_is_kept_as_optional_anchored_to_its_row() {
    let (f, d) = draft();
    let not_found = response(&f, 404);
    let (id, hint) = (&not_found["headers"][0], &not_found["headers"][1]);
    assert_eq!(id["provenance"]["quote"], "X-Request-Id Yes String ID of the request.");
    assert!(id.get("required").is_none(), "mandatory: the default, unsaid: {id}");
    assert_eq!(hint["required"], false, "{hint}");
    let quote = "X-Retry-Hint No String When to ask again, if the vault is coming back.";
    assert_eq!(hint["provenance"]["quote"], quote);
    assert_eq!(hint["provenance"]["also"][0]["quote"], "Table 11 Response header parameters");
    assert_eq!(not_found["answer"]["headers"]["X-Retry-Hint"], "{uuid}", "the stub may keep sending it");
    let left: Vec<_> = d.problems.iter().filter(|p| p.message.contains("X-Retry-Hint")).collect();
    assert!(left.is_empty(), "{left:?}");
    let loaded: conformance_contract::Contract = serde_json::from_value(f.clone()).unwrap();
    let doc = loaded.responses.iter().find(|r| r.status == 404).unwrap();
    assert_eq!(doc.headers.iter().map(|h| h.required).collect::<Vec<_>>(), [true, false]);
}

#[test]
fn the_stub_is_given_a_value_of_each_header_under_an_erratum_of_kind_inference() {
    let (f, _) = draft();
    let answer = &response(&f, 200)["answer"];
    assert_eq!(answer["example"], "ok", "the status's own example carries them");
    assert_eq!(answer["headers"]["X-Rename-Quota"], "0");
    assert_eq!(answer["headers"]["X-Request-Id"], "{uuid}");
    assert_eq!(answer["erratum"], "import-header-value-assumed");
    let errata = f["errata"].as_array().unwrap();
    let e = errata.iter().find(|e| e["id"] == "import-header-value-assumed").unwrap();
    assert_eq!(e["kind"], "inference");
    let refused = &response(&f, 400)["answer"];
    assert_eq!(refused["headers"]["X-Request-Id"], "{uuid}", "beside the answer assumed for a status with no example");
    assert_eq!(refused["erratum"], "import-answer-assumed");
}

#[test]
fn a_status_no_scenario_provokes_keeps_no_header_and_says_why() {
    let (f, d) = draft();
    let conflict = response(&f, 409);
    assert!(names(conflict).is_empty());
    assert!(conflict.get("answer").is_none(), "no answer left for headers that are gone: {conflict}");
    let left: Vec<_> = d.problems.iter().filter(|p| p.code == Code::HeaderNotChecked).collect();
    let conflict = left.iter().find(|p| p.message.contains("headers of 409 (X-Request-Id) are left out")).unwrap();
    assert!(conflict.line > 0, "named by its row's line");
    let codes: Vec<&str> =
        f["import"]["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"HEADER_NOT_CHECKED") && codes.contains(&"UNEXPECTED_COLUMNS"), "{codes:?}");
}

#[test]
fn every_scenario_of_a_status_with_headers_checks_them_and_no_other_does() {
    let (_, d) = draft();
    let scenarios: Vec<&str> = d.feature.split("\n  @").skip(1).collect();
    let step = "And the response has the documented headers";
    for s in &scenarios {
        let status = s.split_whitespace().next().unwrap().trim_start_matches("status-");
        let checks = s.contains(step);
        match status {
            "200" | "400" | "401" | "404" => assert!(checks, "{s}"),
            _ => assert!(!checks, "{status} documents no header the draft keeps: {s}"),
        }
    }
    assert_eq!(scenarios.iter().filter(|s| s.contains(step)).count(), 4, "{}", d.feature);
    let after_status = d.feature.lines().zip(d.feature.lines().skip(1)).filter(|(_, b)| b.trim() == step);
    assert!(after_status.clone().all(|(a, _)| a.trim().starts_with("Then the response status is")));
}
