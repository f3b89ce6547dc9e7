"""Lake upkeep: merge small Parquet files, expire old snapshots, delete the files nothing needs."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

import duckdb

from warehouse.lake import LAKE
from warehouse.store import Warehouse
from warehouse.transactions import in_transaction, is_conflict

# Files that merging or expiry set aside stay on storage at least this long: a query or load that
# began before the merge may still be scanning them. Untracked files younger than this may be a
# writer's Parquet files that are not committed yet, not orphans. Loads and queries take seconds.
DEFAULT_FILE_GRACE = timedelta(hours=1)
EXPIRE_BATCH = 1000
# Besides commit conflicts, what concurrent writers do to a maintenance step: a catalog lock met inside
# the step's own writes aborts its transaction, and a writer whose commit lost deletes its new Parquet
# files while a step is listing the data folder.
INTERRUPTIONS = ("transaction is aborted", "no such file or directory")


@dataclass(frozen=True)
class LakeFiles:
    """Parquet files the latest snapshot reads (``live``), all those on storage, and snapshots kept."""

    live_files: int
    live_bytes: int
    stored_files: int
    stored_bytes: int
    snapshots: int


@dataclass(frozen=True)
class MaintenanceReport:
    """One maintenance pass: ``files`` are those queries read, ``stored_files`` all those on storage."""

    files_before: int
    files_after: int
    bytes_before: int
    bytes_after: int
    stored_files_before: int
    stored_files_after: int
    stored_bytes_before: int
    stored_bytes_after: int
    snapshots_before: int
    snapshots_after: int
    flushed_rows: int
    merged_files: int
    rewritten_files: int
    expired_snapshots: int
    deleted_files: int
    orphaned_files: int
    conflicts_retried: int
    duration_s: float

    def as_dict(self) -> dict:
        return asdict(self)


def lake_files(con: duckdb.DuckDBPyConnection) -> LakeFiles:
    """Count the lake's Parquet files as its latest snapshot lists them and as storage holds them."""
    def read() -> LakeFiles:
        live = set()
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ?", [LAKE]).fetchall()
        for schema, table in tables:
            for data, data_size, delete, delete_size in con.execute(
                "SELECT data_file, data_file_size_bytes, delete_file, delete_file_size_bytes"
                " FROM ducklake_list_files(?, ?, schema => ?)", [LAKE, table, schema],
            ).fetchall():
                live.add((data, data_size))
                if delete:
                    live.add((delete, delete_size))
        data_path = con.execute("SELECT data_path FROM ducklake_settings(?)", [LAKE]).fetchone()[0]
        # read_blob reads a file's bytes only when its content column is asked for: here it lists.
        stored, stored_bytes = con.execute(
            "SELECT count(*), coalesce(sum(size), 0) FROM read_blob(?)", [data_path.rstrip("/") + "/**/*.parquet"]
        ).fetchone()
        snapshots = con.execute(f"SELECT count(*) FROM {LAKE}.snapshots()").fetchone()[0]
        return LakeFiles(len(live), sum(size or 0 for _, size in live), stored, int(stored_bytes), snapshots)

    return in_transaction(con, read, retryable=interrupted)  # every count from one snapshot of the catalog


def interrupted(error: BaseException) -> bool:
    """Whether a maintenance step failed only because a concurrent writer got in its way."""
    return is_conflict(error) or (isinstance(error, duckdb.Error)
                                  and any(m in str(error).lower() for m in INTERRUPTIONS))


def compact_lake(warehouse: Warehouse) -> int:
    """Merge adjacent small data files (what each load commit leaves); returns how many were merged.

    Every query a load makes opens each live file of the tables it reads, so a lake that only grows
    by small commits gets slower with every chunk until it is compacted; runs call this as they go.
    Files merged away stay on storage until ``maintain`` cleans up, so running queries keep them.
    """
    con = warehouse.con
    merged = in_transaction(con, lambda: con.execute("CALL ducklake_merge_adjacent_files(?)", [LAKE]).fetchall(),
                            retryable=interrupted)
    return sum(row[2] for row in merged)


