//! The architecture invariants of ARCHITECTURE.md as a test, like rust-analyzer's `tidy`: it
//! reads `cargo metadata` and the sources and fails naming each broken invariant. Each check is
//! a function over a small model (crates with their dependencies; files with their text), so
//! the tests below also seed one violation of each and show the failure it gives.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Each workspace crate's layer: a crate depends (normal or build) only on crates of lower
/// layers. Keep in step with the table in ARCHITECTURE.md.
const LAYERS: &[(&str, u8)] = &[
    ("conformance-contract", 0),
    ("conformance-signing", 0),
    ("conformance-stub", 1),
    ("conformance-runner", 1),
    ("conformance-openapi", 1),
    ("conformance-import", 1),
    ("conformance-matrix", 2),
    ("conformance-bench", 2),
    ("conformance-cli", 3),
    ("xtask", 4),
    ("conformance-testkit", 9),
];

/// The one sideways edge: the runner starts the stub in-process as its default target.
const SIDEWAYS: &[(&str, &str)] = &[("conformance-runner", "conformance-stub")];

/// Test support: a dev-dependency only, never shipped.
const DEV_ONLY: &[&str] = &["conformance-testkit"];

/// What the contract model must never pull in, directly or through another crate.
const HTTP_OR_ASYNC: &[&str] =
    &["reqwest", "hyper", "hyper-util", "http", "http-body", "h2", "tokio", "futures", "mio", "wiremock", "async-std"];

/// The command line (xtask and `crates/cli`) is wiring: a function longer than this holds
/// behaviour that belongs in a library.
const XTASK_FN_LINES: usize = 40;

/// A crate and what it depends on, by kind.
#[derive(Debug, Clone, Default)]
struct Crate {
    /// Workspace member or not.
    member: bool,
    /// Normal and build dependencies (package names).
    deps: BTreeSet<String>,
    /// Dev-dependencies.
    dev_deps: BTreeSet<String>,
}

fn workspace_root() -> PathBuf {
    conformance_contract::current_workspace()
}

/// `cargo metadata`'s JSON (format 1), read with serde_json rather than the `cargo_metadata`
/// crate, whose serde features would differ from the `conformance` binary's and make the install
/// test (`crates/cli/tests/it/install.rs`) rebuild much of the graph after a workspace build.
fn metadata() -> Value {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(workspace_root().join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("cargo metadata's JSON")
}

fn strs(v: &Value) -> impl Iterator<Item = &str> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str)
}

/// Every package of the resolved graph with its dependencies.
fn crates() -> BTreeMap<String, Crate> {
    let meta = metadata();
    let members: BTreeSet<&str> = strs(&meta["workspace_members"]).collect();
    let packages = meta["packages"].as_array().expect("packages");
    let names: BTreeMap<&str, String> =
        packages.iter().filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?.to_string()))).collect();
    let mut out = BTreeMap::new();
    for node in meta["resolve"]["nodes"].as_array().expect("a resolved graph") {
        let id = node["id"].as_str().expect("a node id");
        let mut c = Crate { member: members.contains(id), ..Crate::default() };
        for dep in node["deps"].as_array().into_iter().flatten() {
            let name = names[dep["pkg"].as_str().expect("a dependency id")].clone();
            for kind in dep["dep_kinds"].as_array().into_iter().flatten() {
                // `null` is a normal dependency, "build" a build one, "dev" a dev-dependency
                match kind["kind"].as_str() {
                    Some("dev") => c.dev_deps.insert(name.clone()),
                    _ => c.deps.insert(name.clone()),
                };
            }
        }
        out.insert(names[id].clone(), c);
    }
    out
}

fn layer(name: &str) -> Option<u8> {
    LAYERS.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

/// A crate that depends on one of its own or a higher layer, a crate missing from [`LAYERS`],
/// or test support used as a normal dependency.
fn layering(crates: &BTreeMap<String, Crate>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, c) in crates.iter().filter(|(_, c)| c.member) {
        let Some(own) = layer(name) else {
            out.push(format!("{name} has no layer: add it to LAYERS in xtask/tests/tidy.rs and to ARCHITECTURE.md"));
            continue;
        };
        for dep in c.deps.iter().filter(|d| crates.get(*d).is_some_and(|d| d.member)) {
            if DEV_ONLY.contains(&dep.as_str()) {
                out.push(format!("{name} depends on {dep}, which is test support (a dev-dependency only)"));
            } else if layer(dep).is_some_and(|l| l >= own) && !SIDEWAYS.contains(&(name.as_str(), dep.as_str())) {
                out.push(format!(
                    "{name} (layer {own}) depends on {dep} (layer {}), which is not below it",
                    layer(dep).unwrap_or(own)
                ));
            }
        }
    }
    out
}

