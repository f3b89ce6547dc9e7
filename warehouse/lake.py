"""Where the warehouse lives and how to open it: a DuckLake catalog (SQLite or PostgreSQL) plus Parquet files."""

from __future__ import annotations

import random
import shlex
import sqlite3
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import duckdb

LAKE = "lake"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
# The first bytes of a single-file DuckDB database: its header holds this magic at offset 8.
DUCKDB_MAGIC = b"DUCK"
# Packages whose signed extension files ship on PyPI; postgres is loaded by its entry point's name.
EXTENSION_PACKAGES = {
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
    "httpfs": "duckdb_extension_httpfs",
    "parquet": "duckdb_extension_parquet",
}
NO_DOWNLOADS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


SQLITE_MAGIC = b"SQLite format 3\x00"


class LakeError(RuntimeError):
    """The warehouse cannot be opened as named (wrong kind of file, missing extension, bad URL)."""


@dataclass(frozen=True)
class S3Config:
    endpoint: str | None = None
    region: str | None = None
    key_id: str | None = None
    secret: str | None = None
    url_style: str | None = None
    use_ssl: bool = True

    def secret_sql(self) -> str:
        options = {"TYPE": "s3", "REGION": self.region, "KEY_ID": self.key_id, "SECRET": self.secret,
                   "ENDPOINT": self.endpoint, "URL_STYLE": self.url_style}
        parts = [f"{key} {value if key == 'TYPE' else sql_literal(value)}" for key, value in options.items() if value]
        parts.append(f"USE_SSL {'true' if self.use_ssl else 'false'}")
        return f"CREATE OR REPLACE SECRET newsclaims_s3 ({', '.join(parts)})"


@dataclass(frozen=True)
class LakeLocation:
    """A warehouse: ``name`` is what the operator wrote (a path, or a PostgreSQL URL shown without its password)."""

    name: str
    catalog: str
    data_path: str | None
    s3: S3Config | None = None

    @property
    def is_postgres(self) -> bool:
        return self.catalog.startswith("postgres:")

    @property
    def local_catalog(self) -> Path | None:
        return None if self.is_postgres else Path(self.catalog.removeprefix("sqlite:"))

    @property
    def scratch_dir(self) -> Path | None:
        """A folder beside an embedded lake for short-lived staging files; None means the system's."""
        return self.local_catalog.parent if self.local_catalog else None

    def exists(self) -> bool:
        return self.is_postgres or self.local_catalog.exists()

    def attach_sql(self, read_only: bool = False, snapshot: int | None = None, alias: str = LAKE) -> str:
        options = []
        if self.data_path and not read_only:
            options.append(f"DATA_PATH {sql_literal(self.data_path)}")
        if not read_only:
            # No inlined rows: DuckLake keeps them in one catalog table per schema version of a table, and
            # after an ALTER (a migration) maintenance's flush drops the old one under sessions that still
            # read it ("ducklake_inlined_data_11_1 does not exist"). Rows go to Parquet files instead, which
            # runs and maintenance compact.
            options.append("DATA_INLINING_ROW_LIMIT 0")
        if read_only:
            options.append("READ_ONLY")
        if snapshot is not None:
            options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
        suffix = f" ({', '.join(options)})" if options else ""
        return f"ATTACH {sql_literal('ducklake:' + self.catalog)} AS {alias}{suffix}"

    def session_sql(self, read_only: bool = False, snapshot: int | None = None) -> list[str]:
        """Every statement that turns a fresh DuckDB session into one on this lake, in the lake's schema."""
        statements = [f"SET {name} = false" for name in NO_DOWNLOADS]
        statements += [f"LOAD {sql_literal(path)}" for path in extension_files(self).values()]
        if self.s3:
            statements.append(self.s3.secret_sql())
        statements += [self.attach_sql(read_only, snapshot), f"USE {LAKE}"]
        return statements


def redacted(db: str) -> str:
    """``db`` without the password of a PostgreSQL URL, fit for logs, run records and the Prefect UI."""
    if not db.startswith(POSTGRES_SCHEMES):
        return db
    parts = urlsplit(db)
    if parts.password is None:
        return db
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}@{host}"))


