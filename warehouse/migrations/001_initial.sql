-- Tables of the analysts' contract (documented column by column in README.md).

CREATE TABLE ingest_runs (
    run_id        VARCHAR PRIMARY KEY,
    flow_run_id   VARCHAR,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,
    feeds         INTEGER NOT NULL DEFAULT 0,
    items_seen    INTEGER NOT NULL DEFAULT 0,
    new_articles  INTEGER NOT NULL DEFAULT 0,
    duplicates    INTEGER NOT NULL DEFAULT 0,
    claims        INTEGER NOT NULL DEFAULT 0,
    errors        INTEGER NOT NULL DEFAULT 0
);

CREATE SEQUENCE ingest_error_ids;

CREATE TABLE ingest_errors (
    error_id    BIGINT PRIMARY KEY DEFAULT nextval('ingest_error_ids'),
    run_id      VARCHAR NOT NULL,
    feed_url    VARCHAR,
    url         VARCHAR,
    stage       VARCHAR NOT NULL,
    error       VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE feeds (
    feed_url             VARCHAR PRIMARY KEY,
    outlet               VARCHAR,
    title                VARCHAR,
    first_polled_at      TIMESTAMPTZ,
    last_polled_at       TIMESTAMPTZ,
    last_ok_at           TIMESTAMPTZ,
    last_error           VARCHAR,
    consecutive_failures INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    article_id        VARCHAR PRIMARY KEY,
    url               VARCHAR NOT NULL,
    canonical_url     VARCHAR NOT NULL UNIQUE,
    guid              VARCHAR,
    feed_url          VARCHAR,
    outlet            VARCHAR,
    title             VARCHAR,
    author            VARCHAR,
    published_at      TIMESTAMPTZ,
    date_source       VARCHAR NOT NULL,
    fetched_at        TIMESTAMPTZ NOT NULL,
    text              VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,
    extraction_method VARCHAR NOT NULL,
    content_type      VARCHAR,
    duplicate_of      VARCHAR,
    duplicate_score   DOUBLE,
    run_id            VARCHAR NOT NULL
);

CREATE INDEX articles_guid ON articles (guid);
CREATE INDEX articles_content_hash ON articles (content_hash);

CREATE TABLE dedup_keys (
    key        VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL
);

CREATE INDEX dedup_keys_key ON dedup_keys (key);

CREATE TABLE claims (
    claim_id             VARCHAR PRIMARY KEY,
    article_id           VARCHAR NOT NULL,
    seq                  INTEGER NOT NULL,
    text                 VARCHAR NOT NULL,
    claimant             VARCHAR,
    cue                  VARCHAR,
    claimed_on           DATE,
    claimed_on_precision VARCHAR NOT NULL,
    mentioned_dates      STRUCT(text VARCHAR, start DATE, "end" DATE, precision VARCHAR)[],
    quantities           STRUCT(value DOUBLE, unit VARCHAR, modifier VARCHAR, text VARCHAR)[],
    checkworthiness      DOUBLE NOT NULL,
    start_char           INTEGER NOT NULL,
    end_char             INTEGER NOT NULL
);

CREATE TABLE claim_quantities (
    claim_id   VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    value      DOUBLE NOT NULL,
    unit       VARCHAR,
    subject    VARCHAR,
    modifier   VARCHAR,
    text       VARCHAR NOT NULL
);

-- Every figure with who stated it, where and when; duplicates' claims are never loaded.
CREATE VIEW figures AS
SELECT
    q.subject,
    q.value,
    q.unit,
    q.modifier,
    q.text AS figure_text,
    c.claimant,
    c.cue,
    c.claimed_on,
    c.claimed_on_precision,
    a.outlet,
    a.published_at,
    a.url,
    c.text AS claim_text,
    c.claim_id,
    a.article_id
FROM claim_quantities q
JOIN claims c USING (claim_id)
JOIN articles a ON a.article_id = c.article_id;

-- Attributed figures about one counted subject where the sources do not agree on the number.
-- Vague plurals ("thousands of troops", modifier 'order of magnitude') are nobody's figure and stay out.
CREATE VIEW figure_conflicts AS
WITH attributed AS (
    SELECT * FROM figures
    WHERE claimant IS NOT NULL AND subject IS NOT NULL AND modifier IS DISTINCT FROM 'order of magnitude'
),
disputed AS (
    SELECT subject, count(DISTINCT value) AS distinct_figures
    FROM attributed
    GROUP BY subject
    HAVING count(DISTINCT value) > 1
)
SELECT
    subject,
    distinct_figures,
    value,
    modifier,
    figure_text,
    claimant,
    outlet,
    claimed_on,
    claimed_on_precision,
    claim_text,
    url,
    claim_id
FROM attributed
JOIN disputed USING (subject)
ORDER BY subject, value, claimed_on, claimant;
