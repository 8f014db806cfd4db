//! Today (今日): what is overdue, due today, due this week, and to prepare.
use crate::components::{EmptyState, PageHeader};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn TodayPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page" data-page="today">
            <PageHeader>{t!(i18n, today.title)}</PageHeader>
            <div class="buckets" role="list">
                <div class="bucket overdue" role="listitem">
                    <span class="bucket-count">"0"</span>
                    <span class="bucket-label">{t!(i18n, today.overdue)}</span>
                </div>
                <div class="bucket due" role="listitem">
                    <span class="bucket-count">"0"</span>
                    <span class="bucket-label">{t!(i18n, today.due_today)}</span>
                </div>
                <div class="bucket week" role="listitem">
                    <span class="bucket-count">"0"</span>
                    <span class="bucket-label">{t!(i18n, today.this_week)}</span>
                </div>
                <div class="bucket prepare" role="listitem">
                    <span class="bucket-count">"0"</span>
                    <span class="bucket-label">{t!(i18n, today.prepare)}</span>
                </div>
            </div>
            <EmptyState
                title=t!(i18n, today.empty_title).into_any()
                body=t!(i18n, today.empty_body).into_any()
            />
        </div>
    }
}
