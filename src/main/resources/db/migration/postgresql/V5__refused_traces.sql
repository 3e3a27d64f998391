-- Marks the traces of router refusals, which are traced (and learned from) as decisions of their own
-- but are not decisions a scheduler asked for: the store's counts and feedback rate leave them out.
-- Adding a column with a constant default changes only the catalogue; V6 marks the old rows in a
-- transaction of its own, so this one's brief exclusive lock is not held while it scans.
ALTER TABLE traces ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
