//! The sync state, always in sight on an enrolled device: synced when, what waits
//! to be sent, offline, a problem, conflicts. A tap opens the sync page.
use crate::clock::device_now;
use crate::i18n::*;
use crate::state::use_app;
use crate::sync::{Phase, Problem};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use revisit_core::sync::client::Failure;
use revisit_core::types::DeviceTime;

/// A sync time as a person reads it, in the device's time zone: the time today,
/// the date and time before.
pub fn sync_time(at: DateTime<Utc>) -> String {
    let now = device_now();
    let then = DeviceTime { utc: at, ..now };
    if then.local_date() == now.local_date() {
        then.local().format("%H:%M").to_string()
    } else {
        then.local().format("%m-%d %H:%M").to_string()
    }
}

#[component]
pub fn SyncBar() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_app().sync.state;
    let shown = move || sync.with(|s| s.account.is_some());
    // What the bar says first: work in progress, then trouble, then the last sync.
    let state = move || {
        sync.with(|s| match (s.phase, &s.problem) {
            (
                Phase::Starting
                | Phase::Pushing { .. }
                | Phase::Pulling { .. }
                | Phase::Uploading { .. },
                _,
            ) => "busy",
            (_, Some(Problem::Server(Failure::Unreachable))) => "offline",
            (_, Some(_)) => "problem",
            _ if s.last_sync.is_some() => "synced",
            _ => "never",
        })
    };
    let headline = move || {
        sync.with(|s| match (s.phase, &s.problem) {
            (Phase::Starting, _) => t!(i18n, sync.syncing).into_any(),
            (Phase::Pushing { sent, total }, _) => {
                t!(i18n, sync.pushing, sent = sent, total = total).into_any()
            }
            (Phase::Pulling { .. }, _) => t!(i18n, sync.pulling).into_any(),
            (Phase::Uploading { done, total }, _) => {
                t!(i18n, sync.uploading, done = done, total = total).into_any()
            }
            (_, Some(Problem::Server(Failure::Unreachable))) => t!(i18n, sync.offline).into_any(),
            (_, Some(_)) => t!(i18n, sync.problem).into_any(),
            _ => match s.last_sync {
                Some(at) => t!(i18n, sync.synced_at, time = sync_time(at)).into_any(),
                None => t!(i18n, sync.never).into_any(),
            },
        })
    };
    let progress = move || {
        sync.with(|s| match s.phase {
            Phase::Pulling { done, total } => Some(view! {
                <progress max=total.to_string() value=done.to_string()></progress>
            }),
            Phase::Uploading { done, total } => Some(view! {
                <progress max=total.to_string() value=done.to_string()></progress>
            }),
            _ => None,
        })
    };
    let queued = move || sync.with(|s| s.queued);
    let photos = move || sync.with(|s| s.photos_waiting);
    let conflicts = move || sync.with(|s| s.conflicts.len());
    let begun = move || sync.with(|s| s.begun);
    let ended = move || sync.with(|s| s.ended);
    view! {
        <Show when=shown>
            <a class="sync-bar" href="/sync" data-sync=state data-sync-begun=begun data-sync-ended=ended role="status">
                <span class="sync-dot" aria-hidden="true"></span>
                <span class="sync-headline">{headline}</span>
                {progress}
                <Show when=move || { queued() > 0 }>
                    <span class="sync-queued" data-queued=queued>
                        {move || t!(i18n, sync.queued, n = queued())}
                    </span>
                </Show>
                <Show when=move || { photos() > 0 }>
                    <span class="sync-queued" data-photos=photos>
                        {move || t!(i18n, sync.photos_waiting, n = photos())}
                    </span>
                </Show>
                <Show when=move || { conflicts() > 0 }>
                    <span class="sync-conflicts" data-conflicts=conflicts>
                        {move || t!(i18n, sync.conflict_count, n = conflicts())}
                    </span>
                </Show>
            </a>
        </Show>
    }
}
