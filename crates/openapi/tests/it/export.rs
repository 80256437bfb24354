//! `export`: writes the document where asked, and says clearly why when it cannot.

use conformance_contract::{Contracts, default_fixtures_dir};
use conformance_openapi::{ExportError, export};

#[test]
fn writes_the_document_creating_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("a/b/openapi.json");
    export(&default_fixtures_dir(), &out).expect("written");
    let text = std::fs::read_to_string(&out).expect("readable");
    let written: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let contracts = Contracts::load(default_fixtures_dir()).expect("fixtures load");
    assert_eq!(written, conformance_openapi::document(&contracts));
    assert!(text.ends_with("}\n"));
}

#[test]
fn a_path_below_a_file_is_a_write_error_naming_it() {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    let out = file.path().join("openapi.json");
    let err = export(&default_fixtures_dir(), &out).expect_err("cannot write below a file");
    assert!(matches!(err, ExportError::Write { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("cannot write the OpenAPI document") && msg.contains(&*file.path().to_string_lossy()),
        "{msg}"
    );
}

#[test]
fn a_folder_as_output_is_a_write_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = export(&default_fixtures_dir(), dir.path()).expect_err("a folder is not a file");
    assert!(err.to_string().contains("it is a folder"), "{err}");
}

#[test]
fn unreadable_fixtures_are_a_load_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = export(&dir.path().join("nope"), &dir.path().join("o.json")).expect_err("no fixtures");
    assert!(matches!(err, ExportError::Load(_)), "{err:?}");
    assert!(!dir.path().join("o.json").exists());
}
