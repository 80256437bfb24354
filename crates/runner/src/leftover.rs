//! What an interrupted run leaves, and setting it back. A scenario's request refused after a
//! signal ([`crate::failure::not_sent`]) reports the scenario skipped, not failed; a run stopped at once (a second
//! signal) says which resources it left changed ([`left_changed`]); a run that finds an
//! unfinished journal for its profile stops before its first request ([`check_journal`]); and
//! [`restore_journal`] (`conformance restore --journal FILE --profile P`) sets back what an
//! unfinished run's journal names, with the profile's credentials, after the settle time its
//! last change still needs, and marks each restore done in the journal.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use conformance_contract::{Contracts, Effect};

use crate::account::{AccountChange, Change};
use crate::failure::{Kind, is_not_sent};
use crate::interrupt::Signal;
use crate::output::terminal::Terminal;
use crate::tracked::journal::Journal;
use crate::world::Ctx;
use crate::{RunError, RunOptions};

/// The skip reason of a scenario a signal stopped.
pub(crate) fn skip_reason(signal: Signal, started: bool) -> String {
    if started {
        format!("interrupted ({signal}) before it finished: its next request was not sent")
    } else {
        format!("interrupted ({signal}) before it started")
    }
}

/// After a signal: a scenario it kept from its next request, or from starting, is skipped
/// with the reason, not errored.
pub(crate) fn interrupted_skips(report: &mut crate::Report, signal: Signal) {
    for s in &mut report.scenarios {
        let reason = match &s.outcome {
            crate::Outcome::Errored(f) if is_not_sent(f) => skip_reason(signal, true),
            crate::Outcome::Errored(f) if f.kind == Kind::Unfinished && f.location.is_none() => {
                skip_reason(signal, false)
            }
            _ => continue,
        };
        s.outcome = crate::Outcome::Skipped { reason };
    }
}

/// What a run stopped at once leaves changed, in words, with how to set it back.
pub(crate) fn left_changed(ctx: &Ctx, profile: Option<&Path>) -> String {
    let (mut lines, mut for_good) = (String::new(), String::new());
    for (key, t) in ctx.tracker.resources().into_iter().filter(|(_, t)| t.account) {
        let show = crate::tracked::Tracked::show;
        if let Some(by) = &t.for_good {
            for_good.push_str(&format!("  {} {key}: {} (by {by}; irreversible)\n", t.noun, show(&t.now)));
        } else if let Some(why) = &t.unknown {
            lines.push_str(&format!("  {} {key}: not known ({why}); it should have {}\n", t.noun, show(&t.start)));
        } else if t.now != t.start {
            lines.push_str(&format!("  {} {key}: {}; it should have {}\n", t.noun, show(&t.now), show(&t.start)));
        }
    }
    let for_good = if for_good.is_empty() {
        for_good
    } else {
        format!("it changed these resources of the account for good, never to be set back:\n{for_good}")
    };
    if lines.is_empty() {
        let sep = if for_good.is_empty() { "" } else { "\n" };
        let none = format!("stopped at once: it left no resource of the account changed{sep}{}", for_good.trim_end());
        return ctx.redactor.text(&none);
    }
    let mut out = format!("stopped at once: it left these resources of the account changed:\n{lines}{for_good}");
    if let Some(j) = ctx.tracker.journal() {
        let p = profile.map_or_else(|| "P".into(), |p| p.display().to_string());
        out.push_str(&format!(
            "set them back with: conformance restore --journal {} --profile {p}",
            j.path().display()
        ));
    }
    ctx.redactor.text(&out)
}

/// `tracker` writing its journal at `opts.journal`, when the run is `journaled` (it may change
/// the account of a target that is not the embedded stub, and sends for real); the journal is
/// started (a finished one there replaced) and the terminal told where it is.
pub(crate) fn journaled(
    tracker: crate::tracked::Tracker,
    opts: &RunOptions,
    journaled: bool,
    target: &str,
    redactor: &conformance_contract::Redactor,
    terminal: &Terminal,
) -> Result<crate::tracked::Tracker, RunError> {
    let Some(path) = opts.journal.as_deref().filter(|_| journaled) else { return Ok(tracker) };
    let shown = opts.profile.as_deref().map_or_else(String::new, |p| p.display().to_string());
    let journal = Journal::create(path, &shown, target, redactor.clone())
        .map_err(|source| RunError::Io { path: path.to_path_buf(), source })?;
    terminal
        .print(&format!("journal: {} (each change of the account is written there before it is sent)", path.display()));
    Ok(tracker.with_journal(journal))
}

