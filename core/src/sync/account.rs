//! Who a device acts for: the shapes of `POST /api/enroll` and `GET /api/session`,
//! shared by the server and the app.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::user::Role;
use crate::user::UserId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub login: String,
    /// What customer files name as their owner (负责人).
    pub name: String,
    pub role: Role,
    /// The department they work in, if any: the issues routed to it are theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<crate::department::Department>,
}

/// A device asks for a token with a one-time code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollRequest {
    pub code: String,
    pub client_id: Uuid,
    /// What the admin sees the device as ("张工's phone").
    #[serde(default)]
    pub label: String,
}

/// Who a token acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Present only in the answer to an enrollment: shown once, never again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    pub client_id: Uuid,
    pub user: User,
    /// Which server database this is: a device that meets another one must not
    /// trust its cursor.
    pub server_id: String,
}

/// What users type as an enrollment code: letters and digits in groups of four,
/// three of them (`XXXX-XXXX-XXXX`; two, for codes of earlier versions). Spaces,
/// case and missing dashes are forgiven; anything else is refused before it costs a
/// request.
pub fn parse_code(typed: &str) -> Option<String> {
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !matches!(chars.len(), 8 | 12) || !chars.iter().all(char::is_ascii_alphanumeric) {
        return None;
    }
    Some(
        chars
            .chunks(4)
            .map(|group| group.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_codes_are_forgiven_their_case_spaces_and_dash() {
        assert_eq!(parse_code("abcd-2345").as_deref(), Some("ABCD-2345"));
        assert_eq!(parse_code(" ab cd 2345 ").as_deref(), Some("ABCD-2345"));
        assert_eq!(parse_code("ABCD2345").as_deref(), Some("ABCD-2345"));
        assert_eq!(
            parse_code("abcd-2345-wxyz").as_deref(),
            Some("ABCD-2345-WXYZ")
        );
        assert_eq!(
            parse_code("ABCD 2345WXYZ").as_deref(),
            Some("ABCD-2345-WXYZ")
        );
    }

    #[test]
    fn codes_of_the_wrong_shape_are_refused() {
        for bad in [
            "",
            "ABC-2345",
            "ABCDE-23456",
            "ABCD_2345",
            "回访-2345",
            "ABCD-2345-WXY",
            "ABCD-2345-WXYZ-2",
        ] {
            assert_eq!(parse_code(bad), None, "{bad:?}");
        }
    }
}
