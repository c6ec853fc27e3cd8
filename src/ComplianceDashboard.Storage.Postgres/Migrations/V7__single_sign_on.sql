-- Single sign-on (issue 17). Users stay documents in `users` (their identity-provider binding is a new document field, so
-- no column changes). Expand-only: two new tables.
-- The store's single sign-on settings: one document (id 'single-sign-on'), e.g. whether users must be created first.
CREATE TABLE single_sign_on_settings (
    id       text COLLATE "C" PRIMARY KEY,
    version  integer NOT NULL,
    document json NOT NULL
);

-- Sign-offs waiting for their SSO user's re-authentication at the provider, and the single-use ticket (as its SHA-256)
-- that re-authentication issued. Kept in the database so any instance can complete the redirect back.
CREATE TABLE pending_sign_offs (
    id       text COLLATE "C" PRIMARY KEY,
    version  integer NOT NULL,
    document json NOT NULL
);
