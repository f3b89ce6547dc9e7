"""Versioned schema migrations: numbered SQL files applied once each, in order."""

from __future__ import annotations

import re
from importlib import resources

import duckdb

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
    """Bring the schema up to date; return the versions applied now."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    done = []
    for version, name, sql in available_migrations():
        if version in applied:
            continue
        con.begin()
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name]
            )
            con.commit()
        except Exception:
            con.rollback()
            raise
        done.append(version)
    return done


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The newest migration applied to this database (0 for a new one)."""
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0])
