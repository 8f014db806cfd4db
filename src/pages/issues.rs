//! Issues (问题): the closed loop record → handle → feedback → customer verifies.
use crate::components::{EmptyState, PageHeader};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn IssuesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page" data-page="issues">
            <PageHeader>{t!(i18n, issues.title)}</PageHeader>
            <ol class="loop-steps">
                <li>{t!(i18n, issues.status_recorded)}</li>
                <li>{t!(i18n, issues.status_handling)}</li>
                <li>{t!(i18n, issues.status_feedback)}</li>
                <li>{t!(i18n, issues.status_verified)}</li>
            </ol>
            <EmptyState
                title=t!(i18n, issues.empty_title).into_any()
                body=t!(i18n, issues.empty_body).into_any()
            />
        </div>
    }
}
