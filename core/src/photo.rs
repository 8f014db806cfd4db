//! Photos taken on a visit or of an issue: the record that syncs like any other
//! (the image itself travels apart, through the resumable upload), the size a
//! phone shrinks a camera picture to, the room photos may take on the device,
//! and the upload's arithmetic. The browser does the pixels; the rules are here.
use crate::error::Invalid;
use crate::types::DeviceTime;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use std::ops::Range;
use uuid::Uuid;

/// The longer edge a photo is shrunk to: a nameplate's small print stays legible,
/// and a photo weighs 150–500 KB as JPEG.
pub const MAX_EDGE: u32 = 1600;
/// The longer edge of a thumbnail (kept on the device only).
pub const THUMB_EDGE: u32 = 240;
/// JPEG quality of the photo and of its thumbnail.
pub const QUALITY: f64 = 0.8;
pub const THUMB_QUALITY: f64 = 0.7;

/// The largest image the server takes (a shrunk photo is far smaller).
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;
/// The largest edge a photo record may declare.
const MAX_DECLARED_EDGE: u32 = 8192;

/// The headers of the resumable upload (the tus protocol's, and the IETF
/// resumable-upload draft's flag that the upload is done), named once for the
/// server and the app. HTTP header names are case-insensitive; these are lower case
/// as HTTP/2 sends them.
pub mod upload {
    pub const OFFSET: &str = "upload-offset";
    pub const LENGTH: &str = "upload-length";
    pub const COMPLETE: &str = "upload-complete";
}

/// Bytes per upload request: a photo goes in a few, so a dropped connection
/// costs one chunk, not the photo.
pub const UPLOAD_CHUNK: u64 = 128 * 1024;

/// Space always left free on the device for records and edits: a photo that
/// would eat into it is refused.
pub const RESERVE: u64 = 20 * 1024 * 1024;

/// What a photo shows: a visit's site, or an issue's evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum PhotoSubject {
    Visit(Uuid),
    Issue(Uuid),
}

/// The image types a photo may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum MediaType {
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "image/webp")]
    Webp,
    #[serde(rename = "image/png")]
    Png,
}

impl MediaType {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Webp => "image/webp",
            MediaType::Png => "image/png",
        }
    }

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        match text {
            "image/jpeg" => Ok(MediaType::Jpeg),
            "image/webp" => Ok(MediaType::Webp),
            "image/png" => Ok(MediaType::Png),
            other => Err(Invalid::new(
                "photo",
                "media_type",
                format!("a photo is a JPEG, WebP or PNG image (got {other:?})"),
            )),
        }
    }

    /// The file name extension the server stores it under.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Jpeg => "jpg",
            MediaType::Webp => "webp",
            MediaType::Png => "png",
        }
    }
}

/// A SHA-256 digest in lowercase hex: how the server knows the image it put
/// together from chunks is the one the phone took.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256(String);

impl Sha256 {
    pub fn parse(hex: &str) -> Result<Self, Invalid> {
        if hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Self(hex.to_owned()))
        } else {
            Err(Invalid::new(
                "photo",
                "sha256",
                "a SHA-256 digest is 64 lowercase hex digits",
            ))
        }
    }

    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self::from_hasher(sha2::Sha256::new_with_prefix(bytes))
    }

    /// The digest of everything fed to `hasher` (a file read in pieces).
    pub fn from_hasher(hasher: sha2::Sha256) -> Self {
        let digest = hasher.finalize();
        let mut hex = String::with_capacity(64);
        for byte in digest {
            hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
            hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
        }
        Self(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sha256 {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Invalid> {
        Sha256::parse(&value)
    }
}

impl From<Sha256> for String {
    fn from(digest: Sha256) -> String {
        digest.0
    }
}

/// A photo's record. Written once by the phone that took it; the image is
/// uploaded apart, under the same id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Photo {
    pub id: Uuid,
    /// The customer of the visit or issue (whose owner may see the photo).
    pub customer_id: Uuid,
    pub subject: PhotoSubject,
    pub taken_at: DeviceTime,
    pub media_type: MediaType,
    /// The image's size: the upload is complete when the server holds this many.
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    pub sha256: Sha256,
}

impl Photo {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.bytes == 0 || self.bytes > MAX_BYTES {
            return Err(Invalid::new(
                "photo",
                "bytes",
                format!(
                    "a photo is 1 byte to {} MB (got {} bytes)",
                    MAX_BYTES / 1024 / 1024,
                    self.bytes
                ),
            ));
        }
        let edge = 1..=MAX_DECLARED_EDGE;
        if !edge.contains(&self.width) || !edge.contains(&self.height) {
            return Err(Invalid::new(
                "photo",
                "width",
                format!(
                    "a photo is 1 to {MAX_DECLARED_EDGE} pixels a side (got {}×{})",
                    self.width, self.height
                ),
            ));
        }
        Ok(())
    }

    /// The file name the server stores the image under.
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.id, self.media_type.extension())
    }
}

