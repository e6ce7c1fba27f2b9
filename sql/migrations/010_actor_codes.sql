-- CAMEO-style actor codes (`RUSGOV`, `IGOUNOREFHCR`, `SYRMIL`) beside country and sector, read
-- through the field's dictionaries on the day (transforms/actor_reading.py), and why the
-- dictionary was unsure where it was (a name under two countries, two roles that day, no role on
-- that day). Rows loaded before have none until their articles are loaded again.
ALTER TABLE entities ADD COLUMN IF NOT EXISTS actor_code VARCHAR;
ALTER TABLE entities ADD COLUMN IF NOT EXISTS code_reason VARCHAR;
ALTER TABLE event_actors ADD COLUMN IF NOT EXISTS actor_code VARCHAR;
ALTER TABLE event_actors ADD COLUMN IF NOT EXISTS code_reason VARCHAR;
