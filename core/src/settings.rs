//! Every default of the domain rules, as data an administrator can change: loaded
//! from JSON, where any field left out keeps its default.
//!
//! Each rule module owns its part (tiers their thresholds, issues their response
//! times, proposals their deadlines, the score card its indicators); this module
//! only gathers the parts into one document and checks their bounds, so no rule
//! module needs the whole of it.
use crate::calendar::WorkCalendar;
use crate::event::{Deadline, EventKind};
use crate::installation::LifecycleKind;
use crate::tier::Tier;
use crate::types::{Cny, Text};
use crate::visit::Method;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::evaluation::EvaluationSettings;
pub use crate::issue::ResponseTime;
pub use crate::proposal::ProposalSettings;
pub use crate::tiering::TierThresholds;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Settings {
    pub tiers: TierThresholds,
    /// Cumulative contracts at or above this make a major customer (visited on site).
    pub major_customer_contract: Cny,
    /// The company's total sales per year, for purchase shares; a missing year uses
    /// the sum over all customers.
    #[serde(with = "crate::types::year_map")]
    #[schemars(with = "BTreeMap<String, Cny>")]
    pub company_sales: BTreeMap<i32, Cny>,
    pub strategic: TierPolicy,
    pub key: TierPolicy,
    pub general: TierPolicy,
    pub lifecycle: LifecycleSettings,
    pub window: WindowSettings,
    /// Preparation starts this many working days before a visit is due (seed 000 §8).
    pub preparation_working_days: u32,
    /// Visits of one customer due within this many days of each other are merged.
    pub merge_span_days: u32,
    pub events: EventRules,
    pub evaluation: EvaluationSettings,
    pub proposals: ProposalSettings,
    pub product_lines: Vec<ProductLine>,
    pub calendar: WorkCalendar,
    pub suggestions: SuggestionSettings,
    /// An arrival farther than this (metres, beyond the fix's own accuracy) from the
    /// customer's known site is flagged to the supervisor (`crate::on_site`).
    pub check_in_far_m: u32,
}

/// How a tier is served (seed 000 §7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TierPolicy {
    /// Routine visits every this many months.
    pub routine_months: u32,
    /// A second series of visits of this tier, e.g. the quarterly executive visit.
    pub extra: Option<ExtraSeries>,
    /// Target share of each method over a period, in percent (sums to 100).
    pub method_mix: BTreeMap<Method, u32>,
    pub response: ResponseTime,
}

/// A series of visits beside the routine one, always made on site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ExtraSeries {
    pub kind: ExtraKind,
    pub every_months: u32,
    /// Days after the routine anchor, so the two series do not fall in one week.
    pub offset_days: u32,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ExtraKind {
    /// 高层互访: quarterly, strategic customers.
    Executive,
    /// 半年度现场走访: half-yearly, key customers.
    OnSiteReview,
}

fn mix(entries: &[(Method, u32)]) -> BTreeMap<Method, u32> {
    entries.iter().copied().collect()
}

impl TierPolicy {
    pub fn default_for(tier: Tier) -> Self {
        match tier {
            Tier::Strategic => Self {
                routine_months: 1,
                extra: Some(ExtraSeries {
                    kind: ExtraKind::Executive,
                    every_months: 3,
                    offset_days: 14,
                }),
                method_mix: mix(&[
                    (Method::OnSite, 60),
                    (Method::Phone, 20),
                    (Method::Video, 20),
                ]),
                response: ResponseTime::ClockHours(24),
            },
            Tier::Key => Self {
                routine_months: 3,
                extra: Some(ExtraSeries {
                    kind: ExtraKind::OnSiteReview,
                    every_months: 6,
                    offset_days: 45,
                }),
                method_mix: mix(&[
                    (Method::Phone, 50),
                    (Method::OnSite, 30),
                    (Method::OnlineSurvey, 20),
                ]),
                response: ResponseTime::ClockHours(48),
            },
            Tier::General => Self {
                routine_months: 6,
                extra: None,
                method_mix: mix(&[(Method::Phone, 70), (Method::OnlineSurvey, 30)]),
                response: ResponseTime::WorkingDays(5),
            },
        }
    }
}

