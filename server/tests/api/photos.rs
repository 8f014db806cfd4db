//! Photos' images: uploaded in chunks under their record's id, resumed where the
//! server's bytes end, checked against the record's digest, served whole.
use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use revisit_core::photo::{MediaType, Photo, PhotoSubject, Sha256};
use revisit_core::sync::Change;
use uuid::Uuid;

/// A made-up image of `len` bytes (not all alike, so a misplaced chunk shows).
pub(crate) fn image(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

pub(crate) fn photo_of(n: u128, customer: u128, image: &[u8]) -> Photo {
    Photo {
        id: Uuid::from_u128(n),
        customer_id: Uuid::from_u128(customer),
        subject: PhotoSubject::Visit(Uuid::from_u128(3)),
        taken_at: now(),
        media_type: MediaType::Jpeg,
        bytes: image.len() as u64,
        width: 1600,
        height: 1200,
        sha256: Sha256::of(image),
    }
}

pub(crate) fn path(photo: &Photo) -> String {
    format!("/api/photos/{}", photo.id)
}

impl TestApp {
    pub(crate) async fn send_chunk(
        &self,
        device: &TestDevice,
        photo: &Photo,
        offset: u64,
        bytes: &[u8],
    ) -> Response {
        self.request(
            Request::patch(path(photo))
                .header("authorization", format!("Bearer {}", device.token))
                .header("content-type", "application/offset+octet-stream")
                .header("upload-offset", offset.to_string())
                .body(Body::from(bytes.to_vec()))
                .unwrap(),
        )
        .await
    }

    /// The server's `Upload-Offset` for `photo`, as `HEAD` says.
    pub(crate) async fn held(&self, device: &TestDevice, photo: &Photo) -> u64 {
        self.held_whole(device, photo).await.0
    }

    /// The server's `Upload-Offset` for `photo`, and whether it is stored whole
    /// (`Upload-Complete: ?1`), as `HEAD` says.
    pub(crate) async fn held_whole(&self, device: &TestDevice, photo: &Photo) -> (u64, bool) {
        let response = self
            .request(
                Request::head(path(photo))
                    .header("authorization", format!("Bearer {}", device.token))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_status(&response, StatusCode::OK);
        assert_eq!(header(&response, "upload-length"), photo.bytes.to_string());
        (
            header(&response, "upload-offset").parse().unwrap(),
            header(&response, "upload-complete") == "?1",
        )
    }

    /// A technician's customer and a photo of one of its visits, pushed.
    pub(crate) async fn photo_pushed(&self, device: &TestDevice, image: &[u8]) -> Photo {
        let photo = photo_of(9, 1, image);
        self.push_ok(
            device,
            &[
                (Change::put(customer(1, "华东电力", Some("张工"))), None),
                (Change::put(visit(3, 1)), None),
                (Change::put(photo.clone()), None),
            ],
        )
        .await;
        photo
    }
}

#[tokio::test]
async fn an_image_sent_in_chunks_is_served_whole_and_recorded() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let bytes = image(300_000);
    let photo = app.photo_pushed(&phone, &bytes).await;
    assert_eq!(app.held(&phone, &photo).await, 0);
    // Not uploaded yet: no image to serve.
    assert_status(
        &app.pull_response(&phone, &path(&photo)).await,
        StatusCode::NOT_FOUND,
    );

    let mut at = 0;
    for chunk in bytes.chunks(128 * 1024) {
        let answer = app.send_chunk(&phone, &photo, at, chunk).await;
        assert_status(&answer, StatusCode::NO_CONTENT);
        at += chunk.len() as u64;
        assert_eq!(header(&answer, "upload-offset"), at.to_string());
    }
    assert_eq!(app.held(&phone, &photo).await, photo.bytes);
    let served = app.pull_response(&phone, &path(&photo)).await;
    assert_status(&served, StatusCode::OK);
    assert_eq!(header(&served, "content-type"), "image/jpeg");
    assert!(header(&served, "cache-control").contains("immutable"));
    assert_eq!(body_bytes(served).await, bytes);

    // The database points at the file, and the file is where it says.
    let (stored_path, size): (String, i64) =
        sqlx::query_as("SELECT path, bytes FROM photo_files WHERE photo_id = $1")
            .bind(photo.id.to_string())
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(size, 300_000);
    let on_disk = app._dir.path().join("photos").join(&stored_path);
    assert_eq!(std::fs::read(on_disk).unwrap(), bytes);
}

#[tokio::test]
async fn a_chunk_whose_answer_was_lost_is_not_appended_twice() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let bytes = image(200_000);
    let photo = app.photo_pushed(&phone, &bytes).await;
    let first = &bytes[..100_000];
    assert_status(
        &app.send_chunk(&phone, &photo, 0, first).await,
        StatusCode::NO_CONTENT,
    );
    // The phone never heard the answer and sends the same chunk again.
    let again = app.send_chunk(&phone, &photo, 0, first).await;
    assert_status(&again, StatusCode::CONFLICT);
    assert_eq!(header(&again, "upload-offset"), "100000");
    assert_eq!(json(again).await["error"]["code"], "offset_mismatch");
    // It resumes where the server's bytes end.
    assert_status(
        &app.send_chunk(&phone, &photo, 100_000, &bytes[100_000..])
            .await,
        StatusCode::NO_CONTENT,
    );
    // The last chunk sent again after the image is whole: told it is whole.
    let late = app
        .send_chunk(&phone, &photo, 100_000, &bytes[100_000..])
        .await;
    assert_status(&late, StatusCode::CONFLICT);
    assert_eq!(header(&late, "upload-offset"), "200000");
    let served = app.pull_response(&phone, &path(&photo)).await;
    assert_eq!(body_bytes(served).await, bytes);
}

