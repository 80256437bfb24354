//! The conformance runner: runs the Gherkin features in `features/` against any target (or
//! the bundled stub, started in-process) and reports what the target does differently from
//! the vendor docs in `fixtures/`.
//!
//! Pipeline, like nextest: [`plan`] (features parsed at run time, outlines expanded, needs
//! checked against the profile) → cucumber-rs runs the runnable scenarios → a collecting
//! writer turns its events into records → a [`Report`] → reporters ([`output`]: terminal
//! summary, JUnit XML, cucumber JSON). Scenarios whose `@needs-…` the profile does not meet
//! never reach cucumber: they are reported skipped with the reason, never passed or failed.
//! Against a real target, so are the `@effect-changes` / `@effect-billable` scenarios not
//! allowed (`[safety] allow`, [`RunOptions::allow`]) and the `@wrong-ak` ones beyond three
//! ([`plan::Plan::guard`]), and those past the bill's bounds ([`plan::Plan::sequence`]). The
//! scenarios that may change or charge run after the others, one at a time, in plan order; the
//! run knows each resource's values (`tracked`), waits for a change to settle before the next
//! one of the same resource, and at its end sets back what it left changed. The plan
//! ([`summarize`], the sequence) is printed before the first request, and what the run did to
//! the account (the services it added, the resources it set back or could not) is in every
//! output ([`Report::account`], [`account`]).
//!
//! A scenario that does not pass carries a [`Failure`]: the kind of check, a one-line reason,
//! the location (feature file and line), the step and the exchange, as data from the step to
//! every reporter ([`failure`]).
//!
//! # Exit codes
//!
//! | code | meaning |
//! |---|---|
//! | 0 ([`EXIT_OK`]) | every scenario that ran passed (skipped ones do not count) |
//! | 1 ([`EXIT_FAILED`]) | one or more scenarios failed (a check) or errored (a request that could not complete, or the resource it left changed could not be set back) |
//! | 2 ([`EXIT_USAGE`]) | the command line is wrong (clap's own) |
//! | 3 ([`EXIT_COULD_NOT_RUN`]) | the suite could not run: a bad profile, unreadable features or fixtures, a target that did not answer the probe usably |
//! | 4 ([`EXIT_NOTHING_RAN`]) | no scenario ran: every selected one was skipped (a dry run aside) |
//! | 130 / 143 ([`EXIT_INTERRUPTED`], [`EXIT_TERMINATED`]) | a SIGINT / SIGTERM stopped the run ([`interrupt`]): nothing new started, what it changed set back, every output written |
//!
//! A `--tags` that matches no scenario is a usage error ([`RunError::NoScenario`], exit 2)
//! listing the known tags.
//!
//! A request that could not complete mid-run errors its scenario (exit 1) with one
//! [`ErrorClass`]; the README lists them.

pub mod account;
mod auth;
pub mod base_url;
pub mod basis;
pub mod ci;
mod collect;
pub mod coverage;
pub mod docs;
mod error;
mod events;
mod exchange;
mod exit;
pub mod failure;
mod hints;
pub mod interrupt;
mod leftover;
pub mod output;
pub mod plan;
mod preflight;
mod report;
mod request;
mod rests;
mod serial;
pub mod steps;
mod target;
pub mod thin;
mod tracked;
mod transcript;
mod transport;
mod wire;
mod world;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use conformance_contract::{Contracts, Profile, Redacted};
use cucumber::{World as _, WriterExt as _};

pub use conformance_contract::Effect;

