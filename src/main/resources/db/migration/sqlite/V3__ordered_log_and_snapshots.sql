-- The head of the feedback log. Every feedback insert takes the next number under this row's lock,
-- so numbers are gap-free and become visible in commit order: replicas can follow the log by seq.
CREATE TABLE log_head (
    id  INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO log_head (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM feedback;

-- Model snapshots: the model as of log entry seq; a restart replays only the log after it.
CREATE TABLE snapshots (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    seq           INTEGER NOT NULL,
    policy        TEXT    NOT NULL,
    fingerprint   TEXT    NOT NULL, -- the policy's hyper-parameters; a snapshot only restores the same configuration
    imported      INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL,
    model         TEXT    NOT NULL  -- JSON
);
CREATE INDEX snapshots_seq ON snapshots (seq);
