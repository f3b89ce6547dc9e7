"""Which feeds to poll: the feeds file, or URLs and paths given on the command line."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname


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
        raise ValueError(f"unsupported feed URL scheme {scheme!r}: {location}")
    path = Path(location).expanduser()
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    return FeedSpec(path.resolve().as_uri(), outlet)


def load_feeds_file(path: str | Path) -> list[FeedSpec]:
    """The ``[[feed]]`` entries of a TOML feeds file."""
    path = Path(path)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    specs = []
    for entry in document.get("feed", []):
        if "url" not in entry:
            raise ValueError(f"{path}: every [[feed]] needs a url")
        specs.append(feed_spec(entry["url"], entry.get("outlet"), base=path.parent))
    return specs


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
