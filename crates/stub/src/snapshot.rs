//! The accepted credentials read without the state lock. Every request's authentication looks
//! credentials up, and they change only when the admin API seeds or resets the state; taking the
//! state's mutex for each look-up made the two worker threads pass its cache line back and forth
//! on every request. So the state's `Shared` keeps a snapshot of the keyring, replaced at
//! the end of any locked call that changed it, and each thread keeps the snapshot it last used:
//! a look-up reads one shared word (the revision) and writes nothing shared. A revision is
//! unique over the process (a clone keeps its original's, with the same credentials), so it
//! names the credentials whichever state they belong to. A request sees the credentials as of the last completed
//! change, so a client that waited for the admin API's answer sees its change.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::keyring::Keyring;

thread_local! {
    /// This thread's last snapshot: its revision and the keyring.
    static CACHE: RefCell<Option<(u64, Arc<Keyring>)>> = const { RefCell::new(None) };
}

/// The keyring as of the last change.
#[derive(Debug)]
pub(crate) struct Snapshot {
    revision: AtomicU64,
    current: Mutex<Arc<Keyring>>,
}

impl Snapshot {
    /// A snapshot of `keyring`.
    pub(crate) fn new(keyring: &Keyring) -> Snapshot {
        Snapshot { revision: AtomicU64::new(keyring.revision()), current: Mutex::new(Arc::new(keyring.clone())) }
    }

    /// Takes `keyring` as the snapshot if it changed since (called under the state lock).
    pub(crate) fn update(&self, keyring: &Keyring) {
        if keyring.revision() == self.revision.load(Ordering::Relaxed) {
            return;
        }
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Arc::new(keyring.clone());
        self.revision.store(keyring.revision(), Ordering::Release);
    }

    /// Runs `f` on the keyring as of the last change.
    pub(crate) fn read<R>(&self, f: impl FnOnce(&Keyring) -> R) -> R {
        let revision = self.revision.load(Ordering::Acquire);
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if !matches!(&*cache, Some((r, _)) if *r == revision) {
                let current = Arc::clone(&self.current.lock().unwrap_or_else(PoisonError::into_inner));
                *cache = Some((revision, current));
            }
            match &*cache {
                Some((_, k)) => f(k),
                None => f(&Keyring::default()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use conformance_contract::AuthScheme;

    use super::*;
    use crate::state::{Credential, Grant, Shared, State};

    fn permitted() -> Credential {
        Credential { grant: Grant::Permitted, paired: None, secret: true }
    }

    #[test]
    fn a_change_under_the_lock_is_seen_by_the_next_look_up_on_every_thread() {
        let shared = Arc::new(Shared::new(State::default()));
        let known = |s: &Shared, v: &str| s.keys(|k| k.get(&AuthScheme::HuaweiSdkHmac, "token", v).is_some());
        assert!(!known(&shared, "t1"));
        shared.with(|s| s.keyring.add(AuthScheme::HuaweiSdkHmac, "token", "t1".into(), permitted()));
        assert!(known(&shared, "t1"), "this thread");
        let other = Arc::clone(&shared);
        let seen = std::thread::spawn(move || known(&other, "t1")).join().expect("joined");
        assert!(seen, "another thread");
        // A reset to an older keyring is a change too.
        shared.with(|s| *s = State::default());
        assert!(!known(&shared, "t1"));
        // Two states do not share a snapshot.
        let second = Shared::new(State::default());
        shared.with(|s| s.keyring.add(AuthScheme::HuaweiSdkHmac, "token", "t2".into(), permitted()));
        assert!(known(&shared, "t2") && !known(&second, "t2"));
    }
}