pub use crate::account::{AccountChange, Change};
pub use crate::error::RunError;
pub use crate::failure::{Failure, Location, Transcript};
pub use crate::interrupt::{EXIT_INTERRUPTED, EXIT_TERMINATED, Interrupt, Signal};
pub use crate::leftover::{RestoreReport, restore_journal, restore_journal_blocking};
pub use crate::plan::{PlanSummary, summarize};
pub use crate::report::{
    Counts, EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_NOTHING_RAN, EXIT_OK, EXIT_USAGE, FeatureInfo, Outcome, Report,
    ScenarioResult, StepResult, StepStatus, Summary,
};
pub use crate::target::DEFAULT_TIMEOUT;
pub use crate::tracked::journal::default_path as default_journal;
pub use crate::transport::dry_run::{DRY_RUN, PLACEHOLDER};
pub use crate::transport::throttle::Retry;
pub use crate::wire::{BODY_CAP, ErrorClass, TransportError};
pub use crate::world::ConformanceWorld;
pub use crate::world::Used;

use crate::collect::{Collector, Record, Records};
use crate::events::{Event, Events};
use crate::failure::Kind;
use crate::output::terminal::Terminal;
use crate::plan::{Decision, Plan};
use crate::transport::Transport;
use crate::world::Ctx;

/// Default for [`RunOptions::concurrency`].
pub const DEFAULT_CONCURRENCY: usize = 8;

/// What to run, against what, and where to report.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The target; `None`: the profile's `base_url`, else the embedded stub.
    pub base_url: Option<String>,
    /// The target profile (TOML); `None` with a base URL: an empty profile.
    pub profile: Option<PathBuf>,
    /// A cucumber tag expression selecting scenarios.
    pub tags: Option<String>,
    /// The `features/` folder, read at run time.
    pub features_dir: PathBuf,
    /// How failure locations and reports name the features folder; `None`: `features_dir` as
    /// given. The default folder is `features`.
    pub features_label: Option<String>,
    /// The `fixtures/` folder, read at run time.
    pub fixtures_dir: PathBuf,
    /// At most this many scenarios at once (`@serial` ones run alone).
    pub concurrency: usize,
    /// Timeout of every request.
    pub timeout: Duration,
    /// Accept invalid TLS certificates.
    pub insecure: bool,
    /// Also trust the certificate authorities in this PEM file (`--cacert`).
    pub cacert: Option<PathBuf>,
    /// Write JUnit XML here.
    pub junit: Option<PathBuf>,
    /// Write cucumber JSON here.
    pub json: Option<PathBuf>,
    /// Write a self-contained HTML page of the run here.
    pub html: Option<PathBuf>,
    /// Write SARIF 2.1.0 here (`--sarif`): one result per failed or errored scenario.
    pub sarif: Option<PathBuf>,
    /// Write the run's Markdown summary here (`--summary`), as a GitHub job summary shows it.
    pub summary: Option<PathBuf>,
    /// What the CI environment asks (GitHub's job summary and `::error` annotations), as the
    /// caller read it: [`output::github::CiEnv::from_env`]; the default asks nothing.
    pub ci: output::github::CiEnv,
    /// No progress lines (the final summary is still printed).
    pub quiet: bool,
    /// The embedded stub's config when there is no base URL (default: random secrets, the
    /// fixtures folder above). Only with the `embedded-stub` feature (on by default).
    #[cfg(feature = "embedded-stub")]
    pub stub_config: Option<conformance_stub::StubConfig>,
    /// Capture terminal output here instead of printing it.
    pub capture: Option<Arc<Mutex<String>>>,
    /// Run only this shard of the scenarios (`--shard K/N`); the rest are deselected.
    pub shard: Option<ci::shard::Shard>,
    /// Save every exchange under this folder (`--record DIR`).
    pub record: Option<PathBuf>,
    /// Answer every request from the recording in this folder (`--replay DIR`): no stub, no
    /// network.
    pub replay: Option<PathBuf>,
    /// Requests per second across the run (`--rate`; 0: no limit); `None`: no limit against
    /// the embedded stub or a loopback target, 5 against any other.
    pub rate: Option<u32>,
    /// How throttled answers (429, 503, APIG.0308) are retried (`--retries`).
    pub retry: Retry,
    /// Send nothing, open no connection: print each request as it would be sent (`--dry-run`).
    pub dry_run: bool,
    /// Fewer scenarios that ran than this fail the run, exit 4 (`--min-ran N` or `P%`).
    pub min_ran: Option<thin::MinRan>,
    /// Members the documentation does not show fail the check that finds them
    /// (`--strict-members`); by default they are notes.
    pub strict_members: bool,
    /// Also check the fixtures' judgements (`--strict`): the scenarios that rest only on an
    /// inference run, and the strict schemas (`x-strict`) are checked; by default those
    /// scenarios are skipped with the erratum that makes them a judgement.
    pub strict: bool,
    /// The vendor pages (`--pages DIR`): a failure's quote is shown with its line on the page.
    pub pages: Option<PathBuf>,
    /// Effect classes allowed beyond the profile's `[safety] allow` (`--allow changes,billable`).
    pub allow: Vec<conformance_contract::Effect>,
    /// Billable requests per resource of a real target's account, the restore included
    /// (`--max-billable`; `None`: the profile's `[safety] max_billable`, else 2: one change up
    /// and one back).
    pub max_billable: Option<usize>,
    /// Resources a run creates per parent (`--max-created`; `None`: the profile's `[safety]
    /// max_created`, else 3).
    pub max_created: Option<usize>,
    /// What stops the run gracefully (a first SIGINT or SIGTERM) or at once (a second):
    /// [`Interrupt::on_signals`] from the command line; `None`: nothing does.
    pub interrupt: Option<Interrupt>,
    /// Write each change of the account here before it is sent (`--journal`), and stop before
    /// the first request when it holds an unfinished run's (see [`restore_journal`]); `None`:
    /// no journal.
    pub journal: Option<PathBuf>,
}

