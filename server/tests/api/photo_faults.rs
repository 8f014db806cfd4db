//! Photos when things go wrong: a server stopped after the last byte and before
//! its check, a customer handed to another technician, a record changed after its
//! image was stored.
use crate::helpers::*;
use crate::photos::{image, path, photo_of};
use axum::http::StatusCode;
use revisit_core::assignment::Assignment;
use revisit_core::photo::{MediaType, Photo};
use revisit_core::sync::Change;
use uuid::Uuid;

#[tokio::test]
async fn every_byte_on_disk_but_unchecked_is_finished_on_the_next_head() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let bytes = image(40_000);
    let photo = app.photo_pushed(&phone, &bytes).await;
    // What a server killed between the last chunk's fsync and its check leaves.
    let dir = app._dir.path().join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{}.part", photo.id)), &bytes).unwrap();
    assert_status(
        &app.pull_response(&phone, &path(&photo)).await,
        StatusCode::OK,
    );
    assert_eq!(app.held_whole(&phone, &photo).await, (40_000, true));
    assert!(!dir.join(format!("{}.part", photo.id)).exists());
    assert_eq!(
        body_bytes(app.pull_response(&phone, &path(&photo)).await).await,
        bytes
    );

    // The same window with bytes that are not the photo's: dropped, sent again.
    let other = photo_of(10, 1, &image(1_000));
    app.push_ok(&phone, &[(Change::put(other.clone()), None)])
        .await;
    std::fs::write(dir.join(format!("{}.part", other.id)), vec![0u8; 1_000]).unwrap();
    let head = app
        .send_raw(
            "HEAD",
            &path(&other),
            Some(&phone.token),
            axum::body::Body::empty(),
        )
        .await;
    assert_status(&head, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.held_whole(&phone, &other).await, (0, false));
}

#[tokio::test]
async fn an_upload_under_way_is_not_called_complete() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let bytes = image(10_000);
    let photo = app.photo_pushed(&phone, &bytes).await;
    let answer = app.send_chunk(&phone, &photo, 0, &bytes[..4_000]).await;
    assert_status(&answer, StatusCode::NO_CONTENT);
    assert_eq!(header(&answer, "upload-complete"), "?0");
    assert_eq!(app.held_whole(&phone, &photo).await, (4_000, false));
    let last = app.send_chunk(&phone, &photo, 4_000, &bytes[4_000..]).await;
    assert_eq!(header(&last, "upload-complete"), "?1");
    let late = app.send_chunk(&phone, &photo, 4_000, &bytes[4_000..]).await;
    assert_status(&late, StatusCode::CONFLICT);
    assert_eq!(header(&late, "upload-complete"), "?1");
}

#[tokio::test]
async fn assignees_read_and_send_the_photos_of_customers_handed_to_them() {
    let app = spawn_app().await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    let li = app.device("li", "李工", Role::Technician).await;
    let zhao = app.device("zhao", "赵工", Role::Technician).await;
    let supervisor = app.device("wang", "王主管", Role::Supervisor).await;
    let bytes = image(2_000);
    let photo = app.photo_pushed(&zhang, &bytes).await;
    assert_status(
        &app.send_chunk(&li, &photo, 0, &bytes).await,
        StatusCode::FORBIDDEN,
    );
    let visit_key = format!("{}:routine", photo.customer_id);
    let handed = Assignment {
        id: Assignment::id_for(&visit_key),
        customer_id: photo.customer_id,
        visit_key,
        due: chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
        assignee: uid("李工"),
        assigned_by: uid("王主管"),
        assigned_at: now(),
    };
    app.push_ok(&supervisor, &[(Change::put(handed), None)])
        .await;
    assert_status(
        &app.send_chunk(&li, &photo, 0, &bytes).await,
        StatusCode::NO_CONTENT,
    );
    let seen = app.pull_response(&li, &path(&photo)).await;
    assert_status(&seen, StatusCode::OK);
    assert_eq!(body_bytes(seen).await, bytes);
    // The assignee's own photo of that customer, pushed and uploaded by them.
    let theirs = photo_of(11, 1, &image(900));
    app.push_ok(&li, &[(Change::put(theirs.clone()), None)])
        .await;
    assert_status(
        &app.send_chunk(&li, &theirs, 0, &image(900)).await,
        StatusCode::NO_CONTENT,
    );
    // Someone it was not handed to still may not.
    assert_status(
        &app.pull_response(&zhao, &path(&theirs)).await,
        StatusCode::FORBIDDEN,
    );
}

