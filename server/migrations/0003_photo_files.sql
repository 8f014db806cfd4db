-- Photos' images, once uploaded whole and checked against their record's digest.
-- The record (kind 'photo' in `records`) says what the photo is; this row says
-- where its image is: a file under the photo directory.
CREATE TABLE photo_files (
    photo_id    TEXT PRIMARY KEY NOT NULL,
    path        TEXT NOT NULL,
    bytes       BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    stored_at   TEXT NOT NULL
);
