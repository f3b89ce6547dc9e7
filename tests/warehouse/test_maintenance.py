"""Lake maintenance on real lakes: fewer files, the same rows, time travel inside the retention only."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from extractors.records import Article, Claim, Quantity
from flows.config import load_settings
from tests.topology.processes import wait_for
from tests.warehouse.stories import stored_article, story
from warehouse.lake import LakeLocation, connect, lake_location
from warehouse.maintenance import maintain_lake
from warehouse.store import LoadResult, Warehouse

TABLES = ("articles", "dedup_keys", "claims", "claim_quantities", "run_log", "load_fence", "schema_migrations")
# Enough articles that a load writes Parquet files rather than inlining its rows in the catalog.
PER_LOAD = 12
MIN_WRITER_LOADS, MAX_WRITER_LOADS = 10, 80


def claimed_story(n: int) -> Article:
    text = story(n)
    claim = Claim(text=text[:90], claimant="Synthetic Times", cue="said", claimed_on=date(2025, 3, 12),
                  claimed_on_precision="day", quantities=[Quantity(float(n), "soldiers", None, f"{n} soldiers")])
    return replace(stored_article(f"http://news.test/story/{n}", text, f"Story {n}"), claims=[claim])


def load_run(warehouse: Warehouse, run_id: str, first: int, loads: int) -> list[int]:
    """One run of ``loads`` commits of new stories; returns the snapshot after each commit."""
    warehouse.start_run(run_id)
    snapshots = []
    for start in range(first, first + loads * PER_LOAD, PER_LOAD):
        warehouse.load_articles(run_id, [claimed_story(n) for n in range(start, start + PER_LOAD)])
        snapshots.append(warehouse.snapshot_id())
    warehouse.finish_run(run_id, "completed", 1, loads * PER_LOAD, LoadResult(new_articles=loads * PER_LOAD))
    return snapshots


def contents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Each table's row count and an order-free checksum of its rows."""
    return {table: con.execute(f"SELECT count(*), coalesce(sum(hash(r)), 0) FROM {table} AS r").fetchone()
            for table in TABLES}


def contents_at(location: LakeLocation, snapshot: int) -> dict[str, tuple[int, int]]:
    with connect(location, read_only=True, snapshot=snapshot) as con:
        return contents(con)


def parquet_on_disk(location: LakeLocation) -> set[Path]:
    return set(Path(location.data_path).rglob("*.parquet"))


def live_files(con: duckdb.DuckDBPyConnection) -> set[Path]:
    tables = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'lake'")
              .fetchall()]
    found = set()
    for table in tables:
        for data, delete in con.execute(
                "SELECT data_file, delete_file FROM ducklake_list_files('lake', ?)", [table]).fetchall():
            found.update(Path(f) for f in (data, delete) if f)
    return found


def test_merging_leaves_fewer_files_the_same_rows_and_time_travel_intact(db_path):
    location = lake_location(db_path)
    with Warehouse(location) as warehouse:
        snapshots = load_run(warehouse, "run-1", 0, 25)
        rows = contents(warehouse.con)
        replaced = parquet_on_disk(location)
        first = maintain_lake(warehouse, retention_days=30)
        assert contents(warehouse.con) == rows
        merged_live = live_files(warehouse.con)

    assert first.files_before >= 2 * 25  # every load wrote articles and dedup_keys files at least
    assert first.files_after < first.files_before and first.files_after == len(merged_live) <= len(TABLES)
    assert first.merged_files >= 2 * 25 and first.expired_snapshots == 0
    assert first.snapshots_after > first.snapshots_before  # merging commits; it expires nothing young
    # The replaced files stay on storage for the grace period: a query begun before the merge reads them.
    assert replaced <= parquet_on_disk(location) and first.deleted_files == 0
    assert first.stored_files_after == len(parquet_on_disk(location)) > first.stored_files_before
    middle = contents_at(location, snapshots[12])
    assert middle["articles"][0] == 13 * PER_LOAD

    with Warehouse(location) as warehouse:
        second = maintain_lake(warehouse, retention_days=30, file_grace=timedelta(0))
        assert contents(warehouse.con) == rows
    on_disk = parquet_on_disk(location)
    assert second.deleted_files >= first.merged_files
    # Of the files the first merge replaced, only load_fence's stay: retained snapshots still read them.
    assert all(path.parent.name == "load_fence" for path in replaced & on_disk)
    # What stays beside the live files are those older snapshots still read (load_fence's rewritten rows).
    assert merged_live <= on_disk and second.stored_files_after == len(on_disk) < first.stored_files_before
    assert second.stored_bytes_after < first.stored_bytes_before
    # Merged files keep each row's snapshot, so every snapshot in the retention still reads as it did.
    assert contents_at(location, snapshots[12]) == middle
    assert contents_at(location, snapshots[0])["articles"][0] == PER_LOAD