/// HTTP or async crates anywhere in `root`'s normal dependency closure, with the path to each.
fn no_http_or_async(crates: &BTreeMap<String, Crate>, root: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![(root.to_string(), root.to_string())];
    while let Some((name, path)) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if HTTP_OR_ASYNC.contains(&name.as_str()) {
            out.push(format!("{root} depends on {name} ({path}): the contract model knows no HTTP and no async"));
        }
        for dep in crates.get(&name).map(|c| &c.deps).into_iter().flatten() {
            stack.push((dep.clone(), format!("{path} → {dep}")));
        }
    }
    out
}

/// Every Rust source file of the workspace's crates and xtask, with its text.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() && !p.ends_with("target") {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.clone(), std::fs::read_to_string(&p).expect("read a source file")));
            }
        }
    }
    let root = workspace_root();
    let mut out = Vec::new();
    walk(&root.join("crates"), &mut out);
    walk(&root.join("xtask"), &mut out);
    out.sort();
    out
}

/// Files whose first line that is not blank is not a module doc (`//!`).
fn module_docs(files: &[(PathBuf, String)]) -> Vec<String> {
    files
        .iter()
        .filter(|(_, text)| !text.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with("//!")))
        .map(|(p, _)| format!("{} has no module doc (`//!` saying what the file owns)", p.display()))
        .collect()
}

/// Behaviour in the command line (xtask, `crates/cli`): functions longer than
/// [`XTASK_FN_LINES`], and exit codes written as numbers (or std's `SUCCESS`/`FAILURE`) rather
/// than the named constants the runner exports.
fn xtask_is_wiring(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in files.iter().filter(|(p, _)| p.components().any(|c| c.as_os_str() == "src")) {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            if (t.contains("ExitCode::from(")
                && t.split("ExitCode::from(").nth(1).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())))
                || t.contains("ExitCode::SUCCESS")
                || t.contains("ExitCode::FAILURE")
            {
                out.push(format!("{}:{}: an exit code as a number; use the named constant", path.display(), i + 1));
            }
            let is_fn = (t.starts_with("fn ") || t.starts_with("pub fn ") || t.starts_with("pub(crate) fn "))
                && t.ends_with('{');
            if !is_fn {
                continue;
            }
            // rustfmt closes a function on a line of its own at the indentation it opened at
            let close = format!("{}}}", &line[..line.len() - t.len()]);
            let end = lines[i + 1..].iter().position(|l| *l == close);
            if let Some(len) = end.filter(|&len| len + 2 > XTASK_FN_LINES) {
                out.push(format!(
                    "{}:{}: a function of {} lines in the command line (at most {XTASK_FN_LINES}): move the behaviour into a library crate",
                    path.display(),
                    i + 1,
                    len + 2
                ));
            }
        }
    }
    out
}

/// Where Rust may name a documented operation or one of its fields: the auth schemes (the
/// contract's registry, the runner's and the stub's `auth/`), the stub's named rule hooks and the
/// test support (`conformance-testkit`, which adds the sixth operation).
fn may_name_operations(path: &Path) -> bool {
    let p = path.to_string_lossy().replace('\\', "/");
    p.ends_with("crates/contract/src/scheme.rs")
        || p.contains("/src/auth/")
        || p.contains("crates/stub/src/hooks/")
        // test support, a dev-dependency only: it names the test operation it adds
        || p.contains("crates/testkit/src/")
}

