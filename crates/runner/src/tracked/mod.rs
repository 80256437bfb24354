//! What the run knows of the target's account while it runs: each resource's values now
//! ([`Tracked`]). A resource of the account (the one a fixture's `change` bindings change, at
//! the path the profile names) starts at the profile's `current` values; a resource the run
//! creates starts at the values it was created with. Every accepted change (a 2xx to a request
//! that sets the resource's attributes) updates it, so a success asks for the values the
//! resource does not have now ("up and back") and a refusal for the values it has
//! ([`Tracker::pins`]). Changes to one resource wait its settle time after the one before
//! ([`Tracker::settle`]). Resources a success creates are counted per parent, bounded
//! ([`Tracker::may_create`]), and the ones planned are pooled so set-ups share them
//! ([`Tracker::shared`]). On a real account, so are the ones a wrong target creates by
//! accepting a refusal: once it has, a refusal it may accept too is sent only under the bound
//! ([`Tracker::may_risk_create`]), so a run creates at most one resource past it. A stub's
//! account is thrown away, and a disposable one is the user's to spend: there a refusal is
//! always sent, so a wrong target fails exactly the scenarios it answers wrongly. At the end, `crate::world::restore` sets back every resource of the account
//! that is not at its start value.

pub(crate) mod journal;

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use conformance_contract::{Contracts, Operation, Profile};
use serde_json::{Map, Value};

/// A resource the scenario created (named by the header its operation documents).
#[derive(Debug, Clone)]
pub(crate) struct Created {
    /// Its id (the last segment of its path).
    pub id: String,
    /// Its path.
    pub path: String,
}

/// One resource the run follows.
#[derive(Debug, Clone)]
pub(crate) struct Tracked {
    /// What it is (`gateway`).
    pub noun: String,
    /// The operation that changes it (and sets it back).
    pub op: String,
    /// A resource of the account, set back at the end; else one the run created.
    pub account: bool,
    /// Its values at the start, by attribute.
    pub start: Map<String, Value>,
    /// Its values now, as the run knows them.
    pub now: Map<String, Value>,
    /// The values a change goes to (the change bindings' `target` keys), by attribute.
    pub target: Map<String, Value>,
    /// When it was last changed.
    pub last_change: Option<Instant>,
    /// Why its values are not known (a change that could not complete).
    pub unknown: Option<String>,
    /// The changes the run made to it.
    pub changes: usize,
    /// The scenario that changed it last (that left it changed).
    pub last_by: Option<String>,
    /// The scenario whose change of it can never be undone (`irreversible`): it is never set back.
    pub for_good: Option<String>,
}

impl Tracked {
    /// A resource the run created with `attrs`, by `op`.
    pub(crate) fn created(noun: &str, op: &str, attrs: Map<String, Value>) -> Tracked {
        Tracked {
            noun: noun.to_string(),
            op: op.to_string(),
            account: false,
            start: attrs.clone(),
            now: attrs,
            target: Map::new(),
            last_change: None,
            unknown: None,
            changes: 0,
            last_by: None,
            for_good: None,
        }
    }

    /// Its values `which` as one line (`spec_id PROFESSIONAL`).
    pub(crate) fn show(values: &Map<String, Value>) -> String {
        let shown: Vec<String> =
            values.iter().map(|(k, v)| format!("{k} {}", conformance_contract::bind::as_text(v))).collect();
        shown.join(", ")
    }

    /// The values a success sets next: the start values when it is at every target value,
    /// else the target values (a success is always a change).
    pub(crate) fn next(&self) -> &Map<String, Value> {
        let at_target = !self.target.is_empty() && self.target.iter().all(|(k, v)| self.now.get(k) == Some(v));
        if at_target { &self.start } else { &self.target }
    }
}

/// What the run knows of the account, and how it treats it; see the module doc.
#[derive(Debug)]
pub(crate) struct Tracker {
    state: Mutex<State>,
    /// Seconds to wait between two changes of a resource, per operation (empty: none).
    settle: BTreeMap<String, u64>,
    /// Set-ups share the resources the run created (off while planning).
    share: bool,
    /// At most this many resources created per parent, when bounded.
    max_created: Option<usize>,
    /// The bound counts what a wrong target creates by accepting a refusal, and holds back the
    /// refusals it may accept too (a real target's account, not a stub's nor a disposable one's).
    holds_refusals: bool,
    /// Where each change of the account is written before it is sent (none while planning).
    journal: Option<journal::Journal>,
}