def test_snapshots_older_than_the_retention_expire_and_younger_ones_still_open(db_path):
    location = lake_location(db_path)
    with Warehouse(location) as warehouse:
        load_run(warehouse, "old-run", 0, 4)
        time.sleep(0.5)
        boundary = datetime.now(timezone.utc)
        time.sleep(0.5)
        young = load_run(warehouse, "young-run", 1000, 4)
        rows = contents(warehouse.con)
        runs = dict(warehouse.con.execute("SELECT run_id, snapshot_id FROM ingest_runs").fetchall())
        taken = dict(warehouse.con.execute("SELECT snapshot_id, snapshot_time FROM lake.snapshots()").fetchall())
        as_young_run_began = contents_at(location, young[0])

        retention_days = (datetime.now(timezone.utc) - boundary) / timedelta(days=1)
        report = maintain_lake(warehouse, retention_days)
        kept = {row[0] for row in warehouse.con.execute("SELECT snapshot_id FROM lake.snapshots()").fetchall()}
        assert contents(warehouse.con) == rows

    older = {s for s, at in taken.items() if at < boundary}
    assert report.expired_snapshots == len(older) and not (older & kept)
    assert {s for s in taken if s not in older} <= kept
    # The documented trade-off: a run older than the retention keeps its record, not its time travel.
    with pytest.raises(duckdb.Error, match="No snapshot"):
        connect(location, read_only=True, snapshot=runs["old-run"])
    as_young_run_ended = contents_at(location, runs["young-run"])
    assert as_young_run_ended["articles"] == rows["articles"]  # everything but the run's own final record
    assert contents_at(location, young[0]) == as_young_run_began

    with Warehouse(location) as warehouse:
        maintain_lake(warehouse, retention_days=0)
        everything = maintain_lake(warehouse, retention_days=0)
        assert contents(warehouse.con) == rows
    assert everything.snapshots_after == 1  # the latest snapshot is never expired


def test_orphaned_files_past_the_grace_are_deleted_and_fresh_ones_kept(db_path):
    location = lake_location(db_path)
    with Warehouse(location) as warehouse:
        load_run(warehouse, "run-1", 0, 2)
    folder = Path(location.data_path) / "main" / "articles"
    written = next(folder.glob("*.parquet"))
    # A writer that crashed two hours ago between writing its file and committing it, and one writing now.
    crashed, in_flight = folder / "ducklake-crashed.parquet", folder / "ducklake-in-flight.parquet"
    shutil.copy(written, crashed)
    shutil.copy(written, in_flight)
    two_hours_ago = time.time() - 7200
    os.utime(crashed, (two_hours_ago, two_hours_ago))

    with Warehouse(location) as warehouse:
        rows = contents(warehouse.con)
        report = maintain_lake(warehouse, retention_days=30)
        assert contents(warehouse.con) == rows
    assert report.orphaned_files == 1 and not crashed.exists() and in_flight.exists()