/// The size a `width`×`height` image is drawn at so that its longer edge is at
/// most `max_edge`: the shape kept, never enlarged, never below one pixel.
pub fn fit(width: u32, height: u32, max_edge: u32) -> (u32, u32) {
    let longer = width.max(height);
    if longer <= max_edge || longer == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| {
        let scaled =
            (u64::from(side) * u64::from(max_edge) + u64::from(longer) / 2) / u64::from(longer);
        u32::try_from(scaled).unwrap_or(max_edge).max(1)
    };
    (scale(width), scale(height))
}

/// Why a photo was not kept on the device.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("no room for the photo: it needs {needed} bytes, {available} are free beyond the reserve")]
pub struct NoRoom {
    pub needed: u64,
    /// Bytes free beyond [`RESERVE`] (0 when the reserve is already in use).
    pub available: u64,
}

/// Whether `incoming` more bytes fit in the browser's storage (`usage` of
/// `quota`, from `navigator.storage.estimate()`) with [`RESERVE`] left free.
/// An unknown estimate lets the photo through: the write itself then fails
/// clearly if the disk is full.
pub fn room_for(incoming: u64, usage: Option<f64>, quota: Option<f64>) -> Result<(), NoRoom> {
    let (Some(usage), Some(quota)) = (usage, quota) else {
        return Ok(());
    };
    let free = (quota - usage).max(0.0) as u64;
    let available = free.saturating_sub(RESERVE);
    if incoming <= available {
        Ok(())
    } else {
        Err(NoRoom {
            needed: incoming,
            available,
        })
    }
}

/// The next bytes to send of a `length`-byte image of which the server holds the
/// first `offset`: at most `chunk` of them; `None` when it holds them all.
pub fn next_chunk(offset: u64, length: u64, chunk: u64) -> Option<Range<u64>> {
    (offset < length).then(|| offset..length.min(offset.saturating_add(chunk.max(1))))
}

