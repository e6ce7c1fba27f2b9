-- What the views count (see sql/views/05_v_counted_events.sql): events that belong to another
-- time or place than the story's incident (a yearly tally, an earlier attack the article
-- recalls) are kept as rows but flagged `background`, and the confidence floor of the views is
-- a setting the writer records here (EVENTWIRE_MIN_CONFIDENCE), so a query shows what it is.
ALTER TABLE events ADD COLUMN IF NOT EXISTS background BOOLEAN DEFAULT FALSE;
-- Where the event's place was read: `sentence` (its own sentence) or `article` (the nearest
-- place an earlier sentence named); clustering tells a re-told incident by it.
ALTER TABLE events ADD COLUMN IF NOT EXISTS location_from VARCHAR;
-- The evidence behind `confidence`, as named features joined by `+` (transforms/event_confidence.py).
ALTER TABLE events ADD COLUMN IF NOT EXISTS confidence_basis VARCHAR;

CREATE TABLE IF NOT EXISTS view_settings (
    name  VARCHAR PRIMARY KEY,
    value DOUBLE NOT NULL
);
