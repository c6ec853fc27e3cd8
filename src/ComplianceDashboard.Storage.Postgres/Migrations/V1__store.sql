-- The first schema of the PostgreSQL store. Never edit a migration once released: add a new V<n>__<what>.sql, written
-- expand-first (see PostgresSchema). Text keys use COLLATE "C" so every ORDER BY is ordinal, as the C# code compares.
-- Aggregates are one row each: id, version (optimistic concurrency), the document as json (kept exactly as written;
-- never hashed: hashes are computed over Core's canonical JSON), and the columns their queries filter and sort on.

CREATE TABLE store (
    id             text COLLATE "C" PRIMARY KEY,
    mode           text NOT NULL CHECK (mode IN ('Real', 'Demo')),
    created_at     timestamptz NOT NULL,
    schema_version integer NOT NULL
);

-- The oldest app compatibility level that can use this schema (one row). A contracting migration raises it.
CREATE TABLE store_compatibility (
    singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    oldest_app_level integer NOT NULL,
    raised_by        text NOT NULL
);
INSERT INTO store_compatibility (oldest_app_level, raised_by) VALUES (1, 'V1__store');

CREATE TABLE audit (
    sequence      bigint PRIMARY KEY,
    at            timestamptz NOT NULL,
    actor_id      text COLLATE "C" NOT NULL,
    actor_name    text COLLATE "C" NOT NULL,
    action        text COLLATE "C" NOT NULL,
    entity_type   text COLLATE "C" NOT NULL,
    entity_id     text COLLATE "C" NOT NULL,
    summary       text COLLATE "C" NOT NULL,
    previous_hash text COLLATE "C" NOT NULL,
    hash          text COLLATE "C" NOT NULL
);
CREATE INDEX audit_entity_type ON audit (entity_type);
CREATE INDEX audit_at ON audit USING brin (at);

CREATE TABLE users (
    id       text COLLATE "C" PRIMARY KEY,
    version  integer NOT NULL,
    document json NOT NULL
);

CREATE TABLE api_keys (
    id          text COLLATE "C" PRIMARY KEY,
    version     integer NOT NULL,
    document    json NOT NULL,
    secret_hash text COLLATE "C" NOT NULL UNIQUE
);

CREATE TABLE jurisdictions (
    id       text COLLATE "C" PRIMARY KEY,
    version  integer NOT NULL,
    document json NOT NULL
);

CREATE TABLE campaigns (
    id       text COLLATE "C" PRIMARY KEY,
    version  integer NOT NULL,
    document json NOT NULL
);

CREATE TABLE notice_versions (
    id          text COLLATE "C" PRIMARY KEY,
    version     integer NOT NULL,
    document    json NOT NULL,
    campaign_id text COLLATE "C" NOT NULL
);
CREATE INDEX notice_versions_campaign ON notice_versions (campaign_id);

CREATE TABLE cohorts (
    id          text COLLATE "C" PRIMARY KEY,
    version     integer NOT NULL,
    document    json NOT NULL,
    campaign_id text COLLATE "C" NOT NULL
);
CREATE INDEX cohorts_campaign ON cohorts (campaign_id);

-- Daily delivery rows are already aggregates of a pipeline's counts: upserted by key, not versioned.
CREATE TABLE delivery_stats (
    id          text COLLATE "C" PRIMARY KEY,
    document    json NOT NULL,
    campaign_id text COLLATE "C" NOT NULL
);
CREATE INDEX delivery_stats_campaign ON delivery_stats (campaign_id);

CREATE TABLE regulator_interactions (
    id           text COLLATE "C" PRIMARY KEY,
    version      integer NOT NULL,
    document     json NOT NULL,
    jurisdiction text COLLATE "C" NOT NULL
);
CREATE INDEX regulator_interactions_jurisdiction ON regulator_interactions (jurisdiction);

CREATE TABLE regulator_commitments (
    id           text COLLATE "C" PRIMARY KEY,
    version      integer NOT NULL,
    document     json NOT NULL,
    jurisdiction text COLLATE "C" NOT NULL
);
CREATE INDEX regulator_commitments_jurisdiction ON regulator_commitments (jurisdiction);

CREATE TABLE assessments (
    id       text COLLATE "C" PRIMARY KEY,
    version  integer NOT NULL,
    document json NOT NULL
);

CREATE TABLE compliance_runs (
    id           text COLLATE "C" PRIMARY KEY,
    version      integer NOT NULL,
    document     json NOT NULL,
    jurisdiction text COLLATE "C" NOT NULL,
    ran_at       timestamptz NOT NULL
);
CREATE INDEX compliance_runs_jurisdiction_ran_at ON compliance_runs (jurisdiction, ran_at);

CREATE TABLE training_runs (
    id            text COLLATE "C" PRIMARY KEY,
    version       integer NOT NULL,
    document      json NOT NULL,
    jurisdiction  text COLLATE "C" NOT NULL,
    registered_at timestamptz NOT NULL
);
CREATE INDEX training_runs_jurisdiction ON training_runs (jurisdiction, registered_at);

CREATE TABLE gate_overrides (
    id           text COLLATE "C" PRIMARY KEY,
    version      integer NOT NULL,
    document     json NOT NULL,
    jurisdiction text COLLATE "C" NOT NULL,
    opened_at    timestamptz NOT NULL
);
CREATE INDEX gate_overrides_jurisdiction ON gate_overrides (jurisdiction, opened_at);

CREATE TABLE evidence_packs (
    id                text COLLATE "C" PRIMARY KEY,
    version           integer NOT NULL,
    document          json NOT NULL,
    pdf_sha256        text COLLATE "C" NOT NULL,
    signed_pdf_sha256 text COLLATE "C" NOT NULL
);
CREATE INDEX evidence_packs_pdf_sha256 ON evidence_packs (pdf_sha256);
CREATE INDEX evidence_packs_signed_pdf_sha256 ON evidence_packs (signed_pdf_sha256) WHERE signed_pdf_sha256 <> '';

-- A pack's PDF never changes once stored.
CREATE TABLE evidence_pack_pdfs (
    pack_id    text COLLATE "C" PRIMARY KEY REFERENCES evidence_packs (id),
    pdf        bytea NOT NULL,
    signed_pdf bytea
);

-- ASP.NET Core data-protection keys (they protect sign-in cookies and antiforgery tokens), so sessions survive restarts
-- and every instance reads the same keys. Stored as the XML the key manager writes.
CREATE TABLE data_protection_keys (
    friendly_name text COLLATE "C" PRIMARY KEY,
    xml           text NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now()
);
