-- The state of the sources a run expanded (registered as b_source_state), replacing last time's.
INSERT OR REPLACE INTO source_state BY NAME
SELECT * FROM b_source_state;