/// What the fixtures name that no generic code should: vendors, operations, path parameters and
/// request members, where the name is distinctive (a `-`, a `_` or an inner capital; six
/// characters or more).
fn operation_words(fixtures: &Path) -> BTreeSet<String> {
    fn members(schema: &Value, out: &mut BTreeSet<String>) {
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                out.insert(k.clone());
                members(v, out);
            }
        }
        for k in ["items", "then", "else"] {
            if let Some(v) = schema.get(k) {
                members(v, out);
            }
        }
        for k in ["allOf", "anyOf", "oneOf"] {
            for v in schema.get(k).and_then(Value::as_array).into_iter().flatten() {
                members(v, out);
            }
        }
    }
    let mut words = BTreeSet::new();
    for vendor in std::fs::read_dir(fixtures).expect("fixtures").flatten().filter(|e| e.path().is_dir()) {
        for f in std::fs::read_dir(vendor.path()).expect("a vendor folder").flatten() {
            let Ok(c) = serde_json::from_str::<Value>(&std::fs::read_to_string(f.path()).unwrap_or_default()) else {
                continue;
            };
            for k in ["vendor", "operation"] {
                words.extend(c[k].as_str().map(String::from));
            }
            for p in c["path_params"].as_array().into_iter().flatten() {
                words.extend(p["name"].as_str().map(String::from));
            }
            members(&c["request"]["schema"], &mut words);
        }
    }
    let distinctive = |w: &String| {
        w.len() >= 6
            && (w.contains(['-', '_'])
                || w.as_bytes().windows(2).any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase()))
    };
    words.into_iter().filter(distinctive).collect()
}

/// Whether byte `at` of `line` is inside a string literal: after an odd number of quotes that
/// no backslash escapes. Rust names a fixture's operation or field in a string (a key, a JSON
/// pointer, an id); an identifier of the same spelling (`dry_run`, a flag of the runner) is the
/// harness's own word.
fn in_string(line: &str, at: usize) -> bool {
    let bytes = line.as_bytes();
    let quotes = (0..at).filter(|&i| bytes[i] == b'"' && (i == 0 || bytes[i - 1] != b'\\')).count();
    quotes % 2 == 1
}

/// Code outside the auth schemes and the rule hooks that names what a fixture says, in a
/// string: that knowledge belongs in the fixtures (tests and comments aside).
fn operations_are_data(files: &[(PathBuf, String)], words: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    for (path, text) in files.iter().filter(|(p, _)| p.components().any(|c| c.as_os_str() == "src")) {
        // A `tests.rs` beside a module is its `#[cfg(test)] mod tests;`: tests may name them.
        if may_name_operations(path) || path.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (i, line) in code.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
            let found = words.iter().find(|w| {
                line.match_indices(w.as_str()).any(|(at, _)| {
                    let before = line[..at].chars().next_back().is_none_or(|c| !is_word(c));
                    let after = line[at + w.len()..].chars().next().is_none_or(|c| !is_word(c));
                    before && after && in_string(line, at)
                })
            });
            if let Some(w) = found {
                out.push(format!(
                    "{}:{}: names `{w}` of a fixture: outside an auth scheme or a rule hook, that belongs in the fixtures",
                    path.display(),
                    i + 1
                ));
            }
        }
    }
    out
}

#[test]
fn the_workspace_keeps_its_architecture_invariants() {
    let crates = crates();
    let files = sources();
    let command_line = [workspace_root().join("xtask"), workspace_root().join("crates/cli")];
    let xtask_files: Vec<_> =
        files.iter().filter(|(p, _)| command_line.iter().any(|dir| p.starts_with(dir))).cloned().collect();
    assert!(xtask_files.iter().any(|(p, _)| p.ends_with("crates/cli/src/run.rs")), "the cli's sources are checked");
    let mut broken = layering(&crates);
    broken.extend(no_http_or_async(&crates, "conformance-contract"));
    broken.extend(module_docs(&files));
    broken.extend(xtask_is_wiring(&xtask_files));
    let words = operation_words(&workspace_root().join("fixtures"));
    assert!(words.contains("postpaid-resize") && words.contains("billingCycle"), "{words:?}");
    broken.extend(operations_are_data(&files, &words));
    broken.extend(crate::cycles::no_circles(&workspace_root()));
    broken.extend(crate::cycles::runner_layers(&workspace_root().join("crates/runner/src")));
    assert!(broken.is_empty(), "architecture invariants broken:\n  {}", broken.join("\n  "));
    assert!(files.len() > 50, "the source walk found only {} files", files.len());
    let read = |name: &str| crates.get(name).filter(|c| c.member).map(|c| c.deps.clone()).unwrap_or_default();
    assert!(
        read("xtask").contains("conformance-cli") && read("conformance-contract").contains("jsonschema"),
        "{crates:?}"
    );
}

