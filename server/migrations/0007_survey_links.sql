-- One-time links a customer opens on their own phone to answer a visit's survey
-- (issue 19 item 4; server/src/survey_link.rs). Only the token's SHA-256 is kept;
-- `answered_at` is set once, by the one answer the link takes.
CREATE TABLE survey_links (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    visit_id    TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    answered_at TEXT
);
CREATE INDEX survey_links_by_visit ON survey_links (visit_id);
