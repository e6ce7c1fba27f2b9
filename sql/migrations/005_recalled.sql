-- An act told under a legal process without a day of its own (`the man accused of killing
-- six`, `charged in the shooting`) is told again, not news: it is kept as a row flagged
-- `recalled`, and the views count it only where its cluster also holds the incident told as
-- news (sql/views/05_v_counted_events.sql), so a court story weeks later never adds a second
-- copy of the incident and its toll.
ALTER TABLE events ADD COLUMN IF NOT EXISTS recalled BOOLEAN DEFAULT FALSE;