fn model(edges: &[(&str, &str)]) -> BTreeMap<String, Crate> {
    let mut out: BTreeMap<String, Crate> = BTreeMap::new();
    for (from, to) in edges {
        out.entry((*to).to_string()).or_default();
        out.entry((*from).to_string()).or_default().deps.insert((*to).to_string());
    }
    for (name, c) in &mut out {
        c.member = name.starts_with("conformance-") || name == "xtask";
    }
    out
}

#[test]
fn a_seeded_upward_dependency_fails_naming_both_crates() {
    let crates = model(&[("conformance-contract", "conformance-runner"), ("conformance-runner", "conformance-stub")]);
    assert_eq!(
        layering(&crates),
        ["conformance-contract (layer 0) depends on conformance-runner (layer 1), which is not below it"]
    );
    let crates = model(&[("conformance-stub", "conformance-testkit"), ("conformance-new", "conformance-contract")]);
    let broken = layering(&crates);
    assert!(broken.iter().any(|b| b.starts_with("conformance-new has no layer")), "{broken:?}");
    assert!(broken.iter().any(|b| b.contains("conformance-testkit, which is test support")), "{broken:?}");
}

#[test]
fn a_seeded_async_dependency_of_the_contract_fails_with_its_path() {
    let crates = model(&[("conformance-contract", "jsonschema"), ("jsonschema", "tokio")]);
    assert_eq!(
        no_http_or_async(&crates, "conformance-contract"),
        [
            "conformance-contract depends on tokio (conformance-contract → jsonschema → tokio): the contract model knows no HTTP and no async"
        ]
    );
}

#[test]
fn a_seeded_file_without_module_doc_and_behaviour_in_xtask_fail() {
    let files = vec![
        (PathBuf::from("crates/x/src/a.rs"), "//! Owns a.\nfn a() {}\n".to_string()),
        (PathBuf::from("crates/x/src/b.rs"), "\n// a comment, not a module doc\nfn b() {}\n".to_string()),
    ];
    assert_eq!(module_docs(&files), ["crates/x/src/b.rs has no module doc (`//!` saying what the file owns)"]);
    let long: String = (0..45).map(|i| format!("    let x{i} = {i};\n")).collect();
    let xtask = vec![(
        PathBuf::from("xtask/src/compat.rs"),
        format!("//! Wiring.\npub fn run() -> ExitCode {{\n{long}    ExitCode::from(3)\n}}\n"),
    )];
    let broken = xtask_is_wiring(&xtask);
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(broken[0].starts_with("xtask/src/compat.rs:2: a function of 48 lines in the command line"), "{broken:?}");
    assert!(broken[1].starts_with("xtask/src/compat.rs:48: an exit code as a number"), "{broken:?}");
    let cli = vec![(PathBuf::from("crates/cli/src/stub.rs"), "//! Wiring.\n    Ok(ExitCode::SUCCESS)\n".to_string())];
    assert_eq!(xtask_is_wiring(&cli), ["crates/cli/src/stub.rs:2: an exit code as a number; use the named constant"]);
}

#[test]
fn a_seeded_operation_name_outside_a_hook_fails_naming_the_line() {
    let words: BTreeSet<String> = ["postpaid-resize", "billingCycle", "dry_run"].map(String::from).into();
    let files = vec![
        (
            PathBuf::from("crates/runner/src/steps/x.rs"),
            "//! Steps.\nlet op = \"huawei-apig/postpaid-resize\";\n".to_string(),
        ),
        (
            PathBuf::from("crates/stub/src/hooks/order_builder.rs"),
            "//! A hook.\nlet c = \"billingCycle\";\n".to_string(),
        ),
        (
            PathBuf::from("crates/stub/src/engine.rs"),
            "//! No.\n// billingCycle in a comment\nlet b = \"billingCycles\";\n".to_string(),
        ),
        (PathBuf::from("crates/stub/src/x.rs"), "//! Tests.\n#[cfg(test)]\nlet c = \"billingCycle\";\n".to_string()),
        (
            PathBuf::from("crates/cli/src/run.rs"),
            "//! A flag of the same spelling.\nlet dry_run = opts.dry_run;\nlet p = \"/dry_run\";\n".to_string(),
        ),
    ];
    assert_eq!(
        operations_are_data(&files, &words),
        [
            "crates/runner/src/steps/x.rs:2: names `postpaid-resize` of a fixture: outside an auth scheme or a rule hook, that belongs in the fixtures",
            "crates/cli/src/run.rs:3: names `dry_run` of a fixture: outside an auth scheme or a rule hook, that belongs in the fixtures"
        ]
    );
}
