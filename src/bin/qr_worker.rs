//! A web worker that reads QR codes (`revisit_core::nameplate`) for browsers
//! without a `BarcodeDetector`. Trunk builds it apart from the app, so its tables
//! load only when a photo needs them. Once started it posts `true`; then it takes
//! `{width, height, luma}` (luma a `Uint8Array`, one byte a pixel) and answers the
//! text read, or `null`.
#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let number = |key: &str| {
                js_sys::Reflect::get(&data, &JsValue::from_str(key))
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0) as usize
            };
            let luma = js_sys::Reflect::get(&data, &JsValue::from_str("luma"))
                .ok()
                .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
                .map(|array| array.to_vec())
                .unwrap_or_default();
            let text = revisit_core::nameplate::decode_qr(number("width"), number("height"), &luma);
            let _ = reply.post_message(&text.map_or(JsValue::NULL, |t| JsValue::from_str(&t)));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A message sent before the wasm started would find no handler: say when ready.
    let _ = scope.post_message(&JsValue::TRUE);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
