-- Counters for the security limits (sign-in lockout, the sign-in rate limit, the API-key failure limit), shared by every
-- app instance on the database: one row per counter and open window, changed only by single-statement upserts, so two
-- failures at the same moment on two instances both count. Expand-only: a new table.
CREATE TABLE security_counters (
    key      text COLLATE "C" PRIMARY KEY,
    count    integer NOT NULL,
    ends     timestamptz NOT NULL,
    reported boolean NOT NULL DEFAULT false
);
CREATE INDEX security_counters_ends ON security_counters (ends);
