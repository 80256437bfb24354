//! A peer beside the suite: Schemathesis, run on the same stub modes, so the strength tables
//! show both. [`Schemathesis`] is the pinned binary with the repository's run settings (its
//! config file: seed, examples, workers, no database), run against the OpenAPI export as
//! `ci/schemathesis.sh` runs it; [`Schemathesis::check`] starts a fresh standalone stub in the
//! mode, writes the run's config (those settings followed by the per-operation settings and
//! credentials `conformance_openapi::schemathesis` derives from the fixtures and the stub's
//! profile), and reads its JUnit report: a clean run, or its findings with the first one in
//! words. Its findings are information: the exit code of the strength check stays the suite's own.

use std::io::BufRead as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use conformance_contract::Redactor;
use conformance_stub::StubConfig;
use quick_xml::events::Event;

use crate::text::truncate;

/// At most this long for one Schemathesis run, as `ci/schemathesis.sh` allows it.
pub const PEER_TIMEOUT: Duration = Duration::from_secs(120);

/// The peer's binary and how it is run.
#[derive(Debug, Clone)]
pub struct Schemathesis {
    /// The `schemathesis` executable.
    pub binary: PathBuf,
    /// Its version, as `--version` says it (`4.32.5`).
    pub version: String,
    /// The run settings (`ci/schemathesis.toml`), which every run's config begins with.
    pub config: PathBuf,
    /// The OpenAPI export of the fixtures (`cargo xtask openapi`).
    pub openapi: PathBuf,
    /// Its working folder: its reports and Hypothesis's folder go here, nothing in the tree.
    pub work: PathBuf,
    /// At most this long per run.
    pub timeout: Duration,
}

/// What the peer made of one mode of the stub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerVerdict {
    /// No failure: it found nothing.
    Clean,
    /// It reported failures.
    Found {
        /// How many operations failed a check.
        operations: usize,
        /// The first, in words: the operation, the check and what it received.
        first: String,
    },
    /// It did not run to the end (no binary, a crash, over its time).
    CouldNotRun {
        /// Why, in words.
        reason: String,
    },
}

impl PeerVerdict {
    /// True when it reported a failure.
    pub fn found(&self) -> bool {
        matches!(self, PeerVerdict::Found { .. })
    }
}

impl Schemathesis {
    /// The peer at `binary`, with its version asked for; `Err` says what is missing.
    pub fn locate(binary: &Path, config: &Path, openapi: &Path, work: &Path) -> Result<Schemathesis, String> {
        if !binary.is_file() {
            return Err(format!(
                "Schemathesis is not at {}: run .ci/run once (it makes the virtualenv target/ci/venv with the pinned \
                 version), or give the binary with --schemathesis BIN",
                binary.display()
            ));
        }
        if !config.is_file() {
            return Err(format!("the Schemathesis settings {} are missing", config.display()));
        }
        let out = std::process::Command::new(binary)
            .arg("--version")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let said = String::from_utf8_lossy(&out.stdout);
        let version = said.trim().rsplit(' ').next().unwrap_or_default().to_string();
        if !out.status.success() || version.is_empty() {
            return Err(format!("{} --version did not say its version: {}", binary.display(), said.trim()));
        }
        Ok(Schemathesis {
            binary: binary.to_path_buf(),
            version,
            config: config.to_path_buf(),
            openapi: openapi.to_path_buf(),
            work: work.to_path_buf(),
            timeout: PEER_TIMEOUT,
        })
    }

    /// Runs it against a fresh standalone stub of `config` (in its mode); `label` names the
    /// run's files under the working folder. Every text it returns is redacted.
    pub async fn check(&self, config: &StubConfig, label: &str) -> PeerVerdict {
        let addr = SocketAddr::from(([127, 0, 0, 1], 0));
        let handle = match conformance_stub::serve(config.clone(), addr).await {
            Ok(h) => h,
            Err(e) => return PeerVerdict::CouldNotRun { reason: format!("the stub did not start: {e}") },
        };
        let redactor = Redactor::new(handle.secrets());
        let verdict = match conformance_openapi::schemathesis::settings(handle.core().contracts(), &handle.profile()) {
            Ok(settings) => self.run(&handle.base_url(), &settings, label).await,
            Err(e) => PeerVerdict::CouldNotRun { reason: format!("the Schemathesis settings: {e}") },
        };
        handle.shutdown().await;
        match verdict {
            PeerVerdict::Found { operations, first } => PeerVerdict::Found { operations, first: redactor.text(&first) },
            PeerVerdict::CouldNotRun { reason } => PeerVerdict::CouldNotRun { reason: redactor.text(&reason) },
            PeerVerdict::Clean => PeerVerdict::Clean,
        }
    }

