//! Stopping a computation whose answer nobody waits for any more. The server
//! plans and reports on a blocking thread; when the request ends (the client gave
//! up, the timeout fired) its future is dropped, but a thread cannot be stopped
//! from outside. So the work is handed a [`Cancel`] and looks at it between
//! customers; the request holds a [`CancelOnDrop`] that raises it.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Whether the work should stop; [`Cancel::never`] for work nobody cancels.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>);

/// The work was stopped before it finished: what it made is not an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled: the answer is no longer wanted")]
pub struct Cancelled;

impl Cancel {
    /// A flag not raised yet.
    pub fn new() -> Self {
        Self(Some(Arc::new(AtomicBool::new(false))))
    }

    /// For work that always runs to its end (the app, the command line).
    pub fn never() -> Self {
        Self(None)
    }

    pub fn cancel(&self) {
        if let Some(flag) = &self.0 {
            flag.store(true, Ordering::Relaxed);
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// `Err` once cancelled: `cancel.check()?` between steps.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// A guard that cancels when it is dropped (with the request that holds it).
    pub fn on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

/// Raises its [`Cancel`] when dropped.
#[derive(Debug)]
pub struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guard_cancels_every_clone_when_it_drops() {
        let cancel = Cancel::new();
        let seen_by_work = cancel.clone();
        let guard = cancel.on_drop();
        assert_eq!(seen_by_work.check(), Ok(()));
        drop(guard);
        assert!(seen_by_work.is_cancelled());
        assert_eq!(seen_by_work.check(), Err(Cancelled));
    }

    #[test]
    fn never_is_never_cancelled() {
        let never = Cancel::never();
        never.cancel();
        drop(never.on_drop());
        assert_eq!(never.check(), Ok(()));
    }
}
