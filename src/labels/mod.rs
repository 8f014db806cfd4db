//! The words for core's codes (tiers, methods, reasons, statuses) in the user's
//! language. Texts that core carries in both languages (checklists) are picked by
//! `pick`.
mod standing;
pub use standing::{condition, contact_channel, frequency, payment, potential, yes_no};

use crate::i18n::*;
use leptos::prelude::*;
use revisit_core::event::EventKind;
use revisit_core::schedule::{Reason, Status};
use revisit_core::settings::ExtraKind;
use revisit_core::survey::StageKey;
use revisit_core::tier::Tier;
use revisit_core::types::Text;
use revisit_core::visit::{AnsweredBy, Method};

/// The name of a tier in the user's language, as text (CSV files, titles).
pub fn tier_text(i18n: leptos_i18n::I18nContext<Locale>, tier: Tier) -> String {
    match tier {
        Tier::Strategic => t_string!(i18n, tier.strategic),
        Tier::Key => t_string!(i18n, tier.key),
        Tier::General => t_string!(i18n, tier.general),
    }
    .to_string()
}

pub fn tier(tier: Tier) -> AnyView {
    let i18n = use_i18n();
    (move || tier_text(i18n, tier)).into_any()
}

/// The name of a method in the user's language, as text (CSV files, titles).
pub fn method_text(i18n: leptos_i18n::I18nContext<Locale>, method: Method) -> String {
    match method {
        Method::OnSite => t_string!(i18n, method.on_site),
        Method::Phone => t_string!(i18n, method.phone),
        Method::Video => t_string!(i18n, method.video),
        Method::OnlineSurvey => t_string!(i18n, method.online_survey),
        Method::Email => t_string!(i18n, method.email),
    }
    .to_string()
}

/// Who gave a visit's survey answers, in words.
pub fn answered_by_text(i18n: leptos_i18n::I18nContext<Locale>, by: AnsweredBy) -> String {
    match by {
        AnsweredBy::Technician => t_string!(i18n, answered_by.technician),
        AnsweredBy::CustomerOnDevice => t_string!(i18n, answered_by.customer_on_device),
        AnsweredBy::CustomerByLink => t_string!(i18n, answered_by.customer_by_link),
    }
    .to_string()
}

/// The same as a stable key, for styles and tests.
pub fn answered_by_key(by: AnsweredBy) -> &'static str {
    match by {
        AnsweredBy::Technician => "technician",
        AnsweredBy::CustomerOnDevice => "customer_on_device",
        AnsweredBy::CustomerByLink => "customer_by_link",
    }
}

pub fn method(method: Method) -> AnyView {
    let i18n = use_i18n();
    (move || method_text(i18n, method)).into_any()
}

/// The name of a status in the user's language, as text (CSV files, titles).
pub fn status_text(i18n: leptos_i18n::I18nContext<Locale>, status: Status) -> String {
    match status {
        Status::Upcoming => t_string!(i18n, status.upcoming),
        Status::Preparing => t_string!(i18n, status.preparing),
        Status::Due => t_string!(i18n, status.due),
        Status::Overdue => t_string!(i18n, status.overdue),
        Status::Missed => t_string!(i18n, status.missed),
        Status::Done => t_string!(i18n, status.done),
    }
    .to_string()
}

pub fn status(status: Status) -> AnyView {
    let i18n = use_i18n();
    (move || status_text(i18n, status)).into_any()
}

/// The name of a stage in the user's language, as text (CSV files, titles).
pub fn stage_text(i18n: leptos_i18n::I18nContext<Locale>, stage: StageKey) -> String {
    match stage {
        StageKey::Commissioning => t_string!(i18n, reason.commissioning),
        StageKey::OneMonth => t_string!(i18n, reason.one_month),
        StageKey::WarrantyHalf => t_string!(i18n, reason.warranty_half),
        StageKey::WarrantyEnd => t_string!(i18n, reason.warranty_end),
        StageKey::PostWarranty => t_string!(i18n, reason.post_warranty),
        StageKey::GenericFirst => t_string!(i18n, reason.generic_first),
        StageKey::GenericFollowUp => t_string!(i18n, reason.generic_follow_up),
    }
    .to_string()
}

pub fn stage(stage: StageKey) -> AnyView {
    let i18n = use_i18n();
    (move || stage_text(i18n, stage)).into_any()
}

