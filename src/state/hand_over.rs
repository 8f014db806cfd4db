//! The phone handed to the customer (customer mode, seed 001: 由顧客填寫《顧客滿
//! 意度調查表》): which visit's survey they fill. Kept in web storage, so a reload,
//! the back gesture or a typed address stays on the survey until the technician
//! takes the phone back; nothing else of the app shows meanwhile.
use super::AppState;
use gloo_storage::{LocalStorage, Storage as _};
use leptos::prelude::*;

const KEY: &str = "revisit_handed_over";

/// The visit (its draft key) handed over when the app last ran, if any.
pub(super) fn saved() -> Option<String> {
    LocalStorage::get(KEY).ok()
}

impl AppState {
    /// Hands the phone to the customer for the survey of the visit `key`.
    pub fn hand_over(self, key: &str) {
        if let Err(err) = LocalStorage::set(KEY, key) {
            // Still locked in this run; a reload would unlock it.
            leptos::logging::warn!("customer mode not kept over a reload: {err}");
        }
        self.handed_over.set(Some(key.to_owned()));
    }

    /// The technician has the phone again.
    pub fn take_back(self) {
        LocalStorage::delete(KEY);
        self.handed_over.set(None);
    }

    /// Whether the phone is in the customer's hands for the visit `key`.
    pub fn handed_over_for(self, key: &str) -> bool {
        self.handed_over.with(|h| h.as_deref() == Some(key))
    }
}
