//! Small validated values used across the records.
use crate::error::Invalid;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An amount in whole yuan (CNY): never negative, at most ten trillion, so that the
/// sums reports and tiers make of a whole company's amounts cannot overflow.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(try_from = "u64", into = "u64")]
#[schemars(extend("maximum" = 10_000_000_000_000u64))]
pub struct Cny(pub u64);

impl Cny {
    /// Ten trillion yuan: more than any customer's purchases or contract, small enough
    /// that a million of them still add up in a `u64`.
    pub const MAX: u64 = 10_000_000_000_000;

    /// Accepts a signed amount, as typed or imported, and refuses a negative one or
    /// one beyond [`Cny::MAX`].
    pub fn parse(amount: i64, record: &'static str, field: &'static str) -> Result<Self, Invalid> {
        let Ok(yuan) = u64::try_from(amount) else {
            return Err(Invalid::new(
                record,
                field,
                format!("amount must not be negative (got {amount} CNY)"),
            ));
        };
        Self::bounded(yuan).map_err(|message| Invalid::new(record, field, message))
    }

    fn bounded(yuan: u64) -> Result<Self, String> {
        if yuan > Self::MAX {
            Err(format!("amount {yuan} CNY is beyond {} CNY", Self::MAX))
        } else {
            Ok(Cny(yuan))
        }
    }

    /// The sum, never overflowing (it saturates, which bounded amounts never reach).
    pub fn plus(self, other: Cny) -> Cny {
        Cny(self.0.saturating_add(other.0))
    }

    pub fn yuan(self) -> u64 {
        self.0
    }
}

impl TryFrom<u64> for Cny {
    type Error = String;
    fn try_from(yuan: u64) -> Result<Self, String> {
        Self::bounded(yuan)
    }
}

impl From<Cny> for u64 {
    fn from(amount: Cny) -> u64 {
        amount.0
    }
}

impl std::iter::Sum for Cny {
    fn sum<I: Iterator<Item = Cny>>(iter: I) -> Cny {
        iter.fold(Cny(0), Cny::plus)
    }
}

/// A satisfaction rating from 1 (very dissatisfied) to 5 (very satisfied).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(try_from = "u8", into = "u8")]
pub struct Rating(u8);

