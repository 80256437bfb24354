//! One run, from its options to its report: the fixtures and features loaded and planned, the
//! target opened (or the recording, or a dry run), the plan printed, the reporters subscribed
//! (`crate::events`), the scenarios run (the concurrent ones, then the chains that may change
//! the account, `crate::serial`), what they changed set back, and the report assembled
//! (`crate::assemble`) and handed to every reporter. `crate::run` wraps it with the signals
//! that stop it.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use conformance_contract::{Contracts, Profile, Redacted};

use crate::collect::Record;
use crate::events::{Event, Events, Reporter};
use crate::execute::execute;
use crate::output::terminal::Terminal;
use crate::plan::{self, Decision, Plan};
use crate::transport::Transport;
use crate::world::{self, Ctx};
use crate::{
    Interrupt, Report, RunError, RunOptions, assemble, basis, ci, hints, leftover, output, preflight, serial,
    summarize, target, tracked,
};

/// [`run`], told to stop by `interrupt`; the run's context is left in `running` for a second
/// signal to say what it left changed.
pub(crate) async fn run_until_done(
    opts: RunOptions,
    interrupt: Interrupt,
    running: Arc<Mutex<Option<Arc<Ctx>>>>,
    extra: Vec<Arc<dyn Reporter>>,
) -> Result<Report, RunError> {
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
    // The reporters, in the order they take each event: the live terminal; the account log the
    // report's list comes from; the recording; the files and the terminal's summary at the end.
    let mut events = Events::to(Arc::new(output::live::Live::new(terminal.clone())));
    let account_log = Arc::new(assemble::AccountLog::default());
    events.subscribe(account_log.clone());
    let local = target.stub.is_some() || target.urls().iter().all(|u| target::is_loopback(u));
    let network = target.network.clone();
    if let (Some(dir), Some(_), None) = (opts.record.as_deref(), &network, &recordings) {
        let recorder = ci::record::Recorder::open(dir, target.redactor.clone(), target.profile.clone())?;
        events.subscribe(Arc::new(recorder));
    }
    output::files::subscribe(&mut events, &opts, &terminal);
    for reporter in extra {
        events.subscribe(reporter);
    }
    let transport = Arc::new(Transport::for_run(&opts, network, local, recordings.as_ref(), &contracts));
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
    )
    .holding_refusals(!bounds.stub);
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
    let restores = if replay { Vec::new() } else { world::restore::restore(&ctx, &allow, chains.side_by_side).await };
    let restores: Vec<_> = restores.into_iter().filter(|_| !opts.dry_run).collect();
    for r in &restores {
        events.emit(&Event::AccountChanged { change: &r.change });
    }
    let mut records = std::mem::take(&mut *records.lock().unwrap_or_else(PoisonError::into_inner));
    let answers = std::mem::take(&mut *ctx.answers.lock().unwrap_or_else(PoisonError::into_inner));
    let ending = assemble::Ending {
        opts: &opts,
        plan: &plan,
        decisions: &decisions,
        contracts: &contracts,
        profile: &target.profile,
        root,
        target: target.base.clone(),
        bases: target.urls().into_iter().map(String::from).collect(),
        embedded_stub,
        stub_target,
        untestable,
        elapsed: start.elapsed(),
        interrupted: interrupt.stopping(),
        answers,
    };
    assemble::restores_failed(&ending, &mut records, restores);
    let report = assemble::report(ending, &records, &account_log);
    drop(target.stub);
    // Every reporter takes the report redacted here, once.
    events.finish(&Redacted::new(report.clone(), &target.redactor))?;
    Ok(report)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::account::Change;

    /// Each event as `(kind, scenario, n, detail)`, in the order taken.
    #[derive(Debug, Default)]
    struct Seen(Mutex<Vec<(&'static str, String, usize, String)>>);

    impl Reporter for Seen {
        fn on(&self, event: &Event<'_>) -> Result<(), RunError> {
            let seen = match *event {
                Event::Planned { to_run } => ("planned", String::new(), to_run, String::new()),
                Event::ScenarioStarted { id } => ("started", id.into(), 0, String::new()),
                Event::RequestSent { scenario, n, sent } => ("sent", scenario.into(), n, sent.method.clone()),
                Event::AnswerReceived { scenario, n, answer, .. } => {
                    ("answered", scenario.into(), n, answer.map_or("error".into(), |a| a.status.to_string()))
                }
                Event::ScenarioFinished { id, ended, .. } => ("finished", id.into(), 0, format!("{ended:?}")),
                Event::AccountChanged { change } => ("account", change.scenario.clone(), 0, change.change.id().into()),
                Event::RunFinished { report } => ("run-finished", String::new(), report.scenarios.len(), String::new()),
            };
            self.0.lock().unwrap_or_else(PoisonError::into_inner).push(seen);
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_run_emits_each_scenarios_start_requests_answers_and_end_in_order_and_what_it_did_to_the_account() {
        // The first operation whose success creates a resource, found in the data.
        let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).unwrap();
        let creating = contracts.operations().iter().find(|o| world::creates_noun(o).is_some()).unwrap();
        let (vendor, op) = creating.id().split_once('/').unwrap();
        let capture = Arc::new(Mutex::new(String::new()));
        let junit = tempfile::tempdir().unwrap();
        let opts = RunOptions {
            quiet: true,
            strict: true,
            capture: Some(Arc::clone(&capture)),
            tags: Some(format!("@{vendor} and @{op}")),
            junit: Some(junit.path().join("junit.xml")),
            ..RunOptions::default()
        };
        let seen = Arc::new(Seen::default());
        let report = crate::run_with(opts, vec![seen.clone()]).await.expect("the suite runs");
        let seen = seen.0.lock().unwrap().clone();
        let ran: Vec<&str> = report
            .scenarios
            .iter()
            .filter(|s| !matches!(s.outcome, crate::Outcome::Skipped { .. }))
            .map(|s| s.id.as_str())
            .collect();
        assert!(ran.len() > 5, "{ran:?}");
        assert_eq!(seen.first().map(|e| (e.0, e.2)), Some(("planned", ran.len())));
        assert_eq!(seen.last().map(|e| (e.0, e.2)), Some(("run-finished", report.scenarios.len())));
        assert!(junit.path().join("junit.xml").is_file(), "the JUnit reporter wrote its file on the last event");
        let at = |kind: &str, id: &str| seen.iter().position(|e| e.0 == kind && e.1 == id);
        let mut requests = 0;
        for id in &ran {
            let (Some(start), Some(end)) = (at("started", id), at("finished", id)) else {
                panic!("{id} has no start or end: {seen:#?}")
            };
            assert!(start < end, "{id}");
            let mut sent: BTreeMap<usize, usize> = BTreeMap::new();
            for (i, e) in seen.iter().enumerate().filter(|(_, e)| e.1 == *id) {
                match e.0 {
                    "sent" => {
                        assert!(start < i && i < end, "{id}: request {} outside the scenario", e.2);
                        sent.insert(e.2, i);
                    }
                    "answered" => {
                        let asked = sent.get(&e.2).copied();
                        assert!(asked.is_some_and(|s| s < i) && i < end, "{id}: answer {} before its request", e.2);
                    }
                    _ => {}
                }
            }
            assert!(!sent.is_empty(), "{id} sent nothing");
            requests += sent.len();
        }
        assert_eq!(seen.iter().filter(|e| e.0 == "answered").count(), requests, "every request is answered");
        // The stub's services are thrown away with it: emitted as created, and left out of the
        // report's list of what the run left on the account.
        let created = seen.iter().filter(|e| e.0 == "account" && e.3 == "created").count();
        assert!(created > 0, "{seen:#?}");
        assert!(report.account.iter().all(|a| a.change != Change::Created), "{:?}", report.account);
    }
}
