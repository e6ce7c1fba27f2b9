-- What each named source of a sources file gave last time: the validators for a conditional
-- request next night (feeds: ETag, Last-Modified), when it was fetched, how it went, how many
-- links it listed and how many of those were new.
CREATE TABLE IF NOT EXISTS source_state (
    name            VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL,
    location        VARCHAR NOT NULL,
    etag            VARCHAR,
    last_modified   VARCHAR,
    last_run_id     VARCHAR,
    last_fetched_at TIMESTAMP,
    last_status     VARCHAR,
    last_links      INTEGER,
    last_new        INTEGER
);
