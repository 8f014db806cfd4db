//! The company's departments (部门): where an issue is routed and who answers for
//! it. Its own module because issues, proposals, surveys and reports all name them
//! and none of those should have to reach into another for the word.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Department {
    /// 客户服务部
    CustomerService,
    /// 技术支持部 / 技术部
    TechnicalSupport,
    /// 质量控制部
    QualityControl,
    /// 生产部
    Production,
    /// 研发部
    RnD,
    /// 销售部
    Sales,
    /// 市场营销部
    Marketing,
}

impl Department {
    pub const ALL: [Department; 7] = [
        Department::CustomerService,
        Department::TechnicalSupport,
        Department::QualityControl,
        Department::Production,
        Department::RnD,
        Department::Sales,
        Department::Marketing,
    ];

    /// Its name on the wire and in the database (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            Department::CustomerService => "customer_service",
            Department::TechnicalSupport => "technical_support",
            Department::QualityControl => "quality_control",
            Department::Production => "production",
            Department::RnD => "rn_d",
            Department::Sales => "sales",
            Department::Marketing => "marketing",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_serdes() {
        for department in Department::ALL {
            assert_eq!(
                serde_json::to_value(department).unwrap(),
                serde_json::json!(department.as_str())
            );
            assert_eq!(Department::parse(department.as_str()), Some(department));
        }
        assert_eq!(Department::parse("hr"), None);
    }
}
