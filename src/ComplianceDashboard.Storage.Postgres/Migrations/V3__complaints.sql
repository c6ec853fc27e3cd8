-- Complaints (s.164A DPA 2018), one row each as on LiteDB: id, version (a stored version must be the one before the
-- saved one), the document, and the time of receipt that lists are ordered by. Expand-only: a new table.
CREATE TABLE complaints (
    id          text COLLATE "C" PRIMARY KEY,
    version     integer NOT NULL,
    document    json NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX complaints_received_at ON complaints (received_at, id);
