//! Tells the truth on a plain-HTTP address (other than localhost): the browser gives
//! such a page no service worker, install, camera, location or lasting storage, so
//! the app cannot start offline — and says where the HTTPS address is, when the
//! server knows one.
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn InsecureBanner() -> impl IntoView {
    let i18n = use_i18n();
    let insecure = !crate::pwa::secure_context();
    let https = LocalResource::new(move || async move {
        if insecure {
            crate::sync::api::https_url().await
        } else {
            None
        }
    });
    insecure.then(|| {
        view! {
            <div class="insecure-banner" role="alert" data-insecure>
                <p><strong>{t!(i18n, insecure.title)}</strong> " " {t!(i18n, insecure.body)}</p>
                {move || https.get().flatten().map(|url| view! {
                    <p>{t!(i18n, insecure.use_instead)} " " <a href=url.clone() data-https-url=url.clone()>{url.clone()}</a></p>
                })}
            </div>
        }
    })
}
