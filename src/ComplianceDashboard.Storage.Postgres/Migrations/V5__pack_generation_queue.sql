-- The evidence-pack queue shared by every instance on this database (docs/architecture.md, "Background work on several
-- instances"). One row per requested pack that is not yet stored: queued, or failed with its reason. A worker claims the
-- oldest queued row with FOR UPDATE SKIP LOCKED and keeps its transaction open while it generates, so the row lock is
-- its claim: a worker or instance that dies loses its session, the server releases the lock and another worker claims
-- the row. A running job is a claimed row; the claiming transaction also holds an advisory lock keyed by the pack id so
-- that readers can tell "running" from "queued" (pg_locks) without waiting on the row lock. Done jobs are deleted (the
-- pack is in evidence_packs). Expand-only: a new table.
CREATE TABLE pack_generation_queue (
    pack_id           text COLLATE "C" PRIMARY KEY,
    parameters        json NOT NULL,
    actor_id          text COLLATE "C" NOT NULL,
    actor_name        text NOT NULL,
    actor_permissions text[] NOT NULL,
    requested_at      timestamptz NOT NULL,
    failed            boolean NOT NULL DEFAULT false,
    error             text
);
CREATE INDEX pack_generation_queue_queued ON pack_generation_queue (requested_at, pack_id) WHERE NOT failed;
