-- The warehouse contract (DESIGN.md section 3). Names here are fixed; add, never rename.
-- Offsets in mentions and events are character offsets into articles.text.

CREATE TABLE IF NOT EXISTS runs (
    run_id       VARCHAR PRIMARY KEY,
    flow         VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    status       VARCHAR NOT NULL,          -- running | completed | failed | abandoned
    n_seen       INTEGER DEFAULT 0,
    n_new        INTEGER DEFAULT 0,
    n_updated    INTEGER DEFAULT 0,
    n_unchanged  INTEGER DEFAULT 0,
    n_rejected   INTEGER DEFAULT 0,
    n_events     INTEGER DEFAULT 0,
    inputs       VARCHAR,
    error        VARCHAR
);

CREATE TABLE IF NOT EXISTS articles (
    article_id        VARCHAR PRIMARY KEY,  -- hash of the canonical URL (or file URI)
    url               VARCHAR NOT NULL,     -- where we read it: http(s) URL or file URI
    canonical_url     VARCHAR NOT NULL,
    source_domain     VARCHAR,
    title             VARCHAR,
    author            VARCHAR,
    site_name         VARCHAR,
    published_at      TIMESTAMP,            -- UTC
    published_from    VARCHAR NOT NULL,     -- meta | url | feed | header | none
    fetched_at        TIMESTAMP NOT NULL,
    language          VARCHAR,
    text              VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,     -- hash of the normalised text
    raw_hash          VARCHAR NOT NULL,     -- hash of the bytes read; unchanged bytes skip re-extraction
    extractor_version VARCHAR NOT NULL,
    nlp_status        VARCHAR,              -- done | skipped:<reason>
    duplicate_of      VARCHAR,
    run_id            VARCHAR NOT NULL,
    source            VARCHAR,              -- the input the locator came from (folder, glob, list file)
    locator           VARCHAR NOT NULL      -- path or URL as given
);

CREATE TABLE IF NOT EXISTS rejects (
    run_id        VARCHAR NOT NULL,         -- the latest run that rejected it
    source        VARCHAR,
    locator       VARCHAR NOT NULL,         -- URL or path
    stage         VARCHAR NOT NULL,         -- discover | read | fetch | decode | extract | nlp
    reason        VARCHAR NOT NULL,         -- short machine-readable code
    detail        VARCHAR,                  -- one human-readable line
    rejected_at   TIMESTAMP NOT NULL,
    first_rejected_at TIMESTAMP NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (locator)
);

CREATE TABLE IF NOT EXISTS entities (
    entity_id    VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,          -- person | organization | place | country | group
    country_iso3 VARCHAR,
    sector       VARCHAR,
    geonameid    BIGINT,
    lat          DOUBLE,
    lon          DOUBLE,
    geo_precision INTEGER                   -- for places: 1 place, 2 district, 3 province, 4 country
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL,
    sent_idx   INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    surface    VARCHAR NOT NULL,
    label      VARCHAR NOT NULL,            -- PER | ORG | LOC | GPE | NORP | GRP
    entity_id  VARCHAR,
    PRIMARY KEY (article_id, char_start, char_end)
);

CREATE TABLE IF NOT EXISTS events (
    event_id           VARCHAR PRIMARY KEY,
    article_id         VARCHAR NOT NULL,
    sent_idx           INTEGER NOT NULL,
    evidence           VARCHAR NOT NULL,
    evidence_start     INTEGER,
    evidence_end       INTEGER,
    trigger            VARCHAR NOT NULL,
    trigger_start      INTEGER,
    event_type         VARCHAR NOT NULL,
    mode               VARCHAR,
    cameo_root         VARCHAR,
    quad_class         INTEGER,
    acled_type         VARCHAR,
    source_text        VARCHAR,
    target_text        VARCHAR,
    location_text      VARCHAR,
    location_entity_id VARCHAR,
    lat                DOUBLE,
    lon                DOUBLE,
    country_iso3       VARCHAR,
    geo_precision      INTEGER,
    event_date         DATE,
    date_precision     INTEGER,
    date_text          VARCHAR,
    killed             INTEGER,
    injured            INTEGER,
    negated            BOOLEAN NOT NULL DEFAULT FALSE,
    hypothetical       BOOLEAN NOT NULL DEFAULT FALSE,
    confidence         DOUBLE NOT NULL,
    cluster_id         VARCHAR
);

CREATE TABLE IF NOT EXISTS event_actors (
    event_id     VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,          -- source | target
    entity_id    VARCHAR,
    text         VARCHAR NOT NULL,
    country_iso3 VARCHAR,
    sector       VARCHAR,
    actor_idx    INTEGER NOT NULL,
    PRIMARY KEY (event_id, role, actor_idx)
);
