//! Photos' images as blobs, and the upload queue their records fill.
use super::*;
use revisit::store::Image;
use revisit_core::photo::{MediaType, Photo, PhotoSubject, Sha256};

fn blob(bytes: &[u8]) -> web_sys::Blob {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap()
}

async fn bytes_of(blob: &web_sys::Blob) -> Vec<u8> {
    revisit::photos::read_bytes(blob).await.unwrap()
}

fn photo(n: u128, image: &[u8]) -> Photo {
    Photo {
        id: Uuid::from_u128(n),
        customer_id: Uuid::from_u128(1),
        subject: PhotoSubject::Issue(Uuid::from_u128(2)),
        taken_at: now(),
        media_type: MediaType::Jpeg,
        bytes: image.len() as u64,
        width: 1600,
        height: 1200,
        sha256: Sha256::of(image),
    }
}

#[wasm_bindgen_test]
async fn a_photos_images_are_kept_as_they_were_and_counted() {
    let (store, _) = fresh().await;
    let id = Uuid::from_u128(9).to_string();
    let (full, thumb) = (vec![7u8; 3_000], vec![8u8; 200]);
    store
        .keep_photo_files(&id, &blob(&full), &blob(&thumb))
        .await
        .unwrap();
    let held = store.photo_image(&id, Image::Full).await.unwrap().unwrap();
    assert_eq!(bytes_of(&held).await, full);
    let small = store.photo_image(&id, Image::Thumb).await.unwrap().unwrap();
    assert_eq!(bytes_of(&small).await, thumb);
    assert_eq!(store.photo_space().await.unwrap(), 3_200.0);
    assert!(store
        .photo_image("other", Image::Full)
        .await
        .unwrap()
        .is_none());

    store.forget_photo_files(&id).await.unwrap();
    assert!(store.photo_image(&id, Image::Full).await.unwrap().is_none());
    let none = store.photo_space().await.unwrap();
    assert_eq!(none, 0.0);
    assert!(
        none.is_sign_positive(),
        "no photos is 0 bytes, not -0 (shown as \"-0.0 MB\")"
    );
}

#[wasm_bindgen_test]
async fn a_saved_photo_is_queued_for_sync_and_for_upload_together() {
    let (store, _) = fresh().await;
    let image = b"jpeg bytes";
    let p = photo(9, image);
    store
        .save_all(vec![Change::put(p.clone())], now())
        .await
        .unwrap();
    assert_eq!(store.all::<Photo>(PHOTOS).await.unwrap(), vec![p.clone()]);
    assert_eq!(store.outbox().await.unwrap().len(), 1);
    assert_eq!(
        store.pending_uploads().await.unwrap(),
        vec![p.id.to_string()]
    );
    assert_eq!(store.load().await.unwrap().photos, vec![p.clone()]);

    store.uploaded(&p.id.to_string()).await.unwrap();
    assert!(store.pending_uploads().await.unwrap().is_empty());
    // Only the upload queue moved: the record stays, and its edit until acknowledged.
    assert_eq!(store.outbox().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn a_database_written_by_version_4_gains_the_photo_stores_with_its_data_intact() {
    let (old, name, c) = written_by_version(4).await;
    assert!(
        old.keep_photo_files("x", &blob(b"a"), &blob(b"b"))
            .await
            .is_err(),
        "version 4 has no photo store"
    );
    old.close();
    let upgraded = Store::open(&name).await.unwrap();
    assert_eq!(upgraded.load().await.unwrap().customers, vec![c]);
    upgraded
        .keep_photo_files("x", &blob(b"a"), &blob(b"b"))
        .await
        .unwrap();
    assert!(upgraded.pending_uploads().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_photo_requeued_from_a_backup_queues_its_upload_again() {
    let (store, _) = fresh().await;
    let p = photo(11, b"image");
    let edit = revisit_core::sync::Mutation::new(Change::put(p.clone()), None, now());
    store.requeue(&[edit]).await.unwrap();
    assert_eq!(store.outbox().await.unwrap().len(), 1);
    assert_eq!(
        store.pending_uploads().await.unwrap(),
        vec![p.id.to_string()]
    );
}

#[wasm_bindgen_test]
async fn only_uploaded_photos_give_up_their_full_image_and_keep_the_thumbnail() {
    let (store, _) = fresh().await;
    let (uploaded, waiting) = (photo(21, b"a"), photo(22, b"b"));
    store
        .save_all(
            vec![Change::put(uploaded.clone()), Change::put(waiting.clone())],
            now(),
        )
        .await
        .unwrap();
    // A draft's photo: images kept, record not saved yet.
    let draft = Uuid::from_u128(23).to_string();
    for id in [
        uploaded.id.to_string(),
        waiting.id.to_string(),
        draft.clone(),
    ] {
        store
            .keep_photo_files(&id, &blob(&[1u8; 1_000]), &blob(&[2u8; 100]))
            .await
            .unwrap();
    }
    store.uploaded(&uploaded.id.to_string()).await.unwrap();

    assert_eq!(store.free_uploaded_photos().await.unwrap(), (1, 1_000.0));
    let id = uploaded.id.to_string();
    assert!(store.photo_image(&id, Image::Full).await.unwrap().is_none());
    assert!(store
        .photo_image(&id, Image::Thumb)
        .await
        .unwrap()
        .is_some());
    for kept in [waiting.id.to_string(), draft] {
        assert!(store
            .photo_image(&kept, Image::Full)
            .await
            .unwrap()
            .is_some());
    }
    assert_eq!(store.photo_space().await.unwrap(), 100.0 + 2.0 * 1_100.0);
    // Nothing more to free.
    assert_eq!(store.free_uploaded_photos().await.unwrap(), (0, 0.0));
}
