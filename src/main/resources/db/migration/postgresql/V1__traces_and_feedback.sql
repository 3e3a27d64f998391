-- Decision traces: one row per acknowledged decision, never overwritten.
CREATE TABLE traces (
    trace_id      TEXT             NOT NULL PRIMARY KEY,
    task_id       TEXT             NOT NULL,
    created_at_ms BIGINT           NOT NULL,
    state         TEXT             NOT NULL,
    provider      TEXT             NOT NULL,
    sku           TEXT             NOT NULL,
    candidates    TEXT             NOT NULL,
    context       TEXT             NOT NULL,
    psi           TEXT             NOT NULL,
    q_value       DOUBLE PRECISION NOT NULL,
    propensity    DOUBLE PRECISION NOT NULL,
    epsilon       DOUBLE PRECISION NOT NULL,
    exploration   TEXT             NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    score_source  TEXT             NOT NULL,
    router        TEXT             NOT NULL,
    timings       TEXT             NOT NULL
);

CREATE INDEX traces_created_at ON traces (created_at_ms);

-- The feedback log: the source of truth the model is rebuilt from, applied in seq order.
CREATE TABLE feedback (
    seq            BIGINT           NOT NULL PRIMARY KEY,
    trace_id       TEXT             NOT NULL UNIQUE REFERENCES traces (trace_id),
    received_at_ms BIGINT           NOT NULL,
    outcome        TEXT             NOT NULL,
    reward         DOUBLE PRECISION NOT NULL,
    components     TEXT             NOT NULL,
    next_state     TEXT             NOT NULL
);
