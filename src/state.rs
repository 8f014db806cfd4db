//! The app's shared state: the device database and a snapshot of its data, which
//! the pages read through signals (never the network).
use crate::store::{Store, StoreError, DB_NAME};
use chrono::{DateTime, Days, NaiveDate, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use revisit_core::dataset::DataSet;
use revisit_core::schedule::PlannedVisit;
use revisit_core::types::DeviceTime;
use std::sync::Arc;

/// Where the local data stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    Loading,
    Ready(Arc<DataSet>),
    Failed(StoreError),
}

#[derive(Clone, Copy)]
pub struct AppState {
    store: StoredValue<Option<Store>, LocalStorage>,
    pub data: RwSignal<Data>,
    /// The plan around today over all the data, computed once per snapshot and shared
    /// by the screens that show planned visits.
    pub agenda: Memo<Option<Arc<Vec<PlannedVisit>>>>,
    /// Who uses this device (Settings): recorded with every issue step.
    pub user: RwSignal<String>,
}

/// The metadata key of the device's user name.
const USER_KEY: &str = "user";

impl AppState {
    /// Opens the database and loads its data; provided once, at the app's root.
    pub fn provide() -> Self {
        let data = RwSignal::new(Data::Loading);
        let agenda = Memo::new(move |_| match data.get() {
            Data::Ready(data) => Some(Arc::new(agenda(&data, today()))),
            _ => None,
        });
        let state = Self {
            store: StoredValue::new_local(None),
            data,
            agenda,
            user: RwSignal::new(String::new()),
        };
        provide_context(state);
        spawn_local(async move {
            match Store::open(DB_NAME).await {
                Ok(store) => {
                    if let Ok(Some(user)) = store.meta::<String>(USER_KEY).await {
                        state.user.set(user);
                    }
                    state.store.set_value(Some(store));
                    state.reload().await;
                    // Ask once per start; browsers decide without prompting (an installed
                    // app usually gets it). Settings shows the result.
                    crate::pwa::request_persistence().await;
                }
                Err(err) => state.data.set(Data::Failed(err)),
            }
        });
        state
    }

    pub fn store(&self) -> Option<Store> {
        self.store.get_value()
    }

    /// Re-reads the local data after an edit.
    pub async fn reload(&self) {
        let Some(store) = self.store() else { return };
        match store.load().await {
            Ok(data) => self.data.set(Data::Ready(Arc::new(data))),
            Err(err) => self.data.set(Data::Failed(err)),
        }
    }

    /// Remembers who uses this device.
    pub async fn set_user(&self, name: String) -> Result<(), StoreError> {
        if let Some(store) = self.store() {
            store.set_meta(USER_KEY, &name).await?;
        }
        self.user.set(name);
        Ok(())
    }

    /// The data, when loaded.
    pub fn snapshot(&self) -> Option<Arc<DataSet>> {
        match self.data.get() {
            Data::Ready(data) => Some(data),
            _ => None,
        }
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// The visits around today: a month and more back (overdue ones are chased until
/// their window closes), a month ahead.
pub fn agenda(data: &DataSet, today: NaiveDate) -> Vec<PlannedVisit> {
    data.plan(today - Days::new(62), today + Days::new(31), today)
}

/// Now, as the device sees it: the UTC instant and the device's UTC offset.
pub fn device_now() -> DeviceTime {
    let date = js_sys::Date::new_0();
    let utc = DateTime::<Utc>::from_timestamp_millis(date.get_time() as i64).unwrap_or_default();
    let offset = -(date.get_timezone_offset() as i16);
    DeviceTime::new(utc, offset).unwrap_or(DeviceTime {
        utc,
        offset_minutes: revisit_core::types::CHINA_OFFSET_MINUTES,
    })
}

/// Today's date on the device.
pub fn today() -> NaiveDate {
    device_now().local_date()
}
