//! The customer's signature (客户签字) on a commissioning visit's survey, or on any
//! visit made on site: drawn with a finger on a canvas, kept with the draft as a
//! PNG, saved with the visit.
use super::draft::Draft;
use crate::i18n::*;
use leptos::html::Canvas;
use leptos::prelude::*;
use revisit_core::visit::Signature;
use wasm_bindgen::JsCast;

/// The pad's drawing size; the canvas is scaled to the screen's width.
const WIDTH: u32 = 600;
const HEIGHT: u32 = 200;

fn context(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Where a pointer is, in the pad's own pixels.
fn point(canvas: &web_sys::HtmlCanvasElement, ev: &web_sys::PointerEvent) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    let sx = f64::from(WIDTH) / rect.width().max(1.0);
    let sy = f64::from(HEIGHT) / rect.height().max(1.0);
    (
        (f64::from(ev.client_x()) - rect.left()) * sx,
        (f64::from(ev.client_y()) - rect.top()) * sy,
    )
}

#[component]
pub fn SignaturePad(draft: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let canvas = NodeRef::<Canvas>::new();
    let (drawing, set_drawing) = signal(false);
    let (strokes, set_strokes) = signal(0u32);
    let start = move |ev: web_sys::PointerEvent| {
        let Some(c) = canvas.get() else { return };
        let Some(ctx) = context(&c) else { return };
        ev.prevent_default();
        let _ = c.set_pointer_capture(ev.pointer_id());
        let (x, y) = point(&c, &ev);
        ctx.set_line_width(3.0);
        ctx.set_line_cap("round");
        ctx.set_stroke_style_str("#0f1720");
        ctx.begin_path();
        ctx.move_to(x, y);
        set_drawing.set(true);
    };
    let draw = move |ev: web_sys::PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        let Some(c) = canvas.get() else { return };
        let Some(ctx) = context(&c) else { return };
        let (x, y) = point(&c, &ev);
        ctx.line_to(x, y);
        ctx.stroke();
    };
    let end = move |_| {
        if drawing.get_untracked() {
            set_drawing.set(false);
            set_strokes.update(|n| *n += 1);
        }
    };
    let clear = move |_| {
        if let Some(c) = canvas.get() {
            if let Some(ctx) = context(&c) {
                ctx.clear_rect(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT));
            }
        }
        set_strokes.set(0);
        draft.update(|d| d.signature = None);
    };
    let keep = move |_| {
        let Some(c) = canvas.get() else { return };
        if let Some(signature) = c
            .to_data_url()
            .ok()
            .and_then(|url| Signature::parse(&url).ok())
        {
            draft.update(|d| d.signature = Some(signature));
        }
    };
    view! {
        <fieldset class="card signature">
            <legend>{t!(i18n, visit.signature)}</legend>
            {move || match draft.with(|d| d.signature.clone()) {
                Some(signature) => view! {
                    <img class="signature-image" data-signed alt=move || t_string!(i18n, visit.signature) src=signature.data_url().to_owned() />
                    <button type="button" class="button" data-action="sign-again" on:click=clear>{t!(i18n, visit.sign_again)}</button>
                }.into_any(),
                None => view! {
                    <p class="muted">{t!(i18n, visit.signature_hint)}</p>
                    <canvas node_ref=canvas class="signature-pad" width=WIDTH height=HEIGHT
                        on:pointerdown=start on:pointermove=draw on:pointerup=end on:pointercancel=end></canvas>
                    <div class="chips">
                        <button type="button" class="button" data-action="clear-signature" on:click=clear>{t!(i18n, visit.clear_signature)}</button>
                        <button type="button" class="button primary" data-action="keep-signature"
                            disabled=move || strokes.get() == 0 on:click=keep>{t!(i18n, visit.keep_signature)}</button>
                    </div>
                }.into_any(),
            }}
        </fieldset>
    }
}
