//! Visits (回访), planned and done, and what a done visit records.
use crate::error::Invalid;
use crate::survey::StageKey;
use crate::types::{DeviceTime, Rating};
use crate::user::UserId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a visit is made.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 现场走访
    OnSite,
    /// 电话
    Phone,
    /// 视频
    Video,
    /// 线上问卷 / online platform
    OnlineSurvey,
    /// 邮件
    Email,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::OnSite,
        Method::Phone,
        Method::Video,
        Method::OnlineSurvey,
        Method::Email,
    ];
}

/// What a visit covered (seed 002): 解释 · 宣传 · 情感 · 调解 · 建议 · 指导.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ContentType {
    Explanation,
    Promotion,
    Emotional,
    Mediation,
    Suggestion,
    Guidance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VisitStatus {
    Planned,
    Done,
    Missed,
    Cancelled,
}

/// One checklist item's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChecklistAnswer {
    pub stage: StageKey,
    pub item: String,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Services the customer asked for (seed 001: after warranty, maintenance, retrofit…).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ServiceWanted {
    pub maintenance: bool,
    pub outage_service: bool,
    pub retrofit: bool,
}

impl ServiceWanted {
    pub fn any(self) -> bool {
        self.maintenance || self.outage_service || self.retrofit
    }
}

/// Where and when the technician arrived on site, as the device located itself
/// (with the user's permission). Degrees are kept in millionths (about 0.1 m), so
/// the record compares exactly and reads back as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CheckIn {
    pub at: DeviceTime,
    pub latitude_e6: i32,
    pub longitude_e6: i32,
    /// The radius, in metres, the device is sure of.
    pub accuracy_m: u32,
}

impl CheckIn {
    /// A check-in from the browser's position; refused when the figures cannot be
    /// a place on Earth.
    pub fn new(
        at: DeviceTime,
        latitude: f64,
        longitude: f64,
        accuracy_m: f64,
    ) -> Result<Self, Invalid> {
        let bad = |field: &'static str, why: String| Invalid::new("check_in", field, why);
        if !(-90.0..=90.0).contains(&latitude) {
            return Err(bad(
                "latitude",
                format!("{latitude} is not a latitude (−90 to 90)"),
            ));
        }
        if !(-180.0..=180.0).contains(&longitude) {
            return Err(bad(
                "longitude",
                format!("{longitude} is not a longitude (−180 to 180)"),
            ));
        }
        if !accuracy_m.is_finite() || accuracy_m < 0.0 {
            return Err(bad("accuracy_m", format!("{accuracy_m} is not a distance")));
        }
        let check = Self {
            at,
            latitude_e6: (latitude * 1e6).round() as i32,
            longitude_e6: (longitude * 1e6).round() as i32,
            accuracy_m: accuracy_m.round().min(f64::from(u32::MAX)) as u32,
        };
        check.validate()?;
        Ok(check)
    }

    /// The same checks on a stored or received check-in.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.latitude_e6.unsigned_abs() > 90_000_000 {
            return Err(Invalid::new(
                "check_in",
                "latitude",
                "not a latitude (−90 to 90)",
            ));
        }
        if self.longitude_e6.unsigned_abs() > 180_000_000 {
            return Err(Invalid::new(
                "check_in",
                "longitude",
                "not a longitude (−180 to 180)",
            ));
        }
        Ok(())
    }

    pub fn latitude(&self) -> f64 {
        f64::from(self.latitude_e6) / 1e6
    }

    pub fn longitude(&self) -> f64 {
        f64::from(self.longitude_e6) / 1e6
    }
}

/// The customer's signature on the survey (a commissioning visit's form is filled
/// in on site): the pad's drawing as a PNG `data:` URL, small enough to sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct Signature(String);

/// A signature's PNG, base64 in a `data:` URL, at most this long (a 600×200 pad
/// compresses to 5–20 KB).
pub const MAX_SIGNATURE: usize = 150_000;

impl Signature {
    pub fn parse(data_url: &str) -> Result<Self, Invalid> {
        let bad = |why: &str| Invalid::new("signature", "signature", why.to_owned());
        let Some(body) = data_url.strip_prefix("data:image/png;base64,") else {
            return Err(bad("a signature is a PNG data URL"));
        };
        if data_url.len() > MAX_SIGNATURE {
            return Err(bad("the signature image is too large"));
        }
        if body.is_empty()
            || !body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            return Err(bad("the signature image is not base64"));
        }
        Ok(Self(data_url.to_owned()))
    }

    pub fn data_url(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Signature {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Invalid> {
        Signature::parse(&value)
    }
}

impl From<Signature> for String {
    fn from(signature: Signature) -> String {
        signature.0
    }
}

/// Who gave the survey's answers — the ratings, suggestions, services wanted
/// and signature (seed 001: 由顧客填寫《顧客滿意度調查表》): the technician
/// asking and writing them down, or the customer themselves, on the
/// technician's phone handed over or later on their own phone by a one-time
/// link. Reports count the customer's own apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnsweredBy {
    #[default]
    Technician,
    /// On the technician's phone, handed over in customer mode.
    CustomerOnDevice,
    /// On the customer's own phone, by the visit's one-time link.
    CustomerByLink,
}

