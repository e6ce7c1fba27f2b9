-- The child tables lose their primary-key indexes. DuckDB keeps an ART index for each primary key,
-- and a batch's inserts load the parts they touch, which for hashed ids is all of it: at 100,000
-- articles the four indexes held about 160 MB of the writer's memory, growing with every article
-- (mentions and event_actors most), until the writer's memory limit (EVENTWIRE_WRITER_MEMORY) no
-- longer held them. Their rows are only ever written by the loader, which deletes an article's
-- children before inserting them again in one transaction; `sql/load/09_check_keys.sql` asserts
-- the keys stay unique over what each batch wrote. `articles` and `entities` keep theirs: they are
-- upserted (ON CONFLICT), and hold one row per article or per entity.
-- DuckDB cannot drop a primary key: each table is written again without it, columns in order.
CREATE TABLE events_009 (
    event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, sent_idx INTEGER NOT NULL,
    evidence VARCHAR NOT NULL, evidence_start INTEGER, evidence_end INTEGER,
    "trigger" VARCHAR NOT NULL, trigger_start INTEGER, event_type VARCHAR NOT NULL, "mode" VARCHAR,
    cameo_root VARCHAR, quad_class INTEGER, acled_type VARCHAR, source_text VARCHAR,
    target_text VARCHAR, location_text VARCHAR, location_entity_id VARCHAR, lat DOUBLE, lon DOUBLE,
    country_iso3 VARCHAR, geo_precision INTEGER, event_date DATE, date_precision INTEGER,
    date_text VARCHAR, killed INTEGER, injured INTEGER,
    negated BOOLEAN NOT NULL DEFAULT FALSE, hypothetical BOOLEAN NOT NULL DEFAULT FALSE,
    confidence DOUBLE NOT NULL, cluster_id VARCHAR, background BOOLEAN DEFAULT FALSE,
    location_from VARCHAR, confidence_basis VARCHAR, recalled BOOLEAN DEFAULT FALSE
);
INSERT INTO events_009 BY NAME SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_009 RENAME TO events;

CREATE TABLE event_actors_009 (
    event_id VARCHAR NOT NULL, "role" VARCHAR NOT NULL, entity_id VARCHAR, "text" VARCHAR NOT NULL,
    country_iso3 VARCHAR, sector VARCHAR, actor_idx INTEGER NOT NULL
);
INSERT INTO event_actors_009 BY NAME SELECT * FROM event_actors;
DROP TABLE event_actors;
ALTER TABLE event_actors_009 RENAME TO event_actors;

CREATE TABLE mentions_009 (
    article_id VARCHAR NOT NULL, sent_idx INTEGER NOT NULL, char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL, surface VARCHAR NOT NULL, "label" VARCHAR NOT NULL, entity_id VARCHAR
);
INSERT INTO mentions_009 BY NAME SELECT * FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_009 RENAME TO mentions;

CREATE TABLE article_minhash_009 (
    article_id VARCHAR NOT NULL, signature UBIGINT[] NOT NULL, bands VARCHAR[] NOT NULL
);
INSERT INTO article_minhash_009 BY NAME SELECT * FROM article_minhash;
DROP TABLE article_minhash;
ALTER TABLE article_minhash_009 RENAME TO article_minhash;

-- the rare names are joined by hash, never looked up one by one: the index was only upkeep
DROP INDEX IF EXISTS article_terms_term;
