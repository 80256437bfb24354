//! The signal that tells open connections to finish gracefully, cheap to watch: each connection
//! polls it on every wake (beside its hyper connection), so a poll is one atomic load and a
//! comparison of wakers, with no lock (a `watch` channel's `changed()` took a lock per poll).
//! A connection's waker is registered (under the lock) only when it changes; [`Stop::trigger`]
//! sets the flag, then wakes every registered connection.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

/// The stop signal, shared by the accept loop and its connections.
#[derive(Debug, Default)]
pub(super) struct Stop {
    stopped: AtomicBool,
    wakers: Mutex<Wakers>,
}

/// The registered wakers, one slot per watching connection (slots are reused).
#[derive(Debug, Default)]
struct Wakers {
    slots: Vec<Option<Waker>>,
    free: Vec<usize>,
}

impl Stop {
    /// Stops every watcher: they complete (now, or on their next poll).
    pub(super) fn trigger(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        let wakers = self.wakers.lock().unwrap_or_else(PoisonError::into_inner);
        for w in wakers.slots.iter().flatten() {
            w.wake_by_ref();
        }
    }

    /// A future that completes once the signal is triggered.
    pub(super) fn watch(self: &Arc<Self>) -> Watch {
        Watch { stop: Arc::clone(self), slot: None, registered: None }
    }
}

/// One connection's watch on the [`Stop`].
#[derive(Debug)]
pub(super) struct Watch {
    stop: Arc<Stop>,
    slot: Option<usize>,
    /// The waker last registered (to compare without the lock).
    registered: Option<Waker>,
}

impl Future for Watch {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if this.stop.stopped.load(Ordering::SeqCst) {
            return Poll::Ready(());
        }
        if this.registered.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
            return Poll::Pending;
        }
        {
            let mut wakers = this.stop.wakers.lock().unwrap_or_else(PoisonError::into_inner);
            let w = &mut *wakers;
            let slot = match this.slot {
                Some(s) => s,
                None => w.free.pop().unwrap_or_else(|| {
                    w.slots.push(None);
                    w.slots.len() - 1
                }),
            };
            if let Some(s) = w.slots.get_mut(slot) {
                *s = Some(cx.waker().clone());
            }
            this.slot = Some(slot);
        }
        this.registered = Some(cx.waker().clone());
        // A trigger between the first check and the registration set the flag first.
        if this.stop.stopped.load(Ordering::SeqCst) { Poll::Ready(()) } else { Poll::Pending }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let Some(slot) = self.slot else { return };
        let mut wakers = self.stop.wakers.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = wakers.slots.get_mut(slot) {
            *s = None;
            wakers.free.push(slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_watcher_completes_once_triggered_and_slots_are_reused() {
        let stop = Arc::new(Stop::default());
        let watchers: Vec<_> = (0..3).map(|_| tokio::spawn(stop.watch())).collect();
        tokio::task::yield_now().await;
        let early = tokio::time::timeout(std::time::Duration::from_millis(50), stop.watch()).await;
        assert!(early.is_err(), "not before the trigger");
        stop.trigger();
        for w in watchers {
            tokio::time::timeout(std::time::Duration::from_secs(5), w).await.expect("woken").expect("joined");
        }
        stop.watch().await;
        let wakers = stop.wakers.lock().expect("lock");
        assert!(wakers.slots.iter().all(Option::is_none), "every slot freed");
        assert!(wakers.slots.len() <= 4, "slots reused: {}", wakers.slots.len());
    }
}
