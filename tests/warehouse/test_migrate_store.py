"""Moving a real single-file warehouse of the old layout into a real lake: counts, views, re-runs, refusals."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from extractors.records import Article, Claim, Quantity
from tests.conftest import FIXTURES
from tests.warehouse.stories import story, stored_article
from tests.warehouse.test_store import OTHER, STORY, article
from warehouse.migrate_store import MigrationMismatch, migrate_store
from warehouse.store import Warehouse

T0 = datetime(2025, 3, 12, 9, tzinfo=timezone.utc)
LATE_FETCH = datetime(2025, 3, 12, 23, 30, tzinfo=timezone.utc)  # a day later in Auckland, the same day in UTC

RUNS = [
    ("run-1", "flow-1", T0, T0 + timedelta(minutes=2), "completed", 2, 5, 3, 1, 3, 2),
    ("run-2", None, T0 + timedelta(hours=1), None, "crashed", 1, 0, 0, 0, 0, 0),
]
ERRORS = [
    ("run-1", "http://feed", "http://a/404", "fetch", "HTTP 404", T0 + timedelta(minutes=1)),
    ("run-1", "http://broken", None, "feed", "not a feed", T0 + timedelta(minutes=1)),
]
# feed_url, outlet, title, first_polled_at, last_polled_at, last_ok_at, last_error, consecutive_failures
FEEDS = [
    ("http://feed", "Harbour Times", "Harbour", T0 - timedelta(days=3), T0, T0, None, 0),
    ("http://flaky", "Flaky News", "Flaky", T0 - timedelta(days=2), T0 + timedelta(hours=3), T0, "HTTP 503", 3),
    ("http://broken", None, None, T0 - timedelta(days=1), T0 + timedelta(hours=1), None, "not a feed", 2),
]
HEALTH = "feed_url, outlet, title, first_polled_at, last_polled_at, last_ok_at, last_error, consecutive_failures"
RUN = ("run_id, flow_run_id, started_at, finished_at, status, feeds, items_seen, new_articles, duplicates, claims,"
       " errors")


def troops(url: str, text: str, value: float, claimant: str, published_at: datetime | None = T0) -> Article:
    figure = Quantity(value, "troops", None, f"{value:,.0f} troops", "troops")
    claim = Claim(text=f"{value:,.0f} troops, {claimant} said", claimant=claimant, cue="said",
                  claimed_on=T0.date(), claimed_on_precision="day", quantities=[figure], checkworthiness=0.9)
    return replace(article(url, text), published_at=published_at, claims=[claim, *article(url, text).claims])


def old_articles() -> list[tuple[Article, str | None]]:
    """(article, duplicate_of): two originals that disagree on the troops, and an exact copy of the first."""
    first = troops("http://a/1", STORY, 11000.0, "Pentagon")
    second = replace(troops("http://b/2", OTHER, 12000.0, "Ukrainian intelligence", published_at=None),
                     fetched_at=LATE_FETCH)
    copy = replace(article("http://c/copy", STORY), claims=[])
    return [(first, None), (second, None), (copy, first.article_id)]


def write_old_warehouse(path: Path, articles=None, runs=RUNS, errors=ERRORS, feeds=FEEDS) -> Path:
    """A single-file warehouse in the old schema, filled as the old Warehouse would have."""
    with duckdb.connect(str(path)) as con:
        con.execute((FIXTURES / "single_file_schema.sql").read_text(encoding="utf-8"))
        con.executemany("INSERT INTO ingest_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runs)
        con.executemany("INSERT INTO ingest_errors (run_id, feed_url, url, stage, error, occurred_at)"
                        " VALUES (?, ?, ?, ?, ?, ?)", errors)
        con.executemany("INSERT INTO feeds VALUES (?, ?, ?, ?, ?, ?, ?, ?)", feeds)
        for stored, duplicate_of in old_articles() if articles is None else articles:
            insert_article(con, stored, duplicate_of)
    return path


def insert_article(con: duckdb.DuckDBPyConnection, a: Article, duplicate_of: str | None) -> None:
    con.execute(
        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'run-1')",
        [a.article_id, a.url, a.canonical_url, a.guid, a.feed_url, a.outlet, a.title, a.author, a.published_at,
         a.date_source, a.fetched_at, a.text, a.content_hash, a.extraction_method, a.content_type, duplicate_of,
         1.0 if duplicate_of else None])
    if duplicate_of:
        return
    con.executemany("INSERT INTO dedup_keys VALUES (?, ?)", [(key, a.article_id) for key in a.blocking_keys])
    for seq, c in enumerate(a.claims):
        claim_id = f"{a.article_id}:{seq}"
        con.execute(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [claim_id, a.article_id, seq, c.text, c.claimant, c.cue, c.claimed_on, c.claimed_on_precision,
             [{"text": d.text, "start": d.start, "end": d.end, "precision": d.precision} for d in c.mentioned_dates],
             [{"value": q.value, "unit": q.unit, "modifier": q.modifier, "text": q.text} for q in c.quantities],
             c.checkworthiness, c.start_char, c.end_char])
        con.executemany("INSERT INTO claim_quantities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [(claim_id, a.article_id, position, q.value, q.unit, q.subject, q.modifier, q.text)
                         for position, q in enumerate(c.quantities)])


def lake_rows(warehouse: Warehouse) -> dict[str, int]:
    tables = ("articles", "claims", "claim_quantities", "dedup_keys", "ingest_errors", "run_log", "feed_polls")
    return {t: warehouse.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def attached(warehouse: Warehouse) -> set[str]:
    return {row[0] for row in warehouse.con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}


@pytest.fixture
def old_file(tmp_path) -> Path:
    (tmp_path / "old").mkdir()
    return write_old_warehouse(tmp_path / "old" / "newsclaims.duckdb")


@pytest.fixture
def lake(tmp_path):
    with Warehouse(tmp_path / "lake" / "newsclaims.ducklake") as warehouse:
        yield warehouse


def test_every_row_arrives_and_the_old_file_is_only_read(old_file, lake):
    before = hashlib.sha256(old_file.read_bytes()).hexdigest()
    counts = migrate_store(old_file, lake)
    assert counts == {"articles": (3, 3), "claims": (4, 4), "claim_quantities": (4, 4), "ingest_errors": (2, 2),
                      "ingest_runs": (2, 2), "feeds": (3, 3), "dedup_keys": (counts["dedup_keys"][0],) * 2}
    assert counts["dedup_keys"][0] > 0
    assert hashlib.sha256(old_file.read_bytes()).hexdigest() == before
    assert attached(lake) == {"lake", "memory", "system", "temp"}
    assert lake.con.execute("SELECT run_id, generation FROM load_fence").fetchone() == ("migrate-store", 1)
    assert lake.con.execute("SELECT list(error_id ORDER BY error_id) FROM ingest_errors").fetchone()[0] == ["1", "2"]


def test_analyst_views_answer_over_moved_data(old_file, lake):
    migrate_store(old_file, lake)
    conflicts = lake.con.execute(
        "SELECT value, claimant, outlet FROM figure_conflicts WHERE subject = 'troops'").fetchall()
    assert conflicts == [(11000.0, "Pentagon", "Harbour Times"), (12000.0, "Ukrainian intelligence", "Harbour Times")]
    figures = lake.con.execute("SELECT subject, count(*) FROM figures GROUP BY 1 ORDER BY 1").fetchall()
    assert figures == [("containers", 2), ("troops", 2)]


def test_running_it_again_adds_nothing(old_file, lake):
    first = migrate_store(old_file, lake)
    rows = lake_rows(lake)
    assert migrate_store(old_file, lake) == first
    assert lake_rows(lake) == rows


def test_runs_and_feed_health_read_as_in_the_old_file(old_file, lake):
    migrate_store(old_file, lake)
    with duckdb.connect(str(old_file), read_only=True) as old:
        old_runs = old.execute(f"SELECT {RUN} FROM ingest_runs ORDER BY run_id").fetchall()
        old_feeds = old.execute(f"SELECT {HEALTH} FROM feeds ORDER BY feed_url").fetchall()
    assert lake.con.execute(f"SELECT {RUN} FROM ingest_runs ORDER BY run_id").fetchall() == old_runs
    assert lake.con.execute(f"SELECT {HEALTH} FROM feeds ORDER BY feed_url").fetchall() == old_feeds
    assert lake.failing_feeds() == [("http://flaky", 3, "HTTP 503"), ("http://broken", 2, "not a feed")]


def test_moved_keys_find_copies_within_the_window_in_utc(tmp_path, lake):
    original = stored_article("http://news.test/story/7", story(7), "Story 7")
    late = replace(stored_article("http://news.test/story/8", story(8), "Story 8", published=None),
                   fetched_at=LATE_FETCH)
    old = write_old_warehouse(tmp_path / "old.duckdb", articles=[(original, None), (late, None)])
    lake.con.execute("SET TimeZone = 'Pacific/Auckland'")  # the day must not depend on where it runs
    migrate_store(old, lake)
    anchor = lake.con.execute("SELECT DISTINCT anchor_date FROM dedup_keys WHERE article_id = ?",
                              [late.article_id]).fetchall()
    assert anchor == [(LATE_FETCH.date(),)]
    copy = stored_article("http://mirror.test/story/7", story(7) + " Shared from our partners.", "Mirror",
                          original.published_at + timedelta(hours=1))
    assert lake.load_articles("run-new", [copy]).duplicates == 1
    assert lake.con.execute("SELECT duplicate_of FROM articles WHERE url = ?", [copy.url]).fetchone()[0] == \
        original.article_id


def test_articles_the_lake_holds_keep_their_own_claims(old_file, lake):
    first, _ = old_articles()[0]
    lake.load_articles("run-lake", [replace(first, claims=[])])
    with pytest.raises(MigrationMismatch, match=r"claims: 4 in newsclaims.duckdb, 2 in the lake"):
        migrate_store(old_file, lake)
    held = lake.con.execute("SELECT count(*) FROM articles WHERE canonical_url = ?", [first.canonical_url]).fetchone()
    assert held == (1,)
    assert lake_rows(lake)["feed_polls"] > 0  # the rest moved and committed


def test_a_claim_without_its_article_is_reported(tmp_path, lake):
    old = write_old_warehouse(tmp_path / "old.duckdb")
    with duckdb.connect(str(old)) as con:
        con.execute("INSERT INTO claims SELECT 'gone:0', 'gone', seq, text, claimant, cue, claimed_on,"
                    " claimed_on_precision, mentioned_dates, quantities, checkworthiness, start_char, end_char"
                    " FROM claims LIMIT 1")
    with pytest.raises(MigrationMismatch, match=r"claims: 5 in old.duckdb, 4 in the lake"):
        migrate_store(old, lake)


def test_refuses_what_is_not_an_old_warehouse(tmp_path, lake):
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 10)
    with pytest.raises(ValueError, match="not a single-file DuckDB warehouse"):
        migrate_store(text, lake)
    with pytest.raises(ValueError, match="not a single-file DuckDB warehouse"):
        migrate_store(lake.location.local_catalog, lake)  # the lake's own SQLite catalog
    with pytest.raises(ValueError, match="no such file"):
        migrate_store(tmp_path / "missing.duckdb", lake)
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE stuff (x INTEGER)")
    with pytest.raises(ValueError, match="no articles table"):
        migrate_store(other, lake)
    assert lake_rows(lake) == dict.fromkeys(lake_rows(lake), 0)
    assert attached(lake) == {"lake", "memory", "system", "temp"}