def maintain_lake(warehouse: Warehouse, retention_days: float,
                  file_grace: timedelta = DEFAULT_FILE_GRACE) -> MaintenanceReport:
    """Flush inlined rows, merge small files, expire snapshots older than the retention, delete unneeded files.

    Time travel reaches back ``retention_days``: a run's ``snapshot_id`` in ``ingest_runs`` that is older
    than that no longer opens. The latest snapshot is never expired. Each step is its own commit, run
    again when a concurrent load commits first, so ingest runs may keep writing meanwhile. A
    ``file_grace`` of zero deletes every file set aside, and every untracked one, at once.
    """
    con = warehouse.con
    started = time.monotonic()
    now = datetime.now(timezone.utc)
    conflicts: list[BaseException] = []

    def conflicted(attempt: int, error: BaseException) -> None:
        conflicts.append(error)

    def call(function: str, *arguments) -> list[tuple]:
        return in_transaction(con, lambda: con.execute(f"CALL {function}", [LAKE, *arguments]).fetchall(),
                              on_retry=conflicted, retryable=interrupted)

    before = lake_files(con)
    # The order of DuckLake's CHECKPOINT: inlined rows become files that merging can then combine.
    flushed = call("ducklake_flush_inlined_data(?)")
    expired = expire_snapshots(con, now - timedelta(days=retention_days), conflicted)
    merged = call("ducklake_merge_adjacent_files(?)")
    rewritten = call("ducklake_rewrite_data_files(?)")
    if file_grace > timedelta(0):
        deleted = call("ducklake_cleanup_old_files(?, older_than => ?)", _end_of_previous_day(now - file_grace))
        orphaned = call("ducklake_delete_orphaned_files(?, older_than => ?)", now - file_grace)
    else:
        deleted = call("ducklake_cleanup_old_files(?, cleanup_all => true)")
        orphaned = call("ducklake_delete_orphaned_files(?, cleanup_all => true)")
    after = lake_files(con)

    return MaintenanceReport(
        files_before=before.live_files, files_after=after.live_files,
        bytes_before=before.live_bytes, bytes_after=after.live_bytes,
        stored_files_before=before.stored_files, stored_files_after=after.stored_files,
        stored_bytes_before=before.stored_bytes, stored_bytes_after=after.stored_bytes,
        snapshots_before=before.snapshots, snapshots_after=after.snapshots,
        flushed_rows=sum(row[2] for row in flushed),
        merged_files=sum(row[2] for row in merged),
        rewritten_files=sum(row[2] for row in rewritten),
        expired_snapshots=expired, deleted_files=len(deleted), orphaned_files=len(orphaned),
        conflicts_retried=len(conflicts),
        duration_s=round(time.monotonic() - started, 3),
    )


def expire_snapshots(con: duckdb.DuckDBPyConnection, before: datetime,
                     on_retry: Callable[[int, BaseException], None] | None = None) -> int:
    """Expire every snapshot taken before ``before`` except the latest; returns how many went.

    The snapshots are named by id because on a SQLite catalog ``older_than`` compares calendar days
    only: it would also expire the snapshots of the cutoff's day that are still inside the retention.
    """
    def expire_some() -> int:
        ids = [row[0] for row in con.execute(
            f"SELECT snapshot_id FROM {LAKE}.snapshots() WHERE snapshot_time < ?"
            f" AND snapshot_id < (SELECT max(snapshot_id) FROM {LAKE}.snapshots())"
            f" ORDER BY snapshot_id LIMIT ?", [before, EXPIRE_BATCH]).fetchall()]
        if ids:
            con.execute("CALL ducklake_expire_snapshots(?, versions => ?)", [LAKE, ids]).fetchall()
        return len(ids)

    expired = 0
    while True:
        done = in_transaction(con, expire_some, on_retry=on_retry, retryable=interrupted)
        expired += done
        if done < EXPIRE_BATCH:
            return expired


def _end_of_previous_day(moment: datetime) -> datetime:
    # cleanup_old_files on a SQLite catalog also compares calendar days: the last instant of the UTC
    # day before ``moment`` selects only files set aside before ``moment``, on either catalog.
    midnight = moment.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(microseconds=1)
