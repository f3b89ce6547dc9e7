"""Concurrent, polite HTTP(S) and local-file fetching: one shared client, limits per run and per host.

The client runs on one event loop in a background thread, so every task of a run (feeds and chunks run in
Prefect's worker threads) shares one connection pool and one set of limits. Every request has connect and
read timeouts plus a total deadline; bodies are decoded under the size cap as they stream; connections go
only to addresses the destination policy allows (checked after DNS, on every redirect, and pinned, so a
second lookup cannot change them); robots.txt and ``Retry-After`` are honoured per host.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import mimetypes
import random
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import certifi
import httpcore
import httpx

from extractors.records import RawPage
from flows.config import FetchConfig
from flows.decoding import ACCEPT_ENCODING, BoundedDecoder, DecodingError
from flows.destinations import DestinationPolicy, RefusedDestination, parse_networks
from flows.robots import RobotsCache

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Response headers kept with a page: what reading it again later (charset, language, dates) needs.
KEPT_HEADERS = ("content-type", "content-language", "last-modified", "etag", "date", "content-location")


class FetchError(Exception):
    """A page or feed could not be fetched; ``final`` when trying again later cannot help."""

    def __init__(self, message: str, final: bool = False, status: int | None = None):
        super().__init__(message)
        self.final = final
        self.status = status


class RobotsDisallowed(FetchError):
    """robots.txt asks this User-Agent not to fetch the page: a recorded skip, never retried."""


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # those in KEPT_HEADERS
    source: str = "http"

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def as_page(self, link: str) -> RawPage:
        """The response as a page to extract and keep; ``link`` is the URL the feed gave."""
        return RawPage(url=link, final_url=self.url, status=self.status if self.source == "http" else None,
                       content_type=self.content_type, body=self.body, fetched_at=self.fetched_at,
                       headers=self.headers, source=self.source)


@dataclass(frozen=True)
class Request:
    """One URL to fetch; ``etag``/``last_modified`` make it conditional."""

    url: str
    local_root: Path | None = None
    etag: str | None = None
    last_modified: str | None = None
    check_robots: bool = True


class Fetcher:
    """The run's one fetcher; thread-safe, use as a context manager."""

    def __init__(self, config: FetchConfig | None = None):
        self.config = config or FetchConfig()
        self.policy = DestinationPolicy(parse_networks(self.config.allow_private_networks))
        self.requests_sent = 0
        self.bytes_received = 0  # decoded bodies
        self.seconds_fetching = 0.0  # summed over requests, so larger than the wall time when they overlap
        self._run_slots: asyncio.Semaphore | None = None  # `concurrency` requests at once, over all hosts
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="newsclaims-fetcher", daemon=True)
        self._thread.start()
        self._hosts: dict[str, _Host] = {}
        self._client = self._run(self._open_client())
        self.robots = RobotsCache(self._fetch_robots, self.config.user_agent, self.config.robots_ttl)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._run(self._client.aclose())
        self._run(self._settle())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        self._loop.close()

    async def _settle(self) -> None:
        # Streams cut short (a cap, a deadline) leave clean-up tasks behind; let them finish, as asyncio.run does.
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def get(self, url: str, local_root: Path | None = None, *, etag: str | None = None,
            last_modified: str | None = None, check_robots: bool = True) -> Fetched:
        """Fetch one URL (a file:// URL only below ``local_root``); raise FetchError."""
        return self._run(self._fetch(Request(url, local_root, etag, last_modified, check_robots)))

    def fetch_many(self, requests: Iterable[Request]) -> Iterator[tuple[Request, Fetched | FetchError]]:
        """Fetch all at once within the limits, yielding each result as it arrives."""
        requests = list(requests)
        if self._loop.is_closed():
            for request in requests:
                yield request, FetchError("not fetched: the run is stopping")
            return
        pending = {asyncio.run_coroutine_threadsafe(self._fetch_or_error(r), self._loop): r for r in requests}
        for future in concurrent.futures.as_completed(pending):
            try:
                yield pending[future], future.result()
            except concurrent.futures.CancelledError:  # the fetcher closed under a stopping run
                yield pending[future], FetchError("not fetched: the run is stopping")

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    async def _open_client(self) -> httpx.AsyncClient:
        config = self.config
        transport = _GuardedTransport(self.policy, config)
        return httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout, pool=None),
            follow_redirects=False,
            event_hooks={"response": [_stop_at_redirect]},
            headers={"User-Agent": config.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            trust_env=False,
        )

    async def _fetch_or_error(self, request: Request) -> Fetched | FetchError:
        try:
            return await self._fetch(request)
        except FetchError as error:
            return error
        except Exception as error:  # a bug on one URL must not cost the others
            return FetchError(f"{type(error).__name__}: {error}")

    async def _fetch(self, request: Request) -> Fetched:
        try:
            scheme = urlsplit(request.url).scheme.lower()
        except ValueError as error:
            raise FetchError(f"invalid URL: {error}", final=True) from None
        if scheme == "file":
            return _read_file(request.url, request.local_root, self.config.max_bytes)
        if scheme not in ("http", "https"):
            raise FetchError(f"unsupported URL scheme {scheme!r}", final=True)
        for attempt in range(self.config.retries + 1):
            try:
                return await self._follow(request)
            except _Retryable as error:
                if attempt == self.config.retries:
                    raise FetchError(f"{error} (after {attempt + 1} attempts)") from None
                # Jitter keeps many retries of one host from arriving together.
                await asyncio.sleep(self.config.backoff * 2**attempt * random.uniform(0.8, 1.2))
        raise AssertionError("unreachable")

    async def _follow(self, request: Request) -> Fetched:
        url = request.url
        for hop in range(self.config.max_redirects + 1):
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                raise FetchError(f"redirect to a {scheme}: URL refused ({url})", final=True)
            if not urlsplit(url).hostname:
                raise FetchError(f"URL without a host refused ({url})", final=True)
            if request.check_robots and self.config.respect_robots:
                await self.robots.check(url)
                self._host(url).crawl_delay = await self.robots.crawl_delay(url)
            conditional = hop == 0 and (request.etag or request.last_modified)
            response = await self._send(url, request if conditional else None)
            if isinstance(response, Fetched):
                return response
            url = response
        raise FetchError(f"more than {self.config.max_redirects} redirects")

    async def _send(self, url: str, conditional: Request | None) -> Fetched | str:
        """One request: a Fetched, or the URL a redirect points to."""
        headers = {}
        if conditional and conditional.etag:
            headers["If-None-Match"] = conditional.etag
        if conditional and conditional.last_modified:
            headers["If-Modified-Since"] = conditional.last_modified
        host = self._host(url)
        if self._run_slots is None:  # created on the fetcher's loop, on first use
            self._run_slots = asyncio.Semaphore(self.config.concurrency)
        async with host.slot(self.config, self._run_slots):
            self.requests_sent += 1
            started = time.monotonic()
            try:
                async with asyncio.timeout(self.config.total_timeout):
                    return await self._exchange(url, headers, host)
            except TimeoutError:
                # Not retried in this run: a server that drips bytes would hold the run for each attempt.
                raise FetchError(f"no complete response within the {self.config.total_timeout:g} s total deadline")
            except RefusedDestination as error:
                raise FetchError(str(error), final=True) from None
            except httpx.TimeoutException as error:
                raise _Retryable(f"timeout ({type(error).__name__})") from None
            except httpx.TransportError as error:
                raise _Retryable(f"{type(error).__name__}: {error or 'connection failed'}") from None
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
                raise FetchError(f"{type(error).__name__}: {error}") from None
            finally:
                self.seconds_fetching += time.monotonic() - started

    async def _exchange(self, url: str, headers: dict[str, str], host: _Host) -> Fetched | str:
        try:
            response = await self._client.send(self._client.build_request("GET", url, headers=headers), stream=True)
        except _Redirect as redirect:  # httpx has closed the response
            try:
                return urljoin(redirect.url, redirect.location.strip())
            except ValueError:
                raise FetchError(f"redirect to an invalid URL ({redirect.location!r})", final=True) from None
        try:
            status = response.status_code
            if status == 304:
                return Fetched(str(response.url), status, response.headers.get("content-type", ""), b"",
                               etag=response.headers.get("etag"),
                               last_modified=response.headers.get("last-modified"))
            if status in (429, 503):
                delay = _retry_after(response.headers.get("retry-after"))
                if delay is not None:
                    host.back_off(delay)
                    if delay > self.config.max_retry_after:
                        raise FetchError(f"HTTP {status}: the host asked to be left alone for {delay:.0f} s")
                raise _Retryable(f"HTTP {status}")
            if status >= 500:
                raise _Retryable(f"HTTP {status}")
            if status >= 400:
                raise FetchError(f"HTTP {status}", final=status == 410, status=status)
            if status >= 300:
                raise FetchError(f"HTTP {status} without a Location to follow")
            body = await self._read_capped(response)
            self.bytes_received += len(body)
            return Fetched(str(response.url), status, response.headers.get("content-type", ""), body,
                           etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
                           headers={name: response.headers[name] for name in KEPT_HEADERS if name in response.headers})
        finally:
            await response.aclose()

    async def _read_capped(self, response: httpx.Response) -> bytes:
        cap = self.config.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"response of {declared} bytes exceeds the {cap}-byte cap")
        try:
            decoder = BoundedDecoder(response.headers.get("content-encoding", ""), cap)
            received = 0
            async for chunk in response.aiter_raw():
                received += len(chunk)
                if received > cap:
                    raise FetchError(f"response exceeds the {cap}-byte cap")
                decoder.feed(chunk)
            return decoder.finish()
        except DecodingError as error:
            raise FetchError(str(error)) from None

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(key, self.config.per_host_concurrency)
        return host

    async def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        """robots.txt of ``url``'s host: (status, body); status 0 when the host could not be reached."""
        try:
            fetched = await self._follow(Request(url, check_robots=False))
            return fetched.status, fetched.body
        except FetchError as error:
            if error.status and 400 <= error.status < 500:
                return error.status, b""
            if error.final:  # a refused destination refuses the page as well
                raise
            return 0, b""
        except _Retryable:
            return 0, b""