#[tokio::test]
async fn a_photo_record_cannot_change_once_its_image_is_stored() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let bytes = image(3_000);
    let photo = app.photo_pushed(&phone, &bytes).await;
    // Before its image is stored, the record may still change (retaken photo).
    let smaller = image(2_500);
    let retaken = Photo {
        bytes: 2_500,
        sha256: revisit_core::photo::Sha256::of(&smaller),
        ..photo.clone()
    };
    app.push_ok(&phone, &[(Change::put(retaken.clone()), None)])
        .await;
    assert_status(
        &app.send_chunk(&phone, &retaken, 0, &smaller).await,
        StatusCode::NO_CONTENT,
    );
    let before = app.fingerprint().await;
    for changed in [
        Photo {
            bytes: 3_000,
            sha256: revisit_core::photo::Sha256::of(&bytes),
            ..retaken.clone()
        },
        Photo {
            media_type: MediaType::Png,
            ..retaken.clone()
        },
    ] {
        let answer = app.push(&phone, &[(Change::put(changed), None)]).await;
        assert_status(&answer, StatusCode::CONFLICT);
        let message = json(answer).await["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(&retaken.id.to_string()), "{message}");
        assert_eq!(app.fingerprint().await, before, "nothing stored");
    }
    // The same record again (a retried push) is fine, and what is served is
    // what was checked.
    app.push_ok(&phone, &[(Change::put(retaken.clone()), None)])
        .await;
    let served = app.pull_response(&phone, &path(&retaken)).await;
    assert_eq!(header(&served, "content-type"), "image/jpeg");
    assert_eq!(body_bytes(served).await, smaller);
}

/// The real binary, stopped by SIGKILL at the fail point where every byte of an
/// image is on disk and nothing is checked yet, then started again.
#[cfg(feature = "failpoints")]
#[test]
fn a_server_killed_after_the_last_byte_finishes_the_photo_at_start_up() {
    use crate::binary::{enroll, serve, technician_code};
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let code = technician_code(&data, "zhang", "张工");
    let port = free_port();
    let mut server = serve(&data, port, Some("photo-bytes-on-disk=pause"));
    let client = Uuid::new_v4();
    let token = enroll(port, &code, client);
    let bytes = image(70_000);
    let photo = photo_of(9, 1, &bytes);
    let mutations: Vec<_> = [
        Change::put(customer(1, "华东电力", Some("张工"))),
        Change::put(visit(3, 1)),
        Change::put(photo.clone()),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, change)| {
        let mut m = revisit_core::sync::Mutation::new(change, None, now());
        m.id = Some(i as u64 + 1);
        m
    })
    .collect();
    let (status, body) = http(
        port,
        "POST",
        "/api/sync/push",
        Some(&token),
        &serde_json::json!({"client_id": client, "mutations": mutations}).to_string(),
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");

    // The whole image in one PATCH; its answer never comes.
    let sending = {
        let (token, bytes, url) = (token.clone(), bytes.clone(), path(&photo));
        std::thread::spawn(move || {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(
                stream,
                "PATCH {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: {}\r\n\r\n",
                bytes.len()
            )
            .unwrap();
            stream.write_all(&bytes).unwrap();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer);
            answer
        })
    };
    let part = data.join("photos").join(format!("{}.part", photo.id));
    let started = std::time::Instant::now();
    while std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0) < bytes.len() as u64 {
        assert!(
            started.elapsed().as_secs() < 20,
            "the bytes never reached the disk"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    server.kill().unwrap(); // SIGKILL, paused at the fail point
    server.wait().unwrap();
    assert!(
        sending.join().unwrap().is_empty(),
        "no answer before the kill"
    );
    assert!(part.exists(), "killed before the check");

    let mut server = serve(&data, port, None);
    // Start-up finished it before the first request.
    assert!(!part.exists());
    assert!(data.join("photos").join(photo.file_name()).exists());
    let (status, _) = http(port, "HEAD", &path(&photo), Some(&token), "").unwrap();
    assert_eq!(status, 200);
    let served = std::fs::read(data.join("photos").join(photo.file_name())).unwrap();
    assert_eq!(served, bytes, "the image stored is the one sent");
    server.kill().unwrap();
    server.wait().unwrap();
}
