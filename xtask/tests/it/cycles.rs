//! No import circle among a crate's modules (part of the tidy check): a module of `src/` (a
//! file, or a folder with its `mod.rs`) names another by `crate::…` outside comments and
//! tests; a circle of such names (`admin → core → engine → admin`) means no module of it can be
//! read, tested or changed without the others. `conformance-stub` and `conformance-runner` are
//! held to it. The runner's layers the event redesign keeps are checked too ([`runner_layers`]):
//! its report is plain data, its transport emits events and never prints.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crates checked (their `src/`).
pub const CHECKED: &[&str] = &["crates/stub", "crates/runner"];

/// The module a file of `src` belongs to: its first path component (`engine/call.rs` →
/// `engine`, `core.rs` → `core`); `None` for the crate root.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy().to_string();
    let name = first.strip_suffix(".rs").map_or(first.clone(), String::from);
    (!["lib", "main"].contains(&name.as_str())).then_some(name)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The modules each module of `src` names (`crate::x`, or `x` in `use crate::{x, …}`), with the
/// files that do, test code and comments left out.
pub fn imports(src: &Path) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let path = regex::Regex::new(r"crate::([a-z_][a-z0-9_]*)").unwrap();
    let group = regex::Regex::new(r"(?s)use crate::\{(.*?)\};").unwrap();
    let head = regex::Regex::new(r"(?:^|[,{])\s*([a-z_][a-z0-9_]*)").unwrap();
    let mut out: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let Some(from) = module_of(src, &file) else { continue };
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let code: String = code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        let mut named: Vec<String> = path.captures_iter(&code).map(|c| c[1].to_string()).collect();
        for g in group.captures_iter(&code) {
            named.extend(head.captures_iter(&g[1]).map(|c| c[1].to_string()));
        }
        let shown = file.strip_prefix(src).unwrap_or(&file).display().to_string();
        for to in named.into_iter().filter(|t| *t != from && t != "self") {
            out.entry(from.clone()).or_default().entry(to).or_default().insert(shown.clone());
        }
    }
    out
}