impl AnsweredBy {
    pub fn is_customer(self) -> bool {
        self != Self::Technician
    }

    fn is_technician(&self) -> bool {
        *self == Self::Technician
    }
}

/// What a done visit recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VisitResult {
    pub completed_at: DeviceTime,
    pub method: Method,
    /// Who was met (name and role).
    #[serde(default)]
    pub met: String,
    pub product_rating: Rating,
    pub service_rating: Rating,
    #[serde(default)]
    pub checklist: Vec<ChecklistAnswer>,
    #[serde(default)]
    pub content_types: Vec<ContentType>,
    #[serde(default)]
    pub suggestions: String,
    #[serde(default)]
    pub wanted: ServiceWanted,
    #[serde(default)]
    pub issue_ids: Vec<Uuid>,
    #[serde(default)]
    pub notes: String,
    /// The survey template version the answers were given against.
    pub template_version: u32,
    /// Arrival on site, when the technician checked in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in: Option<CheckIn>,
    /// Departure (离开签退), when the technician checked out: never before the
    /// arrival (`crate::on_site` has the time between).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_out: Option<CheckIn>,
    /// The customer's signature on the survey, when they signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// Who gave the survey's answers (the technician unless the customer did).
    #[serde(default, skip_serializing_if = "AnsweredBy::is_technician")]
    pub answered_by: AnsweredBy,
}

impl VisitResult {
    /// Arrival and departure are places on Earth, and the departure is not before
    /// the arrival.
    fn validate_site(&self) -> Result<(), Invalid> {
        for check in [self.check_in, self.check_out].iter().flatten() {
            check.validate()?;
        }
        match (self.check_in, self.check_out) {
            (Some(arrived), Some(left)) if left.at.utc < arrived.at.utc => Err(Invalid::new(
                "visit",
                "check_out",
                "the departure is before the arrival",
            )),
            _ => Ok(()),
        }
    }
}

/// A visit record as stored: planned (by the plan or a supervisor) or done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Visit {
    pub id: Uuid,
    pub customer_id: Uuid,
    #[serde(default)]
    pub installation_id: Option<Uuid>,
    pub status: VisitStatus,
    #[serde(default)]
    pub planned_date: Option<NaiveDate>,
    /// Who made it.
    #[serde(default)]
    pub assignee: Option<UserId>,
    #[serde(default)]
    pub result: Option<VisitResult>,
}

impl Visit {
    /// A done visit must carry its result; a result needs a done status.
    pub fn validate(&self) -> Result<(), Invalid> {
        match (self.status, &self.result) {
            (VisitStatus::Done, None) => Err(Invalid::new(
                "visit",
                "result",
                "a done visit needs its result",
            )),
            (VisitStatus::Planned | VisitStatus::Missed | VisitStatus::Cancelled, Some(_)) => Err(
                Invalid::new("visit", "status", "a visit with a result must be done"),
            ),
            (_, Some(result)) => result.validate_site(),
            _ => Ok(()),
        }
    }

    /// The device-local date the visit was done on, if done.
    pub fn done_on(&self) -> Option<NaiveDate> {
        match (&self.status, &self.result) {
            (VisitStatus::Done, Some(result)) => Some(result.completed_at.local_date()),
            _ => None,
        }
    }

    /// The lower of the two ratings of a done visit.
    pub fn lowest_rating(&self) -> Option<u8> {
        self.result
            .as_ref()
            .map(|r| r.product_rating.value().min(r.service_rating.value()))
    }
}

