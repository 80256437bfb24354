//! The flags more than one command takes, and every value check, written once: the folders
//! (`--features`, `--fixtures`), the request settings (`--tags`, `--timeout`, `--insecure`), and
//! the parsers clap calls for a value (`seconds`, `tag_expression`, `percent`, …, and
//! [`BaseUrl`]). A value that does not parse is a usage error (exit 2), with the reason.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::Duration;

use conformance_matrix::compat::TargetSpec;
use conformance_runner::ci::shard::Shard;
use conformance_runner::{Effect, RunOptions, plan::parse_tags};

use crate::Folders;

/// `--fixtures DIR`, for every command that reads the contracts.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Fixtures {
    /// The fixtures folder (default: the workspace's `fixtures/`; the installed `conformance`
    /// binary: the copy it carries).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
}

impl Fixtures {
    /// The folder given, else the caller's default.
    pub fn or(&self, folders: &Folders) -> PathBuf {
        self.fixtures.clone().unwrap_or_else(|| folders.fixtures.clone())
    }
}

/// `--features DIR`, for the commands that write or read the features alone.
#[derive(Debug, Clone, clap::Args)]
pub struct Features {
    /// The features folder (default: the workspace's `features/`).
    #[arg(long = "features", value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl Features {
    /// The folder given, else the caller's default.
    pub fn or(&self, folders: &Folders) -> PathBuf {
        self.dir.clone().unwrap_or_else(|| folders.features.clone())
    }
}

/// `--features DIR` and `--fixtures DIR`, for the commands that run the suite.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Suite {
    /// The features folder (default: the workspace's `features/`; the installed `conformance`
    /// binary: the copy it carries).
    #[arg(long, value_name = "DIR")]
    pub features: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: clap shows the field's own flag doc")]
    pub fixtures: Fixtures,
}

impl Suite {
    /// Points `opts` at the folders given, else at the caller's defaults. Failure locations name
    /// a `--features DIR` as given, and the default folder (the workspace's, or the copy the
    /// binary carries) `features`.
    pub fn apply(&self, folders: &Folders, opts: &mut RunOptions) {
        opts.features_dir = self.features.clone().unwrap_or_else(|| folders.features.clone());
        opts.features_label = if self.features.is_some() { None } else { Some("features".into()) };
        opts.fixtures_dir = self.fixtures.or(folders);
    }
}

/// `--tags`, `--timeout` and `--insecure`: which scenarios, and how every request is made.
#[derive(Debug, Clone, clap::Args)]
pub struct Requests {
    /// Cucumber tag expression selecting scenarios, e.g. `@huawei-apig and not @status-500`.
    #[arg(long, value_name = "EXPR", value_parser = tag_expression)]
    pub tags: Option<String>,
    /// Timeout of every request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = conformance_runner::DEFAULT_TIMEOUT.as_secs_f64(),
          value_parser = seconds)]
    pub timeout: f64,
    /// Accept invalid TLS certificates.
    #[arg(long)]
    pub insecure: bool,
    /// Also trust the certificate authorities in this PEM file (a private CA), beside the
    /// platform's.
    #[arg(long, value_name = "FILE", conflicts_with = "insecure")]
    pub cacert: Option<PathBuf>,
}

impl Requests {
    /// Sets the selection, the timeout and the TLS setting of `opts`.
    pub fn apply(&self, opts: &mut RunOptions) {
        opts.tags.clone_from(&self.tags);
        opts.timeout = Duration::from_secs_f64(self.timeout);
        opts.insecure = self.insecure;
        opts.cacert.clone_from(&self.cacert);
    }
}

/// `--base-url URL`, checked by `conformance_runner::base_url::check` before anything is sent:
/// credentials, a query or a fragment are refused, a missing scheme gets the fix. Unlike a plain
/// value parser, whose error clap prints after the value itself, the error never repeats the
/// value, which may hold a password.
#[derive(Debug, Clone, Copy)]
pub struct BaseUrl;

impl clap::builder::TypedValueParser for BaseUrl {
    type Value = String;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<String, clap::Error> {
        let flag = arg.map_or_else(|| "--base-url <URL>".to_string(), ToString::to_string);
        let refused = |why: &dyn std::fmt::Display| {
            let message = format!("invalid value for '{flag}': {why}\n");
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, message).with_cmd(cmd)
        };
        let url = value.to_str().ok_or_else(|| refused(&"the base URL is not UTF-8"))?;
        conformance_runner::base_url::check(url).map_err(|e| refused(&e))?;
        Ok(url.to_string())
    }
}

/// A cucumber tag expression, checked now so that a bad one is a usage error.
pub fn tag_expression(s: &str) -> Result<String, String> {
    parse_tags(s).map(|_| s.to_string()).map_err(|e| e.to_string())
}

/// A positive, finite number of seconds.
pub fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("{s:?} is not a positive number of seconds")),
    }
}

/// A whole number of at least 1.
pub fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("{s:?} is not a whole number of at least 1")),
    }
}

/// A percentage from 0 to 100, with or without the `%`.
pub fn percent(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?} is not a percentage from 0 to 100")),
    }
}

/// `K/N`, a shard of the scenarios.
pub fn shard(s: &str) -> Result<Shard, String> {
    s.parse::<Shard>()
}

/// An effect class: `changes` or `billable`.
pub fn effect(s: &str) -> Result<Effect, String> {
    s.parse::<Effect>()
}

/// A compat target: `NAME=URL[,profile=FILE]`.
pub fn target(s: &str) -> Result<TargetSpec, String> {
    s.parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_out_of_range_are_refused_with_the_value() {
        assert_eq!(seconds("2.5"), Ok(2.5));
        for bad in ["0", "-1", "inf", "NaN", "soon"] {
            assert!(seconds(bad).is_err_and(|e| e.contains(bad)), "{bad}");
        }
        assert_eq!(at_least_one("3"), Ok(3));
        assert!(at_least_one("0").is_err());
        assert_eq!(percent("80%"), Ok(80.0));
        assert!(percent("101").is_err());
        assert!(percent("-1").is_err());
    }

    #[test]
    fn a_bad_tag_expression_or_name_is_refused_with_the_choices() {
        assert_eq!(tag_expression("@a and not @b").as_deref(), Ok("@a and not @b"));
        assert!(tag_expression("@a and").is_err());
    }
}