pub use crate::transport::DEFAULT_REMOTE_RATE;

/// The `features/` folder of the current directory's checkout
/// (`conformance_contract::current_workspace`), found and read at run time.
pub fn default_features_dir() -> PathBuf {
    conformance_contract::current_workspace().join("features")
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            base_url: None,
            profile: None,
            tags: None,
            features_dir: default_features_dir(),
            features_label: Some("features".into()),
            fixtures_dir: conformance_contract::default_fixtures_dir(),
            concurrency: DEFAULT_CONCURRENCY,
            timeout: DEFAULT_TIMEOUT,
            insecure: false,
            cacert: None,
            junit: None,
            json: None,
            html: None,
            sarif: None,
            summary: None,
            ci: output::github::CiEnv::default(),
            quiet: false,
            #[cfg(feature = "embedded-stub")]
            stub_config: None,
            capture: None,
            shard: None,
            record: None,
            replay: None,
            rate: None,
            retry: Retry::default(),
            dry_run: false,
            min_ran: None,
            strict_members: false,
            strict: false,
            pages: None,
            allow: Vec::new(),
            max_billable: None,
            max_created: None,
            interrupt: None,
            journal: None,
        }
    }
}

/// One run at a time per process: cucumber swaps the global panic hook while it runs.
static RUN_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs the suite; `Err` only when it could not run at all, or a second signal stopped it at
/// once ([`RunError::Aborted`], saying what it left changed).
pub async fn run(opts: RunOptions) -> Result<Report, RunError> {
    let interrupt = opts.interrupt.clone().unwrap_or_default();
    let _listening = interrupt.listen();
    let running: Arc<Mutex<Option<Arc<Ctx>>>> = Arc::default();
    let profile = opts.profile.clone();
    tokio::select! {
        biased;
        () = interrupt.aborted() => {
            let signal = interrupt.stopping().unwrap_or(Signal::Interrupt);
            let ctx = running.lock().unwrap_or_else(PoisonError::into_inner).clone();
            let left = ctx.map_or_else(
                || "stopped at once, before any request that changes the account".to_string(),
                |ctx| leftover::left_changed(&ctx, profile.as_deref()),
            );
            Err(RunError::Aborted { signal, left })
        }
        r = run_until_done(opts, interrupt.clone(), Arc::clone(&running)) => r,
    }
}

