-- The probability with which the caller's rules chose the candidate a shadow decision's task ran on, when the
-- rules choose at random and its feedback said so; null otherwise. An evaluation weights such a decision by it,
-- as it weights the service's own decisions by theirs.
ALTER TABLE feedback ADD COLUMN ran_propensity DOUBLE PRECISION;
