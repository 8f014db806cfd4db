//! Intents of the visit form and the issue screens: record a visit with what it
//! raised, keep and find the form's draft, take an issue a step further.
use super::AppState;
use crate::store::StoreError;
use revisit_core::issue::{Issue, IssueEvent};
use revisit_core::photo::Photo;
use revisit_core::sync::Change;
use revisit_core::visit::Visit;
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

impl AppState {
    /// Records a visit done: the visit, the issues it raised, its photos'
    /// records and the steps it took on other issues (an acknowledgement), saved
    /// and queued for sync with the draft it was typed in deleted — all in one
    /// transaction, so nothing is half-saved and no finished draft comes back.
    pub async fn record_visit(
        &self,
        visit: Visit,
        issues: Vec<Issue>,
        photos: Vec<Photo>,
        steps: Vec<(Uuid, IssueEvent)>,
        draft_key: &str,
    ) -> Result<(), StoreError> {
        let mut changes: Vec<Change> = issues.into_iter().map(Change::put).collect();
        changes.push(Change::put(visit));
        changes.extend(photos.into_iter().map(Change::put));
        changes.extend(
            steps
                .into_iter()
                .map(|(issue_id, event)| Change::IssueStep { issue_id, event }),
        );
        self.save_finishing(changes, Some(draft_key)).await
    }

    /// Takes issue `issue_id` a step along its loop (handled, feedback given,
    /// verified, reopened…): appended to its history, queued for sync.
    pub async fn step_issue(&self, issue_id: Uuid, event: IssueEvent) -> Result<(), StoreError> {
        self.save(vec![Change::IssueStep { issue_id, event }]).await
    }

    /// The draft kept under `key`, or one kept under the form's earlier key
    /// (`legacy`), moved to `key` now; `None` when there is none (or no database).
    pub async fn draft_for<T: Serialize + DeserializeOwned>(
        &self,
        key: &str,
        legacy: Option<&str>,
    ) -> Option<T> {
        let store = self.store()?;
        if let Ok(Some(saved)) = store.draft::<T>(key).await {
            return Some(saved);
        }
        let saved = store.draft::<T>(legacy?).await.ok()??;
        // Kept under the new key before the old one goes: a later visit of the
        // customer must not find it again.
        if store.save_draft(key, &saved).await.is_ok() {
            let _ = store.delete_draft(legacy?).await;
        }
        Some(saved)
    }

    /// Keeps a half-filled form under `key` (on every change: nothing typed is lost).
    pub async fn keep_draft<T: Serialize>(&self, key: &str, draft: &T) -> Result<(), StoreError> {
        self.open_store()?.save_draft(key, draft).await
    }
}
