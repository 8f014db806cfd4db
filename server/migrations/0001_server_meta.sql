-- Facts about this server database itself. `instance_id` is created once, so a
-- client can tell when it meets a different (or reset) server database.
CREATE TABLE server_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