/// The circles among the modules of `src`: each strongly connected set of two or more modules,
/// sorted, with the edges inside it (`a → b (files)`).
pub fn circles(src: &Path) -> Vec<(Vec<String>, Vec<String>)> {
    let graph = imports(src);
    let nodes: BTreeSet<&String> = graph.keys().chain(graph.values().flat_map(BTreeMap::keys)).collect();
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for to in graph.get(&n).into_iter().flat_map(BTreeMap::keys) {
                if seen.insert(to.clone()) {
                    todo.push(to.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> = nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut out = Vec::new();
    let mut placed = BTreeSet::new();
    for n in &nodes {
        if placed.contains(*n) || !reached[n].contains(*n) {
            continue;
        }
        let set: Vec<String> = nodes
            .iter()
            .filter(|m| reached[n].contains(**m) && reached[*m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        let mut edges = Vec::new();
        for a in &set {
            for (b, files) in graph.get(a).into_iter().flatten().filter(|(b, _)| set.contains(b)) {
                edges.push(format!("{a} → {b} ({})", files.iter().cloned().collect::<Vec<_>>().join(", ")));
            }
        }
        placed.extend(set.iter().cloned());
        out.push((set, edges));
    }
    out
}

/// The broken invariants: a circle in a checked crate.
pub fn no_circles(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for krate in CHECKED {
        for (set, edges) in circles(&root.join(krate).join("src")) {
            out.push(format!(
                "{krate}: the modules {} import each other in a circle: {}",
                set.join(", "),
                edges.join("; ")
            ));
        }
    }
    out
}

#[test]
fn a_seeded_import_circle_fails_naming_its_modules_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("engine")).unwrap();
    let write = |p: &str, t: &str| std::fs::write(src.join(p), t).unwrap();
    write("lib.rs", "mod core;\nmod engine;\nmod plan;\n");
    write("core.rs", "//! Core.\nuse crate::plan::Plan;\n// crate::engine in a comment is no import\n");
    write("plan.rs", "//! Plan.\n#[cfg(test)]\nmod tests { use crate::core::X; }\n");
    write("engine/mod.rs", "//! Engine.\nuse crate::{plan, core::StubCore};\n");
    assert!(circles(&src).is_empty(), "{:?}", circles(&src));
    write("engine/call.rs", "//! Call.\n");
    write("core.rs", "//! Core.\nuse crate::plan::Plan;\nfn f() { crate::engine::handle(); }\n");
    let found = circles(&src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, ["core", "engine"]);
    assert_eq!(found[0].1, ["core → engine (core.rs)", "engine → core (engine/mod.rs)"]);
}

#[test]
fn neither_the_stub_nor_the_runner_has_an_import_circle() {
    let root = conformance_contract::current_workspace();
    for krate in ["crates/stub", "crates/runner"] {
        assert!(CHECKED.contains(&krate), "{krate} is checked");
        assert!(!imports(&root.join(krate).join("src")).is_empty(), "{krate}'s imports are read");
    }
    assert_eq!(no_circles(&root), Vec::<String>::new());
}

/// The runner's layering the event redesign keeps (issue 27, item 7): the report is plain data
/// naming no world, transport, step, event or cucumber type; the events name no reporter and
/// nothing that runs a scenario; the transport names no reporter and no recording (it emits
/// events, `crate::events`), and none of them calls `print!`. No file output is rendered
/// outside `output/` and the recording: the run hands the report to its reporters.
pub fn runner_layers(src: &Path) -> Vec<String> {
    let graph = imports(src);
    let mut out = Vec::new();
    let forbidden: &[(&str, &[&str])] = &[
        ("report", &["world", "transport", "steps", "collect", "plan", "output", "tracked", "events"]),
        ("transport", &["output", "world", "collect", "session"]),
        ("events", &["output", "world", "transport", "collect", "steps", "ci", "session", "assemble"]),
    ];
    for (from, banned) in forbidden {
        for to in graph.get(*from).into_iter().flat_map(BTreeMap::keys).filter(|t| banned.contains(&t.as_str())) {
            out.push(format!("conformance-runner: `{from}` imports `{to}`"));
        }
    }
    let mut files = Vec::new();
    rust_files(&src.join("transport"), &mut files);
    files.push(src.join("report.rs"));
    files.push(src.join("events.rs"));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        // The recording is a reporter of the transport's events, never called by it.
        for word in ["println!", "print!(", "eprintln!", "cucumber::", "Recorder"] {
            if code.contains(word) {
                out.push(format!("conformance-runner: {} uses `{word}`", file.display()));
            }
        }
    }
    // The file outputs are rendered by their reporters only (`output/files.rs`), never called
    // from the run.
    let mut run = Vec::new();
    rust_files(src, &mut run);
    for file in run.iter().filter(|f| !f.starts_with(src.join("output"))) {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for call in
            ["junit::render", "json::render", "html::render", "sarif::render", "summary::render", "terminal::render"]
        {
            if code.contains(call) {
                out.push(format!(
                    "conformance-runner: {} calls `{call}` (a reporter's, output/files.rs)",
                    file.display()
                ));
            }
        }
    }
    out
}

#[test]
fn the_runners_report_is_plain_data_and_its_transport_never_prints() {
    let src = conformance_contract::current_workspace().join("crates/runner/src");
    assert!(imports(&src).contains_key("transport"), "the runner's imports are read");
    assert_eq!(runner_layers(&src), Vec::<String>::new());
    let dir = tempfile::tempdir().unwrap();
    let seeded = dir.path().join("src");
    std::fs::create_dir_all(seeded.join("transport")).unwrap();
    std::fs::write(seeded.join("report.rs"), "//! Report.\nuse crate::world::Used;\n").unwrap();
    std::fs::write(seeded.join("transport/mod.rs"), "//! T.\nfn f() { crate::output::x(); println!(\"x\"); }\n")
        .unwrap();
    std::fs::write(seeded.join("events.rs"), "//! E.\nuse crate::transport::Transport;\n").unwrap();
    std::fs::write(seeded.join("lib.rs"), "//! L.\nfn end(r: &R) { output::junit::render(r); }\n").unwrap();
    let found = runner_layers(&seeded);
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(
        found[0].contains("`report` imports `world`") && found[1].contains("`transport` imports `output`"),
        "{found:?}"
    );
    assert!(found[2].contains("`events` imports `transport`"), "{found:?}");
    assert!(found[3].ends_with("uses `println!`"), "{found:?}");
    assert!(found[4].contains("lib.rs calls `junit::render`"), "{found:?}");
}
