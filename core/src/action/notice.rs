//! Quality-improvement notices (质量改进通知, seed 000 §5): once an action's measures
//! are taken, quality control tells the customers they concern what was improved.
//! The customers are picked by product line and, optionally, installation model;
//! each gets one event of kind `quality_notice` (its id derived from the action and
//! the customer, so sending again adds nobody twice), which the plan turns into a
//! visit or call within two weeks, counted in the analysis report.
use super::Action;
use crate::error::Invalid;
use crate::event::{Event, EventKind};
use crate::installation::Installation;
use crate::types::DeviceTime;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The namespace of notice event ids (UUIDv5 of action and customer).
const NAMESPACE: Uuid = Uuid::from_u128(0x3b9e_0c51_7a2d_4f88_a6c4_19d2_e07b_5c31);

/// Whom a notice goes to: the customers with an installation of this product line
/// (and of this model, when given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience {
    pub product_line: String,
    pub model: Option<String>,
}

impl Audience {
    fn takes(&self, installation: &Installation) -> bool {
        installation.product_line == self.product_line
            && self.model.as_deref().is_none_or(|m| {
                let m = m.trim();
                m.is_empty() || installation.model.trim().eq_ignore_ascii_case(m)
            })
    }
}

/// The id of `action`'s notice to `customer`.
pub fn notice_id(action: Uuid, customer: Uuid) -> Uuid {
    let mut key = action.as_bytes().to_vec();
    key.extend_from_slice(customer.as_bytes());
    Uuid::new_v5(&NAMESPACE, &key)
}

/// The customers `audience` reaches, each with the first of their installations
/// it takes (by id: the same every time).
pub fn affected(installations: &[Installation], audience: &Audience) -> BTreeMap<Uuid, Uuid> {
    let mut found: BTreeMap<Uuid, Uuid> = BTreeMap::new();
    for i in installations.iter().filter(|i| audience.takes(i)) {
        found
            .entry(i.customer_id)
            .and_modify(|first| *first = (*first).min(i.id))
            .or_insert(i.id);
    }
    found
}

/// One notice event per affected customer, telling them `text`; refused before
/// the action's measures are taken, without words, or when it reaches nobody.
pub fn notices(
    action: &Action,
    installations: &[Installation],
    audience: &Audience,
    text: &str,
    at: DeviceTime,
) -> Result<Vec<Event>, Invalid> {
    let refuse = |field, message: &str| Err(Invalid::new("notice", field, message));
    if action.measures.is_none() {
        return refuse(
            "action",
            "a notice tells of measures taken: record them first",
        );
    }
    if text.trim().is_empty() {
        return refuse("text", "say what was improved");
    }
    let reached = affected(installations, audience);
    if reached.is_empty() {
        return refuse(
            "audience",
            "no customer has an installation of that product line and model",
        );
    }
    Ok(reached
        .into_iter()
        .map(|(customer_id, installation_id)| Event {
            id: notice_id(action.id, customer_id),
            customer_id,
            installation_id: Some(installation_id),
            kind: EventKind::QualityNotice,
            at,
            note: text.trim().to_owned(),
            action_id: Some(action.id),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{ActionKind, Decision, Evidence};
    use crate::department::Department;
    use crate::types::Cny;
    use chrono::{Duration, NaiveDate};

    fn at(d: u32) -> DeviceTime {
        let local = NaiveDate::from_ymd_opt(2026, 3, d)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        DeviceTime::new(local.and_utc() - Duration::hours(8), 480).unwrap()
    }

    fn installation(n: u128, customer: u128, line: &str, model: &str) -> Installation {
        Installation {
            id: Uuid::from_u128(n),
            customer_id: Uuid::from_u128(customer),
            product_line: line.into(),
            model: model.into(),
            serial_number: format!("SN-{n}"),
            site: String::new(),
            contract_amount: Cny(100_000),
            delivery_date: None,
            commissioning_date: None,
            energized_date: None,
            warranty_months: None,
        }
    }

    fn measured() -> Action {
        Action::open(
            Uuid::from_u128(0xac),
            ActionKind::Corrective,
            "柜门锁易松动",
            "检查项不合格",
            vec![Evidence::ProductLineTrend {
                product_line: "switchgear".into(),
            }],
            at(2),
        )
        .unwrap()
        .reviewed(
            Decision::Act {
                owner: Department::Production,
                due: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            },
            at(3),
        )
        .unwrap()
        .measured("门锁改用不锈钢锁舌", at(10))
        .unwrap()
    }

    #[test]
    fn each_customer_with_the_line_and_model_gets_one_notice() {
        let installations = [
            installation(11, 1, "switchgear", "KYN28A-12"),
            installation(10, 1, "switchgear", "kyn28a-12"),
            installation(21, 2, "switchgear", "XGN15"),
            installation(31, 3, "automation_instrument", "KYN28A-12"),
        ];
        let line = Audience {
            product_line: "switchgear".into(),
            model: None,
        };
        let sent = notices(&measured(), &installations, &line, "门锁已改进", at(12)).unwrap();
        let whom: Vec<(u128, u128)> = sent
            .iter()
            .map(|e| {
                (
                    e.customer_id.as_u128(),
                    e.installation_id.unwrap().as_u128(),
                )
            })
            .collect();
        assert_eq!(
            whom,
            [(1, 10), (2, 21)],
            "once per customer, their first installation"
        );
        assert!(sent.iter().all(|e| e.kind == EventKind::QualityNotice
            && e.action_id == Some(Uuid::from_u128(0xac))
            && e.note == "门锁已改进"));
        // Sent again: the same ids (nobody is told twice).
        let again = notices(&measured(), &installations, &line, "门锁已改进", at(13)).unwrap();
        assert_eq!(
            again.iter().map(|e| e.id).collect::<Vec<_>>(),
            sent.iter().map(|e| e.id).collect::<Vec<_>>()
        );

        let model = Audience {
            model: Some("KYN28A-12".into()),
            ..line.clone()
        };
        let sent = notices(&measured(), &installations, &model, "门锁已改进", at(12)).unwrap();
        assert_eq!(sent.len(), 1, "the model narrows it (case aside)");
        assert_eq!(sent[0].customer_id, Uuid::from_u128(1));
    }

    #[test]
    fn a_notice_needs_measures_words_and_someone_to_tell() {
        let installations = [installation(11, 1, "switchgear", "KYN28A-12")];
        let line = Audience {
            product_line: "switchgear".into(),
            model: None,
        };
        let unmeasured = Action {
            measures: None,
            ..measured()
        };
        assert!(notices(&unmeasured, &installations, &line, "x", at(12)).is_err());
        assert!(notices(&measured(), &installations, &line, " ", at(12)).is_err());
        let nobody = Audience {
            product_line: "meters".into(),
            model: None,
        };
        assert!(notices(&measured(), &installations, &nobody, "x", at(12)).is_err());
    }
}