/// [`run`], told to stop by `interrupt`; the run's context is left in `running` for a second
/// signal to say what it left changed.
async fn run_until_done(
    opts: RunOptions,
    interrupt: Interrupt,
    running: Arc<Mutex<Option<Arc<Ctx>>>>,
) -> Result<Report, RunError> {
    let _one_at_a_time = RUN_LOCK.lock().await;
    let start = Instant::now();
    let contracts = Arc::new(Contracts::load(&opts.fixtures_dir)?);
    let mut plan = Plan::load(&opts.features_dir, &contracts)?;
    plan::derive(&mut plan, &contracts).await?;
    let tags = opts.tags.as_deref().map(plan::parse_tags).transpose()?;
    let (pages, unread) = match &opts.pages {
        Some(dir) => {
            let (pages, unread) = basis::Pages::load(dir, &contracts);
            (Some(Arc::new(pages)), unread)
        }
        None => (None, Vec::new()),
    };
    if let (Some(expr), Some(t)) = (&opts.tags, &tags) {
        // Before the target is opened: a typo in --tags sends nothing and starts nothing.
        let none = Profile::default();
        if plan.decide(Some(t), &none).iter().all(|d| *d == Decision::Deselected) {
            return Err(RunError::NoScenario { expr: expr.clone(), known: hints::known_tags(&plan) });
        }
    }
    preflight::outputs(&opts)?;
    if let Some(journal) = opts.journal.as_deref().filter(|_| !opts.dry_run && opts.replay.is_none()) {
        // Before the target is probed: an unfinished run's changes come first.
        leftover::check_journal(journal, opts.profile.as_deref())?;
    }
    let mut recordings = opts.replay.as_deref().map(ci::replay::Recordings::load).transpose()?;
    let legacy = plan.scenarios().filter_map(|(_, s)| Some((s.legacy_id.as_deref()?, s.id.as_str())));
    let adopted = recordings.as_mut().map_or(0, |r| r.adopt_legacy(legacy));
    let recordings = recordings.map(Arc::new);
    let target = match &recordings {
        Some(r) => target::Target::replayed(r, opts.profile.as_deref(), &contracts)?,
        None => target::Target::open(&opts, &contracts).await?,
    };
    let mut terminal = Terminal::new(opts.quiet, opts.capture.clone(), target.redactor.clone());
    terminal.dry_run = opts.dry_run;
    let events = Events::to(Arc::new(output::live::Live::new(terminal.clone())));
    let local = target.stub.is_some() || target.urls().iter().all(|u| target::is_loopback(u));
    let transport = Arc::new(Transport::for_run(
        &opts,
        target.network.clone(),
        local,
        recordings.as_ref(),
        &contracts,
        &target.redactor,
        &events,
    )?);
    plan.classify(&target.profile);
    let mut decisions = plan.decide(tags.as_ref(), &target.profile);
    plan.judge(&mut decisions, opts.strict, &contracts);
    plan::select(&plan, &mut decisions, opts.shard, recordings.as_deref());
    let embedded_stub = target.stub.is_some();
    let replay = opts.replay.is_some();
    let stub_target = plan::is_stub_target(&target.profile, replay);
    let allow = plan::allowed(&target.profile, &opts.allow, replay);
    plan.guard(&mut decisions, &allow, stub_target, &contracts, &target.profile);
    let safety = &target.profile.safety;
    let bounds = plan::Bounds {
        max_billable: opts
            .max_billable
            .or(safety.max_billable)
            .unwrap_or(conformance_contract::Safety::DEFAULT_MAX_BILLABLE),
        max_created: opts
            .max_created
            .or(safety.max_created)
            .unwrap_or(conformance_contract::Safety::DEFAULT_MAX_CREATED),
        // A disposable target's bill is the user's: no bound on it.
        stub: stub_target || plan::is_disposable(&target.profile),
    };
    let settle = plan::settle_seconds(&contracts, &target.profile, stub_target || local);
    let sequence = plan.sequence(&mut decisions, &contracts, &target.profile, bounds, &settle);
    let count = |d: fn(&Decision) -> bool| decisions.iter().filter(|x| d(x)).count();
    let (to_run, skipped) = (count(|d| *d == Decision::Run), count(|d| matches!(d, Decision::Skip(_))));
    let embedded = if embedded_stub { " (embedded stub)" } else { "" };
    let embedded = if plan::is_disposable(&target.profile) && !stub_target {
        format!(
            "{embedded} (disposable: [safety] disposable = true allows every class but irreversible, uses the [faults] header, bounds no bill and caps no wrong signature)"
        )
    } else {
        embedded.to_string()
    };
    terminal.progress(&format!(
        "conformance: {to_run} scenarios to run, {skipped} skipped, against {}{embedded}; {}",
        target.base,
        hints::pacing(&opts, embedded_stub, local)
    ));
    if adopted > 0 {
        terminal.print(&format!(
            "note: the recording names {adopted} outline row(s) by their old numbered ids (`… #N`); they were read \
             as the rows' names now (their example values)"
        ));
    }
    if let Some(note) = &target.note {
        terminal.print(note);
    }
    for page in &unread {
        terminal.print(&format!("note: --pages: cannot read {page}; its words are quoted without a line"));
    }
    // Against a real target, every scenario that will run is listed first (not with --quiet:
    // the summary and the sequence still say what will run and what it may cost).
    let listed = if stub_target || opts.quiet { String::new() } else { plan::listing(&plan, &decisions) };
    let concurrency = if opts.dry_run { 1 } else { opts.concurrency };
    let chains = plan.chains(&decisions, &contracts, &target.profile, &sequence, concurrency > 1);
    let sequenced = [sequence.to_string(), chains.to_string()].into_iter().filter(|t| !t.is_empty());
    let sequenced: String = sequenced.map(|t| format!("{t}\n")).collect();
    let risks: String = plan::risks(&plan, &decisions, &contracts, stub_target).concat();
    let headline = summarize(&plan, &decisions).with_restores(&sequence);
    let untestable = hints::untestable(&plan, &contracts);
    let rules: String = untestable.iter().map(|l| format!("{l}\n")).collect();
    terminal.print(&format!("{listed}{headline}\n{rules}{sequenced}{risks}"));
    let tracker = tracked::Tracker::new(
        &contracts,
        &target.profile,
        // A dry run and a replay send nothing real: nothing settles.
        if opts.dry_run || replay { Default::default() } else { settle },
        Some(bounds.max_created),
    );
    let journaled = !(embedded_stub || opts.dry_run || replay || sequence.resources.is_empty());
    let tracker = leftover::journaled(tracker, &opts, journaled, &target.base, &target.redactor, &terminal)?;
    let ctx = Arc::new(Ctx {
        base: target.base.clone(),
        profile: target.profile.clone(),
        contracts: Arc::clone(&contracts),
        transport: Arc::clone(&transport),
        redactor: target.redactor.clone(),
        strict_members: opts.strict_members,
        strict: opts.strict,
        pages: pages.clone(),
        run_id: uuid::Uuid::new_v4().simple().to_string()[..8].to_string(),
        account: Mutex::new(Vec::new()),
        tracker,
        terminal: Some(terminal.clone()),
        events: events.clone(),
        interrupt: interrupt.clone(),
        answers: Default::default(),
    });
    *running.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&ctx));
    let told = terminal.clone();
    interrupt.tell_with(Box::new(move |text| told.print(text)));
    let root = hints::features_root(&opts);
    events.emit(&Event::Planned { to_run: if opts.dry_run { 0 } else { to_run } });
    let records = Arc::new(Mutex::new(vec![Record::default(); decisions.len()]));
    execute(&plan, &decisions, Arc::clone(&ctx), concurrency, &root, false, &records).await;
    // What may change or charge: one chain per resource, each in plan order, the chains side by
    // side; nothing new after a signal.
    if interrupt.stopping().is_none() {
        serial::run_chains(&plan, &decisions, &chains, &ctx, concurrency, &root, &records).await;
    }
    // A replay sends nothing to restore; a dry run prints the restores it would send.
    let side_by_side = chains.side_by_side;
    let restores = if replay { Vec::new() } else { world::restore::restore(&ctx, &allow, side_by_side).await };
    events.emit(&Event::RunFinished);
    let mut records = std::mem::take(&mut *records.lock().unwrap_or_else(PoisonError::into_inner));
    let index: HashMap<&str, (usize, &str, usize)> =
        plan.scenarios().enumerate().map(|(i, (f, s))| (s.id.as_str(), (i, f.info.path.as_str(), s.line))).collect();
    let mut restored = Vec::new();
    for r in restores.into_iter().filter(|_| !opts.dry_run) {
        // A resource left changed errors the scenario that left it so, at the scenario's line.
        if let Some((id, failure)) = r.failure
            && let Some(&(i, file, line)) = index.get(id.as_str())
            && let Some(rec) = records.get_mut(i)
            && rec.failure.is_none()
        {
            let step = "(after the last scenario) the run sets back what it changed".to_string();
            rec.failure = Some(failure.at(failure::Location { root: root.clone(), file: file.into(), line, step }));
        }
        restored.push(r.change);
    }
    let bases: Vec<String> = target.urls().into_iter().map(String::from).collect();
    drop(target.stub);
    let mut report = build_report(&plan, &decisions, &records, target.base, embedded_stub, start.elapsed());
    report.interrupted = interrupt.stopping();
    if let Some(signal) = report.interrupted {
        leftover::interrupted_skips(&mut report, signal);
    }
    report.features_root = root;
    report.dry_run = opts.dry_run;
    report.used =
        plan.scenarios().zip(&records).filter_map(|((_, s), r)| Some((s.id.clone(), r.used.clone()?))).collect();
    // A dry run created nothing: its placeholders are no resources. A refusal the target
    // accepted is listed against any target.
    if !opts.dry_run {
        let account = ctx.account.lock().unwrap_or_else(PoisonError::into_inner).clone();
        report.account = account.into_iter().filter(|a| !stub_target || a.change == Change::MayHaveChanged).collect();
    }
    // What the run set back (or could not), against any target.
    report.account.extend(restored);
    report.hints = hints::hints(&plan, &decisions, &records, &contracts, &opts, &target.profile, stub_target);
    report.min_ran = opts.min_ran;
    report.hints.extend(thin::misrouted(&bases, &ctx.answers.lock().unwrap_or_else(PoisonError::into_inner)));
    report.hints.extend(thin::thin_warning(&report));
    report.hints.extend(untestable);
    if let Some(dir) = &opts.replay {
        report.target = format!("{} (replayed from {})", report.target, dir.display());
    }
    if opts.dry_run {
        transport::dry_run::mark_skipped(&mut report);
    }
    if let Some(recorder) = transport.recorder() {
        recorder.finish(&report, &target.profile)?;
    }
    // Every reporter takes the report redacted here, once.
    let shown = Redacted::new(report.clone(), &target.redactor);
    if let Some(path) = &opts.junit {
        let xml = output::junit::render(&shown).map_err(RunError::Render)?;
        std::fs::write(path, xml).map_err(|source| RunError::Io { path: path.clone(), source })?;
    }
    if let Some(path) = &opts.json {
        let json = output::json::render(&shown);
        std::fs::write(path, json).map_err(|source| RunError::Io { path: path.clone(), source })?;
    }
    if let Some(path) = &opts.html {
        let page = output::html::render(&shown);
        std::fs::write(path, page).map_err(|source| RunError::Io { path: path.clone(), source })?;
    }
    ci_outputs(&opts, &shown, &terminal)?;
    terminal.print(&output::terminal::render(&shown));
    Ok(report)
}

