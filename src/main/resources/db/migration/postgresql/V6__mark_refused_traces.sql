-- Marks the refusals traced before V5. Their router record ends its call's fields with elapsed_ms and
-- then says refused; it is matched as text, since parsing it as JSON fails on a \u0000 escape that a
-- refused answer's raw text may hold. Only the rows updated are locked.
UPDATE traces SET refused = 1 WHERE router ~ '"elapsed_ms":[-0-9.Ee+]+,"refused":true';