/// The name of a event in the user's language, as text (CSV files, titles).
pub fn event_text(i18n: leptos_i18n::I18nContext<Locale>, kind: EventKind) -> String {
    match kind {
        EventKind::Delivery => t_string!(i18n, reason.delivery),
        EventKind::ServiceCompletion => t_string!(i18n, reason.service_completion),
        EventKind::KeyNode => t_string!(i18n, reason.key_node),
        EventKind::Complaint => t_string!(i18n, reason.complaint),
        EventKind::ProposalReceived => t_string!(i18n, reason.proposal_received),
        EventKind::RepairDispatched => t_string!(i18n, reason.repair_dispatched),
        EventKind::RepairOverdue => t_string!(i18n, reason.repair_overdue),
        EventKind::RepairFinished => t_string!(i18n, reason.repair_finished),
        EventKind::NewProductLaunch => t_string!(i18n, reason.new_product_launch),
        EventKind::TradeShow => t_string!(i18n, reason.trade_show),
        EventKind::QualityNotice => t_string!(i18n, reason.quality_notice),
    }
    .to_string()
}

pub fn event(kind: EventKind) -> AnyView {
    let i18n = use_i18n();
    (move || event_text(i18n, kind)).into_any()
}

/// Why a visit is planned, in the user's language, as text.
pub fn reason_text(i18n: leptos_i18n::I18nContext<Locale>, reason: &Reason) -> String {
    match reason {
        Reason::Routine { .. } => t_string!(i18n, reason.routine).to_string(),
        Reason::Extra {
            extra: ExtraKind::Executive,
        } => t_string!(i18n, reason.executive).to_string(),
        Reason::Extra {
            extra: ExtraKind::OnSiteReview,
        } => t_string!(i18n, reason.on_site_review).to_string(),
        Reason::Lifecycle { stage: s, .. } => stage_text(i18n, *s),
        Reason::Event { event: kind, .. } => event_text(i18n, *kind),
    }
}

pub fn reason(reason: &Reason) -> AnyView {
    let i18n = use_i18n();
    let reason = reason.clone();
    (move || reason_text(i18n, &reason)).into_any()
}

/// The text of a bilingual label in the current language.
pub fn pick(text: &Text) -> String {
    if use_i18n().get_locale() == Locale::en {
        text.en.clone()
    } else {
        text.zh.clone()
    }
}

/// As [`pick`], with the language context given and read once (CSV files made
/// outside a view).
pub fn pick_in(i18n: leptos_i18n::I18nContext<Locale>, text: &Text) -> String {
    if i18n.get_locale_untracked() == Locale::en {
        text.en.clone()
    } else {
        text.zh.clone()
    }
}

/// The name of a category in the user's language, as text (CSV files, titles).
pub fn category_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    category: revisit_core::issue::Category,
) -> String {
    use revisit_core::issue::Category::*;
    match category {
        ProductQuality => t_string!(i18n, category.product_quality),
        Technical => t_string!(i18n, category.technical),
        Service => t_string!(i18n, category.service),
        DeliveryLogistics => t_string!(i18n, category.delivery_logistics),
        Documents => t_string!(i18n, category.documents),
        Complaint => t_string!(i18n, category.complaint),
        Proposal => t_string!(i18n, category.proposal),
        InformationFeedback => t_string!(i18n, category.information_feedback),
    }
    .to_string()
}

pub fn category(category: revisit_core::issue::Category) -> AnyView {
    let i18n = use_i18n();
    (move || category_text(i18n, category)).into_any()
}

/// How an issue came in (电话, 信函…), in the user's language, as text.
pub fn channel_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    channel: revisit_core::received::Channel,
) -> String {
    use revisit_core::received::Channel::*;
    match channel {
        Phone => t_string!(i18n, channel.phone),
        Letter => t_string!(i18n, channel.letter),
        Email => t_string!(i18n, channel.email),
        Visit => t_string!(i18n, channel.visit),
        FaceToFace => t_string!(i18n, channel.face_to_face),
        WechatOther => t_string!(i18n, channel.wechat_other),
    }
    .to_string()
}

pub fn channel(channel: revisit_core::received::Channel) -> AnyView {
    let i18n = use_i18n();
    (move || channel_text(i18n, channel)).into_any()
}