#[derive(Debug, Default)]
struct State {
    resources: BTreeMap<String, Tracked>,
    /// Per parent (the creating request's path), the resources planned creates made.
    pool: BTreeMap<String, Vec<Created>>,
    /// Per parent, the resources planned creates made.
    created: BTreeMap<String, usize>,
    /// Per parent, the resources refusals a wrong target accepted made (listed as leftovers):
    /// the bound counts them with the planned ones.
    unplanned: BTreeMap<String, usize>,
}

impl Tracker {
    /// No resource followed, nothing shared, no waits: planning.
    pub(crate) fn planning() -> Tracker {
        Tracker {
            state: Mutex::default(),
            settle: BTreeMap::new(),
            share: false,
            max_created: None,
            holds_refusals: false,
            journal: None,
        }
    }

    /// The account of a run against the target `profile` names: every resource of it an
    /// operation changes, at its start values; `settle` seconds per operation; at most
    /// `max_created` resources created per parent.
    pub(crate) fn new(
        contracts: &Contracts,
        profile: &Profile,
        settle: BTreeMap<String, u64>,
        max_created: Option<usize>,
    ) -> Tracker {
        let mut resources: BTreeMap<String, Tracked> = BTreeMap::new();
        for op in contracts.operations() {
            let Some((key, tracked)) = of_account(op, profile) else { continue };
            match resources.get_mut(&key) {
                Some(t) => {
                    t.start.extend(tracked.start.clone());
                    t.now.extend(tracked.start);
                    t.target.extend(tracked.target);
                }
                None => {
                    resources.insert(key, tracked);
                }
            }
        }
        Tracker {
            state: Mutex::new(State { resources, ..State::default() }),
            settle,
            share: true,
            max_created,
            holds_refusals: false,
            journal: None,
        }
    }

