-- The roles of the seeds (issue 21): besides technician, supervisor and admin, the
-- customer-service manager, the customer director, quality control and sales. The
-- role's CHECK is the column's own, so the column is replaced (SQLite cannot alter a
-- CHECK): renamed, a new one added with the wider CHECK and filled from it, the old
-- one dropped — the same statements on SQLite (3.35+) and PostgreSQL.
ALTER TABLE users RENAME COLUMN role TO role_before;
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'technician' CHECK (role IN (
    'technician', 'supervisor', 'customer_service_manager', 'customer_director',
    'quality_control', 'sales', 'admin'
));
UPDATE users SET role = role_before;
ALTER TABLE users DROP COLUMN role_before;
