//! Survey templates: the satisfaction questions of seed 001's 顧客滿意度調查表 and
//! the checklist of each lifecycle stage. Templates are data with a version; a done
//! visit keeps the version it was answered against.
use crate::department::Department;
use crate::issue::Category;
use crate::types::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The lifecycle stages with a checklist, and the generic ones of seed 002.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum StageKey {
    /// 安装调试
    Commissioning,
    /// 送电满一个月
    OneMonth,
    /// 质保期半年
    WarrantyHalf,
    /// 质保期满
    WarrantyEnd,
    /// 质保期后每年
    PostWarranty,
    /// Seed 002: first call after installation / purchase.
    GenericFirst,
    /// Seed 002: later calls.
    GenericFollowUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChecklistItem {
    pub key: String,
    pub text: Text,
    /// What an issue raised from a "not OK" answer is about, and who handles it.
    pub category: Category,
    pub department: Department,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Checklist {
    pub stage: StageKey,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SurveyTemplate {
    pub version: u32,
    pub title: Text,
    /// The survey's own questions (ratings and open answers).
    pub questions: Vec<Question>,
    pub checklists: Vec<Checklist>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Question {
    pub key: String,
    pub text: Text,
}

impl SurveyTemplate {
    pub fn checklist(&self, stage: StageKey) -> Option<&Checklist> {
        self.checklists.iter().find(|c| c.stage == stage)
    }
}

fn item(
    key: &str,
    zh: &str,
    en: &str,
    category: Category,
    department: Department,
) -> ChecklistItem {
    ChecklistItem {
        key: key.to_owned(),
        text: Text::new(zh, en),
        category,
        department,
    }
}

/// The template shipped with the product (version 1): seed 001's survey and checklists.
pub fn default_template() -> SurveyTemplate {
    use Category::*;
    use Department::*;
    let q = |key: &str, zh: &str, en: &str| Question {
        key: key.to_owned(),
        text: Text::new(zh, en),
    };
    let sound = item(
        "abnormal_sound",
        "有无异常声音",
        "Any abnormal sound",
        ProductQuality,
        QualityControl,
    );
    let overheat = item(
        "over_temperature",
        "有无温度过高",
        "Any over-temperature",
        ProductQuality,
        QualityControl,
    );
    let discharge = item(
        "discharge",
        "有无放电现象",
        "Any electrical discharge",
        ProductQuality,
        QualityControl,
    );
    let training = item(
        "training_needed",
        "是否需要培训和讲解",
        "Training or explanation needed",
        Technical,
        TechnicalSupport,
    );
    let timely = item(
        "service_timely",
        "售后服务是否及时有效",
        "After-sales service timely and effective",
        Service,
        CustomerService,
    );
    let outage = item(
        "outage_maintenance",
        "是否需要停电检修维护",
        "Outage maintenance wanted",
        Service,
        CustomerService,
    );
    let stable = [
        item(
            "insulator_traces",
            "绝缘件、互感器有无放电痕迹",
            "Discharge traces on insulators / transformers",
            ProductQuality,
            QualityControl,
        ),
        item(
            "secondary_components",
            "二次电气元件有无损坏",
            "Secondary electrical components intact",
            ProductQuality,
            QualityControl,
        ),
        item(
            "rust",
            "加工件、电镀件有无生锈",
            "No rust on machined / plated parts",
            ProductQuality,
            QualityControl,
        ),
        item(
            "mechanism_operation",
            "手车进出、接地刀分合、断路器分合、联锁是否正常",
            "Handcart, earthing switch, breaker and interlocks operate normally",
            Technical,
            TechnicalSupport,
        ),
    ];
    let six_checks = [
        item(
            "adjust_lubricate",
            "按说明书检查、调整和润滑",
            "Checked, adjusted and lubricated per the manual",
            Technical,
            TechnicalSupport,
        ),
        item(
            "interlocks",
            "联锁装置灵活可靠",
            "Interlocks work freely and reliably",
            Technical,
            TechnicalSupport,
        ),
        item(
            "isolating_contacts",
            "动、静隔离触头完好，插入深度合格",
            "Isolating contacts intact, insertion depth correct",
            ProductQuality,
            QualityControl,
        ),
        item(
            "busbar_joints",
            "母线及导电连接紧固，无发热",
            "Busbar and joints tight, no heating",
            ProductQuality,
            QualityControl,
        ),
        item(
            "earthing_circuit",
            "接地回路导电连续",
            "Earthing circuit continuous",
            ProductQuality,
            QualityControl,
        ),
        item(
            "clean_breaker",
            "断路器表面清洁",
            "Breaker surface cleaned",
            Service,
            CustomerService,
        ),
    ];
    SurveyTemplate {
        version: 1,
        title: Text::new("顾客满意度调查表", "Customer satisfaction survey"),
        questions: vec![
            q(
                "product_quality",
                "对产品质量的满意程度",
                "Satisfaction with product quality",
            ),
            q(
                "service_quality",
                "对服务质量的满意程度",
                "Satisfaction with service quality",
            ),
            q(
                "suggestions",
                "对产品、服务等方面的建议或需求",
                "Suggestions and needs about products and service",
            ),
            q(
                "service_wanted",
                "是否需要维护、改造或其他服务",
                "Maintenance, retrofit or other service wanted",
            ),
        ],
        checklists: vec![
            Checklist {
                stage: StageKey::Commissioning,
                items: vec![
                    item(
                        "documents_complete",
                        "档案资料、附件材料是否齐全",
                        "Documents and accessories complete",
                        Documents,
                        Sales,
                    ),
                    item(
                        "no_transport_damage",
                        "产品外包装和运输过程有无损伤",
                        "No packaging or transport damage",
                        DeliveryLogistics,
                        Sales,
                    ),
                    training.clone(),
                    item(
                        "staff_attitude_skill",
                        "现场服务人员态度、技能是否满足要求",
                        "On-site staff attitude and skill satisfactory",
                        Service,
                        CustomerService,
                    ),
                ],
            },
            Checklist {
                stage: StageKey::OneMonth,
                items: vec![
                    item(
                        "no_abnormal_sound_smell",
                        "有无异常声音、气味（尤其是臭氧味）",
                        "No abnormal sound or smell (especially ozone)",
                        ProductQuality,
                        QualityControl,
                    ),
                    training.clone(),
                ],
            },
            Checklist {
                stage: StageKey::WarrantyHalf,
                items: vec![
                    sound.clone(),
                    overheat.clone(),
                    discharge.clone(),
                    timely.clone(),
                    outage.clone(),
                ],
            },
            Checklist {
                stage: StageKey::WarrantyEnd,
                items: [sound, overheat, discharge, timely, outage]
                    .into_iter()
                    .chain(six_checks)
                    .collect(),
            },
            Checklist {
                stage: StageKey::PostWarranty,
                items: stable.to_vec(),
            },
            Checklist {
                stage: StageKey::GenericFirst,
                items: vec![
                    item(
                        "used_to_product",
                        "是否已习惯使用产品",
                        "Customer is comfortable using the product",
                        Technical,
                        TechnicalSupport,
                    ),
                    item(
                        "installer_satisfaction",
                        "对安装调试人员工作是否满意",
                        "Satisfied with the installation staff",
                        Service,
                        CustomerService,
                    ),
                ],
            },
            Checklist {
                stage: StageKey::GenericFollowUp,
                items: vec![
                    item(
                        "running_normally",
                        "产品运行是否正常",
                        "Product running normally",
                        ProductQuality,
                        QualityControl,
                    ),
                    item(
                        "maintenance_wanted",
                        "是否需要上门检修和维护",
                        "On-site inspection and maintenance wanted",
                        Service,
                        CustomerService,
                    ),
                ],
            },
        ],
    }
}

impl crate::kind::Kind for SurveyTemplate {
    const EDITS: crate::kind::Edits = crate::kind::Edits::ServerOnly;
    const KEY_FIELD: Option<&'static str> = Some("version");
    type Key = u32;

    fn key(&self) -> u32 {
        self.version
    }

    fn customer_id(&self) -> Option<uuid::Uuid> {
        None
    }

    fn example() -> Self {
        default_template()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lifecycle_stage_has_a_bilingual_checklist() {
        let t = default_template();
        for stage in [
            StageKey::Commissioning,
            StageKey::OneMonth,
            StageKey::WarrantyHalf,
            StageKey::WarrantyEnd,
            StageKey::PostWarranty,
            StageKey::GenericFirst,
            StageKey::GenericFollowUp,
        ] {
            let list = t
                .checklist(stage)
                .unwrap_or_else(|| panic!("{stage:?} has a checklist"));
            assert!(!list.items.is_empty());
            for item in &list.items {
                assert!(
                    !item.text.zh.is_empty() && !item.text.en.is_empty(),
                    "{}",
                    item.key
                );
            }
        }
        // Seed 001: the warranty-end visit adds the six maintenance checks.
        assert_eq!(t.checklist(StageKey::WarrantyEnd).unwrap().items.len(), 11);
        assert!(t.checklist(StageKey::OneMonth).unwrap().items[0]
            .text
            .zh
            .contains("臭氧"));
    }
}
