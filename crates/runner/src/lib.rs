//! The conformance runner: runs the Gherkin features in `features/` against any target (or
//! the bundled stub, started in-process) and reports what the target does differently from
//! the vendor docs in `fixtures/`.
//!
//! Pipeline, like nextest: [`plan`] (features parsed at run time, outlines expanded, needs
//! checked against the profile) → cucumber-rs runs the runnable scenarios (`execute`) → a
//! collecting writer turns its events into records, and the run emits its own typed events
//! (`events`: a scenario's start and end, each request and answer, each change of the account)
//! to its reporters → at the end a [`Report`] (`assemble`), handed to every reporter with the
//! last event ([`output`]: the terminal's lines and summary, JUnit XML, cucumber JSON, SARIF,
//! HTML, Markdown; the recording). `session` is one run from options to report. Scenarios whose `@needs-…` the profile does not meet
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
mod assemble;
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
mod execute;
mod exit;
pub mod failure;
mod hints;
pub mod interrupt;
mod leftover;
mod options;
pub mod output;
pub mod plan;
mod preflight;
mod report;
mod request;
mod rests;
mod serial;
mod session;
pub mod steps;
mod target;
pub mod thin;
mod tracked;
mod transcript;
mod transport;
mod wire;
mod world;

use std::sync::{Arc, Mutex, PoisonError};

pub use conformance_contract::Effect;

pub use crate::account::{AccountChange, Change};
pub use crate::error::RunError;
pub use crate::failure::{Failure, Location, Transcript};
pub use crate::interrupt::{EXIT_INTERRUPTED, EXIT_TERMINATED, Interrupt, Signal};
pub use crate::leftover::{RestoreReport, restore_journal, restore_journal_blocking};
pub use crate::options::{DEFAULT_CONCURRENCY, RunOptions, default_features_dir};
pub use crate::plan::{PlanSummary, summarize};
pub use crate::report::{
    Counts, EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_NOTHING_RAN, EXIT_OK, EXIT_USAGE, FeatureInfo, Outcome, Report,
    ScenarioResult, StepResult, StepStatus, Summary,
};
pub use crate::target::DEFAULT_TIMEOUT;
pub use crate::tracked::journal::default_path as default_journal;
pub use crate::transport::DEFAULT_REMOTE_RATE;
pub use crate::transport::dry_run::{DRY_RUN, PLACEHOLDER};
pub use crate::transport::throttle::Retry;
pub use crate::wire::{BODY_CAP, ErrorClass, TransportError};
pub use crate::world::ConformanceWorld;
pub use crate::world::Used;

use crate::events::Reporter;
use crate::world::Ctx;

/// One run at a time per process: cucumber swaps the global panic hook while it runs.
static RUN_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs the suite; `Err` only when it could not run at all, or a second signal stopped it at
/// once ([`RunError::Aborted`], saying what it left changed).
pub async fn run(opts: RunOptions) -> Result<Report, RunError> {
    run_with(opts, Vec::new()).await
}

/// [`run`], its events also emitted to `extra` (after the run's own reporters).
pub(crate) async fn run_with(opts: RunOptions, extra: Vec<Arc<dyn Reporter>>) -> Result<Report, RunError> {
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
        r = async {
            let _one_at_a_time = RUN_LOCK.lock().await;
            session::run_until_done(opts, interrupt.clone(), Arc::clone(&running), extra).await
        } => r,
    }
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
