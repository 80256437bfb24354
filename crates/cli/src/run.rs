//! `conformance run` (and `cargo xtask conformance`): runs the Gherkin suite against a target
//! (or, with no `--base-url`, the bundled stub started in-process with its own profile).
//! Argument parsing only; the behaviour is `conformance_runner::run`.
//!
//! Exit codes: 0 no scenario failed, 1 scenarios failed, 2 usage error (clap's own, a bad
//! `--tags` among them, and one that matches no scenario), 3 could not run (bad profile,
//! unreadable features or fixtures, unreachable target), 4 no scenario ran (every selected one
//! was skipped; a dry run exits 0), or fewer than `--min-ran`. With `--baseline FILE` the gate decides 0 or 1: 1 only for
//! regressions and new failures, still 4 when nothing ran; an unreadable or malformed baseline
//! is 3. A run stopped by SIGINT exits 130, by SIGTERM 143, after setting back what it changed
//! and writing every report (a second signal stops it at once, saying what it left changed).
//!
//! In CI: with `GITHUB_STEP_SUMMARY` set the run appends its Markdown summary there, with
//! `GITHUB_ACTIONS=true` it prints each failure as an `::error` annotation (the runner's
//! `CiEnv`, filled here from the environment).

use std::path::PathBuf;
use std::process::ExitCode;

use conformance_runner::ci::gate::GateMode;
use conformance_runner::ci::shard::Shard;
use conformance_runner::output::github::{CiEnv, escape_data, escape_property};
use conformance_runner::{EXIT_USAGE, Effect, RunOptions};

use crate::Folders;
use crate::flags::{self, Requests, Suite};

