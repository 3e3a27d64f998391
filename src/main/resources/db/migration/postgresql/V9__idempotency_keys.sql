-- The Idempotency-Key of each POST /decisions that sent one: claimed before the router is asked, so that
-- a repeat of the request is answered from here instead of placing the task again; answered once the
-- decision is traced. Rows older than a day are deleted.
CREATE TABLE idempotency_keys (
    idempotency_key TEXT    NOT NULL PRIMARY KEY,
    fingerprint     TEXT    NOT NULL,
    created_at_ms   BIGINT NOT NULL,
    trace_id        TEXT,
    answer          TEXT
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at_ms);