    /// Counts what a wrong target creates by accepting a refusal against the bound, and holds
    /// back the refusals it may accept too ([`Tracker::may_risk_create`]): on a real account.
    pub(crate) fn holding_refusals(mut self, holds: bool) -> Self {
        self.holds_refusals = holds;
        self
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The resource at `key`, if followed.
    pub(crate) fn get(&self, key: &str) -> Option<Tracked> {
        self.with(|s| s.resources.get(key).cloned())
    }

    /// Every resource followed, by key.
    pub(crate) fn resources(&self) -> Vec<(String, Tracked)> {
        self.with(|s| s.resources.iter().map(|(k, t)| (k.clone(), t.clone())).collect())
    }

    /// The values to put at body pointers of a request of `op` to the resource `key`: for a
    /// refusal, every attribute a success would set, as the resource has it now (a wrong
    /// target that accepts it changes nothing); for a success, the values its change bindings
    /// change, to those the resource does not have now.
    pub(crate) fn pins(&self, op: &Operation, key: &str, refusal: bool) -> Vec<(String, Value)> {
        let Some(t) = self.get(key) else { return Vec::new() };
        if refusal {
            return op.sets().iter().filter_map(|(a, p)| Some(((*p).to_string(), t.now.get(*a)?.clone()))).collect();
        }
        let next = t.next();
        op.changes().iter().filter_map(|c| Some((c.pointer.to_string(), next.get(c.attribute)?.clone()))).collect()
    }

    /// How long a change of `key` by `op` must wait for the last one to settle.
    pub(crate) fn settle(&self, op: &str, key: &str) -> Option<Duration> {
        let secs = *self.settle.get(op)?;
        let last = self.with(|s| s.resources.get(key).and_then(|t| t.last_change))?;
        Duration::from_secs(secs).checked_sub(last.elapsed()).filter(|d| !d.is_zero())
    }

    /// Notes an accepted answer to a request of scenario `by` to `key` whose body set `values`
    /// (attribute → value): the resource has them now.
    pub(crate) fn changed(&self, key: &str, values: Map<String, Value>, by: &str) {
        self.with(|s| {
            let Some(t) = s.resources.get_mut(key) else { return };
            let before = t.now.clone();
            t.now.extend(values);
            t.unknown = None;
            t.last_change = Some(Instant::now());
            if t.now != before {
                t.changes += 1;
                t.last_by = Some(by.to_string());
            }
        });
    }

    /// Notes that scenario `by` changed `key` for good (an accepted `irreversible` change): the
    /// run never sets it back.
    pub(crate) fn for_good(&self, key: &str, by: &str) {
        self.with(|s| {
            if let Some(t) = s.resources.get_mut(key)
                && t.for_good.is_none()
            {
                t.for_good = Some(by.to_string());
            }
        });
    }

    /// Notes a change of `key` by scenario `by` that could not complete: its values are not
    /// known.
    pub(crate) fn unknown(&self, key: &str, why: String, by: &str) {
        self.with(|s| {
            if let Some(t) = s.resources.get_mut(key) {
                t.unknown = Some(why);
                t.last_change = Some(Instant::now());
                t.last_by = Some(by.to_string());
            }
        });
    }

    /// The resources the run created under `parent`, by plan and (when the bound counts them) by
    /// refusals a wrong target accepted.
    fn made(&self, parent: &str) -> (usize, usize) {
        let unplanned = |s: &State| if self.holds_refusals { s.unplanned.get(parent).copied().unwrap_or(0) } else { 0 };
        self.with(|s| (s.created.get(parent).copied().unwrap_or(0), unplanned(s)))
    }

    /// Whether one more resource may be created under `parent`; `Err` says why not.
    pub(crate) fn may_create(&self, parent: &str, noun: &str) -> Result<(), String> {
        let Some(max) = self.max_created else { return Ok(()) };
        let (planned, unplanned) = self.made(parent);
        let made = planned + unplanned;
        if made < max {
            return Ok(());
        }
        let by_refusals = if unplanned > 0 {
            format!(" ({unplanned} by requests a correct target refuses, which the target accepted)")
        } else {
            String::new()
        };
        Err(format!(
            "this run has created {made} {noun}(s) under {parent} already{by_refusals}, its bound: a run creates at \
             most {max} (raise it with --max-created N or [safety] max_created)"
        ))
    }

    /// Whether a refusal of an operation that creates under `parent` may be sent: always while
    /// the target has accepted no refusal there (a correct target creates nothing by one); once
    /// it has, only under the bound, as a create ([`Tracker::may_create`]). `Err` says why not.
    pub(crate) fn may_risk_create(&self, parent: &str, noun: &str) -> Result<(), String> {
        if self.made(parent).1 == 0 {
            return Ok(());
        }
        self.may_create(parent, noun)
            .map_err(|why| format!("not sent: the target may accept this refusal too, as it did another, and {why}"))
    }

    /// Notes a resource created under `parent` at `key`, followed from the values `t` says; a
    /// planned create's resource joins the pool set-ups share.
    pub(crate) fn created(&self, parent: &str, made: Created, key: String, t: Tracked, planned: bool) {
        self.with(|s| {
            if planned {
                *s.created.entry(parent.to_string()).or_default() += 1;
                s.pool.entry(parent.to_string()).or_default().push(made);
            } else {
                *s.unplanned.entry(parent.to_string()).or_default() += 1;
            }
            s.resources.insert(key, t);
        });
    }

    /// A resource the run already created under `parent`, for a set-up to share; `None` when
    /// set-ups do not share or none was.
    pub(crate) fn shared(&self, parent: &str) -> Option<Created> {
        if !self.share {
            return None;
        }
        self.with(|s| s.pool.get(parent).and_then(|p| p.first()).cloned())
    }
}

/// The resource of the account `op` changes, at the path `profile` names, with its start
/// values (the change bindings' `current` keys) and the values a change goes to (`target`):
/// `None` when it changes none, or the profile lacks a value of it.
fn of_account(op: &Operation, profile: &Profile) -> Option<(String, Tracked)> {
    let changes = op.changes();
    if changes.is_empty() {
        return None;
    }
    let key = op.account_resource(profile)?;
    let mut start = Map::new();
    let mut target = Map::new();
    for c in &changes {
        start.insert(c.attribute.to_string(), profile.get(c.current?)?.clone());
        if let Some(v) = profile.get(c.target) {
            target.insert(c.attribute.to_string(), v.clone());
        }
    }
    let noun = op.contract().resource.as_ref().map_or_else(|| "resource".to_string(), |r| r.noun.clone());
    let t = Tracked {
        noun,
        op: op.id().to_string(),
        account: true,
        now: start.clone(),
        start,
        target,
        last_change: None,
        unknown: None,
        changes: 0,
        last_by: None,
        for_good: None,
    };
    Some((key, t))
}
