"""Settings from newsclaims.toml, overridden by NEWSCLAIMS_* environment variables."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from flows.destinations import parse_networks
from flows.validation import (ConfigError, at_least, check_value, describe, did_you_mean, field_kinds, not_empty,
                              one_of, parse_text, positive, read_toml)
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
    page_retention_days: int = 0  # kept raw pages older than this are dropped by maintain; 0 keeps them all
    maintain_interval_seconds: int = 86400
    fetch: FetchConfig = field(default_factory=FetchConfig)
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    s3: S3Config = field(default_factory=S3Config)

    def lake(self, db: str | None = None) -> LakeLocation:
        """The warehouse ``db`` names (default: this configuration's).

        A PostgreSQL URL without its password (as deployments carry it) takes the configured one's.
        """
        return lake_location(with_password(db, self.db) if db else self.db, self.data_path, self.s3)


# NEWSCLAIMS_* variables override the file: variable → (field, kind), as flows.validation.parse_text reads them.
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
    "NEWSCLAIMS_PAGE_RETENTION_DAYS": ("page_retention_days", int),
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
    "NEWSCLAIMS_RESPECT_ROBOTS": ("respect_robots", bool),
    "NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS": ("allow_private_networks", tuple),  # comma-separated
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
    "NEWSCLAIMS_S3_USE_SSL": ("use_ssl", bool),
}

# The config file's tables: table → (its dataclass, its environment variables).
SECTIONS = {
    "newsclaims": (Settings, ENVIRONMENT),
    "fetch": (FetchConfig, FETCH_ENVIRONMENT),
    "feeds": (FeedsConfig, FEEDS_ENVIRONMENT),
    "s3": (S3Config, S3_ENVIRONMENT),
}
_NESTED = ("fetch", "feeds", "s3")


def _networks(value: tuple[str, ...]) -> str | None:
    try:
        parse_networks(value)
    except ValueError as error:
        return str(error).removeprefix("allow_private_networks: ")
    return None


def _database(value: str) -> str | None:
    if not value.strip():
        return "must not be empty"
    if "://" in value and not value.startswith(POSTGRES_SCHEMES):
        return f"expected a path to the lake's catalog file or a postgresql:// URL, got {value!r}"
    if value.startswith(POSTGRES_SCHEMES) and not urlsplit(value).hostname:
        return "a postgresql:// URL needs a host, e.g. postgresql://user:password@host:5432/dbname"
    return None


# What a value must be beyond its type: field → rule (see flows.validation), per table.
RULES = {
    "newsclaims": {
        "db": _database, "data_path": not_empty, "feeds_file": not_empty, "chunk_size": at_least(1),
        "workers": at_least(1), "interval_seconds": at_least(1), "dedup_window_days": at_least(1),
        "compact_every_chunks": at_least(0), "stale_run_hours": positive, "snapshot_retention_days": at_least(0),
        "page_retention_days": at_least(0), "maintain_interval_seconds": at_least(1),
    },
    "fetch": {
        "connect_timeout": positive, "read_timeout": positive, "total_timeout": positive, "max_bytes": at_least(1),
        "max_redirects": at_least(0), "retries": at_least(0), "backoff": at_least(0), "concurrency": at_least(1),
        "per_host_concurrency": at_least(1), "per_host_delay": at_least(0), "max_retry_after": at_least(0),
        "robots_ttl": at_least(0), "allow_private_networks": _networks, "max_item_attempts": at_least(1),
        "item_retry_backoff": at_least(0), "user_agent": not_empty,
    },
    "feeds": {"min_interval": positive, "max_interval": positive},
    "s3": {"url_style": one_of("path", "vhost")},
}


@functools.cache
def _kinds(table: str) -> dict[str, type]:
    return field_kinds(SECTIONS[table][0], exclude=_NESTED if table == "newsclaims" else ())


@dataclass(frozen=True)
class SettingsCheck:
    """What :func:`check_settings` found: the settings (mistaken values left at their defaults) and every mistake."""

    settings: Settings
    errors: list[ConfigError]
    file: Path
    found: bool  # whether the config file exists (without one, the defaults and the environment apply)
    from_file: int  # how many settings the file sets
    from_environment: int  # how many the environment sets


def load_settings(config_file: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the config file's [newsclaims], [fetch], [feeds] and [s3] tables, then the environment.

    A mistake in the file or the environment raises the first ConfigError (``newsclaims check`` lists them all).
    """
    check = check_settings(config_file, environ)
    if check.errors:
        raise check.errors[0]
    return check.settings


def check_settings(config_file: str | Path | None = None, environ: dict[str, str] | None = None) -> SettingsCheck:
    """The settings as :func:`load_settings` makes them, with every mistake in the file and the environment."""
    environ = os.environ if environ is None else environ
    path = Path(config_file or environ.get("NEWSCLAIMS_CONFIG") or DEFAULT_CONFIG_FILE)
    values: dict[str, dict] = {table: {} for table in SECTIONS}
    origins: dict[tuple[str, str], tuple[Path | None, int | None, str]] = {}
    file_errors: list[ConfigError] = []
    if path.is_file():
        file_errors = _read_file(path, values, origins)
    from_file = len(origins)
    environment_errors = _read_environment(environ, values, origins)
    # The file's mistakes in the order of its lines, then the environment's.
    errors = sorted(file_errors + environment_errors + _cross_checks(values, origins),
                    key=lambda e: (e.file is None, e.line or 0, e.key or ""))
    fetch = replace(FetchConfig(), **values["fetch"])
    fetch = replace(fetch, allow_private_networks=tuple(
        str(network) for network in parse_networks(fetch.allow_private_networks)))
    settings = replace(Settings(), **values["newsclaims"], fetch=fetch, feeds=replace(FeedsConfig(), **values["feeds"]),
                       s3=replace(S3Config(), **values["s3"]))
    from_environment = sum(1 for where in origins.values() if where[0] is None)
    return SettingsCheck(settings, errors, path, path.is_file(), from_file, from_environment)


def _read_file(path: Path, values: dict, origins: dict) -> list[ConfigError]:
    try:
        document, locator = read_toml(path)
    except ConfigError as error:
        return [error]
    errors = []
    for table, content in document.items():
        line = locator.line(table)
        if table not in SECTIONS:
            home = [other for other in SECTIONS if table in _kinds(other)]
            if home and not isinstance(content, dict):
                errors.append(ConfigError(path, line, table, f"a setting outside its table; put it under [{home[0]}]"))
            else:
                kind = "table" if isinstance(content, dict) else "key"
                errors.append(ConfigError(path, line, table, f"unknown {kind}" + did_you_mean(table, SECTIONS)))
            continue
        if not isinstance(content, dict):
            errors.append(ConfigError(path, line, table, f"expected a table [{table}], got {describe(content)}"))
            continue
        kinds = _kinds(table)
        for name, value in content.items():
            key, line = f"{table}.{name}", locator.line(f"{table}.{name}")
            if name not in kinds:
                home = [f"[{other}]" for other in SECTIONS if other != table and name in _kinds(other)]
                hint = did_you_mean(name, kinds) or (f"; it belongs in {home[0]}" if home else "")
                errors.append(ConfigError(path, line, key, f"unknown setting{hint}"))
                continue
            try:
                value = check_value(value, kinds[name])
            except ValueError as error:
                errors.append(ConfigError(path, line, key, str(error)))
                continue
            if problem := RULES[table].get(name, lambda v: None)(value):
                errors.append(ConfigError(path, line, key, problem))
                continue
            if table == "newsclaims":
                value = _relative(name, value, path.parent)
            values[table][name] = value
            origins[table, name] = (path, line, key)
    return errors


def _relative(name: str, value, base: Path):
    # Paths in the config file are relative to the file, so the project works from any directory.
    if name == "feeds_file":
        return base / value
    if name in ("db", "data_path") and not _is_url(value):
        return str(base / value) + ("/" if value.endswith("/") else "")
    return value


def _read_environment(environ, values: dict, origins: dict) -> list[ConfigError]:
    errors = []
    for table, (_, variables) in SECTIONS.items():
        kinds = _kinds(table)
        # Earlier names in the table win over later ones (NEWSCLAIMS_S3_KEY_ID over AWS_ACCESS_KEY_ID).
        for variable, (name, _) in reversed(variables.items()):
            if not environ.get(variable):
                continue
            try:
                value = parse_text(environ[variable], kinds[name])
            except ValueError as error:
                errors.append(ConfigError(None, None, variable, str(error)))
                continue
            if problem := RULES[table].get(name, lambda v: None)(value):
                errors.append(ConfigError(None, None, variable, problem))
                continue
            values[table][name] = Path(value) if kinds[name] is Path else value
            origins[table, name] = (None, None, variable)
    return errors


def _cross_checks(values: dict, origins: dict) -> list[ConfigError]:
    feeds = replace(FeedsConfig(), **values["feeds"])
    if feeds.min_interval <= feeds.max_interval:
        return []
    blamed = "min_interval" if ("feeds", "min_interval") in origins else "max_interval"
    file, line, key = origins["feeds", blamed]
    return [ConfigError(file, line, key, f"min_interval ({feeds.min_interval:g} s) must not be greater than "
                                         f"max_interval ({feeds.max_interval:g} s)")]


def _is_url(value: str) -> bool:
    return value.startswith(POSTGRES_SCHEMES) or "://" in value


def with_password(db: str, configured: str) -> str:
    """``db``, with the password of ``configured`` when both name the same PostgreSQL user and database."""
    if not (db.startswith(POSTGRES_SCHEMES) and configured.startswith(POSTGRES_SCHEMES)):
        return db
    if urlsplit(db).password is None and redacted(configured) == db:
        return configured
    return db
