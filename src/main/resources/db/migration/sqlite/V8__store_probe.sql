-- One row the readiness check rewrites when the store's writer has been idle, or failing, for a
-- while, so that readiness tells whether the store takes writes now.
CREATE TABLE store_probe (
    id            INTEGER NOT NULL PRIMARY KEY,
    written_at_ms INTEGER NOT NULL
);
