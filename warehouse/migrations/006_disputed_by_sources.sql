-- A conflict is sources disagreeing: at least two claimants give different figures for the subject, and
-- the subject names what is counted ("North Korean troops", "people killed", "deaths"), not a bare plural
-- such as "cities" or "services" that means something different in every article.
CREATE OR REPLACE VIEW figure_conflicts AS
WITH attributed AS (
    SELECT * FROM figures
    WHERE claimant_id IS NOT NULL AND subject IS NOT NULL AND modifier IS DISTINCT FROM 'order of magnitude'
      AND coalesce(tense, 'past') IN ('past', 'present')
      AND (strpos(trim(subject), ' ') > 0
           OR subject IN ('deaths', 'casualties', 'fatalities', 'injuries', 'refugees', 'evacuees', 'arrests',
                          'hostages', 'prisoners', 'troops', 'soldiers', 'migrants', 'infections'))
),
disputed AS (
    SELECT subject, count(DISTINCT value) AS distinct_figures
    FROM attributed
    GROUP BY subject
    HAVING count(DISTINCT value) > 1 AND count(DISTINCT claimant_id) > 1
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
