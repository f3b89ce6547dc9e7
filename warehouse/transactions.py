"""Lake transactions that retry when another writer committed first."""

from __future__ import annotations

import random
import time
from typing import Callable, TypeVar

import duckdb

T = TypeVar("T")

# What DuckLake says when another writer's commit got in first: a logical conflict on the Postgres
# catalog, a lock or a stale snapshot on the SQLite one.
CONFLICT_MARKERS = ("conflict", "database is locked", "could not serialize", "failed to commit ducklake")


class CommitConflict(RuntimeError):
    """Every attempt to commit lost to another writer."""


def is_conflict(error: BaseException) -> bool:
    return isinstance(error, duckdb.Error) and any(m in str(error).lower() for m in CONFLICT_MARKERS)


def in_transaction(con: duckdb.DuckDBPyConnection, work: Callable[[], T], attempts: int = 12,
                   backoff: float = 0.05, on_retry: Callable[[int, BaseException], None] | None = None,
                   retryable: Callable[[BaseException], bool] = is_conflict) -> T:
    """Run ``work`` in one transaction; on a commit conflict roll back and run it again from the start.

    ``work`` must read what it depends on inside the transaction: a retry sees the other writer's rows.
    Waits grow exponentially with jitter, so writers that collided do not collide again in step.
    ``retryable`` decides which errors mean another writer got in the way (by default, commit conflicts).
    """
    for attempt in range(1, attempts + 1):
        con.begin()
        try:
            result = work()
            con.commit()
            return result
        except BaseException as error:  # a stop signal too: nothing half-written stays open
            try:
                con.rollback()
            except duckdb.Error:
                pass  # a failed COMMIT has already ended the transaction
            if not isinstance(error, Exception) or not retryable(error):
                raise
            if attempt == attempts:
                raise CommitConflict(f"gave up after {attempts} conflicting commits: {error}") from error
            if on_retry:
                on_retry(attempt, error)
            time.sleep(backoff * 2 ** min(attempt - 1, 6) * (0.5 + random.random()))
    raise AssertionError("unreachable")