impl crate::kind::Kind for Visit {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Whole;
    type Key = Uuid;
    const USERS: &'static [&'static str] = &["assignee"];

    fn key(&self) -> Uuid {
        self.id
    }

    fn customer_id(&self) -> Option<Uuid> {
        Some(self.customer_id)
    }

    fn validate(&self) -> Result<(), crate::error::Invalid> {
        Visit::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        Visit {
            id: example::VISIT,
            customer_id: example::CUSTOMER,
            installation_id: Some(example::INSTALLATION),
            status: VisitStatus::Planned,
            planned_date: Some(example::day()),
            assignee: Some(crate::user::UserId::of_name("张工")),
            result: None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn at() -> DeviceTime {
        DeviceTime::new("2026-11-23T01:30:00Z".parse().unwrap(), 480).unwrap()
    }

    /// A plain result: a phone call, both ratings 5, nothing else.
    pub(crate) fn result() -> VisitResult {
        serde_json::from_value(serde_json::json!({
            "completed_at": at(), "method": "phone", "product_rating": 5,
            "service_rating": 5, "template_version": 1
        }))
        .unwrap()
    }

    #[test]
    fn who_answered_is_said_only_when_the_customer_did() {
        let by_technician = serde_json::to_value(result()).unwrap();
        assert!(
            by_technician.get("answered_by").is_none(),
            "{by_technician}"
        );
        let mut by_customer = result();
        by_customer.answered_by = AnsweredBy::CustomerByLink;
        let json = serde_json::to_value(&by_customer).unwrap();
        assert_eq!(json["answered_by"], "customer_by_link");
        let back: VisitResult = serde_json::from_value(json).unwrap();
        assert!(back.answered_by.is_customer());
        assert!(!result().answered_by.is_customer());
    }

    #[test]
    fn a_departure_before_the_arrival_is_refused() {
        let place = |minutes: i64| CheckIn {
            at: DeviceTime::new(at().utc + chrono::Duration::minutes(minutes), 480).unwrap(),
            ..CheckIn::new(at(), 31.3, 120.6, 10.0).unwrap()
        };
        let visit = |check_in, check_out| Visit {
            id: Uuid::from_u128(1),
            customer_id: Uuid::from_u128(2),
            installation_id: None,
            status: VisitStatus::Done,
            planned_date: None,
            assignee: None,
            result: Some(VisitResult {
                check_in,
                check_out,
                ..result()
            }),
        };
        assert!(visit(Some(place(0)), Some(place(40))).validate().is_ok());
        assert!(
            visit(None, Some(place(40))).validate().is_ok(),
            "left, arrival not caught"
        );
        let err = visit(Some(place(40)), Some(place(0)))
            .validate()
            .unwrap_err();
        assert!(err.to_string().contains("check_out"), "{err}");
        let far = CheckIn {
            latitude_e6: 95_000_000,
            ..place(40)
        };
        assert!(visit(Some(place(0)), Some(far)).validate().is_err());
    }

    #[test]
    fn a_check_in_is_a_place_on_earth_kept_to_a_millionth_of_a_degree() {
        let check = CheckIn::new(at(), 32.060255, 118.796877, 12.4).unwrap();
        assert_eq!(
            (check.latitude_e6, check.longitude_e6, check.accuracy_m),
            (32_060_255, 118_796_877, 12)
        );
        assert!((check.latitude() - 32.060255).abs() < 1e-9);
        assert!((check.longitude() - 118.796877).abs() < 1e-9);
        let json = serde_json::to_value(check).unwrap();
        assert_eq!(serde_json::from_value::<CheckIn>(json).unwrap(), check);
        for (lat, lon, acc, field) in [
            (91.0, 0.0, 5.0, "latitude"),
            (0.0, -180.5, 5.0, "longitude"),
            (0.0, 0.0, -1.0, "accuracy_m"),
            (f64::NAN, 0.0, 5.0, "latitude"),
            (0.0, 0.0, f64::INFINITY, "accuracy_m"),
        ] {
            let err = CheckIn::new(at(), lat, lon, acc).unwrap_err();
            assert!(err.to_string().contains(field), "{err}");
        }
    }

    #[test]
    fn a_visit_with_an_impossible_check_in_is_refused() {
        let visit: Visit = serde_json::from_value(serde_json::json!({
            "id": Uuid::from_u128(1), "customer_id": Uuid::from_u128(2), "status": "done",
            "result": {"completed_at": at(), "method": "on_site", "product_rating": 5,
                "service_rating": 5, "template_version": 1,
                "check_in": {"at": at(), "latitude_e6": 95_000_000, "longitude_e6": 0, "accuracy_m": 3}}
        }))
        .unwrap();
        assert!(visit
            .validate()
            .unwrap_err()
            .to_string()
            .contains("latitude"));
        // Without a check-in (no permission, no signal) the visit is as valid as ever.
        let mut without = visit.clone();
        without.result.as_mut().unwrap().check_in = None;
        assert!(without.validate().is_ok());
    }

    #[test]
    fn a_signature_is_a_small_png_data_url() {
        let ok = "data:image/png;base64,iVBORw0KGgo=";
        assert_eq!(Signature::parse(ok).unwrap().data_url(), ok);
        let json = serde_json::to_value(Signature::parse(ok).unwrap()).unwrap();
        assert_eq!(json, ok);
        assert!(serde_json::from_value::<Signature>(serde_json::json!(
            "data:text/html;base64,PGI+"
        ))
        .is_err());
        assert!(Signature::parse("data:image/png;base64,<script>").is_err());
        assert!(Signature::parse("data:image/png;base64,").is_err());
        let huge = format!("data:image/png;base64,{}", "A".repeat(MAX_SIGNATURE));
        assert!(Signature::parse(&huge)
            .unwrap_err()
            .to_string()
            .contains("too large"));
    }
}
