-- Which policy made each decision, so logged traces can be evaluated off-policy.
ALTER TABLE traces ADD COLUMN policy TEXT NOT NULL DEFAULT 'q-table';

-- The Ψ reading at feedback time, so replay rebuilds the next state of any policy exactly.
ALTER TABLE feedback ADD COLUMN next_coherence REAL;
ALTER TABLE feedback ADD COLUMN next_density REAL;
