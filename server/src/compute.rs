//! The CPU the plan and the reports may take. Each reads every record and
//! computes over them; a burst of them must not starve pushes and pulls, nor
//! leave work running for requests that are gone. So: at most one such
//! computation per core at a time; a request waits its turn for at most
//! [`WAIT`] (then 503 with `Retry-After`), and a request that ends while it
//! waits or loads (the client gave up, the 30 s timeout) gives its turn back at
//! once, because its future is dropped. What already runs on its thread is told
//! to stop ([`revisit_core::cancel`]) and gives the core back between customers.
//! What runs is bounded by the period checks (at most 400 days) and the data's
//! own bounds (`core::bounds`).
use crate::error::ApiError;
use revisit_core::cancel::{Cancel, Cancelled};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The longest a plan or report request waits for a free core.
pub const WAIT: Duration = Duration::from_secs(10);

/// Turns at the CPU for the plan and the reports.
#[derive(Debug, Clone)]
pub struct Budget {
    turns: Arc<Semaphore>,
    wait: Duration,
}

impl Default for Budget {
    /// One turn per core.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(cores, WAIT)
    }
}

impl Budget {
    pub fn new(turns: usize, wait: Duration) -> Self {
        Self {
            turns: Arc::new(Semaphore::new(turns.max(1))),
            wait,
        }
    }

    /// A turn, held until the guard drops; 503 when none comes free in time.
    pub async fn turn(&self, what: &str) -> Result<OwnedSemaphorePermit, ApiError> {
        match tokio::time::timeout(self.wait, self.turns.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(ApiError::Overloaded(format!(
                "the server is computing other plans and reports: ask for the {what} again shortly"
            ))),
        }
    }

    /// Runs `work` off the async workers, in a turn already taken. When this
    /// future is dropped before the work ends, the work's [`Cancel`] is raised.
    pub async fn run<T: Send + 'static>(
        turn: OwnedSemaphorePermit,
        what: &str,
        work: impl FnOnce(&Cancel) -> Result<T, Cancelled> + Send + 'static,
    ) -> Result<T, ApiError> {
        let cancel = Cancel::new();
        let _request_ends = cancel.on_drop();
        let out = tokio::task::spawn_blocking(move || {
            let out = work(&cancel);
            drop(turn);
            out
        })
        .await
        .map_err(|err| ApiError::Internal(format!("the {what} failed: {err}")))?;
        // Only this future raises it, so a finished request is never `Cancelled`.
        out.map_err(|Cancelled| ApiError::Internal(format!("the {what} was cancelled")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_waits_its_turn_then_is_told_to_come_back() {
        let budget = Budget::new(1, Duration::from_millis(50));
        let first = budget.turn("plan").await.expect("a free core");
        let err = budget.turn("plan").await.unwrap_err();
        assert!(matches!(err, ApiError::Overloaded(_)));
        drop(first);
        assert!(budget.turn("plan").await.is_ok(), "free again");
    }

    #[tokio::test]
    async fn a_request_that_ends_while_waiting_gives_its_turn_back() {
        let budget = Budget::new(1, Duration::from_secs(5));
        let first = budget.turn("report").await.unwrap();
        let waiting = tokio::spawn({
            let budget = budget.clone();
            async move { budget.turn("report").await.map(drop) }
        });
        waiting.abort(); // the client went away
        let _ = waiting.await;
        drop(first);
        assert_eq!(budget.turns.available_permits(), 1);
    }

    #[tokio::test]
    async fn work_for_a_request_that_ends_is_told_to_stop_and_frees_its_core() {
        let budget = Budget::new(1, Duration::from_secs(5));
        let turn = budget.turn("plan").await.unwrap();
        let (started, running) = tokio::sync::oneshot::channel();
        let (stopped, told) = tokio::sync::oneshot::channel();
        let request = tokio::spawn(Budget::run(turn, "plan", move |cancel| {
            let _ = started.send(());
            // Works until told to stop (bounded, should the flag never come).
            let give_up = std::time::Instant::now() + Duration::from_secs(30);
            while cancel.check().is_ok() && std::time::Instant::now() < give_up {
                std::thread::yield_now();
            }
            let _ = stopped.send(cancel.is_cancelled());
            cancel.check()
        }));
        running.await.unwrap();
        request.abort(); // the client went away mid-computation
        assert_eq!(told.await, Ok(true), "the work saw the request end");
        let again = budget.turn("plan").await;
        assert!(again.is_ok(), "and its core came back");
    }

    #[tokio::test]
    async fn work_that_ends_gives_its_answer() {
        let budget = Budget::new(1, Duration::from_secs(5));
        let turn = budget.turn("report").await.unwrap();
        let answer = Budget::run(turn, "report", |cancel| cancel.check().map(|()| 42)).await;
        assert_eq!(answer.ok(), Some(42));
    }
}
