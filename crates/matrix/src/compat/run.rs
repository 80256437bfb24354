//! Running the suite against each target in turn: `NAME=URL[,profile=FILE]` specs
//! ([`TargetSpec`]; the URL `stub` or `embedded` is the bundled stub with its own profile),
//! one quiet run each, one progress line per target, and a [`TargetRun`] per target — a
//! target that could not run at all is recorded with the reason, and the others still run.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use conformance_contract::{Contracts, Profile, Redactor};
use conformance_runner::{Report, RunOptions};
use conformance_stub::StubConfig;

use super::Score;

/// Where a target is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetUrl {
    /// The bundled stub, started in-process with its own profile.
    EmbeddedStub,
    /// An implementation at this base URL.
    Url(String),
}

/// One `--target NAME=URL[,profile=FILE]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetSpec {
    /// The column name: letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// The target.
    pub url: TargetUrl,
    /// Its profile (TOML); only for a URL target.
    pub profile: Option<PathBuf>,
}

impl FromStr for TargetSpec {
    type Err = String;

    /// Parses `NAME=URL[,profile=FILE]`; the URL `stub` or `embedded` is the bundled stub.
    fn from_str(s: &str) -> Result<Self, String> {
        let usage = "expected NAME=URL[,profile=FILE] (URL `stub` for the bundled stub)";
        let (name, rest) = s.split_once('=').ok_or_else(|| format!("no `=`; {usage}"))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("the target name is empty; {usage}"));
        }
        if let Some(bad) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))) {
            return Err(format!("the target name `{name}` has `{bad}`; use letters, digits, `.`, `_` and `-`"));
        }
        let mut parts = rest.split(',');
        let url = parts.next().unwrap_or("").trim();
        let mut profile = None;
        for option in parts {
            match option.trim().split_once('=') {
                Some(("profile", file)) if !file.trim().is_empty() => {
                    if profile.replace(PathBuf::from(file.trim())).is_some() {
                        return Err("`profile=` is given twice".to_string());
                    }
                }
                Some(("profile", _)) => return Err("`profile=` names no file".to_string()),
                _ => return Err(format!("unknown option `{option}`; {usage}")),
            }
        }
        let url = match url {
            "" => return Err(format!("the URL is empty; {usage}")),
            "stub" | "embedded" => {
                if profile.is_some() {
                    return Err(
                        "the bundled stub uses its own profile; `profile=` is only for a URL target".to_string()
                    );
                }
                TargetUrl::EmbeddedStub
            }
            u => {
                conformance_runner::base_url::check(u).map_err(|e| format!("{e}; {usage}"))?;
                TargetUrl::Url(u.to_string())
            }
        };
        Ok(TargetSpec { name: name.to_string(), url, profile })
    }
}

/// `Err` naming the first target name given twice.
pub fn check_unique_names(specs: &[TargetSpec]) -> Result<(), String> {
    for (i, s) in specs.iter().enumerate() {
        if specs[..i].iter().any(|o| o.name == s.name) {
            return Err(format!("the target name `{}` is given twice; each column needs its own name", s.name));
        }
    }
    Ok(())
}

/// The suite's outcome on one target.
#[derive(Debug, Clone)]
pub struct TargetRun {
    /// The column name.
    pub name: String,
    /// What it is, for people: its base URL or `embedded stub`.
    pub url: String,
    /// The report, or why the suite could not run there (already redacted).
    pub result: Result<Report, String>,
    /// The target's secrets, redacted from everything rendered.
    pub secrets: Vec<String>,
}