/// Lifecycle offsets in months from the base date (energized, else commissioning,
/// else delivery), seed 001; and seed 002's generic sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct LifecycleSettings {
    pub one_month: u32,
    pub warranty_half: u32,
    pub default_warranty_months: u32,
    /// Post-warranty yearly visits (default: 24 and 36 months).
    pub post_warranty: Vec<u32>,
    /// Seed 002, for products followed without an energized date: days after
    /// installation for the first call, then months.
    pub generic_first_days: u32,
    pub generic_months: Vec<u32>,
}

impl Default for LifecycleSettings {
    fn default() -> Self {
        Self {
            one_month: 1,
            warranty_half: 6,
            default_warranty_months: 12,
            post_warranty: vec![24, 36],
            generic_first_days: 7,
            generic_months: vec![5, 11, 24, 36],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct WindowSettings {
    /// A visit counts from this many days before it is due.
    pub early_days: u32,
    /// …and until this many months after (seed 001: never later than one month).
    pub late_months: u32,
}

impl Default for WindowSettings {
    fn default() -> Self {
        Self {
            early_days: 7,
            late_months: 1,
        }
    }
}

/// The visit each kind of event calls for (seed 000 §3, seed 002).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct EventRules {
    pub rules: BTreeMap<EventKind, EventRule>,
    /// An order delivered to a general (tier 3) customer: confirm within this many days.
    pub general_delivery_confirmation_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EventRule {
    /// The visit cannot be made before this many days after the event
    /// (a repair's effect is checked 3 days after it).
    pub not_before_days: u32,
    pub deadline: Deadline,
}

impl EventRules {
    /// The rule of `kind`: the settings', or the domain's for a kind the settings
    /// were saved without (a kind added since).
    pub fn rule(&self, kind: EventKind) -> EventRule {
        self.rules
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| default_rule(kind))
    }
}

/// The domain's rule for each kind of event (seed 000 §3, seed 002).
fn default_rule(kind: EventKind) -> EventRule {
    use Deadline::*;
    use EventKind::*;
    let rule = |not_before_days, deadline| EventRule {
        not_before_days,
        deadline,
    };
    match kind {
        Delivery | ServiceCompletion | KeyNode | RepairDispatched => rule(0, Hours(24)),
        Complaint | ProposalReceived | RepairOverdue => rule(0, SameDay),
        RepairFinished => rule(3, Days(5)),
        NewProductLaunch | TradeShow => rule(0, Days(7)),
        QualityNotice => rule(0, Days(14)),
    }
}

impl Default for EventRules {
    fn default() -> Self {
        Self {
            rules: EventKind::ALL
                .into_iter()
                .map(|kind| (kind, default_rule(kind)))
                .collect(),
            general_delivery_confirmation_days: 7,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProductLine {
    pub key: String,
    pub name: Text,
    /// Which lifecycle sequence its installations follow without an energized date.
    pub lifecycle: LifecycleKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct SuggestionSettings {
    /// How many customers each suggestion list offers.
    pub list_size: usize,
    /// A visit rated at or below this (lower of the two ratings) is "low satisfaction".
    pub low_rating: u8,
}

impl Default for SuggestionSettings {
    fn default() -> Self {
        Self {
            list_size: 10,
            low_rating: 3,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        let line = |key: &str, zh: &str, en: &str, lifecycle| ProductLine {
            key: key.to_owned(),
            name: Text::new(zh, en),
            lifecycle,
        };
        Self {
            tiers: TierThresholds::default(),
            major_customer_contract: Cny(3_000_000),
            company_sales: BTreeMap::new(),
            strategic: TierPolicy::default_for(Tier::Strategic),
            key: TierPolicy::default_for(Tier::Key),
            general: TierPolicy::default_for(Tier::General),
            lifecycle: LifecycleSettings::default(),
            window: WindowSettings::default(),
            preparation_working_days: 3,
            merge_span_days: 7,
            events: EventRules::default(),
            evaluation: EvaluationSettings::default(),
            proposals: ProposalSettings::default(),
            product_lines: vec![
                line(
                    "automation_instrument",
                    "工业自动化仪表",
                    "Industrial automation instrument",
                    LifecycleKind::Generic,
                ),
                line(
                    "precision_test",
                    "精密检测仪器",
                    "Precision test instrument",
                    LifecycleKind::Generic,
                ),
                line(
                    "environmental_monitoring",
                    "环境监测设备",
                    "Environmental monitoring",
                    LifecycleKind::Generic,
                ),
                line(
                    "switchgear",
                    "开关柜",
                    "Switchgear",
                    LifecycleKind::Energized,
                ),
            ],
            calendar: WorkCalendar::default(),
            suggestions: SuggestionSettings::default(),
            check_in_far_m: crate::on_site::FAR_M,
        }
    }
}

impl Settings {
    /// Takes the company's sales of each year from `totals` (what the server summed
    /// over every customer), except the years the administrator fixed: a device that
    /// holds only some customers would otherwise take their sum for the company's.
    pub fn fill_company_sales(&mut self, totals: &BTreeMap<i32, Cny>) {
        for (year, total) in totals {
            self.company_sales.entry(*year).or_insert(*total);
        }
    }

    pub fn policy(&self, tier: Tier) -> &TierPolicy {
        match tier {
            Tier::Strategic => &self.strategic,
            Tier::Key => &self.key,
            Tier::General => &self.general,
        }
    }

    pub fn product_line(&self, key: &str) -> Option<&ProductLine> {
        self.product_lines.iter().find(|line| line.key == key)
    }

    /// Checks what JSON cannot: mixes and weights sum to 100, cadences are not zero.
    pub fn validate(&self) -> crate::Result<()> {
        use crate::Invalid;
        for tier in Tier::ALL {
            let policy = self.policy(tier);
            let sum = policy
                .method_mix
                .values()
                .fold(0u32, |sum, v| sum.saturating_add(*v));
            if sum != 100 {
                return Err(Invalid::new(
                    "settings",
                    "method_mix",
                    format!(
                        "tier {} method mix sums to {sum} %, not 100 %",
                        tier.number()
                    ),
                ));
            }
            if policy.routine_months == 0 {
                return Err(Invalid::new(
                    "settings",
                    "routine_months",
                    format!(
                        "tier {} routine cadence must be at least one month",
                        tier.number()
                    ),
                ));
            }
            if policy.extra.as_ref().is_some_and(|e| e.every_months == 0) {
                return Err(Invalid::new(
                    "settings",
                    "extra",
                    format!(
                        "tier {} extra series must be at least one month apart",
                        tier.number()
                    ),
                ));
            }
        }
        self.check_bounds()?;
        self.proposals.validate()?;
        let weights = self
            .evaluation
            .indicators
            .iter()
            .fold(0u32, |sum, i| sum.saturating_add(i.weight));
        if weights != 100 {
            return Err(Invalid::new(
                "settings",
                "evaluation",
                format!("indicator weights sum to {weights}, not 100"),
            ));
        }
        if self.evaluation.improve_at > self.evaluation.maintain_at {
            return Err(Invalid::new(
                "settings",
                "evaluation",
                "the 'improve' cut-off is above the 'maintain' cut-off",
            ));
        }
        Ok(())
    }
}

impl Settings {
    /// Every count of days, months and hours a computation reads is bounded, so
    /// no setting makes a date overflow or a plan run for ever: generous limits
    /// (ten years of months, a year of days or hours) that no real policy reaches.
    fn check_bounds(&self) -> crate::Result<()> {
        use crate::Invalid;
        const MONTHS: u32 = 120;
        const DAYS: u32 = 366;
        const HOURS: u32 = 8_760;
        const WORKING_DAYS: u32 = 250;
        let within = |field: &'static str, value: u32, max: u32| {
            if value > max {
                Err(Invalid::new(
                    "settings",
                    field,
                    format!("{value} is more than the {max} a {field} may be"),
                ))
            } else {
                Ok(())
            }
        };
        for tier in Tier::ALL {
            let policy = self.policy(tier);
            within("routine_months", policy.routine_months, MONTHS)?;
            if let Some(extra) = &policy.extra {
                within("extra.every_months", extra.every_months, MONTHS)?;
                within("extra.offset_days", extra.offset_days, DAYS)?;
            }
            match policy.response {
                ResponseTime::ClockHours(hours) => within("response", hours, HOURS)?,
                ResponseTime::WorkingDays(days) => within("response", days, WORKING_DAYS)?,
            }
        }
        within(
            "preparation_working_days",
            self.preparation_working_days,
            60,
        )?;
        within("merge_span_days", self.merge_span_days, DAYS)?;
        within("check_in_far_m", self.check_in_far_m, 100_000)?;
        within("window.early_days", self.window.early_days, DAYS)?;
        within("window.late_months", self.window.late_months, 24)?;
        let life = &self.lifecycle;
        for months in [
            life.one_month,
            life.warranty_half,
            life.default_warranty_months,
        ]
        .into_iter()
        .chain(life.post_warranty.iter().copied())
        .chain(life.generic_months.iter().copied())
        {
            within("lifecycle", months, 5 * MONTHS)?;
        }
        within(
            "lifecycle.generic_first_days",
            life.generic_first_days,
            DAYS,
        )?;
        within(
            "events.general_delivery_confirmation_days",
            self.events.general_delivery_confirmation_days,
            DAYS,
        )?;
        for rule in self.events.rules.values() {
            within("events.not_before_days", rule.not_before_days, DAYS)?;
            match rule.deadline {
                Deadline::Hours(hours) => within("events.deadline", hours, HOURS)?,
                Deadline::Days(days) => within("events.deadline", days, DAYS)?,
                Deadline::SameDay => {}
            }
        }
        Ok(())
    }
}

impl crate::kind::Kind for Settings {
    const EDITS: crate::kind::Edits = crate::kind::Edits::ServerOnly;
    const KEY_FIELD: Option<&'static str> = None;
    type Key = &'static str;

    fn key(&self) -> &'static str {
        "current"
    }

    fn customer_id(&self) -> Option<uuid::Uuid> {
        None
    }

    fn validate(&self) -> Result<(), crate::error::Invalid> {
        Settings::validate(self)
    }

    fn example() -> Self {
        Settings::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_domain_rules_and_valid() {
        let s = Settings::default();
        s.validate().unwrap();
        assert_eq!(s.tiers.strategic_share_bp, 3000);
        assert_eq!(s.strategic.routine_months, 1);
        assert_eq!(s.key.routine_months, 3);
        assert_eq!(s.general.routine_months, 6);
        assert_eq!(s.strategic.method_mix[&Method::OnSite], 60);
        assert_eq!(s.key.method_mix[&Method::Phone], 50);
        assert_eq!(s.general.method_mix[&Method::OnlineSurvey], 30);
        assert_eq!(s.general.response, ResponseTime::WorkingDays(5));
        assert_eq!(s.window.late_months, 1);
        assert_eq!(s.preparation_working_days, 3);
        assert_eq!(s.merge_span_days, 7);
        assert_eq!(s.product_lines.len(), 4);
    }

    #[test]
    fn partial_json_keeps_the_other_defaults() {
        let s: Settings =
            serde_json::from_str(r#"{"merge_span_days": 10, "tiers": {"key_years": 3}}"#).unwrap();
        assert_eq!(s.merge_span_days, 10);
        assert_eq!(s.tiers.key_years, 3);
        assert_eq!(s.tiers.strategic_years, 5);
        assert_eq!(s.preparation_working_days, 3);
        let round_trip: Settings =
            serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(round_trip, s);
    }

    #[test]
    fn a_mix_that_does_not_sum_to_100_is_refused() {
        let mut s = Settings::default();
        s.general.method_mix.insert(Method::Phone, 60);
        let err = s.validate().unwrap_err();
        assert!(err.message.contains("sums to 90"), "{err}");
    }
}
