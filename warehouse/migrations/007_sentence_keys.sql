-- Near-identical sentences: claims.sentence_key (extractors/sentencekeys.py) is shared by the same sentence
-- as outlets edit it (house style, "said"/"says", "on Tuesday", filler words), and is NULL for sentences with
-- too few content words to tell apart. Claims stored before this migration get their keys from the warehouse
-- when it opens (Warehouse.key_sentences).
ALTER TABLE claims ADD COLUMN sentence_key VARCHAR;

-- The same claim in several articles: a figure by its claimant, subject and value; any other claim by its
-- sentence key. Near-duplicate articles are not mined again: they appear as syndicated copies of their original.
CREATE OR REPLACE VIEW claim_cluster_members AS
WITH keyed AS (
    SELECT DISTINCT c.claim_id, c.article_id, c.claimant_id, c.claimant, c.text,
           'figure|' || c.claimant_id || '|' || q.subject || '|' || CAST(q.value AS VARCHAR) AS cluster_key,
           q.subject, q.value
    FROM claims c JOIN claim_quantities q USING (claim_id)
    WHERE c.claimant_id IS NOT NULL AND q.subject IS NOT NULL
    UNION ALL
    SELECT c.claim_id, c.article_id, c.claimant_id, c.claimant, c.text,
           'sentence|' || c.sentence_key AS cluster_key,
           NULL, NULL
    FROM claims c
    WHERE c.sentence_key IS NOT NULL
),
carriers AS (
    SELECT k.*, a.article_id AS carrier_id, a.outlet, a.url, FALSE AS syndicated,
           coalesce(a.published_at, timezone('UTC', CAST(a.published_on AS TIMESTAMP)), a.fetched_at) AS seen_at
    FROM keyed k JOIN articles a ON a.article_id = k.article_id
    UNION ALL
    SELECT k.*, d.article_id, d.outlet, d.url, TRUE,
           coalesce(d.published_at, timezone('UTC', CAST(d.published_on AS TIMESTAMP)), d.fetched_at)
    FROM keyed k JOIN articles d ON d.duplicate_of = k.article_id
)
SELECT
    substr(md5(cluster_key), 1, 16) AS cluster_id,
    split_part(cluster_key, '|', 1) AS matched_by,
    claim_id,
    carrier_id AS article_id,
    outlet,
    url,
    seen_at,
    claimant_id,
    claimant,
    subject,
    value,
    text AS claim_text,
    CASE WHEN syndicated THEN 'syndicated copy'
         WHEN row_number() OVER (PARTITION BY cluster_key, syndicated ORDER BY seen_at, carrier_id) = 1
              AND NOT syndicated THEN 'original'
         ELSE 'independent report' END AS role
FROM carriers;
