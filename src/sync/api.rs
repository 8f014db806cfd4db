//! The server's JSON API as the device calls it (`docs/sync.md`). The app is served
//! by the server it syncs with, so paths are relative to the page's origin.
use crate::wire::PulledPage;
use gloo_net::http::{Request, RequestBuilder, Response};
use revisit_core::photo::upload;
use revisit_core::sync::account::{EnrollRequest, Session, User};
use revisit_core::sync::admin::{
    CodeRequest, IssuedCode, NewUser, SurveyLink, UserChange, UserEntry,
};
use revisit_core::sync::client::Failure;
use revisit_core::sync::protocol::{ErrorBody, PushRequest, PushResponse};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen_futures::JsFuture;

/// A request without an answer after this long counts as no network: a phone on
/// one bar of signal must not hang its sync for minutes.
const TIMEOUT_MS: u32 = 30_000;

/// Records per pull page: big enough that a first pull of 140,000 records takes
/// few round trips, small enough that one page is quick to write.
pub const PULL_PAGE: u32 = 5_000;

/// What `GET /api/health` says that the app uses: the server's HTTPS address, when it
/// knows one (to send a user who opened the app over plain HTTP there).
#[derive(Debug, serde::Deserialize)]
struct Health {
    #[serde(default)]
    https_url: Option<String>,
}

/// The server's HTTPS address, if it has one (and is reachable now).
pub async fn https_url() -> Option<String> {
    send::<(), Health>(Request::get("/api/health"), None)
        .await
        .ok()?
        .https_url
}

pub async fn enroll(request: &EnrollRequest) -> Result<Session, Failure> {
    let builder = Request::post("/api/enroll");
    send(builder, Some(request)).await
}

pub async fn push(token: &str, request: &PushRequest) -> Result<PushResponse, Failure> {
    let builder = Request::post("/api/sync/push").header("Authorization", &bearer(token));
    send(builder, Some(request)).await
}

pub async fn pull(token: &str, cursor: u64) -> Result<PulledPage, Failure> {
    let url = format!("/api/sync/pull?cursor={cursor}&limit={PULL_PAGE}");
    let builder = Request::get(&url).header("Authorization", &bearer(token));
    send::<(), _>(builder, None).await
}

/// Every user and their devices (admins only).
pub async fn admin_users(token: &str) -> Result<Vec<UserEntry>, Failure> {
    let builder = Request::get("/api/admin/users").header("Authorization", &bearer(token));
    send::<(), _>(builder, None).await
}

pub async fn admin_add_user(token: &str, user: &NewUser) -> Result<User, Failure> {
    let builder = Request::post("/api/admin/users").header("Authorization", &bearer(token));
    send(builder, Some(user)).await
}

pub async fn admin_change_user(
    token: &str,
    login: &str,
    change: &UserChange,
) -> Result<UserEntry, Failure> {
    let path = format!("/api/admin/users/{}", path_segment(login));
    let builder = Request::patch(&path).header("Authorization", &bearer(token));
    send(builder, Some(change)).await
}

/// A one-time code for `login`, its link (on this page's origin when the server
/// knows no HTTPS address) and QR code.
pub async fn admin_issue_code(token: &str, login: &str) -> Result<IssuedCode, Failure> {
    let path = format!("/api/admin/users/{}/codes", path_segment(login));
    let builder = Request::post(&path).header("Authorization", &bearer(token));
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    send(builder, Some(&CodeRequest { origin })).await
}

/// A one-time link for the customer of done visit `visit` to answer its survey on
/// their own phone (on this page's origin when the server knows no HTTPS address).
pub async fn survey_link(token: &str, visit: uuid::Uuid) -> Result<SurveyLink, Failure> {
    let path = format!("/api/visits/{visit}/survey-link");
    let builder = Request::post(&path).header("Authorization", &bearer(token));
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    send(builder, Some(&CodeRequest { origin })).await
}

pub async fn admin_revoke_device(
    token: &str,
    login: &str,
    client_id: uuid::Uuid,
) -> Result<(), Failure> {
    let path = format!(
        "/api/admin/users/{}/devices/{client_id}/revoke",
        path_segment(login)
    );
    let builder = Request::post(&path).header("Authorization", &bearer(token));
    let response = fetch::<()>(builder, None).await?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure(response).await)
    }
}

/// A login as one path segment.
fn path_segment(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// What the server holds of a photo's image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// How many bytes.
    pub offset: u64,
    /// Whether the image is stored whole and checked: only then may the photo
    /// leave this device's queue (all bytes sent is not enough: the server may
    /// have stopped before it checked them).
    pub complete: bool,
}

