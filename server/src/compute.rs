//! The CPU the plan and the reports may take. Each reads every record and
//! computes over them; a burst of them must not starve pushes and pulls, nor
//! leave work running for requests that are gone. So: at most one such
//! computation per core at a time; a request waits its turn for at most
//! [`WAIT`] (then 503 with `Retry-After`), and a request that ends while it
//! waits or loads (the client gave up, the 30 s timeout) gives its turn back at
//! once, because its future is dropped. What runs is bounded by the period
//! checks (at most 400 days) and the data's own bounds (`core::sync::bounds`).
use crate::error::ApiError;
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

    /// Runs `work` off the async workers, in a turn already taken.
    pub async fn run<T: Send + 'static>(
        _turn: OwnedSemaphorePermit,
        what: &str,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        tokio::task::spawn_blocking(move || {
            let out = work();
            drop(_turn);
            out
        })
        .await
        .map_err(|err| ApiError::Internal(format!("the {what} failed: {err}")))
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
}
