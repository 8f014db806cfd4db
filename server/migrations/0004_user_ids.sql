-- Records name users by id, not by display name (issue 18). An alias is the id a
-- name stands for (`UserId::of_name`): every name a user has had, so a device that
-- wrote a name, or the id of a name before it knew the user's own, still means them.
CREATE TABLE user_aliases (
    alias   TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id)
);
