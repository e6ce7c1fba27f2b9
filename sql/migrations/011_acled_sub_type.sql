-- ACLED's sub-event type beside its event type (`Air/drone strike` under Explosions/Remote
-- violence, `Peaceful protest` under Protests), from the cue rows of seeds/acled_sub_types.csv
-- (transforms/acled_sub_types.py). Rows loaded before have none until their articles are loaded again.
ALTER TABLE events ADD COLUMN IF NOT EXISTS acled_sub_type VARCHAR;
