//! Stopping a run that is told to stop (SIGINT, SIGTERM: Ctrl-C, a CI job cancelled) without
//! leaving the account changed. On the first signal the run starts nothing new (a scenario's
//! next request is not sent; [`Interrupt::stopping`]), cuts a scenario's settle wait short (its
//! change is not sent; a restore that needs the wait waits it out), sends the restores, writes
//! every output with the account section and exits [`Signal::exit_code`] (130, 143). On a second
//! signal it stops at once ([`Interrupt::aborted`]) and prints what it left changed. The signals
//! are only listened to when the caller asks ([`Interrupt::on_signals`]: the command line); a
//! test raises them by hand ([`Interrupt::raise`]).

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::Notify;

/// Exit code of a run interrupted by SIGINT (128 + 2, as a shell reports it).
pub const EXIT_INTERRUPTED: u8 = 130;
/// Exit code of a run stopped by SIGTERM (128 + 15).
pub const EXIT_TERMINATED: u8 = 143;

/// The signal that stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT (Ctrl-C).
    Interrupt,
    /// SIGTERM (a CI job cancelled, `kill`).
    Terminate,
}

impl Signal {
    /// The process's exit code after it: [`EXIT_INTERRUPTED`] or [`EXIT_TERMINATED`].
    pub fn exit_code(self) -> u8 {
        match self {
            Signal::Interrupt => EXIT_INTERRUPTED,
            Signal::Terminate => EXIT_TERMINATED,
        }
    }

    fn code(self) -> u8 {
        match self {
            Signal::Interrupt => 1,
            Signal::Terminate => 2,
        }
    }

    fn of(code: u8) -> Option<Signal> {
        match code {
            1 => Some(Signal::Interrupt),
            2 => Some(Signal::Terminate),
            _ => None,
        }
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Signal::Interrupt => "SIGINT",
            Signal::Terminate => "SIGTERM",
        })
    }
}

type Tell = Box<dyn Fn(&str) + Send + Sync>;

#[derive(Default)]
struct Inner {
    /// The first signal (0: none yet).
    first: AtomicU8,
    /// How many signals came.
    count: AtomicU8,
    /// Wakes what waits for the first signal.
    stop: Notify,
    /// Wakes what waits for the second.
    abort: Notify,
    /// Listen to the process's signals when the run starts.
    listen: bool,
    /// Where the run says what a signal does (its terminal), once it has one.
    tell: Mutex<Option<Tell>>,
}

/// A run's stop switch, shared by every scenario; cloning shares it.
#[derive(Clone, Default)]
pub struct Interrupt(Arc<Inner>);

impl fmt::Debug for Interrupt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interrupt").field("stopping", &self.stopping()).finish_non_exhaustive()
    }
}

impl Interrupt {
    /// A switch only [`Interrupt::raise`] flips (tests).
    pub fn manual() -> Interrupt {
        Interrupt::default()
    }

    /// A switch the process's SIGINT and SIGTERM flip, from when the run starts: the command
    /// line's.
    pub fn on_signals() -> Interrupt {
        Interrupt(Arc::new(Inner { listen: true, ..Inner::default() }))
    }

    /// A signal came: the first stops the run gracefully, the second at once.
    pub fn raise(&self, signal: Signal) {
        let _ = self.0.first.compare_exchange(0, signal.code(), Ordering::SeqCst, Ordering::SeqCst);
        let n = self.0.count.fetch_add(1, Ordering::SeqCst).saturating_add(1);
        let tell = |text: &str| {
            if let Some(t) = &*self.0.tell.lock().unwrap_or_else(PoisonError::into_inner) {
                t(text);
            }
        };
        if n == 1 {
            tell(&format!(
                "\ninterrupted ({signal}): starting nothing new; the run sets back what it changed, then writes its \
                 reports (a second signal stops at once)"
            ));
            self.0.stop.notify_waiters();
        } else {
            self.0.abort.notify_waiters();
        }
    }

    /// The first signal, once one came.
    pub fn stopping(&self) -> Option<Signal> {
        Signal::of(self.0.first.load(Ordering::SeqCst))
    }

    /// Whether a second signal came.
    pub fn is_aborted(&self) -> bool {
        self.0.count.load(Ordering::SeqCst) >= 2
    }

    /// Resolves once the first signal came.
    pub async fn stopped(&self) {
        let notified = self.0.stop.notified();
        if self.stopping().is_some() {
            return;
        }
        notified.await;
    }

    /// Resolves once a second signal came.
    pub async fn aborted(&self) {
        let notified = self.0.abort.notified();
        if self.is_aborted() {
            return;
        }
        notified.await;
    }

    /// Where to say what a signal does.
    pub(crate) fn tell_with(&self, tell: Tell) {
        *self.0.tell.lock().unwrap_or_else(PoisonError::into_inner) = Some(tell);
    }

    /// Starts listening to the process's signals, when this switch is the command line's; the
    /// listener ends with the returned guard.
    pub(crate) fn listen(&self) -> Option<Listening> {
        if !self.0.listen {
            return None;
        }
        let me = self.clone();
        Some(Listening(tokio::spawn(async move { me.forward().await })))
    }

    #[cfg(unix)]
    async fn forward(self) {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut int), Ok(mut term)) = (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) else {
            return;
        };
        loop {
            let s = tokio::select! {
                _ = int.recv() => Signal::Interrupt,
                _ = term.recv() => Signal::Terminate,
            };
            self.raise(s);
        }
    }

    #[cfg(not(unix))]
    async fn forward(self) {
        while tokio::signal::ctrl_c().await.is_ok() {
            self.raise(Signal::Interrupt);
        }
    }
}

/// The signal listener of one run; dropping it stops listening.
pub(crate) struct Listening(tokio::task::JoinHandle<()>);

impl Drop for Listening {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_signal_stops_the_second_aborts_and_the_first_names_the_exit_code() {
        let i = Interrupt::manual();
        assert_eq!(i.stopping(), None);
        let told = Arc::new(Mutex::new(String::new()));
        let t = Arc::clone(&told);
        i.tell_with(Box::new(move |s| t.lock().unwrap_or_else(PoisonError::into_inner).push_str(s)));
        let waiter = tokio::spawn({
            let i = i.clone();
            async move { i.stopped().await }
        });
        tokio::task::yield_now().await;
        i.raise(Signal::Terminate);
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter).await.ok().and_then(Result::ok).expect("woken");
        assert_eq!(i.stopping().map(Signal::exit_code), Some(EXIT_TERMINATED));
        assert!(!i.is_aborted());
        assert!(told.lock().unwrap_or_else(PoisonError::into_inner).contains("interrupted (SIGTERM)"));
        i.raise(Signal::Interrupt);
        assert!(i.is_aborted());
        assert_eq!(i.stopping(), Some(Signal::Terminate), "the first signal decides the exit code");
        i.aborted().await;
    }
}
