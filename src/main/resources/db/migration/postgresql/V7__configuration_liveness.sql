-- When a replica of each configuration (fingerprint: policy, learning rules and hyper-parameters) was
-- last seen running. Retention keeps the log that a configuration seen within the retention period
-- needs to restart, whatever the age of its newest snapshot; one not seen for that long is retired.
CREATE TABLE configurations (
    fingerprint TEXT   NOT NULL PRIMARY KEY,
    seen_at_ms  BIGINT NOT NULL
);
