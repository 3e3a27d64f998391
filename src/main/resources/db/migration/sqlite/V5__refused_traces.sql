-- Marks the traces of router refusals, which are traced (and learned from) as decisions of their own
-- but are not decisions a scheduler asked for: the store's counts and feedback rate leave them out.
ALTER TABLE traces ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