class _Host:
    """Per-host limits: concurrent requests, the minimum gap between starts, and Retry-After back-off."""

    def __init__(self, key: str, slots: int):
        self.key = key
        self.slots = slots
        self.semaphore: asyncio.Semaphore | None = None
        self.next_start = 0.0
        self.blocked_until = 0.0
        self.crawl_delay = 0.0

    def back_off(self, seconds: float) -> None:
        self.blocked_until = max(self.blocked_until, time.monotonic() + seconds)

    def slot(self, config: FetchConfig, run_slots: asyncio.Semaphore) -> _HostSlot:
        if self.semaphore is None:  # created on the fetcher's loop, on first use
            self.semaphore = asyncio.Semaphore(self.slots)
        return _HostSlot(self, config, run_slots)


class _HostSlot:
    """A turn at the host, then one of the run's slots; the request's deadline starts only after both."""

    def __init__(self, host: _Host, config: FetchConfig, run_slots: asyncio.Semaphore):
        self.host, self.config, self.run_slots = host, config, run_slots

    async def __aenter__(self) -> None:
        host, config = self.host, self.config
        await host.semaphore.acquire()
        try:
            while True:
                await self._turn()
                # A run slot is taken only once the host's turn has come, so hosts that ask for a wait never
                # hold one; if another request to the host started meanwhile, the slot goes back for the wait.
                await self.run_slots.acquire()
                if self._wait() <= 0:
                    break
                self.run_slots.release()
            host.next_start = time.monotonic() + max(config.per_host_delay, host.crawl_delay)
        except BaseException:
            host.semaphore.release()
            raise

    async def __aexit__(self, *exc) -> None:
        self.run_slots.release()
        self.host.semaphore.release()

    def _wait(self) -> float:
        return max(self.host.blocked_until, self.host.next_start) - time.monotonic()

    async def _turn(self) -> None:
        host = self.host
        while True:
            blocked = host.blocked_until - time.monotonic()
            if blocked > self.config.max_retry_after:
                raise FetchError(f"not requested: {host.key} asked to be left alone for {blocked:.0f} more seconds")
            wait = self._wait()
            if wait <= 0:
                return
            await asyncio.sleep(wait)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool whose every TCP connection passes the destination policy."""

    def __init__(self, policy: DestinationPolicy, config: FetchConfig):
        super().__init__(trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl.create_default_context(cafile=certifi.where()),
            max_connections=config.concurrency + 4,
            max_keepalive_connections=config.concurrency,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(policy, config.connect_timeout),
        )


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, policy: DestinationPolicy, resolve_timeout: float):
        self.policy = policy
        self.resolve_timeout = resolve_timeout
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = await self._resolve(host, port)
        allowed = [address for address in addresses if self.policy.refusal(address) is None]
        if not allowed:
            raise RefusedDestination(host, addresses[0], self.policy.refusal(addresses[0]))
        error: Exception | None = None
        for address in allowed:  # connect to the checked address itself, never to the name again
            try:
                return await self.inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                                    socket_options=socket_options)
            except httpcore.ConnectError as failed:
                error = failed
        raise error

    async def _resolve(self, host: str, port: int) -> list[str]:
        try:
            async with asyncio.timeout(self.resolve_timeout):
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, TimeoutError) as error:
            raise httpcore.ConnectError(f"could not resolve {host}: {error}") from None
        return list(dict.fromkeys(info[4][0].split("%")[0] for info in infos))

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class _Redirect(Exception):
    def __init__(self, url: str, location: str):
        super().__init__(location)
        self.url, self.location = url, location


async def _stop_at_redirect(response: httpx.Response) -> None:
    # httpx builds the request a redirect points to even when it is not following it, and fails on a Location
    # it cannot parse (javascript:…, http://[::1 …) with errors that would read as retryable: the fetcher
    # takes the Location here, before that, and judges it itself.
    if response.status_code in REDIRECT_STATUSES and response.headers.get("location"):
        raise _Redirect(str(response.url), response.headers["location"])


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delay-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _read_file(url: str, local_root: Path | None, max_bytes: int) -> Fetched:
    path = Path(url2pathname(urlsplit(url).path)).resolve()
    if local_root is None or not path.is_relative_to(local_root.resolve()):
        raise FetchError("file links are only followed from a local feed, below its own folder", final=True)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FetchError(f"file of {size} bytes exceeds the {max_bytes}-byte cap")
        body = path.read_bytes()
    except OSError as error:
        raise FetchError(f"{type(error).__name__}: {error.strerror or error}") from None
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return Fetched(url=url, status=200, content_type=content_type, body=body, source="file")


class _Retryable(Exception):
    pass