/// Options of `conformance run` and `cargo xtask conformance`.
#[derive(Debug, clap::Args)]
#[command(after_help = crate::EXIT_CODES_HELP)]
pub struct Args {
    /// Base URL of the target (`http://` or `https://`, a host and at most a path; no
    /// credentials, query or fragment); without it (and without a profile giving one), the
    /// bundled stub is started in-process and its own profile used.
    #[arg(long, value_name = "URL", value_parser = flags::BaseUrl)]
    pub base_url: Option<String>,
    /// Target profile (TOML): credentials, resource ids, fault control; `${VAR}` is read from
    /// the environment.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: each flag has its own doc")]
    pub requests: Requests,
    /// Write JUnit XML here.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write cucumber JSON here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the run as one self-contained HTML page here (summary bars; failures expand).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write SARIF 2.1.0 here (GitHub code scanning): one result per failed or errored
    /// scenario, at the failing step's feature file and line, under one rule per kind of check.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// Write the run's Markdown summary here (per operation, the failures, the skipped by
    /// reason), as the GitHub job summary shows it when `GITHUB_STEP_SUMMARY` is set.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// At most this many scenarios at once (`@serial` ones run alone).
    #[arg(long, value_name = "N", default_value_t = conformance_runner::DEFAULT_CONCURRENCY, value_parser = flags::at_least_one)]
    pub concurrency: usize,
    /// No progress lines; the summary is still printed.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: each flag has its own doc")]
    pub suite: Suite,
    /// Regression gate: compare with this baseline (JSON, scenario id → passed/failed/skipped)
    /// and exit 1 only on regressions (passed before, failing now) and failures the baseline
    /// does not list as failed; fixed scenarios are reported; a scenario that passed before and
    /// is skipped now is a warning, not a failure. A bad baseline file exits 3.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write this run as the baseline given by --baseline (created if missing; with --tags or
    /// --shard, the scenarios not run keep their entries) and exit 0 unless the run could not run.
    #[arg(long, requires = "baseline")]
    pub update_baseline: bool,
    /// With --baseline: a known failure that now fails for another kind of check or another
    /// reason fails the gate (it is reported as changed either way).
    #[arg(long, requires = "baseline", conflicts_with = "update_baseline")]
    pub strict_gate: bool,
    /// Run shard K of N (1 ≤ K ≤ N): a stable 1/N of the scenarios, by a hash of their ids; the
    /// N shards together run every scenario exactly once. The rest are reported not selected.
    #[arg(long, value_name = "K/N", value_parser = flags::shard)]
    pub shard: Option<Shard>,
    /// Save every exchange (request and response, secrets redacted) as JSON under DIR, with
    /// DIR/index.json (outcomes) and DIR/profile.toml (the profile, redacted).
    #[arg(long, value_name = "DIR", conflicts_with = "replay")]
    pub record: Option<PathBuf>,
    /// Re-judge the exchanges saved by --record DIR offline against the current fixtures: no
    /// stub, no network; a scenario with no recording is skipped. Uses DIR/profile.toml unless
    /// --profile is given.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["base_url", "insecure"])]
    pub replay: Option<PathBuf>,
    /// At most N requests per second across the run (0: no limit). Default: no limit against
    /// the bundled stub or a loopback target, 5 against any other.
    #[arg(long, value_name = "N")]
    pub rate: Option<u32>,
    /// Retry a throttled answer (429, 503, Huawei APIG.0308) up to N times, waiting its
    /// Retry-After or 2–5 s; still throttled, the scenario errors ("throttled").
    #[arg(long, value_name = "N", default_value_t = conformance_runner::Retry::default().retries)]
    pub retries: u32,
    /// Send nothing and open no connection: print each scenario's requests as they would be sent
    /// (secrets redacted, signatures computed); checks are not run (scenarios reported skipped,
    /// "dry run"); exit 0.
    #[arg(long, conflicts_with_all = ["replay", "record", "baseline"])]
    pub dry_run: bool,
    /// Fail the run (exit 4) when fewer scenarios ran than N, or than P% of the selected ones
    /// (`--min-ran 50%`): a run that skipped most of the suite proves little.
    #[arg(long, value_name = "N|P%", value_parser = clap::value_parser!(conformance_runner::thin::MinRan))]
    pub min_ran: Option<conformance_runner::thin::MinRan>,
    /// Fail a check that finds a JSON member the documentation does not show. By default such
    /// members are allowed (real APIs add them) and reported as notes.
    #[arg(long)]
    pub strict_members: bool,
    /// Also run the checks that rest on a judgement of the fixtures, not on the page's words
    /// (an erratum of kind inference, an `x-strict` schema): the docs as the fixtures decided
    /// them, as the bundled stub answers. By default those scenarios are skipped, naming the
    /// erratum.
    #[arg(long)]
    pub strict: bool,
    /// The folder of the vendor pages (the fixtures' `source` files): a failure quotes the
    /// page's words with their line there. Without it the words are quoted without a line.
    #[arg(long, value_name = "DIR")]
    pub pages: Option<PathBuf>,
    /// Also run the scenarios of these effect classes against a real target (added to the
    /// profile's `[safety] allow`): `changes` (resources are changed, at no cost),
    /// `billable` (orders or charges can be created) and `irreversible` (a change that can never
    /// be undone: only this flag allows it, never a profile). The bundled stub allows them all.
    #[arg(long, value_name = "CLASSES", value_delimiter = ',', value_parser = flags::effect)]
    pub allow: Vec<Effect>,
    /// Against a real target, at most N billable requests per resource of the account, the
    /// restore included (over the profile's `[safety] max_billable`; default 2: one change up
    /// and one back). Scenarios past it are skipped, saying so.
    #[arg(long, value_name = "N")]
    pub max_billable: Option<usize>,
    /// At most N resources created under one parent (services added to the order's product; over
    /// the profile's `[safety] max_created`; default 3). Scenarios past it are skipped.
    #[arg(long, value_name = "N")]
    pub max_created: Option<usize>,
    /// Write each change of the account here before it is sent, and mark each restore done
    /// (default with a profile: `target/conformance-journal/<profile>-<hash>.jsonl`). A run that
    /// finds an unfinished one stops before its first request; `restore --journal FILE` sets
    /// back what it names.
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
}

