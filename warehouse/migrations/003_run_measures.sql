-- What each run measured, for dashboards and the metrics exporter: requests, bytes, time spent fetching
-- (summed over requests) and loading, and how many feeds it polled.
ALTER TABLE run_log ADD COLUMN feeds_polled INTEGER;
ALTER TABLE run_log ADD COLUMN http_requests INTEGER;
ALTER TABLE run_log ADD COLUMN bytes_fetched BIGINT;
ALTER TABLE run_log ADD COLUMN fetch_seconds DOUBLE;
ALTER TABLE run_log ADD COLUMN load_seconds DOUBLE;
ALTER TABLE run_log ADD COLUMN skipped INTEGER;
-- Why a run ended as it did when that was not by completing: cancelled, failed, crashed.
ALTER TABLE run_log ADD COLUMN reason VARCHAR;

CREATE OR REPLACE VIEW ingest_runs AS
SELECT run_id, flow_run_id, started_at, finished_at, status, feeds, items_seen, new_articles, duplicates,
       claims, errors, snapshot_id, host, pid, feeds_polled, http_requests, bytes_fetched, fetch_seconds,
       load_seconds, skipped, reason
FROM run_log
QUALIFY row_number() OVER (PARTITION BY run_id ORDER BY recorded_at DESC, finished_at DESC NULLS LAST) = 1;
