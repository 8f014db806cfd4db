-- Accounts, enrolled devices and the synced records. Written in the SQL that
-- SQLite and PostgreSQL share: one migration set serves both.

-- The server version: every write of a record takes the next one, so a client's
-- cursor says exactly what it has seen. Pushes lock this row until they commit,
-- so versions become visible in order.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('version', 0);

CREATE TABLE users (
    id          TEXT PRIMARY KEY NOT NULL,
    login       TEXT NOT NULL UNIQUE,
    -- What customer files name as their owner (负责人).
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('technician', 'supervisor', 'admin')),
    created_at  TEXT NOT NULL,
    disabled_at TEXT
);

-- One-time enrollment codes; only their hash is kept.
CREATE TABLE enrollments (
    code_hash  TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

-- An enrolled device: its sync client id, its bearer token's hash, and the last
-- of its mutations applied (so a replayed push changes nothing).
CREATE TABLE devices (
    client_id        TEXT PRIMARY KEY NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users (id),
    token_hash       TEXT NOT NULL UNIQUE,
    label            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    last_seen_at     TEXT,
    revoked_at       TEXT,
    last_mutation_id BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX devices_by_user ON devices (user_id);

-- The records as they are now. `customer_id` scopes what a technician sees;
-- `owner` is a customer's responsible user (customers only).
CREATE TABLE records (
    kind        TEXT NOT NULL,
    id          TEXT NOT NULL,
    customer_id TEXT,
    owner       TEXT,
    version     BIGINT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX records_by_version ON records (version);
CREATE INDEX records_by_customer ON records (customer_id);
CREATE INDEX records_by_owner ON records (owner);

-- Every version of the mutable records (customers, installations): the base a
-- stale edit is merged against.
CREATE TABLE record_versions (
    kind    TEXT NOT NULL,
    id      TEXT NOT NULL,
    version BIGINT NOT NULL,
    body    TEXT NOT NULL,
    PRIMARY KEY (kind, id, version)
);

-- Every mutation applied, as received: the audit trail, and nothing lost.
CREATE TABLE mutations (
    client_id   TEXT NOT NULL,
    id          BIGINT NOT NULL,
    user_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    body        TEXT NOT NULL,
    device_time TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    PRIMARY KEY (client_id, id)
);

-- Fields two people changed differently: theirs was kept, mine is here until
-- the device's user resolves it with a new edit.
CREATE TABLE conflicts (
    id          TEXT PRIMARY KEY NOT NULL,
    client_id   TEXT NOT NULL,
    mutation_id BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    base        TEXT,
    mine        TEXT NOT NULL,
    theirs      TEXT NOT NULL,
    version     BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    resolved_at TEXT
);
CREATE INDEX conflicts_by_client ON conflicts (client_id, resolved_at);
CREATE INDEX conflicts_by_record ON conflicts (kind, record_id);
