-- The head of the feedback log: every feedback insert takes the next number under this row's lock,
-- so numbers are gap-free and become visible in commit order, even across replicas.
CREATE TABLE log_head (
    id  INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    seq BIGINT  NOT NULL
);
INSERT INTO log_head (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM feedback;

CREATE TABLE snapshots (
    id            BIGSERIAL PRIMARY KEY,
    seq           BIGINT  NOT NULL,
    policy        TEXT    NOT NULL,
    fingerprint   TEXT    NOT NULL,
    imported      INTEGER NOT NULL DEFAULT 0,
    created_at_ms BIGINT  NOT NULL,
    model         TEXT    NOT NULL
);
CREATE INDEX snapshots_seq ON snapshots (seq);