/// What the server holds of photo `id`'s image (`HEAD`, tus).
pub async fn photo_held(token: &str, id: &str) -> Result<Held, Failure> {
    let builder = RequestBuilder::new(&photo_path(id))
        .method(gloo_net::http::Method::HEAD)
        .header("Authorization", &bearer(token));
    let response = fetch::<()>(builder, None).await?;
    if !response.ok() {
        return Err(failure(response).await);
    }
    held(&response)
}

/// Sends `chunk`, the bytes of photo `id`'s image from `offset` on, and returns
/// what the server holds now. A server that holds another number of bytes
/// (an answer lost, a chunk sent twice) says which, and that is returned too:
/// the next chunk starts there.
pub async fn send_photo_chunk(
    token: &str,
    id: &str,
    offset: u64,
    chunk: &web_sys::Blob,
) -> Result<Held, Failure> {
    let builder = Request::patch(&photo_path(id))
        .header("Authorization", &bearer(token))
        .header("Content-Type", "application/offset+octet-stream")
        .header(upload::OFFSET, &offset.to_string());
    let chunk = wasm_bindgen::JsValue::from(chunk.clone());
    let response = send_request(builder, move |b| b.body(chunk)).await?;
    match response.status() {
        204 | 409 if response.headers().has(upload::OFFSET) => held(&response),
        _ => Err(failure(response).await),
    }
}

fn held(response: &Response) -> Result<Held, Failure> {
    Ok(Held {
        offset: upload_offset(response)?,
        complete: response.headers().get(upload::COMPLETE).as_deref() == Some("?1"),
    })
}

/// Photo `id`'s image from the server (a photo another device took).
pub async fn photo_image(token: &str, id: &str) -> Result<web_sys::Blob, Failure> {
    let builder = Request::get(&photo_path(id)).header("Authorization", &bearer(token));
    let response = fetch::<()>(builder, None).await?;
    if !response.ok() {
        return Err(failure(response).await);
    }
    let raw: web_sys::Response = response.into();
    let unexpected = |err: wasm_bindgen::JsValue| Failure::Unexpected {
        status: 200,
        message: format!("{err:?}"),
    };
    let blob = JsFuture::from(raw.blob().map_err(unexpected)?)
        .await
        .map_err(unexpected)?;
    Ok(blob.into())
}

fn photo_path(id: &str) -> String {
    format!("/api/photos/{id}")
}

fn upload_offset(response: &Response) -> Result<u64, Failure> {
    response
        .headers()
        .get(upload::OFFSET)
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| Failure::Unexpected {
            status: response.status(),
            message: "no Upload-Offset in the server's answer".into(),
        })
}

/// Ends this device's token on the server.
pub async fn sign_out(token: &str) -> Result<(), Failure> {
    let builder = Request::delete("/api/session").header("Authorization", &bearer(token));
    let response = fetch::<()>(builder, None).await?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure(response).await)
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn send<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&B>,
) -> Result<T, Failure> {
    let response = fetch(builder, body).await?;
    if !response.ok() {
        return Err(failure(response).await);
    }
    let status = response.status();
    let unexpected = |message: String| Failure::Unexpected { status, message };
    let value = read_json(response).await.map_err(unexpected)?;
    crate::json::from_js(value).map_err(unexpected)
}

/// The body parsed by the browser (`Response.json()`), without a copy into Rust.
async fn read_json(response: Response) -> Result<wasm_bindgen::JsValue, String> {
    let raw: web_sys::Response = response.into();
    let promise = raw.json().map_err(|e| format!("{e:?}"))?;
    JsFuture::from(promise).await.map_err(|e| format!("{e:?}"))
}

/// Sends the request with a JSON body, if any.
async fn fetch<B: Serialize>(
    builder: RequestBuilder,
    body: Option<&B>,
) -> Result<Response, Failure> {
    let body = match body {
        Some(body) => Some(
            crate::json::stringify(body)
                .map_err(|message| Failure::Unexpected { status: 0, message })?,
        ),
        None => None,
    };
    send_request(builder, move |builder| match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    })
    .await
}

/// Sends the request `finish` makes of `builder`, aborting it after
/// [`TIMEOUT_MS`].
async fn send_request(
    builder: RequestBuilder,
    finish: impl FnOnce(RequestBuilder) -> Result<Request, gloo_net::Error>,
) -> Result<Response, Failure> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let request =
        finish(builder.abort_signal(signal.as_ref())).map_err(|err| Failure::Unexpected {
            status: 0,
            message: err.to_string(),
        })?;
    let timer =
        controller.map(|c| gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || c.abort()));
    let sent = request.send().await;
    drop(timer);
    // A fetch that fails without an answer (no network, refused, aborted).
    sent.map_err(|_| Failure::Unreachable)
}

async fn failure(response: Response) -> Failure {
    let status = response.status();
    let body = read_json(response)
        .await
        .ok()
        .and_then(|value| crate::json::from_js::<ErrorBody>(value).ok());
    Failure::from_answer(status, body)
}
