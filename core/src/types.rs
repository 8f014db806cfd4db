//! Small validated values used across the records.
use crate::error::Invalid;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An amount in whole yuan (CNY). Never negative.
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
#[serde(transparent)]
pub struct Cny(pub u64);

impl Cny {
    /// Accepts a signed amount, as typed or imported, and refuses a negative one.
    pub fn parse(amount: i64, record: &'static str, field: &'static str) -> Result<Self, Invalid> {
        u64::try_from(amount).map(Cny).map_err(|_| {
            Invalid::new(
                record,
                field,
                format!("amount must not be negative (got {amount} CNY)"),
            )
        })
    }

    pub fn yuan(self) -> u64 {
        self.0
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
pub struct DeviceTime {
    pub utc: DateTime<Utc>,
    /// Minutes east of UTC (China: 480).
    pub offset_minutes: i16,
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
        FixedOffset::east_opt(i32::from(self.offset_minutes) * 60)
            .expect("offset validated in range")
    }

    pub fn local(self) -> DateTime<FixedOffset> {
        self.utc.with_timezone(&self.offset())
    }

    /// The calendar date on the device when it happened.
    pub fn local_date(self) -> NaiveDate {
        self.local().date_naive()
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
    use chrono::TimeZone;

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
