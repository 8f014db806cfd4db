//! Scanning a nameplate's code with the live camera: the back camera's picture in
//! a full-screen view, a few frames a second read (`scan::read_video_frame`) until
//! one holds a code; the camera stops as soon as the view closes.
use crate::i18n::*;
use crate::scan::{read_video_frame, QrWorker};
use leptos::html::{Canvas, Video};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Time between two frames read.
const FRAME_MS: u32 = 250;

/// Why the camera did not open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CameraError {
    /// The user (or the browser's settings) refused the camera.
    Denied,
    /// No camera, or one the browser cannot open (in use).
    Unavailable,
    /// The page is not on a secure origin (plain HTTP): browsers give no camera.
    Insecure,
}

async fn back_camera() -> Result<web_sys::MediaStream, CameraError> {
    if !crate::pwa::secure_context() {
        return Err(CameraError::Insecure);
    }
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or(CameraError::Unavailable)?;
    let video = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&video, &"facingMode".into(), &"environment".into());
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&video);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| CameraError::Unavailable)?;
    match JsFuture::from(promise).await {
        Ok(stream) => Ok(stream.unchecked_into()),
        Err(err) => Err(
            match err.dyn_ref::<web_sys::DomException>().map(|e| e.name()) {
                Some(name) if name == "NotAllowedError" || name == "SecurityError" => {
                    CameraError::Denied
                }
                _ => CameraError::Unavailable,
            },
        ),
    }
}

fn stop(stream: &web_sys::MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// A button that opens the live scanner; the text read goes to `on_read`.
#[component]
pub fn LiveScan(on_read: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let (open, set_open) = signal(false);
    let (error, set_error) = signal(None::<CameraError>);
    view! {
        <button type="button" class="button scan-live" data-action="scan-live"
            on:click=move |_| { set_error.set(None); set_open.set(true); }>
            {t!(i18n, customers.scan_live)}
        </button>
        {move || error.get().map(|e| {
            let text = match e {
                CameraError::Denied => t!(i18n, customers.camera_denied).into_any(),
                CameraError::Unavailable => t!(i18n, customers.camera_unavailable).into_any(),
                CameraError::Insecure => t!(i18n, customers.camera_insecure).into_any(),
            };
            view! { <p class="warn" role="status" data-camera-error>{text}</p> }
        })}
        <Show when=move || open.get()>
            <Viewfinder
                on_read=Callback::new(move |text| { set_open.set(false); on_read.run(text); })
                on_fail=Callback::new(move |e| { set_open.set(false); set_error.set(Some(e)); })
                on_close=Callback::new(move |()| set_open.set(false))
            />
        </Show>
    }
}

#[component]
fn Viewfinder(
    on_read: Callback<String>,
    on_fail: Callback<CameraError>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let video = NodeRef::<Video>::new();
    let canvas = NodeRef::<Canvas>::new();
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    let (alive, set_alive) = signal(true);
    on_cleanup(move || {
        set_alive.set(false);
        if let Some(s) = stream.try_get_value().flatten() {
            stop(&s);
        }
    });
    spawn_local(async move {
        let camera = match back_camera().await {
            Ok(camera) => camera,
            Err(e) => return on_fail.run(e),
        };
        // Closed while the browser asked for permission.
        if !alive.try_get_untracked().unwrap_or(false) {
            return stop(&camera);
        }
        stream.set_value(Some(camera.clone()));
        let (Some(video), Some(canvas)) = (video.get_untracked(), canvas.get_untracked()) else {
            return stop(&camera);
        };
        video.set_src_object(Some(&camera));
        let _ = video.play();
        let mut worker: Option<QrWorker> = None;
        while alive.try_get_untracked().unwrap_or(false) {
            gloo_timers::future::TimeoutFuture::new(FRAME_MS).await;
            if let Some(text) = read_video_frame(&video, &canvas, &mut worker).await {
                stop(&camera);
                return on_read.run(text);
            }
        }
    });
    view! {
        <div class="scanner" role="dialog" aria-modal="true" aria-label=move || t_string!(i18n, customers.scan_live)>
            <video node_ref=video class="scanner-video" autoplay=true muted=true playsinline=true></video>
            <canvas node_ref=canvas class="visually-hidden" aria-hidden="true"></canvas>
            <p class="scanner-hint">{t!(i18n, customers.scan_live_hint)}</p>
            <button type="button" class="button" data-action="close-scanner" on:click=move |_| on_close.run(())>
                {t!(i18n, photos.close)}
            </button>
        </div>
    }
}
