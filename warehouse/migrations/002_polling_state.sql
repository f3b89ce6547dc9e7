-- Conditional, adaptive polling and bounded retries of failed items.

-- Each failed item attempt: its number, whether trying again could help, whether this attempt was the
-- last one, and the feed item as JSON so that a later run can try it again without re-reading its feed.
ALTER TABLE ingest_errors ADD COLUMN attempt INTEGER;
ALTER TABLE ingest_errors ADD COLUMN final BOOLEAN;
ALTER TABLE ingest_errors ADD COLUMN given_up BOOLEAN;
ALTER TABLE ingest_errors ADD COLUMN item VARCHAR;

-- What a poll found and what the next one sends: status is new / unchanged / not_modified / failed.
ALTER TABLE feed_polls ADD COLUMN status VARCHAR;
ALTER TABLE feed_polls ADD COLUMN new_items INTEGER;
ALTER TABLE feed_polls ADD COLUMN etag VARCHAR;
ALTER TABLE feed_polls ADD COLUMN last_modified VARCHAR;
ALTER TABLE feed_polls ADD COLUMN body_hash VARCHAR;
ALTER TABLE feed_polls ADD COLUMN interval_s DOUBLE;
ALTER TABLE feed_polls ADD COLUMN next_poll_at TIMESTAMPTZ;

CREATE OR REPLACE VIEW feeds AS
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
         AS INTEGER) AS consecutive_failures,
    arg_max_null(p.status, p.polled_at) AS last_status,
    max(p.polled_at) FILTER (WHERE p.new_items > 0) AS last_new_item_at,
    arg_max_null(p.interval_s, p.polled_at) AS poll_interval_s,
    arg_max_null(p.next_poll_at, p.polled_at) AS next_poll_at,
    arg_max_null(p.etag, p.polled_at) AS etag,
    arg_max_null(p.last_modified, p.polled_at) AS last_modified,
    arg_max_null(p.body_hash, p.polled_at) AS body_hash
FROM feed_polls p
JOIN last_ok o USING (feed_url)
GROUP BY p.feed_url;

-- Items that failed and have not been stored since: how often, the last error, and whether they were given up.
CREATE VIEW failed_items AS
SELECT
    e.url,
    arg_max(e.feed_url, e.occurred_at) AS feed_url,
    CAST(count(*) AS INTEGER) AS attempts,
    min(e.occurred_at) AS first_failed_at,
    max(e.occurred_at) AS last_failed_at,
    arg_max(e.stage, e.occurred_at) AS last_stage,
    arg_max(e.error, e.occurred_at) AS last_error,
    coalesce(bool_or(e.given_up), false) AS given_up
FROM ingest_errors e
WHERE e.stage IN ('fetch', 'robots', 'extract', 'process', 'feed-entry') AND e.url IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = e.url)
GROUP BY e.url;