/// The name of a department in the user's language, as text (CSV files, titles).
pub fn department_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    department: revisit_core::department::Department,
) -> String {
    use revisit_core::department::Department::*;
    match department {
        CustomerService => t_string!(i18n, department.customer_service),
        TechnicalSupport => t_string!(i18n, department.technical_support),
        QualityControl => t_string!(i18n, department.quality_control),
        Production => t_string!(i18n, department.production),
        RnD => t_string!(i18n, department.rnd),
        Sales => t_string!(i18n, department.sales),
        Marketing => t_string!(i18n, department.marketing),
    }
    .to_string()
}

pub fn department(department: revisit_core::department::Department) -> AnyView {
    let i18n = use_i18n();
    (move || department_text(i18n, department)).into_any()
}

pub fn issue_status(status: revisit_core::issue::IssueStatus) -> AnyView {
    use revisit_core::issue::IssueStatus::*;
    let i18n = use_i18n();
    match status {
        Recorded => t!(i18n, issues.status_recorded).into_any(),
        Handling => t!(i18n, issues.status_handling).into_any(),
        FeedbackGiven => t!(i18n, issues.status_feedback).into_any(),
        Verified => t!(i18n, issues.status_verified).into_any(),
        Rejected => t!(i18n, issues.status_rejected).into_any(),
        Withdrawn => t!(i18n, issues.status_withdrawn).into_any(),
    }
}

pub fn step(step: &revisit_core::issue::Step) -> AnyView {
    use revisit_core::issue::Step::*;
    let i18n = use_i18n();
    match step {
        StartHandling => t!(i18n, issues.step_start_handling).into_any(),
        GiveFeedback { .. } => t!(i18n, issues.step_give_feedback).into_any(),
        Verify { .. } => t!(i18n, issues.step_verify).into_any(),
        Reopen { .. } => t!(i18n, issues.step_reopen).into_any(),
        Reject { .. } => t!(i18n, issues.step_reject).into_any(),
        Withdraw { .. } => t!(i18n, issues.step_withdraw).into_any(),
        Acknowledge { .. } => t!(i18n, issues.step_acknowledge).into_any(),
        ExtendDecision { .. } => t!(i18n, issues.step_extend).into_any(),
        PlanImplementation { .. } => t!(i18n, issues.step_plan).into_any(),
        PayReward { .. } => t!(i18n, issues.step_reward).into_any(),
        TellUse { .. } => t!(i18n, issues.step_tell_use).into_any(),
    }
}

/// A day as a person says it: "12月2日 星期三", "Wed, 12/2".
pub fn day(date: chrono::NaiveDate) -> AnyView {
    use chrono::{Datelike, Weekday};
    let i18n = use_i18n();
    let weekday = move || match date.weekday() {
        Weekday::Mon => t_string!(i18n, today.weekday_mon),
        Weekday::Tue => t_string!(i18n, today.weekday_tue),
        Weekday::Wed => t_string!(i18n, today.weekday_wed),
        Weekday::Thu => t_string!(i18n, today.weekday_thu),
        Weekday::Fri => t_string!(i18n, today.weekday_fri),
        Weekday::Sat => t_string!(i18n, today.weekday_sat),
        Weekday::Sun => t_string!(i18n, today.weekday_sun),
    };
    let (month, day) = (date.month(), date.day());
    t!(
        i18n,
        today.date,
        month = month,
        day = day,
        weekday = weekday
    )
    .into_any()
}

/// A moment as the device showed it: local date and time.
pub fn device_time(t: revisit_core::types::DeviceTime) -> String {
    t.local().format("%Y-%m-%d %H:%M").to_string()
}

/// A share in basis points as a percentage: 3400 → "34%", 1050 → "10.5%".
pub fn percent(bp: u32) -> String {
    if bp.is_multiple_of(100) {
        format!("{}%", bp / 100)
    } else {
        format!("{:.1}%", f64::from(bp) / 100.0)
    }
}

