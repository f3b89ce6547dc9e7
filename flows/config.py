"""Settings from newsclaims.toml, overridden by NEWSCLAIMS_* environment variables."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from flows.destinations import parse_networks
from warehouse.lake import POSTGRES_SCHEMES, LakeLocation, S3Config, lake_location, redacted

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG_FILE = PROJECT_ROOT / "newsclaims.toml"
USER_AGENT = "newsclaims/0.1 (+https://github.com/newsclaims/newsclaims; news claims research crawler)"


@dataclass(frozen=True)
class FetchConfig:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 0.5
    concurrency: int = 32
    per_host_concurrency: int = 2
    per_host_delay: float = 0.0
    max_retry_after: float = 120.0
    respect_robots: bool = True
    robots_ttl: float = 3600.0
    # Loopback, private, link-local … networks the fetcher may reach (CIDRs); none by default, because
    # feeds written by strangers must not reach services inside the operator's network.
    allow_private_networks: tuple[str, ...] = ()
    max_item_attempts: int = 5
    item_retry_backoff: float = 1800.0
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class FeedsConfig:
    """Adaptive polling: each feed's interval moves between these bounds (seconds)."""

    min_interval: float = 300.0
    max_interval: float = 86400.0


@dataclass(frozen=True)
class Settings:
    db: str = str(PROJECT_ROOT / "data" / "newsclaims.ducklake")
    data_path: str | None = None
    feeds_file: Path = PROJECT_ROOT / "feeds.toml"
    chunk_size: int = 25
    workers: int = max(1, os.cpu_count() or 1)
    interval_seconds: int = 900
    dedup_window_days: int = 7
    compact_every_chunks: int = 40
    stale_run_hours: float = 6.0
    snapshot_retention_days: int = 30
    maintain_interval_seconds: int = 86400
    fetch: FetchConfig = field(default_factory=FetchConfig)
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    s3: S3Config = field(default_factory=S3Config)

    def lake(self, db: str | None = None) -> LakeLocation:
        """The warehouse ``db`` names (default: this configuration's).

        A PostgreSQL URL without its password (as deployments carry it) takes the configured one's.
        """
        return lake_location(with_password(db, self.db) if db else self.db, self.data_path, self.s3)


ENVIRONMENT = {
    "NEWSCLAIMS_DB": ("db", str),
    "NEWSCLAIMS_DATA_PATH": ("data_path", str),
    "NEWSCLAIMS_FEEDS": ("feeds_file", Path),
    "NEWSCLAIMS_CHUNK_SIZE": ("chunk_size", int),
    "NEWSCLAIMS_WORKERS": ("workers", int),
    "NEWSCLAIMS_INTERVAL_SECONDS": ("interval_seconds", int),
    "NEWSCLAIMS_DEDUP_WINDOW_DAYS": ("dedup_window_days", int),
    "NEWSCLAIMS_COMPACT_EVERY_CHUNKS": ("compact_every_chunks", int),
    "NEWSCLAIMS_STALE_RUN_HOURS": ("stale_run_hours", float),
    "NEWSCLAIMS_SNAPSHOT_RETENTION_DAYS": ("snapshot_retention_days", int),
    "NEWSCLAIMS_MAINTAIN_INTERVAL_SECONDS": ("maintain_interval_seconds", int),
}
FETCH_ENVIRONMENT = {
    "NEWSCLAIMS_CONNECT_TIMEOUT": ("connect_timeout", float),
    "NEWSCLAIMS_READ_TIMEOUT": ("read_timeout", float),
    "NEWSCLAIMS_MAX_BYTES": ("max_bytes", int),
    "NEWSCLAIMS_RETRIES": ("retries", int),
    "NEWSCLAIMS_TOTAL_TIMEOUT": ("total_timeout", float),
    "NEWSCLAIMS_CONCURRENCY": ("concurrency", int),
    "NEWSCLAIMS_PER_HOST_CONCURRENCY": ("per_host_concurrency", int),
    "NEWSCLAIMS_PER_HOST_DELAY": ("per_host_delay", float),
    "NEWSCLAIMS_RESPECT_ROBOTS": ("respect_robots", lambda v: v.strip().lower() not in ("0", "false", "no")),
    "NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS": ("allow_private_networks", lambda v: tuple(v.split(","))),
    "NEWSCLAIMS_MAX_ITEM_ATTEMPTS": ("max_item_attempts", int),
    "NEWSCLAIMS_ITEM_RETRY_BACKOFF": ("item_retry_backoff", float),
}
FEEDS_ENVIRONMENT = {
    "NEWSCLAIMS_FEEDS_MIN_INTERVAL": ("min_interval", float),
    "NEWSCLAIMS_FEEDS_MAX_INTERVAL": ("max_interval", float),
}
# The AWS names are what every S3 tool reads, so an operator's existing credentials work unchanged.
S3_ENVIRONMENT = {
    "NEWSCLAIMS_S3_ENDPOINT": ("endpoint", str),
    "NEWSCLAIMS_S3_REGION": ("region", str),
    "AWS_REGION": ("region", str),
    "NEWSCLAIMS_S3_KEY_ID": ("key_id", str),
    "AWS_ACCESS_KEY_ID": ("key_id", str),
    "NEWSCLAIMS_S3_SECRET": ("secret", str),
    "AWS_SECRET_ACCESS_KEY": ("secret", str),
    "NEWSCLAIMS_S3_URL_STYLE": ("url_style", str),
    "NEWSCLAIMS_S3_USE_SSL": ("use_ssl", lambda v: v.strip().lower() not in ("0", "false", "no")),
}


