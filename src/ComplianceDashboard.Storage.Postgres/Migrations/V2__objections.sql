-- Objections, their day rollups, and the counter that tells every instance when its cached copy of the rollups and of
-- the open objections is stale (see PostgresObjectionRepository). Enums are stored as their numbers (smallint):
-- status 0 received, 1 honoured, 2 refused, 3 withdrawn; platform 0 facebook, 1 instagram; channel 0 in_app_form,
-- 1 web_form, 2 email, 3 verbal, 4 other. Days are UTC days.

CREATE TABLE objections (
    id                    text COLLATE "C" PRIMARY KEY,
    version               integer NOT NULL,
    subject_ref           text COLLATE "C" NOT NULL,
    jurisdiction          text COLLATE "C" NOT NULL,
    platform              smallint NOT NULL,
    channel               smallint NOT NULL,
    received_at           timestamptz NOT NULL,
    status                smallint NOT NULL,
    resolved_at           timestamptz,
    refusal_grounds       text,
    carried_over          boolean NOT NULL,
    extension_notified_at timestamptz,
    extension_reason      text,
    due_date              date NOT NULL,
    within_legal_limit    boolean,
    batch_id              text COLLATE "C" NOT NULL,
    -- The status history as the documents of the other tables keep it (StoreJson): [{"Status","At","By","Note"}, …].
    history               jsonb NOT NULL
);

-- Each index costs every imported row an insertion, so only what the reads need, at the least cost:
-- the drill-down searches by subject reference and lists by received time (also the one-day ranges of "open at");
CREATE INDEX objections_subject_ref ON objections (subject_ref);
CREATE INDEX objections_received_at ON objections (received_at);
-- "resolved after" (open at a past moment) scans block ranges: objections arrive, and are resolved, roughly in time order;
CREATE INDEX objections_resolved_at ON objections USING brin (resolved_at);
-- the open objections by due date (pending, overdue, due soon): a small set when the programme is healthy;
CREATE INDEX objections_open_due_date ON objections (due_date) WHERE status = 0;
-- the few that did not end in an on-time "honoured" (refused, withdrawn, answered late, or extended), which the
-- compliance checks and evidence packs list; a few percent of all objections.
CREATE INDEX objections_outcomes ON objections (jurisdiction, resolved_at)
    WHERE status IN (2, 3) OR within_legal_limit = false OR extension_notified_at IS NOT NULL;
CREATE INDEX objections_extended ON objections (jurisdiction, extension_notified_at) WHERE extension_notified_at IS NOT NULL;

-- Counts of objection events per jurisdiction, platform, channel and UTC day, and the time-to-honour histogram of the
-- objections honoured that day (sparse: sorted bucket numbers and their counts), as ObjectionRollup.
CREATE TABLE objection_rollups (
    jurisdiction          text COLLATE "C" NOT NULL,
    platform              smallint NOT NULL,
    channel               smallint NOT NULL,
    day                   date NOT NULL,
    received              bigint NOT NULL DEFAULT 0,
    carried_over          bigint NOT NULL DEFAULT 0,
    honoured              bigint NOT NULL DEFAULT 0,
    refused               bigint NOT NULL DEFAULT 0,
    withdrawn             bigint NOT NULL DEFAULT 0,
    extensions_notified   bigint NOT NULL DEFAULT 0,
    answered_within_limit bigint NOT NULL DEFAULT 0,
    honour_buckets        integer[] NOT NULL DEFAULT '{}',
    honour_counts         bigint[] NOT NULL DEFAULT '{}',
    max_honour_ms         bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (jurisdiction, platform, channel, day)
);

-- Raised by every transaction that writes objections or rollups, first thing: it serialises objection writers (the row
-- stays locked until commit) and tells each instance whether its cached rollups and open set are still current.
CREATE TABLE objection_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint NOT NULL
);
INSERT INTO objection_state (version) VALUES (0);