def lake_location(name: str | Path, data_path: str | None = None, s3: S3Config | None = None) -> LakeLocation:
    """The lake that ``name`` names: a PostgreSQL URL, or the path of an embedded lake's SQLite catalog.

    An embedded lake keeps its Parquet files in the folder beside the catalog, ``<name>.files/``,
    unless ``data_path`` (a folder or an ``s3://`` prefix) says otherwise.
    """
    text = str(name)
    needs_s3 = bool(data_path and data_path.startswith("s3://"))
    if text.startswith(POSTGRES_SCHEMES):
        return LakeLocation(redacted(text), "postgres:" + text, data_path, s3 if needs_s3 else None)
    path = Path(text).expanduser().resolve()
    if path.is_dir():
        raise LakeError(f"{path} is a folder; --db names the lake's catalog file, e.g. {path / 'newsclaims.ducklake'}")
    if is_duckdb_file(path):
        raise LakeError(f"{path} is a single-file DuckDB warehouse, not a lake; move it into one with "
                        f"`newsclaims migrate-store {path}`")
    if is_foreign_file(path):
        # Opened as it is, DuckLake would fail half-way, or turn an empty file into a new catalog.
        raise LakeError(f"{path} is not a lake catalog (not an SQLite database): a damaged or foreign file. "
                        f"Nothing was written to it; restore it from a backup, or name another path with --db")
    if not data_path:
        data_path = str(path.with_name(path.name + ".files")) + "/"
    return LakeLocation(str(path), f"sqlite:{path}", data_path, s3 if needs_s3 else None)


def is_foreign_file(path: Path) -> bool:
    """Whether ``path`` exists with content but is not an SQLite database (an empty file is a new catalog)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return bool(head) and head != SQLITE_MAGIC


def is_duckdb_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


def extension_files(location: LakeLocation | None = None) -> dict[str, str]:
    """Paths of the packaged extension files this lake needs, keyed by extension name."""
    wanted = ["ducklake", "postgres_scanner" if location and location.is_postgres else "sqlite_scanner"]
    if location and location.s3:
        wanted.append("httpfs")
    return {name: str(_extension_file(name)) for name in wanted}


def _extension_file(name: str) -> Path:
    package = EXTENSION_PACKAGES[name]
    version = duckdb.__version__
    try:
        files = metadata.files(package) or []
    except metadata.PackageNotFoundError:
        raise LakeError(f"the {package} package is not installed (pip install {package}=={version})") from None
    for file in files:
        if file.name.endswith(".duckdb_extension") and f"v{version}" in str(file):
            return Path(file.locate())
    raise LakeError(f"{package} has no extension file for DuckDB {version}")


def connect(location: LakeLocation, read_only: bool = False, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session with the lake attached as ``lake`` and selected; nothing is downloaded."""
    if not read_only:
        prepare_catalog(location)
    elif not location.exists():
        raise LakeError(f"no warehouse at {location.name} yet; run `newsclaims ingest` first")
    con = duckdb.connect(config=dict(NO_DOWNLOADS))
    try:
        for statement in location.session_sql(read_only, snapshot):
            if statement.startswith("ATTACH"):
                _attach(con, statement)
            else:
                con.execute(statement)
    except Exception:
        con.close()
        raise
    return con


def _attach(con: duckdb.DuckDBPyConnection, statement: str, attempts: int = 20) -> None:
    # Two processes opening a new lake at once both try to create its catalog tables; DuckLake does
    # that in one catalog transaction, so the loser can simply attach again and find them made.
    for attempt in range(1, attempts + 1):
        try:
            con.execute(statement)
            return
        except duckdb.Error as error:
            message = str(error).lower()
            if "data_path is not set" in message:
                raise LakeError("a new lake on a PostgreSQL catalog needs to know where its Parquet files go: "
                                "set data_path (NEWSCLAIMS_DATA_PATH) to a shared folder or an s3:// prefix") from None
            racing = any(m in message for m in ("database is locked", "already exists", "duplicate key", "conflict"))
            if not racing or attempt == attempts:
                raise
            time.sleep(0.05 * attempt * (0.5 + random.random()))


def prepare_catalog(location: LakeLocation) -> None:
    """Create an embedded lake's folders and put its SQLite catalog in WAL mode.

    In SQLite's default journal mode a reader blocks a committing writer; in WAL mode readers never
    do, which is what lets analysts keep sessions open while runs commit.
    """
    catalog = location.local_catalog
    if catalog is None:
        return
    catalog.parent.mkdir(parents=True, exist_ok=True)
    if location.data_path and "://" not in location.data_path:
        Path(location.data_path).mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(catalog) as db:
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")


def cli_command(location: LakeLocation, duckdb_cli: str, snapshot: int | None = None) -> str:
    """A shell command that opens an interactive read-only DuckDB CLI session on the lake."""
    setup = "; ".join(location.session_sql(read_only=True, snapshot=snapshot)) + ";"
    return f"{shlex.quote(duckdb_cli)} -cmd {shlex.quote(setup)}"


def python_expression(location: LakeLocation) -> str:
    """A Python expression that, with ``duckdb`` imported, is a read-only connection on the lake."""
    setup = "; ".join(location.session_sql(read_only=True))
    return f"duckdb.connect(config={NO_DOWNLOADS!r}).execute({setup!r})"


def sql_literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"
