//! The relationship strengthening table (客户关系强化表, seed 002, part of the
//! maintenance plan's work): how much the customer weighs (影响力) and how it stands
//! with our key competitors (同关键竞争对手关系), and for each level of ours —
//! general manager, deputy general manager, department manager, department head —
//! who of ours answers for the relationship and with whom of theirs, the measures
//! and when. It is kept on the customer's file, every version: a new one is added,
//! none is rewritten, so its history stays.
use crate::error::Invalid;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Our levels the table names a person for (我司有关负责人员).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 总经理
    GeneralManager,
    /// 副总经理
    DeputyGeneralManager,
    /// 部门经理
    DepartmentManager,
    /// 部门主管
    DepartmentHead,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::GeneralManager,
        Level::DeputyGeneralManager,
        Level::DepartmentManager,
        Level::DepartmentHead,
    ];
}

/// One level's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LevelLine {
    pub level: Level,
    /// Who of ours answers for it.
    #[serde(default)]
    pub ours: String,
    /// Their counterpart.
    #[serde(default)]
    pub theirs: String,
    /// 客户关系强化措施.
    #[serde(default)]
    pub measures: String,
    /// 时间安排.
    #[serde(default)]
    pub schedule: String,
    /// 备注.
    #[serde(default)]
    pub note: String,
}

impl LevelLine {
    fn is_empty(&self) -> bool {
        [
            &self.ours,
            &self.theirs,
            &self.measures,
            &self.schedule,
            &self.note,
        ]
        .iter()
        .all(|t| t.trim().is_empty())
    }
}

/// One version of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Strengthening {
    /// The day it was drawn up.
    pub on: NaiveDate,
    /// 影响力.
    #[serde(default)]
    pub influence: String,
    /// 同关键竞争对手关系.
    #[serde(default)]
    pub competitors: String,
    /// The levels filled in, each once, in the table's order.
    pub levels: Vec<LevelLine>,
}

impl Strengthening {
    /// A version drawn up `on`: texts trimmed, the levels left empty dropped, the
    /// rest in the table's order.
    pub fn new(
        on: NaiveDate,
        influence: &str,
        competitors: &str,
        levels: Vec<LevelLine>,
    ) -> Result<Self, Invalid> {
        let mut levels: Vec<LevelLine> = levels
            .into_iter()
            .map(|l| LevelLine {
                ours: l.ours.trim().to_owned(),
                theirs: l.theirs.trim().to_owned(),
                measures: l.measures.trim().to_owned(),
                schedule: l.schedule.trim().to_owned(),
                note: l.note.trim().to_owned(),
                ..l
            })
            .filter(|l| !l.is_empty())
            .collect();
        levels.sort_by_key(|l| l.level);
        let table = Strengthening {
            on,
            influence: influence.trim().to_owned(),
            competitors: competitors.trim().to_owned(),
            levels,
        };
        table.validate()?;
        Ok(table)
    }

    /// Something said, each level once.
    pub fn validate(&self) -> Result<(), Invalid> {
        let refuse = |message: &str| Err(Invalid::new("customer", "strengthening", message));
        if self.influence.trim().is_empty()
            && self.competitors.trim().is_empty()
            && self.levels.is_empty()
        {
            return refuse("a strengthening table says something");
        }
        for (i, line) in self.levels.iter().enumerate() {
            if self.levels[..i].iter().any(|l| l.level == line.level) {
                return refuse("a level is listed twice");
            }
        }
        Ok(())
    }
}

/// Checks the versions: each valid, oldest first by day.
pub fn validate_history(tables: &[Strengthening]) -> Result<(), Invalid> {
    for (i, table) in tables.iter().enumerate() {
        table.validate()?;
        if i > 0 && tables[i - 1].on > table.on {
            return Err(Invalid::new(
                "customer",
                "strengthening",
                "versions out of order",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(level: Level, ours: &str) -> LevelLine {
        LevelLine {
            level,
            ours: ours.into(),
            theirs: "王总".into(),
            measures: " 季度高层互访 ".into(),
            schedule: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn a_version_keeps_what_was_said_in_the_tables_order() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let blank = LevelLine {
            theirs: " ".into(),
            measures: String::new(),
            ..line(Level::DepartmentHead, "")
        };
        let table = Strengthening::new(
            day,
            " 行业头部，区域标杆 ",
            "与竞争对手甲有框架协议",
            vec![
                line(Level::DepartmentManager, "李经理"),
                blank,
                line(Level::GeneralManager, "赵总"),
            ],
        )
        .unwrap();
        assert_eq!(table.influence, "行业头部，区域标杆");
        let levels: Vec<Level> = table.levels.iter().map(|l| l.level).collect();
        assert_eq!(
            levels,
            [Level::GeneralManager, Level::DepartmentManager],
            "the empty head dropped"
        );
        assert_eq!(table.levels[0].measures, "季度高层互访");
        assert!(
            Strengthening::new(day, " ", "", vec![]).is_err(),
            "says nothing"
        );
        let twice = vec![
            line(Level::GeneralManager, "赵总"),
            line(Level::GeneralManager, "钱总"),
        ];
        assert!(Strengthening::new(day, "", "", twice).is_err());
        let earlier = Strengthening {
            on: day.pred_opt().unwrap(),
            ..table.clone()
        };
        assert_eq!(validate_history(&[earlier.clone(), table.clone()]), Ok(()));
        assert!(validate_history(&[table, earlier]).is_err(), "newest last");
    }
}
