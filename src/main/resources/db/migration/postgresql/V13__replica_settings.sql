-- The settings each replica ran with, and when it last said so: its policy's fingerprint and its reward's scale. A
-- replica warns when others ran under other settings lately (every replica of a shared store should run the same);
-- nothing else reads it, and rows unseen for 30 days are deleted.
CREATE TABLE replica_settings (
    settings    TEXT    NOT NULL PRIMARY KEY,
    seen_at_ms  BIGINT  NOT NULL
);
