-- Decision traces: one row per acknowledged decision, never overwritten.
CREATE TABLE traces (
    trace_id      TEXT    NOT NULL PRIMARY KEY,
    task_id       TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    state         TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    sku           TEXT    NOT NULL,
    candidates    TEXT    NOT NULL, -- JSON array of the offered candidates
    context       TEXT    NOT NULL, -- JSON object, the request context
    psi           TEXT    NOT NULL, -- JSON object, the Ψ reading used
    q_value       REAL    NOT NULL,
    propensity    REAL    NOT NULL,
    epsilon       REAL    NOT NULL,
    exploration   TEXT    NOT NULL,
    score         REAL    NOT NULL,
    score_source  TEXT    NOT NULL,
    router        TEXT    NOT NULL, -- JSON object: the router's answer or why there was none
    timings       TEXT    NOT NULL  -- JSON object: phase timings in milliseconds
);

CREATE INDEX traces_created_at ON traces (created_at_ms);

-- The feedback log: the source of truth the model is rebuilt from, applied in seq order.
CREATE TABLE feedback (
    seq            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    trace_id       TEXT    NOT NULL UNIQUE REFERENCES traces (trace_id),
    received_at_ms INTEGER NOT NULL,
    outcome        TEXT    NOT NULL, -- JSON object, the outcome as received
    reward         REAL    NOT NULL,
    components     TEXT    NOT NULL, -- JSON object, the reward's components
    next_state     TEXT    NOT NULL
);