impl Rating {
    pub fn parse(value: u8) -> Result<Self, Invalid> {
        if (1..=5).contains(&value) {
            Ok(Rating(value))
        } else {
            Err(Invalid::new(
                "visit",
                "rating",
                format!("a rating is 1 to 5 (got {value})"),
            ))
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Rating {
    type Error = Invalid;
    fn try_from(value: u8) -> Result<Self, Invalid> {
        Rating::parse(value)
    }
}

impl From<Rating> for u8 {
    fn from(rating: Rating) -> u8 {
        rating.0
    }
}

/// When something happened: a UTC instant plus the device's UTC offset at the time,
/// so the local date and hour can be shown as the technician saw them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(try_from = "RawDeviceTime")]
pub struct DeviceTime {
    pub utc: DateTime<Utc>,
    /// Minutes east of UTC (China: 480).
    pub offset_minutes: i16,
}

/// A device time as it arrives, checked into a [`DeviceTime`]: whatever is read (a
/// push, an import, a backup, a stored row) has an offset within ±14 h and a year
/// from 1970 to 2200, so no computation on it can fail.
#[derive(Deserialize, JsonSchema)]
struct RawDeviceTime {
    /// The instant, UTC, in the years 1970 to 2200.
    utc: DateTime<Utc>,
    /// Minutes east of UTC (China: 480), within ±14 hours.
    #[schemars(range(min = -840, max = 840))]
    offset_minutes: i16,
}

impl TryFrom<RawDeviceTime> for DeviceTime {
    type Error = String;
    fn try_from(raw: RawDeviceTime) -> Result<Self, String> {
        use chrono::Datelike;
        if !(1970..=2200).contains(&raw.utc.year()) {
            return Err(format!("time {} is outside 1970–2200", raw.utc));
        }
        DeviceTime::new(raw.utc, raw.offset_minutes).map_err(|e| e.message)
    }
}

/// China Standard Time, UTC+8: the default device offset.
pub const CHINA_OFFSET_MINUTES: i16 = 480;

impl DeviceTime {
    pub fn new(utc: DateTime<Utc>, offset_minutes: i16) -> Result<Self, Invalid> {
        if offset_minutes.unsigned_abs() > 14 * 60 {
            return Err(Invalid::new(
                "time",
                "offset_minutes",
                format!("UTC offset out of range: {offset_minutes} minutes"),
            ));
        }
        Ok(Self {
            utc,
            offset_minutes,
        })
    }

    pub fn offset(self) -> FixedOffset {
        // In range whenever it came through `new` or deserialization; a value built
        // by hand out of range reads as UTC rather than failing.
        FixedOffset::east_opt(i32::from(self.offset_minutes) * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero is an offset"))
    }

    pub fn local(self) -> DateTime<FixedOffset> {
        self.utc.with_timezone(&self.offset())
    }

    /// The calendar date on the device when it happened.
    pub fn local_date(self) -> NaiveDate {
        self.local().date_naive()
    }

    /// The moment a person typed as a local date and time, `YYYY-MM-DDTHH:MM` (what
    /// a form's `datetime-local` gives), at `offset_minutes` east of UTC.
    pub fn parse_local(text: &str, offset_minutes: i16) -> Result<Self, Invalid> {
        let bad = || Invalid::new("time", "local", format!("not a date and time: {text:?}"));
        let local = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
            .map_err(|_| bad())?;
        let offset = FixedOffset::east_opt(i32::from(offset_minutes) * 60).ok_or_else(bad)?;
        let utc = chrono::TimeZone::from_local_datetime(&offset, &local)
            .single()
            .ok_or_else(bad)?
            .with_timezone(&Utc);
        Self::new(utc, offset_minutes)
    }

    /// As [`parse_local`](Self::parse_local) would read it back.
    pub fn local_text(self) -> String {
        self.local().format("%Y-%m-%dT%H:%M").to_string()
    }
}

/// A text that every user-facing label has in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: &str, en: &str) -> Self {
        Self {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_local_time_is_read_at_the_devices_offset() {
        let typed = DeviceTime::parse_local("2026-12-03T08:30", 480).unwrap();
        assert_eq!(typed.utc.to_rfc3339(), "2026-12-03T00:30:00+00:00");
        assert_eq!(typed.offset_minutes, 480);
        assert_eq!(typed.local_text(), "2026-12-03T08:30");
        assert_eq!(
            DeviceTime::parse_local(" 昨天 ", 480).unwrap_err().field,
            "local"
        );
        assert!(DeviceTime::parse_local("2026-12-03T08:30", 15 * 60).is_err());
    }
    use chrono::TimeZone;

    #[test]
    fn a_device_time_read_from_data_is_in_range_or_refused() {
        let read = |offset: i64, utc: &str| {
            serde_json::from_value::<DeviceTime>(
                serde_json::json!({"utc": utc, "offset_minutes": offset}),
            )
        };
        let fine = read(480, "2026-11-23T01:00:00Z").unwrap();
        assert_eq!(
            fine.local_date(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert!(read(840, "2026-11-23T01:00:00Z").is_ok());
        assert!(read(-840, "2026-11-23T01:00:00Z").is_ok());
        for offset in [841, -841, 1500, 32767, -32768] {
            let err = read(offset, "2026-11-23T01:00:00Z")
                .unwrap_err()
                .to_string();
            assert!(err.contains("offset"), "{offset}: {err}");
        }
        assert!(read(480, "1969-12-31T23:00:00Z").is_err());
        assert!(read(480, "2201-01-01T00:00:00Z").is_err());
        // Built by hand out of range, it still reads (as UTC) instead of panicking.
        let odd = DeviceTime {
            utc: fine.utc,
            offset_minutes: 32767,
        };
        assert_eq!(odd.local().offset().local_minus_utc(), 0);
    }

    #[test]
    fn amounts_are_bounded_and_their_sums_cannot_overflow() {
        assert!(serde_json::from_str::<Cny>(&Cny::MAX.to_string()).is_ok());
        assert!(serde_json::from_str::<Cny>(&(Cny::MAX + 1).to_string()).is_err());
        assert!(serde_json::from_str::<Cny>(&u64::MAX.to_string()).is_err());
        assert!(Cny::parse(i64::MAX, "customer", "annual_purchases").is_err());
        let many: Cny = std::iter::repeat_n(Cny(u64::MAX / 2), 3).sum();
        assert_eq!(many, Cny(u64::MAX), "saturates");
        let bounded: Cny = std::iter::repeat_n(Cny(Cny::MAX), 1_000_000).sum();
        assert_eq!(
            bounded,
            Cny(Cny::MAX * 1_000_000),
            "a million of the largest add up exactly"
        );
    }

    #[test]
    fn negative_amounts_are_refused_with_the_field() {
        let err = Cny::parse(-5, "installation", "contract_amount").unwrap_err();
        assert_eq!(err.field, "contract_amount");
        assert!(err.to_string().contains("must not be negative"), "{err}");
        assert_eq!(Cny::parse(3_000_000, "c", "f").unwrap().yuan(), 3_000_000);
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert!(Rating::parse(0).is_err());
        assert!(Rating::parse(6).is_err());
        assert_eq!(Rating::parse(5).unwrap().value(), 5);
        assert!(serde_json::from_str::<Rating>("7").is_err());
        assert_eq!(serde_json::from_str::<Rating>("3").unwrap().value(), 3);
    }

    #[test]
    fn device_time_keeps_the_local_date() {
        // 23:30 UTC on 9 March is already 10 March in Beijing.
        let t = DeviceTime::new(Utc.with_ymd_and_hms(2026, 3, 9, 23, 30, 0).unwrap(), 480).unwrap();
        assert_eq!(
            t.local_date(),
            NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
        );
        assert!(DeviceTime::new(t.utc, 15 * 60).is_err());
    }
}

/// Serialises a map keyed by year with string keys ("2025"), as JSON does anyway,
/// so stores that keep maps as plain objects (IndexedDB) can hold it too.
pub mod year_map {
    use super::Cny;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(
        map: &BTreeMap<i32, Cny>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let strings: BTreeMap<String, Cny> = map
            .iter()
            .map(|(year, amount)| (year.to_string(), *amount))
            .collect();
        strings.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<i32, Cny>, D::Error> {
        let strings = BTreeMap::<String, Cny>::deserialize(deserializer)?;
        strings
            .into_iter()
            .map(|(year, amount)| {
                year.trim()
                    .parse::<i32>()
                    .map(|y| (y, amount))
                    .map_err(|_| D::Error::custom(format!("{year:?} is not a year")))
            })
            .collect()
    }
}
