//! Photos on a visit or an issue: take one with the camera or pick from the
//! gallery (shrunk on the device, kept in IndexedDB, so it works without
//! signal), and see them as thumbnails; a tap shows the photo whole.
use crate::i18n::*;
use crate::photos::ObjectUrl;
use crate::state::{use_app, AppState, PhotoRefusal as Refusal};
use crate::store::Image;
use leptos::prelude::*;
use leptos::task::spawn_local;
use revisit_core::photo::{Photo, PhotoSubject};
use uuid::Uuid;
use wasm_bindgen::JsCast;

fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1024.0 / 1024.0)
}

/// Buttons to take or pick photos; each kept photo is handed to `on_added`.
#[component]
pub fn PhotoPicker(
    customer_id: Uuid,
    subject: PhotoSubject,
    on_added: Callback<Photo>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let (working, set_working) = signal(0usize);
    let (refusal, set_refusal) = signal(None::<Refusal>);
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.item(i)).collect())
            .unwrap_or_default();
        // The same picture may be chosen again later.
        input.set_value("");
        set_refusal.set(None);
        set_working.set(files.len());
        spawn_local(async move {
            for file in files {
                match app.keep_photo(file, customer_id, subject).await {
                    Ok(photo) => on_added.run(photo),
                    Err(why) => set_refusal.set(Some(why)),
                }
                set_working.update(|n| *n = n.saturating_sub(1));
            }
        });
    };
    let message = move || {
        refusal.get().map(|why| {
            let text = match why {
                Refusal::NotAnImage => t!(i18n, photos.not_an_image).into_any(),
                Refusal::NoRoom(room) => {
                    let (needed, available) = (megabytes(room.needed), megabytes(room.available));
                    t!(i18n, photos.no_room, needed = needed, available = available).into_any()
                }
                Refusal::Store(err) => crate::labels::store_error(i18n, &err).into_any(),
                Refusal::Encode(why) => {
                    format!("{} {why}", t_string!(i18n, photos.encode_failed)).into_any()
                }
            };
            view! { <p class="error" role="alert" data-photo-refused>{text}</p> }
        })
    };
    view! {
        <div class="photo-picker">
            <label class="button">
                {t!(i18n, photos.take)}
                <input type="file" accept="image/*" capture="environment" class="visually-hidden"
                    data-photo-input="camera" on:change=chosen />
            </label>
            <label class="button">
                {t!(i18n, photos.pick)}
                <input type="file" accept="image/*" multiple class="visually-hidden"
                    data-photo-input="gallery" on:change=chosen />
            </label>
            <Show when=move || { working.get() > 0 }>
                <span class="muted" role="status" data-photo-working>{t!(i18n, photos.working)}</span>
            </Show>
        </div>
        {message}
    }
}

/// Where a photo's picture comes from.
#[derive(Clone, Debug, PartialEq)]
enum Source {
    Loading,
    Here(String),
    /// Not on this device and not to be fetched now (offline, not enrolled).
    Elsewhere,
}

/// Where `photo`'s `image` shows from, as it loads; its URL is revoked when the
/// calling component goes.
fn image_source(app: AppState, photo: Photo, image: Image) -> ReadSignal<Source> {
    let (source, set_source) = signal(Source::Loading);
    let url = StoredValue::new_local(None::<ObjectUrl>);
    spawn_local(async move {
        match app.photo_url(&photo, image).await {
            Some(loaded) => {
                set_source.set(Source::Here(loaded.as_str().to_owned()));
                url.set_value(Some(loaded));
            }
            None => set_source.set(Source::Elsewhere),
        }
    });
    source
}

#[component]
fn Thumb(
    photo: Photo,
    on_open: Callback<Photo>,
    on_remove: Option<Callback<Uuid>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let source = image_source(app, photo.clone(), Image::Thumb);
    let id = photo.id;
    let taken = photo.taken_at.local().format("%m-%d %H:%M").to_string();
    let open = {
        let photo = photo.clone();
        move |_| on_open.run(photo.clone())
    };
    view! {
        <li class="photo-thumb" data-photo=id.to_string()>
            <button type="button" class="photo-open" on:click=open
                aria-label=move || format!("{} {taken}", t_string!(i18n, photos.open))>
                {move || match source.get() {
                    Source::Here(src) => view! { <img src=src alt="" /> }.into_any(),
                    Source::Loading => view! { <span class="photo-placeholder" aria-hidden="true"></span> }.into_any(),
                    Source::Elsewhere => view! { <span class="photo-placeholder muted">{t!(i18n, photos.elsewhere)}</span> }.into_any(),
                }}
            </button>
            {on_remove.map(|remove| view! {
                <button type="button" class="photo-remove" data-action="remove-photo"
                    aria-label=move || t_string!(i18n, photos.remove)
                    on:click=move |_| remove.run(id)>"×"</button>
            })}
        </li>
    }
}

/// The photo shown whole, over the page, until closed.
#[component]
fn Viewer(photo: Photo, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let source = image_source(app, photo, Image::Full);
    view! {
        <div class="photo-viewer" role="dialog" aria-modal="true" on:click=move |_| on_close.run(())>
            {move || match source.get() {
                Source::Here(src) => view! { <img src=src alt=move || t_string!(i18n, photos.photo) /> }.into_any(),
                Source::Loading | Source::Elsewhere => view! { <p class="muted">{t!(i18n, photos.elsewhere)}</p> }.into_any(),
            }}
            <button type="button" class="button" data-action="close-photo">{t!(i18n, photos.close)}</button>
        </div>
    }
}

/// Thumbnails of `photos`; with `on_remove`, each can be taken off (a draft's).
#[component]
pub fn PhotoStrip(
    #[prop(into)] photos: Signal<Vec<Photo>>,
    #[prop(optional)] on_remove: Option<Callback<Uuid>>,
) -> impl IntoView {
    let (open, set_open) = signal(None::<Photo>);
    let on_open = Callback::new(move |photo| set_open.set(Some(photo)));
    view! {
        <Show when=move || photos.with(|p| !p.is_empty())>
            <ul class="photo-strip">
                <For each=move || photos.get() key=|p| p.id let:photo>
                    <Thumb photo=photo on_open=on_open on_remove=on_remove />
                </For>
            </ul>
        </Show>
        {move || open.get().map(|photo| view! {
            <Viewer photo=photo on_close=Callback::new(move |()| set_open.set(None)) />
        })}
    }
}
