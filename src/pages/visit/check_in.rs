//! Check-in on arrival (到达签到) and check-out on leaving (离开签退): for an on-site
//! visit, the device's position and the time, with the user's permission, at each
//! end (the time between is the time on site). Refused or unavailable, the visit
//! still saves; the technician is told why in words they can act on.
use super::draft::Draft;
use crate::clock::device_now;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use revisit_core::visit::CheckIn;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Why the device gave no position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failure {
    /// The user (or the browser's settings) refused.
    Denied,
    /// No fix in time, or no way to get one here.
    Unavailable,
    /// The page is not on a secure origin (plain HTTP): browsers give no position.
    Insecure,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    Locating,
    Failed(Failure),
}

/// How long the device may look for a fix: at a plant, under steel, it can take a while.
const TIMEOUT_MS: u32 = 20_000;

/// The device's position: latitude, longitude and accuracy in metres.
async fn locate() -> Result<(f64, f64, f64), Failure> {
    if !crate::pwa::secure_context() {
        return Err(Failure::Insecure);
    }
    let geolocation = web_sys::window()
        .and_then(|w| w.navigator().geolocation().ok())
        .ok_or(Failure::Unavailable)?;
    let (send, receive) = futures::channel::oneshot::channel::<Result<(f64, f64, f64), Failure>>();
    let send = std::rc::Rc::new(std::cell::RefCell::new(Some(send)));
    let answer = {
        let send = send.clone();
        move |result| {
            if let Some(send) = send.borrow_mut().take() {
                let _ = send.send(result);
            }
        }
    };
    let found = {
        let answer = answer.clone();
        Closure::once(move |position: JsValue| {
            let number = |object: &JsValue, key: &str| {
                js_sys::Reflect::get(object, &JsValue::from_str(key))
                    .ok()
                    .and_then(|v| v.as_f64())
            };
            let coords = js_sys::Reflect::get(&position, &JsValue::from_str("coords"))
                .unwrap_or(JsValue::NULL);
            answer(
                match (
                    number(&coords, "latitude"),
                    number(&coords, "longitude"),
                    number(&coords, "accuracy"),
                ) {
                    (Some(lat), Some(lon), Some(acc)) => Ok((lat, lon, acc)),
                    _ => Err(Failure::Unavailable),
                },
            );
        })
    };
    let failed = Closure::once(move |error: JsValue| {
        let code = js_sys::Reflect::get(&error, &JsValue::from_str("code"))
            .ok()
            .and_then(|c| c.as_f64());
        // 1 is PERMISSION_DENIED; 2 and 3 are no position and timeout.
        answer(Err(if code == Some(1.0) {
            Failure::Denied
        } else {
            Failure::Unavailable
        }));
    });
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(TIMEOUT_MS);
    options.set_maximum_age(60_000);
    geolocation
        .get_current_position_with_error_callback_and_options(
            found.as_ref().unchecked_ref(),
            Some(failed.as_ref().unchecked_ref()),
            &options,
        )
        .map_err(|_| Failure::Unavailable)?;
    let result = receive.await.unwrap_or(Err(Failure::Unavailable));
    drop((found, failed));
    result
}

/// Which end of the visit a card records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    Arrival,
    Departure,
}

impl End {
    fn of(self, draft: &Draft) -> Option<CheckIn> {
        match self {
            End::Arrival => draft.check_in,
            End::Departure => draft.check_out,
        }
    }

    fn set(self, draft: &mut Draft, check: CheckIn) {
        match self {
            // Back after leaving: the earlier departure is not this stay's.
            End::Arrival => {
                draft.check_out = revisit_core::on_site::departure_after(&check, draft.check_out);
                draft.check_in = Some(check);
            }
            End::Departure => draft.check_out = Some(check),
        }
    }
}

#[component]
pub fn CheckInCard(
    draft: RwSignal<Draft>,
    #[prop(default = End::Arrival)] end: End,
) -> impl IntoView {
    let i18n = use_i18n();
    let (phase, set_phase) = signal(Phase::Idle);
    let check_in = move |_| {
        set_phase.set(Phase::Locating);
        spawn_local(async move {
            let at = device_now();
            match locate().await.and_then(|(lat, lon, acc)| {
                CheckIn::new(at, lat, lon, acc).map_err(|_| Failure::Unavailable)
            }) {
                Ok(check) => {
                    draft.update(|d| end.set(d, check));
                    set_phase.set(Phase::Idle);
                }
                Err(failure) => set_phase.set(Phase::Failed(failure)),
            }
        });
    };
    let done = move || {
        draft.with(|d| end.of(d)).map(|c| {
            let time = c.at.local().format("%H:%M").to_string();
            let place = format!("{:.5}, {:.5}", c.latitude(), c.longitude());
            let attribute = place.clone();
            match end {
                End::Arrival => view! {
                    <p class="checked-in" data-checked-in=attribute>
                        {t!(i18n, visit.checked_in, time = time, place = place, accuracy = c.accuracy_m)}
                    </p>
                }.into_any(),
                End::Departure => {
                    let minutes = draft
                        .with(|d| d.check_in)
                        .and_then(|a| revisit_core::on_site::minutes_between(&a, &c))
                        .unwrap_or(0);
                    view! {
                        <p class="checked-in" data-checked-out=attribute data-minutes=minutes>
                            {t!(i18n, visit.checked_out, time = time, place = place, accuracy = c.accuracy_m, minutes = minutes)}
                        </p>
                    }.into_any()
                }
            }
        })
    };
    let (legend, key) = match end {
        End::Arrival => (t_string!(i18n, visit.check_in), "check-in"),
        End::Departure => (t_string!(i18n, visit.check_out), "check-out"),
    };
    view! {
        <fieldset class="card check-in" data-end=key>
            <legend>{legend}</legend>
            {done}
            {move || match phase.get() {
                Phase::Failed(Failure::Denied) => Some(view! { <p class="warn" role="status" data-check-in="denied">{t!(i18n, visit.check_in_denied)}</p> }.into_any()),
                Phase::Failed(Failure::Unavailable) => Some(view! { <p class="warn" role="status" data-check-in="unavailable">{t!(i18n, visit.check_in_unavailable)}</p> }.into_any()),
                Phase::Failed(Failure::Insecure) => Some(view! { <p class="warn" role="status" data-check-in="insecure">{t!(i18n, visit.check_in_insecure)}</p> }.into_any()),
                _ => None,
            }}
            <button type="button" class="button" data-action=key disabled=move || phase.get() == Phase::Locating on:click=check_in>
                {move || match (phase.get(), draft.with(|d| end.of(d).is_some()), end) {
                    (Phase::Locating, _, _) => t!(i18n, visit.locating).into_any(),
                    (_, true, End::Arrival) => t!(i18n, visit.check_in_again).into_any(),
                    (_, false, End::Arrival) => t!(i18n, visit.check_in_now).into_any(),
                    (_, true, End::Departure) => t!(i18n, visit.check_out_again).into_any(),
                    (_, false, End::Departure) => t!(i18n, visit.check_out_now).into_any(),
                }}
            </button>
        </fieldset>
    }
}
