-- The imported model a snapshot's model descends from (0: none). A checkpoint taken before a model
-- was imported but written after it is never loaded, so a restart cannot lose the import.
ALTER TABLE snapshots ADD COLUMN base_import BIGINT NOT NULL DEFAULT 0;
UPDATE snapshots SET base_import = COALESCE((SELECT MAX(i.id) FROM snapshots i
    WHERE i.imported = 1 AND i.id <= snapshots.id AND i.fingerprint = snapshots.fingerprint), 0);