/// One reason of a tier decision, worded ("share 34% ≥ 30%").
pub fn tier_reason(reason: &revisit_core::tier::TierReason) -> AnyView {
    use revisit_core::tier::TierReason::*;
    let i18n = use_i18n();
    match reason.clone() {
        ShareAtLeast {
            share_bp,
            threshold_bp,
        } => t!(
            i18n,
            tier_reason.share_at_least,
            share = percent(share_bp),
            threshold = percent(threshold_bp)
        )
        .into_any(),
        ShareBelow {
            share_bp,
            threshold_bp,
        } => t!(
            i18n,
            tier_reason.share_below,
            share = percent(share_bp),
            threshold = percent(threshold_bp)
        )
        .into_any(),
        YearsAtLeast { years, threshold } => t!(
            i18n,
            tier_reason.years_at_least,
            years = years,
            threshold = threshold
        )
        .into_any(),
        YearsBelow { years, threshold } => t!(
            i18n,
            tier_reason.years_below,
            years = years,
            threshold = threshold
        )
        .into_any(),
        IndustryLeader => t!(i18n, tier_reason.industry_leader).into_any(),
        RegionalCoreAgent => t!(i18n, tier_reason.regional_core_agent).into_any(),
        AnnualPurchaseAbove { amount, threshold } => t!(
            i18n,
            tier_reason.annual_purchase_above,
            amount = amount.yuan(),
            threshold = threshold.yuan()
        )
        .into_any(),
        ScatteredOrders => t!(i18n, tier_reason.scattered_orders).into_any(),
        NoPurchaseData { year } => t!(i18n, tier_reason.no_purchase_data, year = year).into_any(),
    }
}

/// The event itself (not the visit it calls for).
pub fn event_kind(kind: EventKind) -> AnyView {
    let i18n = use_i18n();
    match kind {
        EventKind::Delivery => t!(i18n, event.delivery).into_any(),
        EventKind::ServiceCompletion => t!(i18n, event.service_completion).into_any(),
        EventKind::KeyNode => t!(i18n, event.key_node).into_any(),
        EventKind::Complaint => t!(i18n, event.complaint).into_any(),
        EventKind::ProposalReceived => t!(i18n, event.proposal_received).into_any(),
        EventKind::RepairDispatched => t!(i18n, event.repair_dispatched).into_any(),
        EventKind::RepairOverdue => t!(i18n, event.repair_overdue).into_any(),
        EventKind::RepairFinished => t!(i18n, event.repair_finished).into_any(),
        EventKind::NewProductLaunch => t!(i18n, event.new_product_launch).into_any(),
        EventKind::TradeShow => t!(i18n, event.trade_show).into_any(),
        EventKind::QualityNotice => t!(i18n, event.quality_notice).into_any(),
    }
}

/// What went wrong with the device's storage, in words a technician can act on.
/// Takes the language context: it is called from tasks, outside any component.
pub fn store_error(
    i18n: leptos_i18n::I18nContext<Locale>,
    err: &crate::store::StoreError,
) -> String {
    use crate::store::StoreError;
    match err {
        StoreError::QuotaFull(_) => t_string!(i18n, storage_error.quota_full).to_string(),
        StoreError::Blocked(_) => t_string!(i18n, storage_error.blocked).to_string(),
        StoreError::Unavailable(_) => t_string!(i18n, storage_error.unavailable).to_string(),
        // A rule's own message is English: in Chinese, what was refused.
        StoreError::Refused(invalid) if i18n.get_locale_untracked() == Locale::en => {
            invalid.message.clone()
        }
        StoreError::Refused(invalid) => format!(
            "{}{}",
            refused_record(i18n, invalid.record),
            t_string!(i18n, storage_error.refused)
        ),
        StoreError::Failed(detail) => format!("{} {detail}", t_string!(i18n, storage_error.failed)),
    }
}

/// What a refused save was, in the user's words.
fn refused_record(i18n: leptos_i18n::I18nContext<Locale>, record: &str) -> String {
    match record {
        "customer" => t_string!(i18n, storage_error.customer),
        "visit" => t_string!(i18n, storage_error.visit),
        "issue" => t_string!(i18n, storage_error.issue),
        "action" => t_string!(i18n, storage_error.action),
        "installation" => t_string!(i18n, storage_error.installation),
        "event" => t_string!(i18n, storage_error.event),
        _ => t_string!(i18n, storage_error.record),
    }
    .to_string()
}