/// The outputs a CI reads: `--sarif`, `--summary`, the GitHub job summary (appended to; one
/// that cannot be written is a warning, not a lost run) and the `::error` annotations.
fn ci_outputs(opts: &RunOptions, shown: &Redacted<Report>, terminal: &Terminal) -> Result<(), RunError> {
    let root = output::repository_root(opts);
    if let Some(path) = &opts.sarif {
        let readme = opts.ci.readme_url.clone();
        let cx = output::sarif::Context { readme, root: root.clone() };
        let sarif = output::sarif::render(shown, &cx).map_err(RunError::Render)?;
        std::fs::write(path, sarif).map_err(|source| RunError::Io { path: path.clone(), source })?;
    }
    let wanted = opts.summary.is_some() || opts.ci.step_summary.is_some();
    let markdown = if wanted { output::summary::render(shown, &root) } else { String::new() };
    if let Some(path) = &opts.summary {
        std::fs::write(path, &markdown).map_err(|source| RunError::Io { path: path.clone(), source })?;
    }
    if let Some(path) = &opts.ci.step_summary {
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, format!("{markdown}\n").as_bytes()));
        if let Err(e) = appended {
            terminal.print(&format!(
                "warning: the job summary ({}, GITHUB_STEP_SUMMARY) could not be written: {e}",
                path.display()
            ));
        }
    }
    if opts.ci.annotations {
        for line in output::github::annotations(shown, &root) {
            terminal.print(&line);
        }
    }
    Ok(())
}