impl crate::kind::Kind for Photo {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Whole;
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.id
    }

    fn customer_id(&self) -> Option<Uuid> {
        Some(self.customer_id)
    }

    fn validate(&self) -> Result<(), crate::error::Invalid> {
        Photo::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        Photo {
            id: Uuid::from_u128(0xf1),
            customer_id: example::CUSTOMER,
            subject: PhotoSubject::Visit(example::VISIT),
            taken_at: example::at(),
            media_type: MediaType::Jpeg,
            bytes: 300_000,
            width: 1600,
            height: 1200,
            sha256: Sha256::of(b"photo"),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    pub fn photo() -> Photo {
        Photo {
            id: Uuid::from_u128(1),
            customer_id: Uuid::from_u128(2),
            subject: PhotoSubject::Visit(Uuid::from_u128(3)),
            taken_at: DeviceTime::new(Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(), 480)
                .unwrap(),
            media_type: MediaType::Jpeg,
            bytes: 300_000,
            width: 1600,
            height: 1200,
            sha256: Sha256::of(b"photo"),
        }
    }

    #[test]
    fn a_camera_picture_is_shrunk_to_the_longer_edge_keeping_its_shape() {
        assert_eq!(fit(4032, 3024, MAX_EDGE), (1600, 1200));
        assert_eq!(fit(3024, 4032, MAX_EDGE), (1200, 1600));
        assert_eq!(fit(4000, 1000, THUMB_EDGE), (240, 60));
    }

    #[test]
    fn a_small_picture_is_never_enlarged_and_a_sliver_keeps_a_pixel() {
        assert_eq!(fit(800, 600, MAX_EDGE), (800, 600));
        assert_eq!(fit(1600, 1600, MAX_EDGE), (1600, 1600));
        assert_eq!(fit(10_000, 1, THUMB_EDGE), (240, 1));
        assert_eq!(fit(0, 0, THUMB_EDGE), (1, 1));
    }

    #[test]
    fn a_digest_is_the_known_sha256_in_lowercase_hex() {
        // FIPS 180-2's example: SHA-256("abc").
        assert_eq!(
            Sha256::of(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut pieces = sha2::Sha256::new();
        pieces.update(b"a");
        pieces.update(b"bc");
        assert_eq!(Sha256::from_hasher(pieces), Sha256::of(b"abc"));
    }

    #[test]
    fn a_digest_must_be_64_lowercase_hex_digits() {
        assert!(Sha256::parse(&"a".repeat(64)).is_ok());
        assert!(Sha256::parse(&"A".repeat(64)).is_err());
        assert!(Sha256::parse(&"a".repeat(63)).is_err());
        assert!(Sha256::parse(&"g".repeat(64)).is_err());
        let json = serde_json::json!("xyz");
        assert!(serde_json::from_value::<Sha256>(json).is_err());
    }

    #[test]
    fn a_photo_declares_a_plausible_size() {
        assert!(photo().validate().is_ok());
        let empty = Photo {
            bytes: 0,
            ..photo()
        };
        assert_eq!(empty.validate().unwrap_err().field, "bytes");
        let huge = Photo {
            bytes: MAX_BYTES + 1,
            ..photo()
        };
        assert_eq!(huge.validate().unwrap_err().field, "bytes");
        let flat = Photo {
            height: 0,
            ..photo()
        };
        assert_eq!(flat.validate().unwrap_err().field, "width");
    }

    #[test]
    fn a_photo_record_has_its_wire_shape() {
        let json = serde_json::to_value(photo()).unwrap();
        assert_eq!(json["subject"]["kind"], "visit");
        assert_eq!(json["subject"]["id"], Uuid::from_u128(3).to_string());
        assert_eq!(json["media_type"], "image/jpeg");
        assert_eq!(serde_json::from_value::<Photo>(json).unwrap(), photo());
        assert_eq!(photo().file_name(), format!("{}.jpg", Uuid::from_u128(1)));
        assert!(MediaType::parse("image/gif").is_err());
        assert_eq!(MediaType::parse("image/webp").unwrap(), MediaType::Webp);
    }

    #[test]
    fn a_photo_fits_only_beside_the_reserve() {
        const MB: f64 = 1024.0 * 1024.0;
        // 100 MB quota, 70 MB used: 30 free, 10 beyond the 20 MB reserve.
        assert!(room_for(9 * 1024 * 1024, Some(70.0 * MB), Some(100.0 * MB)).is_ok());
        let refused = room_for(11 * 1024 * 1024, Some(70.0 * MB), Some(100.0 * MB)).unwrap_err();
        assert_eq!(refused.available, 10 * 1024 * 1024);
        // Already inside the reserve: nothing is available, not a negative number.
        let full = room_for(1, Some(95.0 * MB), Some(100.0 * MB)).unwrap_err();
        assert_eq!(full.available, 0);
        // No estimate (an old browser): let the write itself decide.
        assert!(room_for(u64::MAX, None, Some(100.0 * MB)).is_ok());
    }

    #[test]
    fn chunks_cover_the_rest_of_the_image_once() {
        assert_eq!(next_chunk(0, 300, 128), Some(0..128));
        assert_eq!(next_chunk(128, 300, 128), Some(128..256));
        assert_eq!(next_chunk(256, 300, 128), Some(256..300));
        assert_eq!(next_chunk(300, 300, 128), None);
        // A server ahead of what we think (an answer lost): nothing is sent again.
        assert_eq!(next_chunk(400, 300, 128), None);
        assert_eq!(next_chunk(0, 1, 0), Some(0..1));
    }

    proptest::proptest! {
        #[test]
        fn chunks_from_any_resume_point_tile_the_image(length in 1u64..2_000_000, resume in 0u64..2_000_000, chunk in 1u64..300_000) {
            let resume = resume % (length + 1);
            let mut at = resume;
            let mut sent = 0;
            while let Some(range) = next_chunk(at, length, chunk) {
                proptest::prop_assert_eq!(range.start, at);
                proptest::prop_assert!(range.end - range.start <= chunk);
                sent += range.end - range.start;
                at = range.end;
            }
            proptest::prop_assert_eq!(at, length);
            proptest::prop_assert_eq!(sent, length - resume);
        }
    }
}