/// A sync problem in words a technician acts on.
pub fn sync_problem(
    i18n: leptos_i18n::I18nContext<Locale>,
    problem: &crate::sync::Problem,
) -> String {
    use crate::sync::Problem;
    use revisit_core::sync::client::Failure;
    match problem {
        Problem::Server(Failure::Unreachable) => t_string!(i18n, sync.err_unreachable).to_string(),
        Problem::Server(Failure::SignedOut) => t_string!(i18n, sync.err_signed_out).to_string(),
        Problem::Server(Failure::Forbidden(_)) => t_string!(i18n, sync.err_forbidden).to_string(),
        Problem::Server(Failure::Refused(why)) => {
            format!("{} （{why}）", t_string!(i18n, sync.err_refused))
        }
        Problem::Server(Failure::Busy | Failure::ServerReplaced) => {
            t_string!(i18n, sync.err_busy).to_string()
        }
        Problem::Server(Failure::Unexpected { status, .. }) => {
            format!("{} （{status}）", t_string!(i18n, sync.err_unexpected))
        }
        Problem::Device(err) => format!(
            "{}{}",
            t_string!(i18n, sync.err_device),
            store_error(i18n, err)
        ),
    }
}

/// The label of a customer's or installation's field, as its form names it.
pub fn record_field(i18n: leptos_i18n::I18nContext<Locale>, field: &str) -> String {
    let label = match field {
        "name" => t_string!(i18n, customer_form.name),
        "short_code" => t_string!(i18n, customer_form.short_code),
        "kind" => t_string!(i18n, customer_form.kind),
        "region" => t_string!(i18n, customer_form.region),
        "industry" => t_string!(i18n, customer_form.industry),
        "address" => t_string!(i18n, customer_form.address),
        "cooperation_start" => t_string!(i18n, customer_form.cooperation_start),
        "flags" => t_string!(i18n, customer_form.flags),
        "contacts" => t_string!(i18n, customer_form.contacts),
        "owner" => t_string!(i18n, customer_form.owner),
        "product_line" => t_string!(i18n, installation_form.product_line),
        "model" => t_string!(i18n, installation_form.model),
        "serial_number" => t_string!(i18n, installation_form.serial),
        "site" => t_string!(i18n, installation_form.site),
        "contract_amount" => t_string!(i18n, installation_form.contract_amount),
        "delivery_date" => t_string!(i18n, installation_form.delivery_date),
        "commissioning_date" => t_string!(i18n, installation_form.commissioning_date),
        "energized_date" => t_string!(i18n, installation_form.energized_date),
        "warranty_months" => t_string!(i18n, installation_form.warranty_months),
        other => return other.to_owned(),
    };
    label.to_string()
}

pub fn role(
    i18n: leptos_i18n::I18nContext<Locale>,
    role: revisit_core::sync::account::Role,
) -> String {
    use revisit_core::sync::account::Role;
    match role {
        Role::Technician => t_string!(i18n, sync.role_technician),
        Role::Supervisor => t_string!(i18n, sync.role_supervisor),
        Role::CustomerServiceManager => t_string!(i18n, sync.role_customer_service_manager),
        Role::CustomerDirector => t_string!(i18n, sync.role_customer_director),
        Role::QualityControl => t_string!(i18n, sync.role_quality_control),
        Role::Sales => t_string!(i18n, sync.role_sales),
        Role::Admin => t_string!(i18n, sync.role_admin),
    }
    .to_string()
}

/// Why a completed visit did not close a planned one, with its date.
pub fn unmet(unmet: &revisit_core::schedule::Unmet) -> AnyView {
    use revisit_core::schedule::Shortfall;
    let i18n = use_i18n();
    let date = unmet.date.format("%m-%d").to_string();
    match unmet.shortfall {
        Shortfall::NotOnSite { method } => {
            let method = method_text(i18n, method);
            view! { {t!(i18n, today.unmet_not_on_site, date = date.clone(), method = method.clone())} }.into_any()
        }
        Shortfall::ChecklistNotAnswered { stage } => {
            let stage = stage_text(i18n, stage);
            view! { {t!(i18n, today.unmet_checklist, date = date.clone(), stage = stage.clone())} }
                .into_any()
        }
    }
}

/// What to do about a relationship (a score card's, a maintenance plan's summary).
pub fn recommendation_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    rec: revisit_core::evaluation::Recommendation,
) -> String {
    use revisit_core::evaluation::Recommendation;
    match rec {
        Recommendation::MaintainAndDeepen => t_string!(i18n, customers.rec_maintain),
        Recommendation::Improve => t_string!(i18n, customers.rec_improve),
        Recommendation::Review => t_string!(i18n, customers.rec_review),
    }
    .to_string()
}
