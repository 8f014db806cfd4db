//! How an issue reached the company when it was not found on a visit: by which
//! channel, when, and from whom at the customer (seed 002's 提案登记表: 提交方式 and
//! 提交时间; seed 000 §3's complaints by phone and letter).
use crate::types::DeviceTime;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The way a customer told the company.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 电话
    Phone,
    /// 信函
    Letter,
    /// 电子邮件
    Email,
    /// 回访中提出
    Visit,
    /// 当面
    FaceToFace,
    /// 微信或其他
    WechatOther,
}

impl Channel {
    /// Every channel, the most common first (forms list them in this order).
    pub const ALL: [Channel; 6] = [
        Channel::Phone,
        Channel::Visit,
        Channel::FaceToFace,
        Channel::Email,
        Channel::Letter,
        Channel::WechatOther,
    ];

    /// Its name on the wire and in forms' values.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Letter => "letter",
            Channel::Email => "email",
            Channel::Visit => "visit",
            Channel::FaceToFace => "face_to_face",
            Channel::WechatOther => "wechat_other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// When and how an issue raised by hand came in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Received {
    pub channel: Channel,
    /// When the customer told the company (the response time counts from then),
    /// which may be before it was recorded.
    pub at: DeviceTime,
    /// Who at the customer, and how to reach them again.
    #[serde(default)]
    pub contact: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_round_trip_by_their_names() {
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
            assert_eq!(
                serde_json::to_value(channel).unwrap(),
                serde_json::json!(channel.as_str())
            );
        }
        assert_eq!(Channel::parse("fax"), None);
    }
}
