//! The working-day calendar: weekends, public holidays and make-up working days
//! (调休, e.g. a Saturday worked to bridge a holiday). It is data an administrator
//! loads each year (see `docs/examples/`), not code.
use chrono::{Datelike, Days, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct WorkCalendar {
    /// Days off that would otherwise be working days (public holidays).
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days (调休 make-up days).
    pub make_up_workdays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.make_up_workdays.contains(&date) {
            return true;
        }
        if self.holidays.contains(&date) {
            return false;
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The date `n` working days after `date` (`date` itself not counted).
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        self.step_working_days(date, n, true)
    }

    /// The date `n` working days before `date` (`date` itself not counted).
    pub fn sub_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        self.step_working_days(date, n, false)
    }

    fn step_working_days(&self, mut date: NaiveDate, n: u32, forward: bool) -> NaiveDate {
        let mut left = n;
        while left > 0 {
            let next = if forward {
                date.checked_add_days(Days::new(1))
            } else {
                date.checked_sub_days(Days::new(1))
            };
            // Dates at chrono's limits are far outside any plan; stay put there.
            let Some(next) = next else { return date };
            date = next;
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// National Day 2026: 1–7 October off, Saturday 10 October worked (调休).
    fn national_day_2026() -> WorkCalendar {
        WorkCalendar {
            holidays: (1..=7).map(|day| d(2026, 10, day)).collect(),
            make_up_workdays: [d(2026, 9, 20), d(2026, 10, 10)].into(),
        }
    }

    #[test]
    fn weekends_are_off_unless_made_up() {
        let cal = national_day_2026();
        assert!(!cal.is_working_day(d(2026, 10, 17)), "an ordinary Saturday");
        assert!(cal.is_working_day(d(2026, 10, 10)), "a make-up Saturday");
        assert!(cal.is_working_day(d(2026, 9, 20)), "a make-up Sunday");
        assert!(!cal.is_working_day(d(2026, 10, 5)), "a holiday Monday");
        assert!(cal.is_working_day(d(2026, 10, 8)), "the Thursday after");
    }

    #[test]
    fn counting_back_skips_holidays_and_honours_make_up_days() {
        let cal = national_day_2026();
        // Three working days before Tuesday 13 October: Mon 12, Sat 10 (make-up), Fri 9.
        assert_eq!(cal.sub_working_days(d(2026, 10, 13), 3), d(2026, 10, 9));
        // Three working days before Thursday 8 October: the holiday week is skipped
        // (Wed 30, Tue 29, Mon 28 September).
        assert_eq!(cal.sub_working_days(d(2026, 10, 8), 3), d(2026, 9, 28));
        // Without the calendar, plain weekends.
        assert_eq!(
            WorkCalendar::default().sub_working_days(d(2026, 10, 13), 3),
            d(2026, 10, 8)
        );
    }

    #[test]
    fn counting_forward_skips_weekends() {
        let cal = WorkCalendar::default();
        // Five working days after Friday 13 March 2026 is Friday 20 March.
        assert_eq!(cal.add_working_days(d(2026, 3, 13), 5), d(2026, 3, 20));
        assert_eq!(cal.add_working_days(d(2026, 3, 13), 0), d(2026, 3, 13));
        assert_eq!(
            national_day_2026().add_working_days(d(2026, 9, 30), 1),
            d(2026, 10, 8)
        );
    }

    #[test]
    fn the_calendar_loads_from_json() {
        let cal: WorkCalendar = serde_json::from_str(
            r#"{"holidays":["2026-10-01"],"make_up_workdays":["2026-10-10"]}"#,
        )
        .unwrap();
        assert!(!cal.is_working_day(d(2026, 10, 1)));
        assert!(cal.is_working_day(d(2026, 10, 10)));
    }
}
