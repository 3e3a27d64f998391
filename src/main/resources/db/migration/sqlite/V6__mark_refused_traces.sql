-- Marks the refusals traced before V5.
UPDATE traces SET refused = 1 WHERE router LIKE '%"refused":true%' AND json_extract(router, '$.refused') = 1;
