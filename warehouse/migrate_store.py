"""Moving a single-file DuckDB warehouse, the layout before DuckLake, into the lake in one commit."""

from __future__ import annotations

from pathlib import Path

import duckdb

from extractors.dedup import signature
from warehouse.lake import is_duckdb_file, sql_literal
from warehouse.store import Warehouse
from warehouse.transactions import in_transaction

OLD = "single_file"
MIGRATION_RUN = "migrate-store"
CONTRACT_TABLES = ("articles", "claims", "claim_quantities", "ingest_errors", "ingest_runs", "feeds", "dedup_keys")

ARTICLE_COLUMNS = ("article_id", "url", "canonical_url", "guid", "feed_url", "outlet", "title", "author",
                   "published_at", "date_source", "fetched_at", "text", "content_hash", "extraction_method",
                   "content_type", "duplicate_of", "duplicate_score", "run_id")
CLAIM_COLUMNS = ("claim_id", "article_id", "seq", "text", "claimant", "cue", "claimed_on", "claimed_on_precision",
                 "mentioned_dates", "quantities", "checkworthiness", "start_char", "end_char")
QUANTITY_COLUMNS = ("claim_id", "article_id", "position", "value", "unit", "subject", "modifier", "text")
RUN_COUNTERS = ("feeds", "items_seen", "new_articles", "duplicates", "claims", "errors")

# Old articles whose canonical URL the lake does not hold yet. Claims, figures and keys travel with
# their article: a lake that already holds an article keeps its own claims rather than a mix of both.
MOVING = (f"SELECT article_id FROM {OLD}.main.articles o"
          f" WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.canonical_url = o.canonical_url)")

# Old articles read as migration 004 reads the lake's own older rows: a page date was midnight UTC of a day
# in an unknown zone (day precision, no instant), a feed date a real instant; language and versions unknown.
LEGACY_ARTICLE_DETAIL = """
UPDATE articles SET
    published_on = CAST(timezone('UTC', published_at) AS DATE),
    published_precision = CASE WHEN published_at IS NULL THEN NULL WHEN date_source = 'feed' THEN 'instant' ELSE 'day' END,
    published_local = CASE WHEN date_source = 'feed' THEN timezone('UTC', published_at) END,
    published_offset_minutes = CASE WHEN date_source = 'feed' AND published_at IS NOT NULL THEN 0 END,
    published_at = CASE WHEN date_source = 'feed' THEN published_at END,
    authors = CASE WHEN author IS NULL THEN [] ELSE [author] END,
    byline_organisations = [], byline_places = [],
    claims_status = CASE WHEN duplicate_of IS NOT NULL THEN 'duplicate' ELSE 'ok' END
WHERE claims_status IS NULL  -- every row loaded since migration 004 has a claims_status
"""

# Per contract table: rows in the old file, and rows in the lake that are those rows.
COUNTS = {
    "articles": (
        "SELECT count(*) FROM {old}.main.articles",
        "SELECT count(*) FROM articles a WHERE a.canonical_url IN (SELECT canonical_url FROM {old}.main.articles)"),
    "claims": (
        "SELECT count(*) FROM {old}.main.claims",
        "SELECT count(*) FROM claims c WHERE c.claim_id IN (SELECT claim_id FROM {old}.main.claims)"),
    "claim_quantities": (
        "SELECT count(*) FROM {old}.main.claim_quantities",
        "SELECT count(*) FROM claim_quantities q WHERE EXISTS (SELECT 1 FROM {old}.main.claim_quantities o"
        " WHERE o.claim_id = q.claim_id AND o.position = q.position)"),
    "ingest_errors": (
        "SELECT count(*) FROM {old}.main.ingest_errors",
        "SELECT count(*) FROM ingest_errors e WHERE EXISTS (SELECT 1 FROM {old}.main.ingest_errors o"
        " WHERE CAST(o.error_id AS VARCHAR) = e.error_id AND o.run_id = e.run_id)"),
    "ingest_runs": (
        "SELECT count(*) FROM {old}.main.ingest_runs",
        "SELECT count(*) FROM ingest_runs r WHERE r.run_id IN (SELECT run_id FROM {old}.main.ingest_runs)"),
    "feeds": (
        "SELECT count(*) FROM {old}.main.feeds",
        "SELECT count(*) FROM feeds f WHERE f.feed_url IN (SELECT feed_url FROM {old}.main.feeds)"),
    "dedup_keys": (
        "SELECT count(*) FROM {old}.main.dedup_keys",
        "SELECT count(*) FROM dedup_keys k WHERE EXISTS (SELECT 1 FROM {old}.main.dedup_keys o"
        " WHERE o.key = k.key AND o.article_id = k.article_id)"),
}


