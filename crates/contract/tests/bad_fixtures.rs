//! Broken fixtures give an error naming the file and the field, never a panic.

use std::path::Path;

use conformance_contract::{Contracts, LoadError};

fn apig() -> serde_json::Value {
    let text =
        std::fs::read_to_string(conformance_contract::default_fixtures_dir().join("huawei-apig/postpaid-resize.json"))
            .expect("APIG fixture readable");
    serde_json::from_str(&text).expect("APIG fixture is JSON")
}

fn load_one(content: &str) -> (tempfile::TempDir, Result<Contracts, LoadError>) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("huawei-apig")).expect("mkdir");
    std::fs::write(dir.path().join("huawei-apig/postpaid-resize.json"), content).expect("write");
    let loaded = Contracts::load(dir.path());
    (dir, loaded)
}

fn field_error(edit: impl FnOnce(&mut serde_json::Value)) -> (String, String) {
    let mut v = apig();
    edit(&mut v);
    let (_dir, loaded) = load_one(&v.to_string());
    match loaded {
        Err(LoadError::Format { path, field, message }) => {
            assert!(path.ends_with(Path::new("huawei-apig/postpaid-resize.json")), "{path:?}");
            (field, message)
        }
        other => panic!("expected a format error, got {other:?}"),
    }
}

#[test]
fn the_unedited_copy_loads() {
    let (_dir, loaded) = load_one(&apig().to_string());
    assert_eq!(loaded.expect("loads").operations().len(), 1);
}

#[test]
fn invalid_json_names_the_file() {
    let (_dir, loaded) = load_one("{ \"id\": ");
    let err = loaded.expect_err("not JSON").to_string();
    assert!(err.contains("postpaid-resize.json"), "{err}");
}

#[test]
fn a_wrong_type_names_the_field() {
    let (field, _) = field_error(|v| v["responses"][1]["status"] = "four-oh-one".into());
    assert_eq!(field, "responses[1].status");
}

#[test]
fn an_unknown_key_names_the_field() {
    let (field, msg) = field_error(|v| v["examples"][0]["bodyy"] = 1.into());
    assert_eq!(field, "examples[0].bodyy");
    assert!(msg.contains("unknown field"), "{msg}");
}

#[test]
fn an_example_for_an_undocumented_status_is_refused() {
    let (field, msg) = field_error(|v| v["examples"][1]["status"] = 418.into());
    assert_eq!(field, "examples[1].status");
    assert!(msg.contains("418"), "{msg}");
}

#[test]
fn a_volatile_pointer_outside_the_body_is_refused() {
    let (field, _) = field_error(|v| v["examples"][1]["volatile"][0]["pointer"] = "/nope".into());
    assert_eq!(field, "examples[1].volatile[0].pointer");
}

#[test]
fn a_schema_that_does_not_compile_is_refused() {
    let (field, msg) = field_error(|v| v["request"]["schema"]["type"] = 12.into());
    assert_eq!(field, "request.schema");
    assert!(msg.contains("schema does not compile"), "{msg}");
}

#[test]
fn an_id_that_disagrees_with_the_path_is_refused() {
    let (field, _) = field_error(|v| v["id"] = "huawei-apig/other".into());
    assert_eq!(field, "id");
}

#[test]
fn an_empty_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = Contracts::load(dir.path()).expect_err("empty");
    assert!(err.to_string().contains("no contract files"), "{err}");
}
