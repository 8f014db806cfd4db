//! The admin page's wire types (`/api/admin/*`): what the server sends and the app
//! reads, described once.
use super::account::{Role, User};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A user as the admin page lists them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct UserEntry {
    #[serde(flatten)]
    pub user: User,
    pub disabled: bool,
    pub devices: Vec<DeviceEntry>,
}

/// An enrolled device of a user.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeviceEntry {
    pub client_id: Uuid,
    /// The browser it was enrolled from (its user agent, shortened).
    pub label: String,
    /// RFC 3339 UTC times.
    pub enrolled_at: String,
    pub last_seen_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// `POST /api/admin/users`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct NewUser {
    pub login: String,
    pub name: String,
    pub role: Role,
}

/// `PATCH /api/admin/users/{login}`: what to change.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct UserChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// `{"department": "production"}` puts them in it, `{"department": null}` in
    /// none; left out, it stays.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub department: Option<Option<crate::department::Department>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// `POST /api/admin/users/{login}/codes` asks for a code; `origin` is the admin
/// page's own address, used for the link when the server knows no HTTPS address.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeRequest {
    #[serde(default)]
    pub origin: Option<String>,
}

/// A one-time enrollment code, its link (the code in the fragment) and the link
/// as a QR code (SVG) for a phone to scan off the admin's screen.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IssuedCode {
    pub code: String,
    pub expires_at: String,
    pub link: String,
    pub qr_svg: String,
}

/// A field that is there, even as `null`: `Some(None)`; one left out stays `None`
/// (its `#[serde(default)]`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// `POST /api/visits/{id}/survey-link` asks for a one-time link to a done visit's
/// survey for the customer to answer on their own phone (server's `survey_link`);
/// `origin` as for [`CodeRequest`]. Reuses its shape: the page's origin.
pub type SurveyLinkRequest = CodeRequest;

/// The link (valid [`SURVEY_LINK_DAYS`] days, one answer), when it closes, and the
/// link as a QR code (SVG) for the customer to scan off the technician's phone.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SurveyLink {
    pub link: String,
    pub expires_at: String,
    pub qr_svg: String,
}

/// How long a survey link stays open.
pub const SURVEY_LINK_DAYS: i64 = 7;
