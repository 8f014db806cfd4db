//! Reusable view pieces shared by the pages.
mod empty_state;
mod event_form;
mod form_field;
mod icons;
mod nav;
mod page_header;
mod proposal;
mod rating;
mod recorder;
mod store_notice;
mod suggested_calls;
mod tier_override;
mod update_banner;

pub use empty_state::EmptyState;
pub use event_form::EventForm;
pub use form_field::{field_error, save_then_go, text_field};
pub use icons::{Icon, IconSvg};
pub use nav::BottomNav;
pub use page_header::PageHeader;
pub use proposal::{OutcomeChoice, OutcomePicker, ProposalFacts};
pub use rating::RatingPicker;
pub use recorder::Recorder;
pub use store_notice::StoreNoticeBanner;
pub use suggested_calls::SuggestedCalls;
pub use tier_override::TierOverrideForm;
pub use update_banner::UpdateBanner;
