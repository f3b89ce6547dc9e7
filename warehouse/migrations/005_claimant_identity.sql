-- Claims analysts can group and follow: who the claimant is (kind, resolved name, one id across articles),
-- the tense of what is claimed, figures with their kind and form, and claims tracked across outlets.

ALTER TABLE claims ADD COLUMN claimant_kind VARCHAR;
ALTER TABLE claims ADD COLUMN claimant_name VARCHAR;
ALTER TABLE claims ADD COLUMN claimant_id VARCHAR;
ALTER TABLE claims ADD COLUMN tense VARCHAR;
ALTER TABLE claim_quantities ADD COLUMN kind VARCHAR;
ALTER TABLE claim_quantities ADD COLUMN form VARCHAR;
ALTER TABLE claim_quantities ADD COLUMN low DOUBLE;
ALTER TABLE claim_quantities ADD COLUMN high DOUBLE;
ALTER TABLE claim_quantities ADD COLUMN from_value DOUBLE;

-- One row per claimant identity: what it is called most often, its kind, every name it appeared under.
CREATE VIEW claimants AS
SELECT
    c.claimant_id,
    mode(coalesce(c.claimant_name, c.claimant)) AS canonical_name,
    mode(c.claimant_kind) AS kind,
    list(DISTINCT c.claimant ORDER BY c.claimant) AS aliases,
    count(*) AS claims,
    count(DISTINCT a.outlet) AS outlets,
    min(c.claimed_on) AS first_claimed_on,
    max(c.claimed_on) AS last_claimed_on
FROM claims c
JOIN articles a USING (article_id)
WHERE c.claimant_id IS NOT NULL
GROUP BY c.claimant_id;

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
    a.language,
    c.claimant_id,
    c.claimant_kind,
    coalesce(c.claimant_name, c.claimant) AS claimant_name,
    c.tense,
    q.kind,
    q.form,
    q.low,
    q.high,
    q.from_value
FROM claim_quantities q
JOIN claims c USING (claim_id)
JOIN articles a ON a.article_id = c.article_id;

-- Attributed figures about one counted subject where the sources do not agree on the number: a named
-- claimant (never a pronoun the article left unresolved), a report of what is or was (not a forecast or a
-- condition), a figure rather than a vague plural.
CREATE OR REPLACE VIEW figure_conflicts AS
WITH attributed AS (
    SELECT * FROM figures
    WHERE claimant_id IS NOT NULL AND subject IS NOT NULL AND modifier IS DISTINCT FROM 'order of magnitude'
      AND coalesce(tense, 'past') IN ('past', 'present')
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
    claim_id,
    claimant_id,
    claimant_name
FROM attributed
JOIN disputed USING (subject)
ORDER BY subject, value, claimed_on, claimant;

-- Every article that carries a claim, keyed so that the same claim in several articles shares a key: a
-- figure by its claimant, subject and value; any other claim by its sentence, case and punctuation aside.
-- Near-duplicate articles are not mined again: they appear as syndicated copies of their original.
CREATE VIEW claim_cluster_members AS
WITH keyed AS (
    SELECT DISTINCT c.claim_id, c.article_id, c.claimant_id, c.claimant, c.text,
           'figure|' || c.claimant_id || '|' || q.subject || '|' || CAST(q.value AS VARCHAR) AS cluster_key,
           q.subject, q.value
    FROM claims c JOIN claim_quantities q USING (claim_id)
    WHERE c.claimant_id IS NOT NULL AND q.subject IS NOT NULL
    UNION ALL
    SELECT c.claim_id, c.article_id, c.claimant_id, c.claimant, c.text,
           'sentence|' || md5(trim(regexp_replace(lower(c.text), '[^[:alnum:]]+', ' ', 'g'))) AS cluster_key,
           NULL, NULL
    FROM claims c
    WHERE length(c.text) >= 40
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

-- The same claim across outlets: one row per cluster carried by more than one article, with where and
-- when it first appeared and how many outlets reported it on their own (syndicated copies do not count).
CREATE VIEW claim_clusters AS
SELECT
    cluster_id,
    any_value(matched_by) AS matched_by,
    any_value(claimant) AS claimant,
    any_value(claimant_id) AS claimant_id,
    any_value(subject) AS subject,
    any_value(value) AS value,
    arg_min(claim_text, seen_at) AS claim_text,
    arg_min(article_id, seen_at) FILTER (WHERE role = 'original') AS first_article_id,
    arg_min(outlet, seen_at) FILTER (WHERE role = 'original') AS first_outlet,
    min(seen_at) AS first_seen,
    max(seen_at) AS last_seen,
    count(DISTINCT article_id) AS articles,
    count(DISTINCT outlet) AS outlets,
    count(DISTINCT outlet) FILTER (WHERE role <> 'syndicated copy') AS independent_outlets,
    count(*) FILTER (WHERE role = 'syndicated copy') AS syndicated_copies
FROM claim_cluster_members
GROUP BY cluster_id
HAVING count(DISTINCT article_id) > 1;

-- figure_conflicts as clusters: for a disputed subject, each distinct figure with who claimed it, when it
-- first appeared, and how many outlets reported it independently.
CREATE VIEW figure_conflict_clusters AS
WITH members AS (
    SELECT m.* FROM claim_cluster_members m
    WHERE m.matched_by = 'figure' AND m.subject IN (SELECT subject FROM figure_conflicts)
      AND m.claim_id IN (SELECT claim_id FROM figure_conflicts)
)
SELECT
    subject,
    value,
    list(DISTINCT claimant ORDER BY claimant) AS claimants,
    min(seen_at) AS first_seen,
    arg_min(outlet, seen_at) AS first_outlet,
    count(DISTINCT outlet) FILTER (WHERE role <> 'syndicated copy') AS independent_outlets,
    count(*) FILTER (WHERE role = 'syndicated copy') AS syndicated_copies
FROM members
GROUP BY subject, value
ORDER BY subject, value;

-- How one claimant's figure for one subject moved over time ("HUR: 11,000, then 12,000").
CREATE VIEW figure_revisions AS
WITH stated AS (
    SELECT claimant_id, claimant_name, subject, value, claimed_on, outlet, claim_id,
           lag(value) OVER (PARTITION BY claimant_id, subject ORDER BY claimed_on, claim_id) AS previous_value
    FROM figures
    WHERE claimant_id IS NOT NULL AND subject IS NOT NULL AND claimed_on IS NOT NULL
      AND modifier IS DISTINCT FROM 'order of magnitude' AND coalesce(tense, 'past') IN ('past', 'present')
)
SELECT s.claimant_id, s.claimant_name, s.subject, s.claimed_on, s.previous_value, s.value, s.outlet, s.claim_id
FROM stated s
JOIN (SELECT claimant_id, subject FROM stated GROUP BY claimant_id, subject HAVING count(DISTINCT value) > 1)
    USING (claimant_id, subject)
ORDER BY s.claimant_name, s.subject, s.claimed_on;
