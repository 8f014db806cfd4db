//! Customer tiers (客户分级, seed 000 §6, seed 002 §5): the decision, the reasons it
//! rests on (machine-readable, so the UI can word them in either language) and a
//! supervisor's override. The words only: the rule that gives a customer its tier
//! is `tiering`, which reads customers, while a customer holds these words.
use crate::types::Cny;
use crate::user::UserId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// 1 strategic 战略客户, 2 key 重点客户, 3 general 普通客户.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Strategic,
    Key,
    General,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Strategic, Tier::Key, Tier::General];

    /// 1, 2 or 3, as the documents number them.
    pub fn number(self) -> u8 {
        match self {
            Tier::Strategic => 1,
            Tier::Key => 2,
            Tier::General => 3,
        }
    }
}

/// Why a tier was given. Shares are in basis points (3400 = 34 %).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TierReason {
    ShareAtLeast {
        share_bp: u32,
        threshold_bp: u32,
    },
    ShareBelow {
        share_bp: u32,
        threshold_bp: u32,
    },
    YearsAtLeast {
        years: u32,
        threshold: u32,
    },
    YearsBelow {
        years: u32,
        threshold: u32,
    },
    IndustryLeader,
    RegionalCoreAgent,
    AnnualPurchaseAbove {
        amount: Cny,
        threshold: Cny,
    },
    ScatteredOrders,
    /// No purchases are recorded for the year the share is computed on.
    NoPurchaseData {
        year: i32,
    },
}

/// A supervisor's decision to place a customer in another tier, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TierOverride {
    pub tier: Tier,
    pub reason: String,
    /// Who decided: the server says, from the token that sent it.
    #[serde(default)]
    pub by: Option<UserId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TierDecision {
    /// The tier in force: the override's if there is one, else the computed one.
    pub tier: Tier,
    /// The tier the rule gives.
    pub computed: Tier,
    /// The criteria that placed the customer in `computed`.
    pub reasons: Vec<TierReason>,
    pub override_: Option<TierOverride>,
    /// Purchase share in basis points, for the year evaluated.
    pub share_bp: u32,
    pub years: u32,
    pub year: i32,
}
