"""Versioned schema migrations: numbered SQL files applied once each, in order, safe to race."""

from __future__ import annotations

import re
from importlib import resources

import duckdb

from warehouse.transactions import in_transaction, is_conflict

MIGRATION_NAME = re.compile(r"^(\d+)_(\w+)\.sql$")


def available_migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with the package, oldest first."""
    found = []
    for entry in resources.files("warehouse.migrations").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Bring the lake's schema up to date; return the versions applied now.

    Each migration commits together with its schema_migrations row. When two writers open a new lake
    at once, one commit conflicts, is retried, and then finds the migration already applied.
    """
    pending = [m for m in available_migrations() if m[0] > schema_version(con)]
    done = []
    for version, name, sql in pending:
        def apply(version=version, name=name, sql=sql) -> bool:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER NOT NULL, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
            )
            if con.execute("SELECT count(*) FROM schema_migrations WHERE version = ?", [version]).fetchone()[0]:
                return False
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
            return True

        # A writer that began while another was creating the lake may not see the other's tables yet in
        # its first transaction ("Table with name ingest_errors does not exist"); starting the migration's
        # transaction again sees them, or sees it applied.
        if in_transaction(con, apply, retryable=lambda error: is_conflict(error) or
                          isinstance(error, duckdb.CatalogException)):
            done.append(version)
    return done


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The newest migration applied to this lake (0 for a new one)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
        " AND table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0])