/// [`run`] on a runtime of its own, for callers that are not async.
pub fn run_blocking(opts: RunOptions) -> Result<Report, RunError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| RunError::Setup(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(run(opts))
}

/// The pattern of cucumber's only step: every text; [`steps`] matches it.
fn catch_all() -> regex::Regex {
    regex::Regex::new("(?s)^.*$").unwrap_or_else(|e| unreachable!("a constant pattern: {e}"))
}

/// Hands the runnable scenarios of one phase (the concurrent ones, or the `serial` ones) to
/// cucumber and collects what happened into `records`.
#[allow(clippy::too_many_arguments, reason = "one call per phase, each argument named where it is passed")]
pub(crate) async fn execute(
    plan: &Plan,
    decisions: &[Decision],
    ctx: Arc<Ctx>,
    concurrency: usize,
    root: &str,
    serial_phase: bool,
    records: &Records,
) {
    let mut features = HashMap::new();
    let mut ops = HashMap::new();
    for f in &plan.features {
        let path = plan.feature_path(f);
        ops.insert(path.clone(), format!("{}/{}", f.vendor, f.operation));
        features.insert(path, f.info.path.clone());
    }
    let index = plan.index();
    type Planned = (String, Arc<Vec<world::PlannedRequest>>);
    let all: Vec<Planned> = plan.scenarios().map(|(_, s)| (s.id.clone(), Arc::clone(&s.planned))).collect();
    let ids: HashMap<(PathBuf, usize), Planned> =
        index.iter().filter_map(|(k, &i)| all.get(i).map(|id| (k.clone(), id.clone()))).collect();
    let notes = (index.clone(), Arc::clone(records));
    let collector = Collector {
        index,
        features,
        root: root.to_string(),
        ids: plan.scenarios().map(|(_, s)| s.id.clone()).collect(),
        records: Arc::clone(records),
        events: ctx.events.clone(),
    };
    let runnable = plan.runnable(decisions, serial_phase);
    if !runnable.is_empty() {
        ConformanceWorld::cucumber::<PathBuf>()
            .with_parser(plan::Prepared(runnable))
            // `assert_normalized`: the Collector takes cucumber's events in whatever order
            // concurrent scenarios emit them, without cucumber's reordering. That is safe
            // because it keys every event by (feature path, scenario line) into that
            // scenario's own record and prints per feature only once the feature finished;
            // nothing it does depends on the order of events of different scenarios.
            .with_writer(collector.assert_normalized())
            .with_default_cli()
            .given(catch_all(), steps::DISPATCH)
            .when(catch_all(), steps::DISPATCH)
            .then(catch_all(), steps::DISPATCH)
            .max_concurrent_scenarios(concurrency.max(1))
            .before(move |feature, _, scenario, world| {
                world.ctx = Some(Arc::clone(&ctx));
                let key = (feature.path.clone().unwrap_or_default(), scenario.position.line);
                if let Some((id, planned)) = ids.get(&key) {
                    world.tape.scenario.clone_from(id);
                    world.planned = Arc::clone(planned);
                }
                world.op = feature.path.as_ref().and_then(|p| ops.get(p)).cloned().unwrap_or_default();
                Box::pin(std::future::ready(()))
            })
            .after(move |feature, _, scenario, _, world| {
                // A scenario's notes live in its World, which only this hook still sees.
                let key = (feature.path.clone().unwrap_or_default(), scenario.position.line);
                if let (Some(w), Some(&i)) = (world, notes.0.get(&key)) {
                    let mut records = notes.1.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(r) = records.get_mut(i) {
                        r.notes = std::mem::take(&mut w.notes);
                        r.used = Some(std::mem::take(&mut w.used));
                        r.permitted = std::mem::take(&mut w.permitted);
                    }
                }
                Box::pin(std::future::ready(()))
            })
            .run(())
            .await;
    }
}