#[tokio::test]
async fn an_upload_survives_a_server_restart_midway() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let bytes = image(150_000);
    let photo = app.photo_pushed(&phone, &bytes).await;
    assert_status(
        &app.send_chunk(&phone, &photo, 0, &bytes[..60_000]).await,
        StatusCode::NO_CONTENT,
    );
    let app = app.restart().await;
    assert_eq!(app.held(&phone, &photo).await, 60_000);
    assert_status(
        &app.send_chunk(&phone, &photo, 60_000, &bytes[60_000..])
            .await,
        StatusCode::NO_CONTENT,
    );
    assert_eq!(app.held(&phone, &photo).await, 150_000);
}

#[tokio::test]
async fn an_image_that_is_not_the_photos_is_refused_and_started_again() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let bytes = image(1_000);
    let photo = app.photo_pushed(&phone, &bytes).await;
    let mut wrong = bytes.clone();
    wrong[500] ^= 1;
    let refused = app.send_chunk(&phone, &photo, 0, &wrong).await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.held(&phone, &photo).await, 0);
    assert_status(
        &app.send_chunk(&phone, &photo, 0, &bytes).await,
        StatusCode::NO_CONTENT,
    );
    assert_eq!(app.held(&phone, &photo).await, 1_000);
}

#[tokio::test]
async fn uploads_are_checked_before_anything_is_written() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let bytes = image(1_000);
    let photo = app.photo_pushed(&phone, &bytes).await;

    // More than the record declares.
    let long = app.send_chunk(&phone, &photo, 0, &image(1_001)).await;
    assert_status(&long, StatusCode::BAD_REQUEST);
    assert_eq!(json(long).await["error"]["code"], "too_long");
    // No offset.
    let bare = app
        .request(
            Request::patch(path(&photo))
                .header("authorization", format!("Bearer {}", phone.token))
                .body(Body::from(bytes.clone()))
                .unwrap(),
        )
        .await;
    assert_status(&bare, StatusCode::BAD_REQUEST);
    assert_eq!(json(bare).await["error"]["code"], "bad_offset");
    // A photo whose record was never pushed, and a malformed id.
    let unknown = photo_of(77, 1, &bytes);
    assert_status(
        &app.send_chunk(&phone, &unknown, 0, &bytes).await,
        StatusCode::NOT_FOUND,
    );
    let bad = app.pull_response(&phone, "/api/photos/not-a-uuid").await;
    assert_status(&bad, StatusCode::BAD_REQUEST);
    assert_eq!(app.held(&phone, &photo).await, 0);
    // Without a token.
    let anonymous = app.get(&path(&photo)).await;
    assert_status(&anonymous, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn only_those_who_see_the_customer_see_or_send_its_photos() {
    let app = spawn_app().await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    let li = app.device("li", "李工", Role::Technician).await;
    let supervisor = app.device("wang", "王主管", Role::Supervisor).await;
    let bytes = image(1_000);
    let photo = app.photo_pushed(&zhang, &bytes).await;
    assert_status(
        &app.send_chunk(&li, &photo, 0, &bytes).await,
        StatusCode::FORBIDDEN,
    );
    assert_status(
        &app.send_chunk(&zhang, &photo, 0, &bytes).await,
        StatusCode::NO_CONTENT,
    );
    assert_status(
        &app.pull_response(&li, &path(&photo)).await,
        StatusCode::FORBIDDEN,
    );
    let seen = app.pull_response(&supervisor, &path(&photo)).await;
    assert_status(&seen, StatusCode::OK);
    assert_eq!(body_bytes(seen).await, bytes);
}

#[tokio::test]
async fn a_photo_record_that_breaks_its_rules_is_refused_on_push() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let photo = Photo {
        bytes: 0,
        ..photo_of(9, 1, b"x")
    };
    let answer = app
        .push(
            &phone,
            &[
                (Change::put(customer(1, "华东电力", Some("张工"))), None),
                (Change::put(photo), None),
            ],
        )
        .await;
    assert_status(&answer, StatusCode::BAD_REQUEST);
    assert!(json(answer).await["error"]["message"]
        .as_str()
        .unwrap()
        .contains("bytes"));
}

#[tokio::test]
async fn an_image_in_place_without_its_row_is_checked_and_recorded_not_asked_again() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let bytes = image(5_000);
    let photo = app.photo_pushed(&phone, &bytes).await;
    assert_status(
        &app.send_chunk(&phone, &photo, 0, &bytes).await,
        StatusCode::NO_CONTENT,
    );
    // The server stopped between renaming the file and writing its row.
    sqlx::query("DELETE FROM photo_files")
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(app.held(&phone, &photo).await, 5_000);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM photo_files")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(rows, 1);
}
