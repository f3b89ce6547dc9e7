"""Which feeds to poll: the feeds file, or URLs and paths given on the command line."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlsplit
from urllib.request import url2pathname

from flows.validation import ConfigError, describe, did_you_mean, read_toml


@dataclass(frozen=True)
class FeedSpec:
    url: str
    outlet: str | None = None

    @property
    def local_root(self) -> Path | None:
        """The folder a local feed's items may be read from; None for a remote feed."""
        parsed = urlparse(self.url)
        return Path(url2pathname(parsed.path)).parent if parsed.scheme == "file" else None


def feed_spec(location: str, outlet: str | None = None, base: Path | None = None) -> FeedSpec:
    """A feed from an http(s) URL, a file:// URL or a path (relative to ``base``)."""
    scheme = urlparse(location).scheme.lower()
    if scheme in ("http", "https", "file"):
        return FeedSpec(location, outlet)
    if scheme and len(scheme) > 1:
        raise ValueError(f"unsupported feed URL scheme {scheme!r} (http, https, file or a path): {location}")
    path = Path(location).expanduser()
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    return FeedSpec(path.resolve().as_uri(), outlet)


FEED_KEYS = ("url", "outlet")


def load_feeds_file(path: str | Path) -> list[FeedSpec]:
    """The ``[[feed]]`` entries of a TOML feeds file; a mistake in it raises the first ConfigError."""
    specs, errors = check_feeds_file(path)
    if errors:
        raise errors[0]
    return specs


def check_feeds_file(path: str | Path) -> tuple[list[FeedSpec], list[ConfigError]]:
    """The feeds of a TOML feeds file, and every mistake in it: unknown tables and keys, bad or duplicate URLs."""
    if re.match(r"(?i)https?://", str(path)):
        return [], [ConfigError(str(path), None, None, "is a URL, not a feeds file: give feed URLs as "
                                "arguments (newsclaims ingest URL …); --feeds takes a TOML file of [[feed]] entries")]
    path = Path(path)
    try:
        document, locator = read_toml(path)
    except ConfigError as error:
        return [], [error]
    errors = []
    for name, value in document.items():
        if name != "feed":
            table = isinstance(value, dict) or (isinstance(value, list) and value and
                                                all(isinstance(v, dict) for v in value))
            shown = (f"[[{name}]]" if isinstance(value, list) else f"[{name}]") if table else repr(name)
            hint = "; did you mean [[feed]]?" if did_you_mean(name, ["feed"]) else "; the file holds [[feed]] tables"
            if "feed" not in document:
                hint += ", and without one there are no feeds to poll"
            errors.append(ConfigError(path, locator.line(name), name,
                                      f"unknown {'table' if table else 'key'} {shown}{hint}"))
    entries = document.get("feed", [])
    if not isinstance(entries, list):
        got = "a single [feed] table" if isinstance(entries, dict) else describe(entries)
        errors.append(ConfigError(path, locator.line("feed"), "feed", f"expected [[feed]] tables, got {got}"))
        entries = []
    specs: list[FeedSpec] = []
    seen: dict[str, tuple[str, int | None]] = {}  # url → the first feed with it, and its line
    for index, entry in enumerate(entries, 1):
        key = f"feed[{index}]"
        if not isinstance(entry, dict):
            errors.append(ConfigError(path, locator.line(key), key, f"expected a table, got {describe(entry)}"))
            continue
        for name in entry:
            if name not in FEED_KEYS:
                errors.append(ConfigError(path, locator.line(f"{key}.{name}"), f"{key}.{name}",
                                          "unknown key" + (did_you_mean(name, FEED_KEYS) or "; a feed has a url "
                                                           "and, optionally, an outlet")))
        outlet = entry.get("outlet")
        if outlet is not None and not isinstance(outlet, str):
            errors.append(ConfigError(path, locator.line(f"{key}.outlet"), f"{key}.outlet",
                                      f"expected a string, got {describe(outlet)}"))
            outlet = None
        if "url" not in entry:
            errors.append(ConfigError(path, locator.line(key), key, "every [[feed]] needs a url"))
            continue
        line = locator.line(f"{key}.url")
        try:
            spec = _checked_spec(entry["url"], outlet, path.parent)
        except ValueError as error:
            errors.append(ConfigError(path, line, f"{key}.url", str(error)))
            continue
        if spec.url in seen:
            first, first_line = seen[spec.url]
            at = f" (line {first_line})" if first_line else ""
            errors.append(ConfigError(path, line, f"{key}.url", f"duplicate of {first}{at}: {spec.url}"))
            continue
        seen[spec.url] = (key, line)
        specs.append(spec)
    return specs, sorted(errors, key=lambda e: e.line or 0)


def _checked_spec(url, outlet: str | None, base: Path) -> FeedSpec:
    if not isinstance(url, str):
        raise ValueError(f"expected a string, got {describe(url)}")
    if not url.strip():
        raise ValueError("must not be empty")
    if url != url.strip():
        raise ValueError(f"has spaces around it: {url!r}")
    spec = feed_spec(url, outlet, base=base)
    parsed = urlsplit(spec.url)
    if parsed.scheme.lower() in ("http", "https"):
        if not parsed.hostname:
            raise ValueError(f"an http(s) URL needs a host, got {url!r}")
        try:
            parsed.port
        except ValueError:
            raise ValueError(f"bad port in {url!r}") from None
    return spec


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` (1 ≤ K ≤ N) as (K, N)."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"a shard is written K/N, e.g. 1/2: {text!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"shard {text!r}: K must be between 1 and N")
    return k, n


def in_shard(url: str, shard: str | None) -> bool:
    """Whether a feed belongs to shard ``K/N``: a stable hash of its URL, the same on every machine."""
    if not shard:
        return True
    k, n = parse_shard(shard)
    return int.from_bytes(hashlib.blake2b(url.encode(), digest_size=8).digest(), "big") % n == k - 1
