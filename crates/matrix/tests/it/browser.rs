//! The HTML matrix in real headless Chromium: it renders, the DOM has one `data-scenario` row
//! per scenario and one `data-target` header per target, a failing cell expands to its whole
//! message, and a screenshot is written (copied to `target/compat-test/matrix.png`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use common::count;
use conformance_testkit::{chromium_or_skip, headless, screenshot};

#[test]
fn the_html_matrix_renders_in_headless_chromium() {
    let Some(chromium) = chromium_or_skip("the HTML matrix") else { return };
    let matrix = common::matrix();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("compat.html");
    std::fs::write(&page, matrix.to_html()).unwrap();

    let dom = headless(&chromium, &dir.path().join("profile-dom"), &page, &["--dump-dom".into()]);
    assert!(dom.contains("<table id=\"matrix\">"), "no matrix in the rendered DOM:\n{dom}");
    assert_eq!(count(&dom, "<tr data-scenario="), matrix.rows.len(), "{dom}");
    assert_eq!(count(&dom, "<th data-target="), matrix.columns.len(), "{dom}");
    for c in &matrix.columns {
        assert!(dom.contains(&format!("data-target=\"{}\"", c.name)), "no column {}", c.name);
    }
    // a failing cell expands to its whole message, not only its first line
    assert!(dom.contains("<details><summary>fail: expected status 201, got 200"), "{dom}");
    assert!(dom.contains("request: POST /orders/…"), "the failure's second line is not in the page:\n{dom}");
    // markup in a reason stayed text: the parser made no element of it
    assert!(!dom.contains("<script>alert(1)</script>"), "{dom}");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{dom}");

    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/compat-test/matrix.png");
    screenshot(&chromium, dir.path(), &page, (1280, 900), &keep);
}