def load_settings(config_file: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the config file's [newsclaims], [fetch] and [s3] tables, then the environment."""
    environ = os.environ if environ is None else environ
    path = Path(config_file or environ.get("NEWSCLAIMS_CONFIG") or DEFAULT_CONFIG_FILE)
    settings, fetch, feeds, s3 = Settings(), FetchConfig(), FeedsConfig(), S3Config()
    if path.is_file():
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        settings = _apply(settings, document.get("newsclaims", {}), path.parent)
        fetch = replace(fetch, **document.get("fetch", {}))
        feeds = replace(feeds, **document.get("feeds", {}))
        s3 = replace(s3, **document.get("s3", {}))
    settings = _environment(settings, ENVIRONMENT, environ)
    fetch = _environment(fetch, FETCH_ENVIRONMENT, environ)
    fetch = replace(fetch, allow_private_networks=tuple(
        str(network) for network in parse_networks(fetch.allow_private_networks)))
    feeds = _environment(feeds, FEEDS_ENVIRONMENT, environ)
    s3 = _environment(s3, S3_ENVIRONMENT, environ)
    return replace(settings, fetch=fetch, feeds=feeds, s3=s3)


def _environment(config, variables: dict, environ) -> object:
    # Earlier names in the table win over later ones (NEWSCLAIMS_S3_KEY_ID over AWS_ACCESS_KEY_ID).
    for variable, (name, kind) in reversed(variables.items()):
        if environ.get(variable):
            config = replace(config, **{name: kind(environ[variable])})
    return config


def _apply(settings: Settings, table: dict, base: Path) -> Settings:
    # Paths in the config file are relative to the file, so the project works from any directory.
    unknown = set(table) - {f for f in Settings.__dataclass_fields__ if f not in ("fetch", "feeds", "s3")}
    if unknown:
        raise ValueError(f"unknown settings in config file: {sorted(unknown)}")
    values = dict(table)
    if "feeds_file" in values:
        values["feeds_file"] = base / values["feeds_file"]
    for key in ("db", "data_path"):
        if key in values and not _is_url(values[key]):
            values[key] = str(base / values[key]) + ("/" if values[key].endswith("/") else "")
    return replace(settings, **values)


def _is_url(value: str) -> bool:
    return value.startswith(POSTGRES_SCHEMES) or "://" in value


def with_password(db: str, configured: str) -> str:
    """``db``, with the password of ``configured`` when both name the same PostgreSQL user and database."""
    if not (db.startswith(POSTGRES_SCHEMES) and configured.startswith(POSTGRES_SCHEMES)):
        return db
    if urlsplit(db).password is None and redacted(configured) == db:
        return configured
    return db
