-- The warehouse as a DuckLake: Parquet files plus a SQL catalog, written by any number of runs at once.
-- DuckLake has no keys, indexes or sequences: uniqueness comes from loads serialised by load_fence
-- (see warehouse/store.py), and the logs that several writers append to are read through views.

-- One row per status change of a run; ingest_runs shows each run's latest.
CREATE TABLE run_log (
    run_id        VARCHAR NOT NULL,
    flow_run_id   VARCHAR,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,
    feeds         INTEGER NOT NULL,
    items_seen    INTEGER NOT NULL,
    new_articles  INTEGER NOT NULL,
    duplicates    INTEGER NOT NULL,
    claims        INTEGER NOT NULL,
    errors        INTEGER NOT NULL,
    snapshot_id   BIGINT,
    host          VARCHAR,
    pid           INTEGER,
    recorded_at   TIMESTAMPTZ NOT NULL
);

CREATE VIEW ingest_runs AS
SELECT run_id, flow_run_id, started_at, finished_at, status, feeds, items_seen, new_articles, duplicates,
       claims, errors, snapshot_id, host, pid
FROM run_log
QUALIFY row_number() OVER (PARTITION BY run_id ORDER BY recorded_at DESC, finished_at DESC NULLS LAST) = 1;

CREATE TABLE ingest_errors (
    error_id    VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    feed_url    VARCHAR,
    url         VARCHAR,
    stage       VARCHAR NOT NULL,
    error       VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);

-- One row per poll of a feed; feeds shows each feed's health.
CREATE TABLE feed_polls (
    feed_url  VARCHAR NOT NULL,
    run_id    VARCHAR NOT NULL,
    polled_at TIMESTAMPTZ NOT NULL,
    outlet    VARCHAR,
    title     VARCHAR,
    items     INTEGER,
    error     VARCHAR
);

CREATE VIEW feeds AS
WITH last_ok AS (
    SELECT feed_url, max(polled_at) FILTER (WHERE error IS NULL) AS last_ok_at FROM feed_polls GROUP BY feed_url
)
SELECT
    p.feed_url,
    arg_max(p.outlet, p.polled_at) AS outlet,
    arg_max(p.title, p.polled_at) AS title,
    min(p.polled_at) AS first_polled_at,
    max(p.polled_at) AS last_polled_at,
    any_value(o.last_ok_at) AS last_ok_at,
    arg_max_null(p.error, p.polled_at) AS last_error,
    CAST(count(*) FILTER (WHERE p.error IS NOT NULL AND (o.last_ok_at IS NULL OR p.polled_at > o.last_ok_at))
         AS INTEGER) AS consecutive_failures
FROM feed_polls p
JOIN last_ok o USING (feed_url)
GROUP BY p.feed_url;

CREATE TABLE articles (
    article_id        VARCHAR NOT NULL,
    url               VARCHAR NOT NULL,
    canonical_url     VARCHAR NOT NULL,
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

-- Blocking keys of originals with each original's signature, so that scoring a copy never reads texts:
-- anchor_date bounds the near-duplicate window (publication day, else fetch day), shingle_keys and words
-- estimate containment, published_at and fetched_at decide which copy is the original.
CREATE TABLE dedup_keys (
    key          VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL,
    anchor_date  DATE NOT NULL,
    shingle_keys INTEGER NOT NULL,
    words        INTEGER NOT NULL,
    published_at TIMESTAMPTZ,
    fetched_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE claims (
    claim_id             VARCHAR NOT NULL,
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

-- One row, rewritten by every load: two loads that overlap in time conflict on it, so the later one
-- retries against the earlier one's articles instead of storing them a second time.
CREATE TABLE load_fence (
    generation BIGINT NOT NULL,
    run_id     VARCHAR,
    loaded_at  TIMESTAMPTZ
);
INSERT INTO load_fence VALUES (0, NULL, NULL);

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