    /// One run against `base`, its config the run settings followed by `settings`.
    async fn run(&self, base: &str, settings: &str, label: &str) -> PeerVerdict {
        let dir = absolute(&self.work.join(safe(label)));
        if let Err(e) = std::fs::create_dir_all(&dir) {
            return PeerVerdict::CouldNotRun { reason: format!("cannot create {}: {e}", dir.display()) };
        }
        let junit = dir.join("junit.xml");
        let _ = std::fs::remove_file(&junit);
        let config = dir.join("schemathesis.toml");
        let written = std::fs::read_to_string(&self.config)
            .map_err(|e| format!("cannot read {}: {e}", self.config.display()))
            .and_then(|base| {
                std::fs::write(&config, base + settings).map_err(|e| format!("cannot write {}: {e}", config.display()))
            });
        if let Err(reason) = written {
            return PeerVerdict::CouldNotRun { reason };
        }
        let openapi = absolute(&self.openapi);
        let mut cmd = tokio::process::Command::new(&self.binary);
        cmd.arg("--config-file")
            .arg(&config)
            .arg("run")
            .arg(&openapi)
            .args(["--url", base, "--report", "junit", "--report-junit-path"])
            .arg(&junit)
            .arg("--no-color")
            .current_dir(&dir)
            .env("HYPOTHESIS_STORAGE_DIRECTORY", dir.join("hypothesis"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                return PeerVerdict::CouldNotRun { reason: format!("cannot start {}: {e}", self.binary.display()) };
            }
        };
        let out = match tokio::time::timeout(self.timeout, child.wait_with_output()).await {
            Ok(Ok(out)) => out,
            Ok(Err(e)) => return PeerVerdict::CouldNotRun { reason: format!("Schemathesis: {e}") },
            Err(_) => {
                return PeerVerdict::CouldNotRun { reason: format!("ran over its {} s", self.timeout.as_secs()) };
            }
        };
        let _ = std::fs::write(dir.join("output.txt"), [&out.stdout[..], &out.stderr[..]].concat());
        match (out.status.code(), std::fs::read_to_string(&junit)) {
            (Some(0), _) => PeerVerdict::Clean,
            (_, Ok(xml)) => match findings(&xml) {
                Ok((0, _)) | Err(_) => PeerVerdict::CouldNotRun { reason: tail(&out.stdout, &out.status) },
                Ok((operations, first)) => PeerVerdict::Found { operations, first },
            },
            (_, Err(_)) => PeerVerdict::CouldNotRun { reason: tail(&out.stdout, &out.status) },
        }
    }
}

/// A folder name for `label`.
fn safe(label: &str) -> String {
    label.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect()
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The last line of its output that says something, for a run that found nothing it could
/// report and still failed.
fn tail(stdout: &[u8], status: &std::process::ExitStatus) -> String {
    let last = stdout.lines().map_while(Result::ok).filter(|l| !l.trim().is_empty()).last().unwrap_or_default();
    truncate(&format!("exit {}: {}", status.code().map_or("signal".into(), |c| c.to_string()), last.trim()), 200)
}

/// From Schemathesis's JUnit report: how many operations have a `<failure>` or `<error>`,
/// and the first in words (`POST /path: ST103 Undocumented status code; Received: 200`).
pub fn findings(xml: &str) -> Result<(usize, String), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut case = String::new();
    let mut inside: Option<String> = None;
    let mut body = String::new();
    let mut count = 0;
    let mut first = None;
    loop {
        match reader.read_event().map_err(|e| format!("the JUnit report is not XML: {e}"))? {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testcase" => {
                case = attribute(&e, b"name").unwrap_or_default();
            }
            Event::Start(e) if matches!(e.name().as_ref(), b"failure" | b"error") => {
                inside = Some(attribute(&e, b"message").unwrap_or_default());
                body.clear();
            }
            Event::Empty(e) if matches!(e.name().as_ref(), b"failure" | b"error") => {
                count += 1;
                first.get_or_insert_with(|| describe(&case, &attribute(&e, b"message").unwrap_or_default(), ""));
            }
            Event::Text(t) if inside.is_some() => body.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) if inside.is_some() => {
                let name = r.decode().map_err(|e| e.to_string())?;
                body.push_str(match name.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::CData(t) if inside.is_some() => body.push_str(&String::from_utf8_lossy(&t)),
            Event::End(e) if matches!(e.name().as_ref(), b"failure" | b"error") => {
                if let Some(message) = inside.take() {
                    count += 1;
                    first.get_or_insert_with(|| describe(&case, &message, &body));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((count, first.unwrap_or_default()))
}

fn attribute(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(String::from)
}

/// `case: the first check's title; its first line of detail`.
fn describe(case: &str, message: &str, body: &str) -> String {
    let mut lines = body.lines().map(str::trim);
    let check = lines.by_ref().find_map(|l| l.strip_prefix("- ")).unwrap_or(message).to_string();
    let detail = lines.find(|l| !l.is_empty() && !l.starts_with('[') && !l.starts_with("- ")).unwrap_or("");
    let said = if detail.is_empty() { check } else { format!("{check}; {detail}") };
    truncate(&format!("{case}: {said}"), 300)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_first_finding_names_the_operation_the_check_and_what_came() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites errors="0" failures="2" tests="3"><testsuite name="schemathesis">
  <testcase name="POST /orders" time="1.0" />
  <testcase name="POST /v2/{project_id}/resize" time="0.4">
    <failure type="failure" message="ST103">1. Test Case ID: AL0gIa

- ST103 Undocumented status code

    Received: 200
    Documented: 202, 401

[200] OK:

    `{&quot;a&quot;:1}`</failure>
  </testcase>
  <testcase name="PUT /x"><error type="error" message="boom" /></testcase>
</testsuite></testsuites>"#;
        let (n, first) = findings(xml).expect("parsed");
        assert_eq!(n, 2);
        assert_eq!(first, "POST /v2/{project_id}/resize: ST103 Undocumented status code; Received: 200");
        assert_eq!(findings("<testsuites><testsuite/></testsuites>"), Ok((0, String::new())));
        assert!(findings("<testsuites><a></b>").is_err());
    }

    #[test]
    fn a_missing_binary_is_a_clear_error() {
        let e =
            Schemathesis::locate(Path::new("/no/such/schemathesis"), Path::new("x"), Path::new("y"), Path::new("z"))
                .unwrap_err();
        assert!(
            e.contains("/no/such/schemathesis") && e.contains("--schemathesis BIN") && e.contains(".ci/run"),
            "{e}"
        );
    }
}
