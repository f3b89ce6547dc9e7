"""Settings from newsclaims.toml, overridden by NEWSCLAIMS_* environment variables."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from flows.publish import analyst_path_beside

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG_FILE = PROJECT_ROOT / "newsclaims.toml"
USER_AGENT = "newsclaims/0.1 (+https://github.com/newsclaims/newsclaims; news claims research crawler)"


@dataclass(frozen=True)
class FetchConfig:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 0.5
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Settings:
    db_path: Path = PROJECT_ROOT / "data" / "newsclaims.duckdb"
    analyst_db_path: Path | None = None
    feeds_file: Path = PROJECT_ROOT / "feeds.toml"
    chunk_size: int = 25
    workers: int = max(1, os.cpu_count() or 1)
    interval_seconds: int = 900
    fetch: FetchConfig = field(default_factory=FetchConfig)

    @property
    def analyst_path(self) -> Path:
        """The analysts' published copy, beside the flows' own database unless configured."""
        return self.analyst_db_path or analyst_path_beside(self.db_path)


ENVIRONMENT = {
    "NEWSCLAIMS_DB": ("db_path", Path),
    "NEWSCLAIMS_ANALYST_DB": ("analyst_db_path", Path),
    "NEWSCLAIMS_FEEDS": ("feeds_file", Path),
    "NEWSCLAIMS_CHUNK_SIZE": ("chunk_size", int),
    "NEWSCLAIMS_WORKERS": ("workers", int),
    "NEWSCLAIMS_INTERVAL_SECONDS": ("interval_seconds", int),
}
FETCH_ENVIRONMENT = {
    "NEWSCLAIMS_CONNECT_TIMEOUT": ("connect_timeout", float),
    "NEWSCLAIMS_READ_TIMEOUT": ("read_timeout", float),
    "NEWSCLAIMS_MAX_BYTES": ("max_bytes", int),
    "NEWSCLAIMS_RETRIES": ("retries", int),
}


def load_settings(config_file: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the config file's [newsclaims] and [fetch] tables, then the environment."""
    environ = os.environ if environ is None else environ
    path = Path(config_file or environ.get("NEWSCLAIMS_CONFIG") or DEFAULT_CONFIG_FILE)
    settings, fetch = Settings(), FetchConfig()
    if path.is_file():
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        settings = _apply(settings, document.get("newsclaims", {}), path.parent)
        fetch = replace(fetch, **document.get("fetch", {}))
    for variable, (name, kind) in ENVIRONMENT.items():
        if environ.get(variable):
            settings = replace(settings, **{name: kind(environ[variable])})
    for variable, (name, kind) in FETCH_ENVIRONMENT.items():
        if environ.get(variable):
            fetch = replace(fetch, **{name: kind(environ[variable])})
    return replace(settings, fetch=fetch)


def _apply(settings: Settings, table: dict, base: Path) -> Settings:
    # Paths in the config file are relative to the file, so the project works from any directory.
    paths = {"db_path", "analyst_db_path", "feeds_file"}
    unknown = set(table) - {f for f in Settings.__dataclass_fields__ if f != "fetch"}
    if unknown:
        raise ValueError(f"unknown settings in config file: {sorted(unknown)}")
    values = {key: (base / value if key in paths else value) for key, value in table.items()}
    return replace(settings, **values)
