//! The import's speed on a page of a few hundred lines (`cargo bench -p conformance-import`):
//! the fictional ResizeVault page of the tests (nested tables, limits, five examples) read into
//! a draft 200 times after 20 warm-up runs; the report, with the page's size beside the times,
//! goes to `target/bench/import.md`. No timed unit test: a benchmark reports, it never fails on
//! a slow machine.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::time::Instant;

const RUNS: usize = 200;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let page = root.join("crates/testkit/data/import/ResizeVault.rst");
    let text = std::fs::read_to_string(&page).expect("the bench page");
    for _ in 0..20 {
        conformance_import::import(&text, "ResizeVault.rst", "nimbus-vault/resize-vault").expect("imports");
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let draft = conformance_import::import(&text, "ResizeVault.rst", "nimbus-vault/resize-vault").expect("imports");
        times.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(draft);
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let (min, median, max) = (times[0], times[times.len() / 2], times[times.len() - 1]);
    let report = format!(
        "# Import benchmark\n\npage: crates/testkit/data/import/ResizeVault.rst, {} lines, {} bytes\nruns: {RUNS} (after 20 warm-up runs), profile: {}\n\n| min ms | median ms | mean ms | max ms |\n|--:|--:|--:|--:|\n| {min:.3} | {median:.3} | {mean:.3} | {max:.3} |\n",
        text.lines().count(),
        text.len(),
        if cfg!(debug_assertions) { "debug" } else { "release (cargo bench)" },
    );
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).expect("target/bench");
    std::fs::write(out.join("import.md"), &report).expect("the report");
    print!("{report}");
    println!("written to {}", out.join("import.md").display());
}
