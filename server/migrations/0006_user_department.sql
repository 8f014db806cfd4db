-- The department a user works in (issue 21): the issues routed to it are theirs to
-- handle. None for most technicians. Validated by the server (the department names
-- of core::department), so a new department needs no migration.
ALTER TABLE users ADD COLUMN department TEXT;
