//! Installed products (设备/项目) and their lifecycle visits (seed 001, seed 002).
use crate::error::Invalid;
use crate::types::Cny;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Which sequence of lifecycle visits an installation follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleKind {
    /// Seed 001 (switchgear): commissioning, 1 month energized, 6 and 12 months in
    /// warranty, then yearly to 36 months; counted from the energized date.
    Energized,
    /// Seed 002: after installation, 1 week, 4–6 months, 10–12 months, then yearly.
    Generic,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Installation {
    pub id: Uuid,
    pub customer_id: Uuid,
    /// A key of `Settings::product_lines`.
    pub product_line: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub serial_number: String,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub contract_amount: Cny,
    #[serde(default)]
    pub delivery_date: Option<NaiveDate>,
    /// Installation / commissioning (安装调试) date.
    #[serde(default)]
    pub commissioning_date: Option<NaiveDate>,
    /// 送电日期
    #[serde(default)]
    pub energized_date: Option<NaiveDate>,
    /// Warranty length; the settings' default (12) when absent.
    #[serde(default)]
    pub warranty_months: Option<u32>,
}

impl Installation {
    /// An installation known only by whose it is and its product line; the rest is
    /// blank, as a file without those fields reads.
    pub fn new(id: Uuid, customer_id: Uuid, product_line: impl Into<String>) -> Self {
        Self {
            id,
            customer_id,
            product_line: product_line.into(),
            model: String::new(),
            serial_number: String::new(),
            site: String::new(),
            contract_amount: Cny(0),
            delivery_date: None,
            commissioning_date: None,
            energized_date: None,
            warranty_months: None,
        }
    }

    /// Dates must follow the order things happen: delivered, commissioned, energized.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.product_line.trim().is_empty() {
            return Err(Invalid::new(
                "installation",
                "product_line",
                "an installation needs its product line",
            ));
        }
        let order = [
            ("delivery_date", self.delivery_date),
            ("commissioning_date", self.commissioning_date),
            ("energized_date", self.energized_date),
        ];
        for (i, (later_field, later)) in order.iter().enumerate() {
            for (earlier_field, earlier) in &order[..i] {
                if let (Some(earlier), Some(later)) = (earlier, later) {
                    if later < earlier {
                        return Err(Invalid::new(
                            "installation",
                            later_field,
                            format!("{later_field} {later} is before {earlier_field} {earlier}"),
                        ));
                    }
                }
            }
        }
        if self.warranty_months == Some(0) {
            return Err(Invalid::new(
                "installation",
                "warranty_months",
                "a warranty of 0 months is not a warranty",
            ));
        }
        Ok(())
    }

    /// The date lifecycle visits count from: energized, else commissioning, else delivery.
    pub fn base_date(&self) -> Option<NaiveDate> {
        self.energized_date
            .or(self.commissioning_date)
            .or(self.delivery_date)
    }
}

/// The installations a nameplate's code or a typed serial number names. A code is
/// read as words (ASCII letters, digits and dashes: what serial numbers are made
/// of; anything else, Chinese labels included, separates them), so a QR code holding
/// `型号:XGN15-12;出厂编号:S-2025-0001` or a link ending in the serial finds the
/// installation as the bare serial does; case does not matter. An installation's
/// own id (a code the app could print) finds it too. Exact matches only: a
/// technician acts on the result, so a guess is worse than nothing.
pub fn find_by_code<'a>(installations: &'a [Installation], code: &str) -> Vec<&'a Installation> {
    // Compared in place: this runs on every keystroke over every installation.
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.len() >= 3)
        .collect();
    // An id is named in its hyphenated form only, as the app prints it.
    let ids: Vec<Uuid> = words
        .iter()
        .filter(|w| w.len() == 36)
        .filter_map(|w| Uuid::parse_str(w).ok())
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    installations
        .iter()
        .filter(|i| {
            let serial = i.serial_number.trim();
            ids.contains(&i.id)
                || (!serial.is_empty() && words.iter().any(|w| w.eq_ignore_ascii_case(serial)))
        })
        .collect()
}

impl crate::kind::Kind for Installation {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Merged;
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.id
    }

    fn customer_id(&self) -> Option<Uuid> {
        Some(self.customer_id)
    }

    fn validate(&self) -> Result<(), crate::error::Invalid> {
        Installation::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        Installation {
            model: "KYN28A-12".into(),
            serial_number: "SN-2026-001".into(),
            ..Installation::new(example::INSTALLATION, example::CUSTOMER, "switchgear")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nameplate_code_or_a_typed_serial_finds_its_installation() {
        let with = |n: u128, serial: &str| Installation {
            serial_number: serial.into(),
            ..Installation::new(Uuid::from_u128(n), Uuid::from_u128(1), "switchgear")
        };
        let all = vec![with(1, "S-2025-0001"), with(2, "S-2025-0002"), with(3, "")];
        let ids = |code: &str| {
            find_by_code(&all, code)
                .iter()
                .map(|i| i.id.as_u128())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("S-2025-0001"), vec![1]);
        assert_eq!(
            ids("  s-2025-0002 "),
            vec![2],
            "case and spaces do not matter"
        );
        assert_eq!(ids("型号:XGN15-12;出厂编号:S-2025-0002"), vec![2]);
        assert_eq!(ids("https://example.cn/n/S-2025-0001"), vec![1]);
        assert_eq!(
            ids(&Uuid::from_u128(3).to_string()),
            vec![3],
            "an installation without a serial, by its id"
        );
        // No guesses: part of a serial, another serial, nothing at all.
        assert!(ids("S-2025").is_empty());
        assert!(ids("S-2025-0003").is_empty());
        assert!(ids("").is_empty() && ids("--").is_empty());
    }

    fn installation() -> Installation {
        Installation {
            id: Uuid::nil(),
            customer_id: Uuid::nil(),
            product_line: "switchgear".into(),
            model: "KYN28A-12".into(),
            serial_number: "SG-2026-001".into(),
            site: "1# 配电室".into(),
            contract_amount: Cny(1_200_000),
            delivery_date: NaiveDate::from_ymd_opt(2026, 2, 20),
            commissioning_date: NaiveDate::from_ymd_opt(2026, 3, 5),
            energized_date: NaiveDate::from_ymd_opt(2026, 3, 10),
            warranty_months: None,
        }
    }

    #[test]
    fn a_new_installation_is_what_a_file_without_the_optional_fields_reads() {
        let (id, customer) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let read: Installation = serde_json::from_value(serde_json::json!({
            "id": id,
            "customer_id": customer,
            "product_line": "switchgear",
        }))
        .unwrap();
        assert_eq!(read, Installation::new(id, customer, "switchgear"));
    }

    #[test]
    fn an_energized_date_before_delivery_is_refused() {
        let mut i = installation();
        i.energized_date = NaiveDate::from_ymd_opt(2026, 2, 1);
        let err = i.validate().unwrap_err();
        assert_eq!(err.field, "energized_date");
        assert!(err.message.contains("before delivery_date"), "{err}");
        installation().validate().unwrap();
    }

    #[test]
    fn lifecycle_counts_from_energized_then_commissioning_then_delivery() {
        let mut i = installation();
        assert_eq!(i.base_date(), NaiveDate::from_ymd_opt(2026, 3, 10));
        i.energized_date = None;
        assert_eq!(i.base_date(), NaiveDate::from_ymd_opt(2026, 3, 5));
        i.commissioning_date = None;
        assert_eq!(i.base_date(), NaiveDate::from_ymd_opt(2026, 2, 20));
    }
}