fn build_report(
    plan: &Plan,
    decisions: &[Decision],
    records: &[Record],
    target: String,
    embedded_stub: bool,
    duration: Duration,
) -> Report {
    let mut scenarios = Vec::new();
    let mut deselected = 0;
    for (i, ((f, s), d)) in plan.scenarios().zip(decisions).enumerate() {
        let rec = records.get(i).cloned().unwrap_or_default();
        let (outcome, duration) = match d {
            Decision::Deselected => {
                deselected += 1;
                continue;
            }
            Decision::Skip(reason) => (Outcome::Skipped { reason: reason.clone() }, Duration::ZERO),
            Decision::Run => {
                let took = rec.started.zip(rec.finished).map(|(a, b)| b.duration_since(a)).unwrap_or_default();
                let outcome = match (&rec.failure, rec.finished) {
                    (Some(f), _) if f.is_error() => Outcome::Errored(f.clone()),
                    (Some(f), _) => Outcome::Failed(f.clone()),
                    (None, None) => Outcome::Errored(Failure::new(Kind::Unfinished, "the scenario did not finish")),
                    (None, Some(_)) => Outcome::Passed,
                };
                (outcome, took)
            }
        };
        let steps = s
            .steps
            .iter()
            .map(|step| {
                let done = rec.steps.iter().find(|(l, _, _)| *l == step.line);
                StepResult {
                    keyword: step.keyword.clone(),
                    text: step.text.clone(),
                    line: step.line,
                    status: done.map_or(StepStatus::Skipped, |d| d.1),
                    duration: done.map(|d| d.2).unwrap_or_default(),
                }
            })
            .collect();
        scenarios.push(ScenarioResult {
            id: s.id.clone(),
            feature: f.info.path.clone(),
            vendor: f.vendor.clone(),
            operation: f.operation.clone(),
            name: s.name.clone(),
            example_row: s.example_row.clone(),
            line: s.line,
            tags: s.tags.clone(),
            outcome,
            duration,
            steps,
            notes: rec.notes.clone(),
        });
    }
    Report {
        target,
        embedded_stub,
        features: plan.features.iter().map(|f| f.info.clone()).collect(),
        scenarios,
        deselected,
        duration,
        account: Vec::new(),
        used: Default::default(),
        features_root: String::new(),
        hints: Vec::new(),
        dry_run: false,
        min_ran: None,
        legacy_ids: plan.scenarios().filter_map(|(_, s)| Some((s.legacy_id.clone()?, s.id.clone()))).collect(),
        interrupted: None,
    }
}
