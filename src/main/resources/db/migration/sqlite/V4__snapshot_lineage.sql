-- The import a snapshot's model descends from (0: none). A checkpoint taken before a model was
-- imported but written after it is never loaded, so a restart cannot lose the import. NULL marks
-- snapshots written before lineages were recorded, which count as current, as they did then.
ALTER TABLE snapshots ADD COLUMN base_import INTEGER;