class MigrationMismatch(RuntimeError):
    """The move committed, but the lake does not hold exactly the old file's rows."""


def migrate_store(old_path: str | Path, warehouse: Warehouse) -> dict[str, tuple[int, int]]:
    """Copy an old single-file warehouse into the lake in one commit; (old file, lake) row counts per table.

    Safe to run again and beside running loads: what the lake already holds is not copied twice, and the
    commit rewrites load_fence, so a load that overlaps it retries against the moved articles.
    """
    path = _single_file(old_path)
    con = warehouse.con
    try:
        con.execute(f"ATTACH {sql_literal(str(path))} AS {OLD} (TYPE duckdb, READ_ONLY)")
    except duckdb.Error as error:
        raise ValueError(f"cannot read the old warehouse {path}: {error}") from error
    try:
        _require_tables(con, path)
        ids, words = _word_counts(con)
        with warehouse.staged({"article_id": ("VARCHAR", ids), "words": ("INTEGER", words)}) as word_table:
            in_transaction(con, lambda: _copy(con, word_table))
        warehouse.identify_claimants()
        warehouse.key_sentences()
        counts = {table: (_scalar(con, COUNTS[table][0]), _scalar(con, COUNTS[table][1])) for table in CONTRACT_TABLES}
    finally:
        con.execute(f"DETACH {OLD}")
    wrong = [f"{table}: {old} in {path.name}, {lake} in the lake" for table, (old, lake) in counts.items()
             if old != lake]
    if wrong:
        raise MigrationMismatch(f"moved {path} into {warehouse.location.name}, but the counts differ ("
                                + "; ".join(wrong) + "); what was copied is committed, nothing was deleted")
    return counts


def _single_file(old_path: str | Path) -> Path:
    path = Path(old_path).expanduser().resolve()
    if not path.is_file():
        raise ValueError(f"no old warehouse at {path}: there is no such file")
    if not is_duckdb_file(path):
        raise ValueError(f"{path} is not a single-file DuckDB warehouse (no DuckDB header); "
                         f"migrate-store reads the newsclaims.duckdb file of the old layout")
    return path


def _require_tables(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    found = {row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'", [OLD]
    ).fetchall()}
    missing = [table for table in CONTRACT_TABLES if table not in found]
    if "articles" in missing:
        raise ValueError(f"{path} is a DuckDB file but not a newsclaims warehouse: it has no articles table")
    if missing:
        raise ValueError(f"{path} is not a complete newsclaims warehouse: it lacks {', '.join(missing)}")


def _word_counts(con: duckdb.DuckDBPyConnection, chunk: int = 1000) -> tuple[list[str], list[int]]:
    """Word counts of the old originals, counted by the same tokenizer as new loads' signatures."""
    ids, words = [], []
    cursor = con.execute(f"SELECT article_id, text FROM {OLD}.main.articles"
                         f" WHERE article_id IN (SELECT article_id FROM {OLD}.main.dedup_keys)")
    while rows := cursor.fetchmany(chunk):
        for article_id, text in rows:
            ids.append(article_id)
            words.append(signature([], text).words)
    return ids, words


def _copy(con: duckdb.DuckDBPyConnection, word_table: str) -> None:
    con.execute("UPDATE load_fence SET generation = generation + 1, run_id = ?, loaded_at = now()", [MIGRATION_RUN])
    # Dependants first: MOVING must still see the lake without this commit's articles.
    _copy_dedup_keys(con, word_table)
    con.execute(_insert_select("claim_quantities", QUANTITY_COLUMNS, f"article_id IN ({MOVING})"))
    con.execute(_insert_select("claims", CLAIM_COLUMNS, f"article_id IN ({MOVING})"))
    con.execute(_insert_select("articles", ARTICLE_COLUMNS, f"article_id IN ({MOVING})"))
    con.execute(LEGACY_ARTICLE_DETAIL)
    _copy_runs(con)
    _copy_errors(con)
    _copy_feeds(con)


def _insert_select(table: str, columns: tuple[str, ...], where: str) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({names}) SELECT {names} FROM {OLD}.main.{table} WHERE {where}"


