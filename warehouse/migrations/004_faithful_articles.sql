-- Articles as faithful to their pages as the sources allow: publication dates with their precision and
-- offset, people-only authors, the language and whether claims were mined in it, the charset that decoded
-- the page, the extractor version behind every article and claim, and the raw pages kept for re-extraction.

ALTER TABLE articles ADD COLUMN published_on DATE;
ALTER TABLE articles ADD COLUMN published_local TIMESTAMP;
ALTER TABLE articles ADD COLUMN published_offset_minutes INTEGER;
ALTER TABLE articles ADD COLUMN published_precision VARCHAR;
ALTER TABLE articles ADD COLUMN authors VARCHAR[];
ALTER TABLE articles ADD COLUMN byline_organisations VARCHAR[];
ALTER TABLE articles ADD COLUMN byline_places VARCHAR[];
ALTER TABLE articles ADD COLUMN language VARCHAR;
ALTER TABLE articles ADD COLUMN language_confidence DOUBLE;
ALTER TABLE articles ADD COLUMN claims_status VARCHAR;
ALTER TABLE articles ADD COLUMN charset VARCHAR;
ALTER TABLE articles ADD COLUMN charset_source VARCHAR;
ALTER TABLE articles ADD COLUMN extractor_version VARCHAR;
ALTER TABLE articles ADD COLUMN reextracted_at TIMESTAMPTZ;
ALTER TABLE claims ADD COLUMN extractor_version VARCHAR;

-- Rows stored before this migration: a page date was midnight UTC of a day whose time zone nobody knew,
-- so it becomes that day at day precision and no instant; a feed date was a real instant. Language,
-- charset and extractor version stay NULL ("not recorded"), which is what they are.
UPDATE articles SET
    published_on = CAST(timezone('UTC', published_at) AS DATE),
    published_precision = CASE WHEN published_at IS NULL THEN NULL
                               WHEN date_source = 'feed' THEN 'instant' ELSE 'day' END,
    published_local = CASE WHEN date_source = 'feed' THEN timezone('UTC', published_at) END,
    published_offset_minutes = CASE WHEN date_source = 'feed' AND published_at IS NOT NULL THEN 0 END,
    published_at = CASE WHEN date_source = 'feed' THEN published_at END,
    authors = CASE WHEN author IS NULL THEN [] ELSE [author] END,
    byline_organisations = [],
    byline_places = [],
    claims_status = CASE WHEN duplicate_of IS NOT NULL THEN 'duplicate' ELSE 'ok' END
WHERE published_on IS NULL;

-- Every fetched page that became an article, as its bytes arrived (gzip), with what re-reading it needs:
-- the feed item (title, guid, feed date) and the response headers that matter.
CREATE TABLE raw_pages (
    article_id   VARCHAR NOT NULL,
    url          VARCHAR NOT NULL,
    final_url    VARCHAR,
    status       INTEGER,
    content_type VARCHAR,
    headers      VARCHAR,
    source       VARCHAR NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL,
    body_bytes   INTEGER NOT NULL,
    body_sha256  VARCHAR NOT NULL,
    body_gzip    BLOB NOT NULL,
    item         VARCHAR NOT NULL,
    run_id       VARCHAR NOT NULL,
    stored_at    TIMESTAMPTZ NOT NULL
);

CREATE OR REPLACE VIEW figures AS
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
    a.article_id,
    a.published_on,
    a.published_precision,
    a.language
FROM claim_quantities q
JOIN claims c USING (claim_id)
JOIN articles a ON a.article_id = c.article_id;

-- Why an article has the claims it has, per outlet and language: 'unsupported_language' rows are articles
-- whose language the claim rules were not written for, not articles without claims.
CREATE VIEW claim_coverage AS
SELECT
    coalesce(language, 'unknown') AS language,
    claims_status,
    count(*) AS articles,
    sum(n_claims) AS claims
FROM (
    SELECT a.article_id, a.language, a.claims_status, count(c.claim_id) AS n_claims
    FROM articles a LEFT JOIN claims c ON c.article_id = a.article_id
    WHERE a.duplicate_of IS NULL
    GROUP BY a.article_id, a.language, a.claims_status
)
GROUP BY ALL
ORDER BY articles DESC;
