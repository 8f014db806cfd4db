//! The device's clock and new ids: apart from the app's state so the sync engine,
//! the store and the views can all ask for "now" without depending on each other.
use chrono::{DateTime, NaiveDate, Utc};
use revisit_core::types::DeviceTime;

/// A new record's id: time-ordered (UUIDv7), so what a device creates lands at the
/// end of the key indexes, in IndexedDB and on the server, instead of on a random
/// page of each (on the server that halved the pages a push writes).
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
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
