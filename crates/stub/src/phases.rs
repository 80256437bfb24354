//! Where a request's time goes, phase by phase, for the bench's breakdown
//! (`crates/bench/README.md`). Compiled only with the cargo feature `phases` (the bench enables
//! it); without it every call here is an empty inline function. Even with it nothing is timed
//! until [`enable`] is called, which the bench does only in a server of its own, in a pass of its
//! own: the pass whose CPU time is compared with bare hyper's never times anything.
//!
//! The standalone adapter starts a request's clock once the body is read ([`begin`]); from there
//! to the hyper response the work is synchronous on one thread, and each [`mark`] adds the time
//! since the previous one to its phase, in per-thread counters (no lock, no shared cache line).
//! The body read, which may wait for the network, is timed apart ([`now`], [`since`]). [`snapshot`] sums
//! the threads. The in-process adapter never begins a clock, so its marks do nothing.

use std::time::Instant;

/// A phase of the per-request pipeline, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the request body (may include waiting for it).
    Read,
    /// The request as the core reads it: method, path, headers (borrowed or copied).
    Request,
    /// Routing and the mode in force.
    Route,
    /// The fault header, authentication by scheme, the documented fault.
    Auth,
    /// The body: JSON parse, the request schema, the documented constraints.
    Validation,
    /// The addressed resource, the state lock, the hooks, the effect on state.
    State,
    /// The answer rendered to bytes, the mutation and the variation in force.
    Render,
    /// The answer as a hyper response (status, headers, body frames).
    Response,
}

impl Phase {
    /// Every phase, in pipeline order.
    pub const ALL: [Phase; 8] = [
        Phase::Read,
        Phase::Request,
        Phase::Route,
        Phase::Auth,
        Phase::Validation,
        Phase::State,
        Phase::Render,
        Phase::Response,
    ];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Read => "read body",
            Phase::Request => "request (method, path, headers)",
            Phase::Route => "routing",
            Phase::Auth => "auth",
            Phase::Validation => "validation",
            Phase::State => "state",
            Phase::Render => "rendering",
            Phase::Response => "response (to hyper)",
        }
    }
}

/// Time spent in one phase over the requests timed so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseTotal {
    /// The phase.
    pub phase: Phase,
    /// Nanoseconds in all.
    pub nanos: u64,
}

/// What [`snapshot`] gives: the requests timed and each phase's total.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    /// Requests whose clock reached [`Phase::Response`].
    pub requests: u64,
    /// Per phase, in pipeline order (empty without the `phases` feature).
    pub phases: Vec<PhaseTotal>,
}

#[cfg(feature = "phases")]
mod imp {
    use std::cell::Cell;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::{Arc, Mutex, PoisonError};
    use std::time::Instant;

    use super::{Phase, PhaseTotal, Totals};

    const N: usize = Phase::ALL.len();

    static ENABLED: AtomicBool = AtomicBool::new(false);
    /// Every thread's counters: nanoseconds per phase, then the request count.
    static THREADS: Mutex<Vec<Arc<[AtomicU64; N + 1]>>> = Mutex::new(Vec::new());

    thread_local! {
        /// The end of this thread's previous mark, while a request is being timed.
        static LAST: Cell<Option<Instant>> = const { Cell::new(None) };
        static MINE: Arc<[AtomicU64; N + 1]> = {
            let mine: Arc<[AtomicU64; N + 1]> = Arc::new(std::array::from_fn(|_| AtomicU64::new(0)));
            THREADS.lock().unwrap_or_else(PoisonError::into_inner).push(Arc::clone(&mine));
            mine
        };
    }

    fn index(p: Phase) -> usize {
        Phase::ALL.iter().position(|x| *x == p).unwrap_or(0)
    }

    fn bump(slot: usize, by: u64) {
        // Only this thread writes its counters: a load and a store, no locked instruction.
        MINE.with(|m| {
            if let Some(c) = m.get(slot) {
                c.store(c.load(Ordering::Relaxed).wrapping_add(by), Ordering::Relaxed);
            }
        });
    }

    pub fn enable() {
        ENABLED.store(true, Ordering::Relaxed);
    }

    pub fn begin() {
        if ENABLED.load(Ordering::Relaxed) {
            LAST.with(|l| l.set(Some(Instant::now())));
        }
    }

    pub fn mark(p: Phase) {
        let Some(last) = LAST.with(Cell::get) else { return };
        let now = Instant::now();
        bump(index(p), u64::try_from((now - last).as_nanos()).unwrap_or(u64::MAX));
        if p == Phase::Response {
            bump(N, 1);
            LAST.with(|l| l.set(None));
        } else {
            LAST.with(|l| l.set(Some(now)));
        }
    }

    pub fn now() -> Option<Instant> {
        ENABLED.load(Ordering::Relaxed).then(Instant::now)
    }

    pub fn since(p: Phase, start: Option<Instant>) {
        if let Some(t) = start {
            bump(index(p), u64::try_from(t.elapsed().as_nanos()).unwrap_or(u64::MAX));
        }
    }

    pub fn snapshot() -> Totals {
        let threads = THREADS.lock().unwrap_or_else(PoisonError::into_inner);
        let sum = |i: usize| threads.iter().filter_map(|t| t.get(i)).map(|c| c.load(Ordering::Relaxed)).sum::<u64>();
        let phases = Phase::ALL.iter().enumerate().map(|(i, &phase)| PhaseTotal { phase, nanos: sum(i) }).collect();
        Totals { requests: sum(N), phases }
    }
}

#[cfg(not(feature = "phases"))]
mod imp {
    use std::time::Instant;

    use super::{Phase, Totals};

    #[inline(always)]
    pub fn enable() {}
    #[inline(always)]
    pub fn now() -> Option<Instant> {
        None
    }
    #[inline(always)]
    pub fn since(_: Phase, _: Option<Instant>) {}
    #[inline(always)]
    pub fn begin() {}
    #[inline(always)]
    pub fn mark(_: Phase) {}
    pub fn snapshot() -> Totals {
        Totals::default()
    }
}

/// Whether phases can be timed at all (the crate was built with the `phases` feature).
pub const AVAILABLE: bool = cfg!(feature = "phases");

/// Times requests from now on (a no-op without the `phases` feature).
pub fn enable() {
    imp::enable();
}

/// Starts this request's clock, on this thread (when timing is enabled).
pub(crate) fn begin() {
    imp::begin();
}

/// Ends phase `p` of the request being timed on this thread: the time since the previous mark
/// (or [`begin`]) is `p`'s. [`Phase::Response`] ends the request.
pub(crate) fn mark(p: Phase) {
    imp::mark(p);
}

/// The time now, when timing is enabled: the start of a phase timed apart (across an await).
pub(crate) fn now() -> Option<Instant> {
    imp::now()
}

/// Adds the time since `start` (from [`now`]) to phase `p`.
pub(crate) fn since(p: Phase, start: Option<Instant>) {
    imp::since(p, start);
}

/// The totals so far, over every thread.
pub fn snapshot() -> Totals {
    imp::snapshot()
}
