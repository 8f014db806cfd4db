//! Tells the user when another tab stands in the database's way: an older version
//! blocking this one's upgrade, or a newer version that made this tab outdated.
use crate::i18n::*;
use crate::state::{use_app, StoreNotice};
use leptos::prelude::*;

#[component]
pub fn StoreNoticeBanner() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    move || {
        app.notice.get().map(|notice| match notice {
            StoreNotice::UpgradeBlocked => view! {
                <div class="update-banner" role="alert" data-notice="blocked">
                    <p>{t!(i18n, storage_notice.blocked)}</p>
                </div>
            }
            .into_any(),
            StoreNotice::Outdated => view! {
                <div class="update-banner" role="alert" data-notice="outdated">
                    <p>{t!(i18n, storage_notice.outdated)}</p>
                    <div class="update-actions">
                        <button class="button primary" on:click=move |_| {
                            let _ = window().location().reload();
                        }>{t!(i18n, storage_notice.reload)}</button>
                    </div>
                </div>
            }
            .into_any(),
        })
    }
}