def _copy_dedup_keys(con: duckdb.DuckDBPyConnection, word_table: str) -> None:
    # The old file kept bare keys; the lake keeps with each key its article's window day (in UTC, as
    # Warehouse.anchor_date) and the signature that scores copies without reading texts.
    con.execute(f"""
        INSERT INTO dedup_keys (key, article_id, anchor_date, shingle_keys, words, published_at, fetched_at)
        SELECT k.key, k.article_id,
               CAST(timezone('UTC', coalesce(a.published_at, a.fetched_at)) AS DATE),
               CAST(count(*) FILTER (WHERE starts_with(k.key, 's:')) OVER (PARTITION BY k.article_id) AS INTEGER),
               w.words, a.published_at, a.fetched_at
        FROM {OLD}.main.dedup_keys k
        JOIN {OLD}.main.articles a USING (article_id)
        JOIN {word_table} w USING (article_id)
        WHERE k.article_id IN ({MOVING})
    """)


def _copy_runs(con: duckdb.DuckDBPyConnection) -> None:
    # One log row per old run, recorded when it last changed; no snapshot holds what it loaded.
    counters = ", ".join(RUN_COUNTERS)
    con.execute(f"""
        INSERT INTO run_log (run_id, flow_run_id, started_at, finished_at, status, {counters},
                             snapshot_id, host, pid, recorded_at)
        SELECT run_id, flow_run_id, started_at, finished_at, status, {counters},
               NULL, NULL, NULL, coalesce(finished_at, started_at)
        FROM {OLD}.main.ingest_runs r
        WHERE NOT EXISTS (SELECT 1 FROM run_log l WHERE l.run_id = r.run_id)
    """)


def _copy_errors(con: duckdb.DuckDBPyConnection) -> None:
    # Old ids count 1, 2, 3... in every file: matched with their run, two old files never shadow each other.
    con.execute(f"""
        INSERT INTO ingest_errors (error_id, run_id, feed_url, url, stage, error, occurred_at)
        SELECT CAST(error_id AS VARCHAR), run_id, feed_url, url, stage, error, occurred_at
        FROM {OLD}.main.ingest_errors o
        WHERE NOT EXISTS (SELECT 1 FROM ingest_errors e
                          WHERE e.error_id = CAST(o.error_id AS VARCHAR) AND e.run_id = o.run_id)
    """)


def _copy_feeds(con: duckdb.DuckDBPyConnection) -> None:
    """Polls that make the feeds view show each old feed's health.

    The old file kept only the summary, so the polls are reconstructed: a success at last_ok_at (and one
    at first_polled_at before it), then consecutive_failures failures spread after it up to
    last_polled_at, each with last_error, the latest at last_polled_at.
    """
    con.execute(f"""
        INSERT INTO feed_polls (feed_url, run_id, polled_at, outlet, title, items, error)
        WITH health AS (
            SELECT feed_url, outlet, title, last_ok_at, last_error, consecutive_failures AS failures,
                   coalesce(last_polled_at, last_ok_at, first_polled_at) AS last_at,
                   coalesce(first_polled_at, last_polled_at, last_ok_at) AS first_at
            FROM {OLD}.main.feeds f
            WHERE NOT EXISTS (SELECT 1 FROM feed_polls p WHERE p.feed_url = f.feed_url AND p.run_id = $run)
        ),
        failed AS (
            SELECT *, unnest(range(1, failures + 1)) AS i FROM health WHERE failures > 0
        ),
        polls AS (
            SELECT feed_url, last_ok_at AS polled_at, outlet, title, NULL AS error
            FROM health WHERE last_ok_at IS NOT NULL
            UNION ALL
            SELECT feed_url, first_at, outlet, title, NULL FROM health WHERE first_at < last_ok_at
            UNION ALL
            SELECT feed_url,
                   CASE
                       WHEN i = failures THEN last_at
                       WHEN last_ok_at IS NOT NULL THEN last_at - (failures - i)
                           * to_microseconds((epoch_us(last_at) - epoch_us(last_ok_at)) // failures)
                       ELSE first_at + (i - 1)
                           * to_microseconds((epoch_us(last_at) - epoch_us(first_at)) // (failures - 1))
                   END,
                   outlet, title, last_error
            FROM failed
        )
        SELECT feed_url, $run, polled_at, outlet, title, NULL, error FROM polls
    """, {"run": MIGRATION_RUN})


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql.format(old=OLD)).fetchone()[0]