/// Stops a run whose journal at `path` is unfinished: `Err` names what it left changed and the
/// command that sets it back.
pub(crate) fn check_journal(path: &Path, profile: Option<&Path>) -> Result<(), RunError> {
    let read = Journal::read(path).map_err(RunError::Journal)?;
    let Some(read) = read.filter(|r| !r.left().is_empty()) else { return Ok(()) };
    let p = profile.map_or_else(|| read.profile.clone(), |p| p.display().to_string());
    Err(RunError::Journal(format!(
        "an unfinished run (profile {}, target {}) left its journal {}: it may have left these resources of the \
         account changed:\n{}set them back first with: conformance restore --journal {} --profile {p} (or, once you \
         have checked them yourself, remove the journal)",
        read.profile,
        read.target,
        path.display(),
        read.describe(),
        path.display()
    )))
}

/// What `conformance restore` did.
#[derive(Debug, Clone, Default)]
pub struct RestoreReport {
    /// Each resource set back, or not, in the words of every output.
    pub account: Vec<AccountChange>,
    /// The journal said nothing was left changed.
    pub nothing: bool,
}

impl RestoreReport {
    /// 0 when everything the journal named is back ([`crate::EXIT_OK`]), else
    /// [`crate::EXIT_FAILED`].
    pub fn exit_code(&self) -> u8 {
        if self.account.iter().any(|a| a.change == Change::NotRestored) { crate::EXIT_FAILED } else { crate::EXIT_OK }
    }
}

/// `conformance restore`: sets back what the unfinished run of the journal `journal` left
/// changed, against the target `opts` names (its profile's credentials), and marks each restore
/// done in the journal.
pub async fn restore_journal(opts: RunOptions, journal: PathBuf) -> Result<RestoreReport, RunError> {
    let read = Journal::read(&journal)
        .map_err(RunError::Journal)?
        .ok_or_else(|| RunError::Journal(format!("no journal at {}", journal.display())))?;
    let terminal = Terminal::new(opts.quiet, opts.capture.clone(), Default::default());
    if read.left().is_empty() {
        terminal.print(&format!("{}: every resource it names is back at its start value", journal.display()));
        return Ok(RestoreReport { nothing: true, ..RestoreReport::default() });
    }
    let contracts = Arc::new(Contracts::load(&opts.fixtures_dir)?);
    let target = crate::target::Target::open(&opts, &contracts).await?;
    let terminal = Terminal::new(opts.quiet, opts.capture.clone(), target.redactor.clone());
    let events = crate::events::Events::to(Arc::new(crate::output::live::Live::new(terminal.clone())));
    let local = target.urls().iter().all(|u| crate::target::is_loopback(u));
    let transport = crate::transport::Transport::for_run(&opts, target.network.clone(), local, None, &contracts);
    let settle = crate::plan::settle_seconds(&contracts, &target.profile, local);
    let append = Journal::append(&journal, target.redactor.clone())
        .map_err(|source| RunError::Io { path: journal.clone(), source })?;
    let tracker = crate::tracked::Tracker::new(&contracts, &target.profile, settle, None).with_journal(append);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut unmatched = Vec::new();
    for left in read.left() {
        let ago = Duration::from_secs(now.saturating_sub(left.at));
        if !tracker.resume(&target.redactor, left, ago) {
            unmatched.push(left);
        }
    }
    let ctx = Arc::new(Ctx {
        base: target.base.clone(),
        profile: target.profile.clone(),
        contracts: Arc::clone(&contracts),
        transport: Arc::new(transport),
        redactor: target.redactor.clone(),
        strict_members: false,
        strict: false,
        pages: None,
        run_id: uuid::Uuid::new_v4().simple().to_string()[..8].to_string(),
        tracker,
        terminal: Some(terminal.clone()),
        events,
        interrupt: Default::default(),
        answers: Default::default(),
    });
    terminal.print(&format!("restoring what the run of {} left changed:\n{}", journal.display(), read.describe()));
    let restored = crate::world::restore::restore(&ctx, &[Effect::Changes, Effect::Billable], true).await;
    let mut account: Vec<AccountChange> = restored.into_iter().map(|r| r.change).collect();
    for l in unmatched {
        account.push(AccountChange {
            change: Change::NotRestored,
            resource: format!("{} {}", l.noun, l.key),
            scenario: format!("the run of {}", journal.display()),
            detail: "the profile names no such resource of the account: is it the profile that run used?".into(),
        });
    }
    let shown: Vec<AccountChange> = account
        .iter()
        .cloned()
        .map(|mut a| {
            conformance_contract::Redact::redact(&mut a, &target.redactor);
            a
        })
        .collect();
    terminal.print(&crate::account::render(&shown));
    Ok(RestoreReport { account, nothing: false })
}

/// [`restore_journal`] on a runtime of its own, for callers that are not async.
pub fn restore_journal_blocking(opts: RunOptions, journal: PathBuf) -> Result<RestoreReport, RunError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| RunError::Setup(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(restore_journal(opts, journal))
}
