//! The roles of the seeds (seed 002's 客户关系维护与执行方案 and seed 000 §5): who sees
//! which customers, and who may take which decision. Seeing and deciding are apart:
//! quality control and sales see every customer but override no tier and hand no
//! visit on; a supervisor and everyone above decide what a supervisor decides.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 客户关系专人 / 服务人员: pulls and pushes only the customers they own (or
    /// whose visits are handed to them), and those customers' records.
    Technician,
    /// 客户关系主管: sees and edits every customer; overrides tiers, hands visits
    /// on, approves a proposal's extension, opens and verifies corrective actions.
    Supervisor,
    /// 客户服务经理: a supervisor's decisions, and reviews maintenance plans.
    CustomerServiceManager,
    /// 客户总监 / 高层: a supervisor's decisions, and approves plans.
    CustomerDirector,
    /// 质量控制: sees every customer; reviews corrective and preventive actions and
    /// tells customers what was improved.
    QualityControl,
    /// 销售: sees every customer and keeps their files; decides nothing of the
    /// customer service's.
    Sales,
    /// A supervisor who also administers the server.
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Technician,
        Role::Supervisor,
        Role::CustomerServiceManager,
        Role::CustomerDirector,
        Role::QualityControl,
        Role::Sales,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Technician => "technician",
            Role::Supervisor => "supervisor",
            Role::CustomerServiceManager => "customer_service_manager",
            Role::CustomerDirector => "customer_director",
            Role::QualityControl => "quality_control",
            Role::Sales => "sales",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Sees every customer, not only their own.
    pub fn sees_all(self) -> bool {
        !matches!(self, Role::Technician)
    }

    /// A supervisor or above (客户关系主管, 客户服务经理, 客户总监, admin): overrides a
    /// tier, hands visits on, approves a proposal's extension, changes the
    /// company's settings and templates.
    pub fn supervises(self) -> bool {
        matches!(
            self,
            Role::Supervisor | Role::CustomerServiceManager | Role::CustomerDirector | Role::Admin
        )
    }

    /// Opens, reviews and verifies corrective and preventive actions and sends
    /// quality notices: a supervisor or above, and quality control (seed 001:
    /// service and suggestions are reviewed by the quality department).
    pub fn handles_actions(self) -> bool {
        self.supervises() || self == Role::QualityControl
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(
                serde_json::to_value(role).unwrap(),
                serde_json::json!(role.as_str())
            );
        }
        assert_eq!(Role::parse("boss"), None);
    }

    #[test]
    fn seeing_every_customer_is_not_deciding() {
        let of = |f: fn(Role) -> bool| Role::ALL.into_iter().filter(|r| f(*r)).collect::<Vec<_>>();
        assert_eq!(
            of(|r| !r.sees_all()),
            [Role::Technician],
            "only a technician is limited to their customers"
        );
        assert_eq!(
            of(Role::supervises),
            [
                Role::Supervisor,
                Role::CustomerServiceManager,
                Role::CustomerDirector,
                Role::Admin
            ]
        );
        assert_eq!(
            of(Role::handles_actions),
            [
                Role::Supervisor,
                Role::CustomerServiceManager,
                Role::CustomerDirector,
                Role::QualityControl,
                Role::Admin
            ]
        );
    }
}
