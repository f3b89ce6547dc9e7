"""HTTP(S) and local-file fetching with timeouts, a size cap, redirects and retries."""

from __future__ import annotations

import mimetypes
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import httpx

from flows.config import FetchConfig


class FetchError(Exception):
    """A page or feed could not be fetched."""


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


class Fetcher:
    """One shared, thread-safe httpx client; use as a context manager."""

    def __init__(self, config: FetchConfig | None = None):
        self.config = config or FetchConfig()
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.config.read_timeout, connect=self.config.connect_timeout),
            follow_redirects=True,
            max_redirects=self.config.max_redirects,
            headers={"User-Agent": self.config.user_agent},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()

    def get(self, url: str, local_root: Path | None = None) -> Fetched:
        """Fetch a URL; a file:// URL only when it lies below ``local_root``."""
        try:
            scheme = urlparse(url).scheme.lower()
        except ValueError as error:
            raise FetchError(f"invalid URL: {error}") from None
        if scheme == "file":
            return self._read_file(url, local_root)
        if scheme not in ("http", "https"):
            raise FetchError(f"unsupported URL scheme {scheme!r}")
        for attempt in range(self.config.retries + 1):
            try:
                return self._get_once(url)
            except _Retryable as error:
                if attempt == self.config.retries:
                    raise FetchError(f"{error} (after {attempt + 1} attempts)") from None
                time.sleep(self.config.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _get_once(self, url: str) -> Fetched:
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code >= 500:
                    raise _Retryable(f"HTTP {response.status_code}")
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}")
                body = self._read_capped(response)
                return Fetched(
                    url=str(response.url),
                    status=response.status_code,
                    content_type=response.headers.get("content-type", ""),
                    body=body,
                )
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {self.config.max_redirects} redirects") from None
        except httpx.TimeoutException as error:
            raise _Retryable(f"timeout ({type(error).__name__})") from None
        except httpx.TransportError as error:
            raise _Retryable(f"{type(error).__name__}: {error}") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
            # A bad URL or an undecodable body will not improve on retry.
            raise FetchError(f"{type(error).__name__}: {error}") from None

    def _read_capped(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.config.max_bytes:
            raise FetchError(f"response of {declared} bytes exceeds the {self.config.max_bytes}-byte cap")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.config.max_bytes:
                raise FetchError(f"response exceeds the {self.config.max_bytes}-byte cap")
            chunks.append(chunk)
        return b"".join(chunks)

    def _read_file(self, url: str, local_root: Path | None) -> Fetched:
        path = Path(url2pathname(urlparse(url).path)).resolve()
        if local_root is None or not path.is_relative_to(local_root.resolve()):
            raise FetchError("file links are only followed from a local feed, below its own folder")
        try:
            size = path.stat().st_size
            if size > self.config.max_bytes:
                raise FetchError(f"file of {size} bytes exceeds the {self.config.max_bytes}-byte cap")
            body = path.read_bytes()
        except OSError as error:
            raise FetchError(f"{type(error).__name__}: {error.strerror or error}") from None
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        return Fetched(url=url, status=200, content_type=content_type, body=body)


class _Retryable(Exception):
    pass