def test_a_writer_loads_while_maintenance_runs_again_and_again(db_path, tmp_path):
    location = lake_location(db_path)
    stop, results = tmp_path / "stop", tmp_path / "maintenance.json"

    def passes_begun_since(moment: float) -> int:
        return sum(1 for r in json.loads(results.read_text()) if r["started"] >= moment)

    with Warehouse(location) as warehouse:
        load_run(warehouse, "run-0", 0, 5)
        # Retention 0, the harshest: every snapshot but the latest expires while the writer commits.
        maintainer = subprocess.Popen([sys.executable, "-m", "tests.warehouse.maintainer_process", str(db_path),
                                       "0", str(stop), str(results)])
        try:
            assert wait_for(results.exists, 60, "the first maintenance pass")
            started, loads = time.time(), 0
            # Load until whole maintenance passes have run between the writer's commits.
            while loads < MIN_WRITER_LOADS or (passes_begun_since(started) < 2 and loads < MAX_WRITER_LOADS):
                first = 10_000 + loads * PER_LOAD
                # An exception here would be a chunk lost to maintenance.
                warehouse.load_articles("run-1", [claimed_story(n) for n in range(first, first + PER_LOAD)])
                loads += 1
            finished = time.time()
        finally:
            stop.touch()
            assert maintainer.wait(120) == 0
        rows = contents(warehouse.con)

    reports = json.loads(results.read_text())
    during = [r for r in reports if r["started"] < finished and r["finished"] > started]
    assert len(during) >= 2
    assert sum(r["merged_files"] for r in during) > 0 and sum(r["expired_snapshots"] for r in during) > 0
    articles = [claimed_story(n) for n in [*range(5 * PER_LOAD), *range(10_000, 10_000 + loads * PER_LOAD)]]
    with connect(location, read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles").fetchone() == (
            len(articles), len(articles))
        assert con.execute("SELECT count(*) FROM dedup_keys").fetchone()[0] == sum(
            len(a.blocking_keys) for a in articles)
        assert rows["claims"][0] == rows["claim_quantities"][0] == len(articles)


def test_maintenance_on_a_postgres_catalog_with_files_in_object_storage(postgres, s3_server, tmp_path):
    bucket = s3_server.new_bucket()
    environ = {"NEWSCLAIMS_DB": postgres.new_database(), "NEWSCLAIMS_DATA_PATH": f"s3://{bucket}/lake/",
               **s3_server.environment()}
    location = load_settings(tmp_path / "absent.toml", environ=environ).lake()
    with Warehouse(location) as warehouse:
        snapshots = load_run(warehouse, "run-1", 0, 8)
        rows = contents(warehouse.con)
        report = maintain_lake(warehouse, retention_days=30, file_grace=timedelta(0))
        assert contents(warehouse.con) == rows
    with urllib.request.urlopen(f"http://{s3_server.endpoint}/{bucket}?list-type=2", timeout=10) as response:
        keys = re.findall(r"<Key>([^<]+\.parquet)</Key>", response.read().decode())
    assert report.files_after < report.files_before and report.stored_files_after < report.stored_files_before
    assert report.stored_files_after == len(keys)
    assert contents_at(location, snapshots[3])["articles"][0] == 4 * PER_LOAD


def test_compaction_as_runs_go_merges_small_files_and_keeps_every_row(db_path):
    from warehouse.maintenance import compact_lake

    with Warehouse(db_path) as warehouse:
        load_run(warehouse, "run-1", 0, 12)
        rows = contents(warehouse.con)
        before = warehouse.con.execute("SELECT count(*) FROM ducklake_list_files('lake', 'articles')").fetchone()[0]
        merged = compact_lake(warehouse)
        after = warehouse.con.execute("SELECT count(*) FROM ducklake_list_files('lake', 'articles')").fetchone()[0]
        assert contents(warehouse.con) == rows
    assert before == 12 and after == 1 and merged >= 12