impl Args {
    /// The runner's options: these flags over the runner's defaults, the folders given or else
    /// `folders`.
    pub fn options(&self, folders: &Folders) -> RunOptions {
        let defaults = RunOptions::default();
        let mut opts = RunOptions {
            base_url: self.base_url.clone(),
            profile: self.profile.clone(),
            concurrency: self.concurrency,
            junit: self.junit.clone(),
            json: self.json.clone(),
            html: self.html.clone(),
            sarif: self.sarif.clone(),
            summary: self.summary.clone(),
            quiet: self.quiet,
            shard: self.shard,
            record: self.record.clone(),
            replay: self.replay.clone(),
            rate: self.rate,
            retry: conformance_runner::Retry { retries: self.retries, ..defaults.retry },
            dry_run: self.dry_run,
            min_ran: self.min_ran,
            strict_members: self.strict_members,
            strict: self.strict,
            pages: self.pages.clone(),
            allow: self.allow.clone(),
            max_billable: self.max_billable,
            max_created: self.max_created,
            // The first SIGINT or SIGTERM: nothing new, the restores, every report; a second: at once.
            interrupt: Some(conformance_runner::Interrupt::on_signals()),
            journal: self
                .journal
                .clone()
                .or_else(|| self.profile.as_deref().map(|p| crate::restore::default_journal(folders, p))),
            ..defaults
        };
        self.requests.apply(&mut opts);
        self.suite.apply(folders, &mut opts);
        opts
    }
}

/// Runs the suite; `Err` (exit 3) when it could not run. The CI environment (GitHub's job
/// summary and annotations) is read from this process's variables
/// ([`CiEnv::from_env`]); a run that could not run says so there too, and a gate's verdict is
/// added to the summaries after the run's own.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    let ci = CiEnv::from_env();
    let opts = RunOptions { ci: ci.clone(), ..args.options(folders) };
    let gate = match &args.baseline {
        Some(path) => match GateMode::prepare(path, args.update_baseline) {
            Ok(mode) => Some((path, mode.strict(args.strict_gate))),
            Err(e) => return Err(not_run(&args, &ci, "COULD NOT RUN", &e.to_string())),
        },
        None => None,
    };
    let report = match conformance_runner::run_blocking(opts) {
        Ok(report) => report,
        Err(e @ conformance_runner::RunError::Aborted { .. }) => {
            eprintln!("{e}");
            tell_ci(&args, &ci, "INTERRUPTED", &e.to_string());
            return Ok(ExitCode::from(e.exit_code()));
        }
        Err(e) if e.exit_code() == EXIT_USAGE => {
            eprintln!("error: {e}");
            tell_ci(&args, &ci, "USAGE ERROR", &e.to_string());
            return Ok(ExitCode::from(EXIT_USAGE));
        }
        Err(e) => return Err(not_run(&args, &ci, "COULD NOT RUN", &e.to_string())),
    };
    // An interrupted run is no evidence for the gate: its code, and the baseline left alone.
    let Some((path, mode)) = gate.filter(|_| report.interrupted.is_none()) else {
        return Ok(ExitCode::from(report.exit_code()));
    };
    let (code, text) = mode.finish(path, &report).map_err(|e| not_run(&args, &ci, "COULD NOT RUN", &e.to_string()))?;
    print!("{text}");
    let section = format!("\n### Regression gate\n\n<pre>{}</pre>\n", html_escape::encode_text(text.trim()));
    append_summaries(&args, &ci, &section);
    // The gate judges scenarios; a restore that failed left the account changed: exit 1 still.
    let restore_failed = report.restores().any(|r| r.change == conformance_runner::Change::NotRestored);
    Ok(ExitCode::from(if restore_failed { code.max(conformance_runner::EXIT_FAILED) } else { code }))
}

/// The error of a run that could not run (exit 3), told to the CI first.
fn not_run(args: &Args, ci: &CiEnv, verdict: &str, why: &str) -> anyhow::Error {
    tell_ci(args, ci, verdict, why);
    anyhow::anyhow!("could not run: {why}")
}

/// A run that ended before any report: its verdict and why in the summaries, and an
/// `::error` annotation under GitHub Actions.
fn tell_ci(args: &Args, ci: &CiEnv, verdict: &str, why: &str) {
    let page = format!("## Conformance: {verdict}\n\n<pre>{}</pre>\n", html_escape::encode_text(why.trim()));
    append_summaries(args, ci, &page);
    if ci.annotations {
        let title = format!("conformance: {}", verdict.to_lowercase());
        println!("::error title={}::{}", escape_property(&title), escape_data(why.trim()));
    }
}

/// Adds `text` to `--summary FILE` and to the GitHub job summary; one that cannot be written
/// is a warning.
fn append_summaries(args: &Args, ci: &CiEnv, text: &str) {
    for path in args.summary.iter().chain(&ci.step_summary) {
        let written = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if let Err(e) = written {
            eprintln!("warning: the summary {} could not be written: {e}", path.display());
        }
    }
}