/// Runs the suite against each target in turn, with `template`'s features, fixtures, tags,
/// timeout and concurrency (its target fields, report files and output settings are
/// replaced: each run is quiet, its summary captured). `progress` gets one line as each
/// target starts and one as it ends.
pub async fn run_targets(
    specs: &[TargetSpec],
    template: &RunOptions,
    progress: &mut dyn FnMut(&str),
) -> Vec<TargetRun> {
    let mut runs = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let tag = format!("[{}/{}] {}", i + 1, specs.len(), spec.name);
        let mut opts = RunOptions {
            junit: None,
            json: None,
            quiet: true,
            capture: Some(Arc::new(Mutex::new(String::new()))),
            ..template.clone()
        };
        let (url, secrets) = match &spec.url {
            TargetUrl::EmbeddedStub => {
                // Fixed secrets, so the matrix knows what to redact before the runner starts it.
                let config = template.stub_config.clone().unwrap_or_else(|| StubConfig {
                    fixtures_dir: template.fixtures_dir.clone(),
                    ..StubConfig::deterministic()
                });
                let secrets = conformance_stub::StubCore::new(config.clone()).map(|c| c.secrets()).unwrap_or_default();
                (opts.base_url, opts.profile, opts.stub_config) = (None, None, Some(config));
                ("embedded stub".to_string(), secrets)
            }
            TargetUrl::Url(url) => {
                let schema = Contracts::load(&template.fixtures_dir).map(|c| c.keys().clone()).unwrap_or_default();
                let secrets = spec.profile.as_deref().and_then(|p| Profile::load(p, &schema).ok()).map(|p| p.secrets());
                (opts.base_url, opts.profile, opts.stub_config) = (Some(url.clone()), spec.profile.clone(), None);
                (url.clone(), secrets.unwrap_or_default())
            }
        };
        let redactor = Redactor::new(secrets.iter().cloned());
        let shown = match &spec.url {
            TargetUrl::EmbeddedStub => "the embedded stub".to_string(),
            TargetUrl::Url(_) => redactor.text(&crate::text::hide_userinfo(&url)),
        };
        progress(&format!("{tag}: running the suite against {shown}…"));
        let start = Instant::now();
        let result = conformance_runner::run(opts).await.map_err(|e| redactor.text(&e.to_string()));
        let took = start.elapsed().as_secs_f64();
        match &result {
            Ok(report) => {
                let counts = report.summary().total;
                let score = Score {
                    passed: counts.passed,
                    failed: counts.failed,
                    errored: counts.errored,
                    skipped: counts.skipped,
                };
                progress(&format!(
                    "{tag}: score {} — {} failed, {} errored, {} skipped ({took:.1}s)",
                    score.display(),
                    score.failed,
                    score.errored,
                    score.skipped
                ));
            }
            Err(reason) => progress(&format!("{tag}: could not run: {reason}")),
        }
        runs.push(TargetRun { name: spec.name.clone(), url, result, secrets });
    }
    runs
}

/// [`run_targets`] on a runtime of its own, for callers that are not async; `Err` when the
/// runtime cannot start.
pub fn run_targets_blocking(
    specs: &[TargetSpec],
    template: &RunOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<TargetRun>, String> {
    Ok(crate::runtime()?.block_on(run_targets(specs, template, progress)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<TargetSpec, String> {
        s.parse()
    }

    #[test]
    fn parses_urls_profiles_and_the_stub() {
        assert_eq!(
            parse("acme=https://api.acme.test/v1,profile=acme.toml"),
            Ok(TargetSpec {
                name: "acme".into(),
                url: TargetUrl::Url("https://api.acme.test/v1".into()),
                profile: Some("acme.toml".into())
            })
        );
        assert_eq!(parse("ref=stub").map(|t| t.url), Ok(TargetUrl::EmbeddedStub));
        assert_eq!(parse("ref=embedded").map(|t| t.url), Ok(TargetUrl::EmbeddedStub));
        assert_eq!(parse("x=http://127.0.0.1:8080").map(|t| t.profile), Ok(None));
    }

    #[test]
    fn malformed_values_say_what_is_wrong() {
        for (value, expected) in [
            ("acme", "no `=`"),
            ("=http://x.test", "name is empty"),
            ("a b=http://x.test", "has ` `"),
            ("acme=", "URL is empty"),
            ("acme=ftp://x.test", "must be http:// or https://"),
            ("acme=http://x.test,profile=", "names no file"),
            ("acme=http://x.test,colour=red", "unknown option `colour=red`"),
            ("acme=http://x.test,profile=a,profile=b", "given twice"),
            ("ref=stub,profile=p.toml", "its own profile"),
        ] {
            let err = parse(value).expect_err(value);
            assert!(err.contains(expected), "{value}: {err}");
        }
    }

    #[test]
    fn names_must_be_unique() {
        let specs: Vec<TargetSpec> =
            ["a=stub", "b=stub", "a=http://x.test"].iter().map(|s| parse(s).expect(s)).collect();
        assert!(check_unique_names(&specs[..2]).is_ok());
        assert!(check_unique_names(&specs).expect_err("dup").contains("`a` is given twice"));
    }
}
