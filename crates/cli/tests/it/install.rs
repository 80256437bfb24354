//! `cargo install --path crates/cli --locked` into a temporary root, then the installed
//! `conformance` run from a temporary folder outside the repository: the suite it carries
//! passes against the bundled stub, `stub` serves it (the suite run against it passes too, and
//! Ctrl-C stops it), `openapi` and `compat` write where they are told (or under the current
//! folder), a bad value is a usage error (2), an overriding folder is used (a missing one is
//! 3), and the carried suite's temporary folder is removed after every command.
//!
//! To stay fast the install is a `--debug` build into the workspace's own target folder, so it
//! reuses what `cargo test` has just built: 3 s to install, about 5 s for the whole test (9 s
//! on the loaded 2-core machine). The first time after a clean `cargo test --workspace` it
//! compiles 20 crates whose features differ when one package is resolved alone (34 s there; see
//! the README). It still fails when the install or any run fails.

#![allow(clippy::expect_used)]

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use tempfile::TempDir;

/// The target folder this test binary was built in (…/target/debug/deps/it-… → …/target).
fn target_dir() -> PathBuf {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_conformance"));
    exe.ancestors().nth(2).expect("…/target/debug/conformance").to_path_buf()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Installs the binary into `root` and returns its path.
fn install(root: &Path) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let o = Command::new(cargo)
        .args(["install", "--locked", "--debug", "--path"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--root")
        .arg(root)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs");
    assert!(o.status.success(), "cargo install failed ({}):\n{}", o.status, text(&o));
    let bin = root.join("bin").join(format!("conformance{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.is_file(), "{} not installed:\n{}", bin.display(), text(&o));
    bin
}

/// A user in `cwd` with a private temporary folder `tmp` (to see what is left in it).
struct User {
    bin: PathBuf,
    cwd: TempDir,
    tmp: TempDir,
}

impl User {
    fn run(&self, args: &[&str]) -> (i32, String) {
        let o = Command::new(&self.bin)
            .args(args)
            .current_dir(self.cwd.path())
            .env("TMPDIR", self.tmp.path())
            .output()
            .expect("the installed binary runs");
        let left: Vec<_> = std::fs::read_dir(self.tmp.path()).expect("tmp").flatten().map(|e| e.path()).collect();
        assert!(left.is_empty(), "`conformance {}` left {left:?} behind", args.join(" "));
        (o.status.code().expect("exited"), text(&o))
    }
}

/// The standalone stub, stopped (killed) if the test ends early.
struct Stub(Child);

impl Drop for Stub {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `conformance stub --port 0`: the suite against it passes with the profile it prints, and
/// Ctrl-C (SIGINT) stops it with exit 0 and its temporary folder removed.
#[cfg(unix)]
fn stub_serves_the_carried_contracts(user: &User) {
    let tmp = TempDir::new().expect("the stub's temporary folder");
    let mut stub = Stub(
        Command::new(&user.bin)
            .args(["stub", "--port", "0"])
            .current_dir(user.cwd.path())
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the stub starts"),
    );
    // Its stdout is the profile alone, its first line naming the base URL; the whole profile is
    // also at the admin API, read here since stdout stays open while it serves.
    let mut lines = BufReader::new(stub.0.stdout.take().expect("piped")).lines().map_while(Result::ok);
    let first = lines.next().unwrap_or_default();
    let url = first.split("--base-url ").nth(1).and_then(|r| r.split_whitespace().next());
    let url = url.expect("the profile's first line names the base URL").to_string();
    let profile = http_get(&url, "/__stub/profile");
    assert!(profile.contains(&format!("base_url = \"{url}\"")), "{profile}");
    std::fs::write(user.cwd.path().join("stub.toml"), profile).expect("write the profile");

    let (code, out) = user.run(&["run", "--quiet", "--base-url", &url, "--profile", "stub.toml"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Result: PASSED") && !out.contains("(embedded stub)"), "{out}");

    let sent = Command::new("kill").args(["-INT", &stub.0.id().to_string()]).status().expect("kill runs");
    assert!(sent.success());
    let status = stub.0.wait().expect("the stub stops");
    assert!(status.success(), "the stub ended with {status}");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).expect("tmp").flatten().map(|e| e.path()).collect();
    assert!(left.is_empty(), "the stub left {left:?} behind");
}

/// The body of `GET {base}{path}`, by hand (HTTP/1.0: the server closes after answering).
#[cfg(unix)]
fn http_get(base: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let authority = base.trim_start_matches("http://");
    let mut c = std::net::TcpStream::connect(authority).expect("the stub listens");
    write!(c, "GET {path} HTTP/1.0\r\nHost: {authority}\r\n\r\n").expect("the request is sent");
    let mut answer = String::new();
    c.read_to_string(&mut answer).expect("the answer is read");
    answer.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default()
}

#[test]
fn the_installed_binary_runs_the_suite_from_outside_the_repository() {
    let start = std::time::Instant::now();
    let root = TempDir::new().expect("a temporary root");
    let user = User {
        bin: install(root.path()),
        cwd: TempDir::new().expect("a working folder"),
        tmp: TempDir::new().expect("a temporary folder"),
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("the workspace");
    assert!(!user.cwd.path().starts_with(repo), "{} is inside the repository", user.cwd.path().display());
    eprintln!("installed in {:.1} s", start.elapsed().as_secs_f64());

    let (code, out) = user.run(&["run", "--quiet"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("(embedded stub)") && out.contains("Result: PASSED"), "{out}");
    let total = out.lines().find(|l| l.trim_start().starts_with("total")).expect("a total line");
    assert!(total.split_whitespace().nth(1).is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n > 0)), "{out}");

    let (code, out) = user.run(&["openapi", "--out", "spec/openapi.json"]);
    assert_eq!(code, 0, "{out}");
    let spec = std::fs::read_to_string(user.cwd.path().join("spec/openapi.json")).expect("the document");
    assert!(spec.contains("\"openapi\": \"3.1"), "{spec:.200}");
    let (code, out) = user.run(&["openapi"]);
    assert_eq!(code, 0, "{out}");
    assert!(user.cwd.path().join("openapi/openapi.json").is_file(), "{out}");

    let (code, out) = user.run(&["compat", "--target", "ref=stub", "--tags", "@huawei-apig"]);
    assert_eq!(code, 0, "{out}");
    assert!(user.cwd.path().join("compat/compat.md").is_file(), "{out}");

    for bad in [&["run", "--timeout", "0"][..], &["run", "--shard", "3/2"], &["frobnicate"]] {
        let (code, out) = user.run(bad);
        assert_eq!(code, 2, "{bad:?}: {out}");
    }
    #[cfg(unix)]
    stub_serves_the_carried_contracts(&user);

    let (code, out) = user.run(&["run", "--fixtures", "no-such-fixtures"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("no-such-fixtures"), "{out}");
    eprintln!("install and runs took {:.1} s", start.elapsed().as_secs_f64());
}
