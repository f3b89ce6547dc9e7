"""robots.txt per host, fetched once per TTL and read with Protego for the configured User-Agent."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from protego import Protego

# RFC 9309: a robots.txt that cannot be reached (5xx, network error) means "disallow everything for now";
# it is asked for again sooner than a good one.
UNREACHABLE_TTL = 300.0
MAX_CRAWL_DELAY = 10.0


class RobotsCache:
    """Answers "may this URL be fetched?", fetching each origin's robots.txt at most once per TTL."""

    def __init__(self, fetch: Callable[[str], Awaitable[tuple[int, bytes]]], user_agent: str, ttl: float):
        self.fetch = fetch
        self.user_agent = user_agent
        self.ttl = ttl
        self._rules: dict[str, tuple[float, Protego | None, int]] = {}
        self._pending: dict[str, asyncio.Future] = {}

    async def check(self, url: str) -> None:
        """Raise FetchError unless robots.txt allows ``url``."""
        from flows.fetch import FetchError, RobotsDisallowed  # the fetcher imports this module

        rules, status = await self._rules_for(url)
        if rules is None:
            raise FetchError(f"not fetched: robots.txt of {_origin(url)} could not be read"
                             + (f" (HTTP {status})" if status else ""))
        if not rules.can_fetch(url, self.user_agent):
            raise RobotsDisallowed(f"skipped: disallowed by {_origin(url)}/robots.txt for this User-Agent",
                                   final=True)

    async def crawl_delay(self, url: str) -> float:
        """The Crawl-delay robots.txt asks of this User-Agent, capped; 0 when none."""
        rules, _ = await self._rules_for(url)
        delay = rules.crawl_delay(self.user_agent) if rules is not None else None
        return min(float(delay or 0.0), MAX_CRAWL_DELAY)

    async def _rules_for(self, url: str) -> tuple[Protego | None, int]:
        origin = _origin(url)
        cached = self._rules.get(origin)
        if cached and cached[0] > time.monotonic():
            return cached[1], cached[2]
        if origin in self._pending:  # one request per host, however many pages wait on it
            return await asyncio.shield(self._pending[origin])
        future = self._pending[origin] = asyncio.get_running_loop().create_future()
        try:
            status, body = await self.fetch(origin + "/robots.txt")
            if 200 <= status < 300:
                rules, ttl = Protego.parse(body.decode("utf-8", errors="replace")), self.ttl
            elif 400 <= status < 500:  # no robots.txt: everything is allowed
                rules, ttl = Protego.parse(""), self.ttl
            else:
                rules, ttl = None, min(self.ttl, UNREACHABLE_TTL)
            self._rules[origin] = (time.monotonic() + ttl, rules, status)
            future.set_result((rules, status))
            return rules, status
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved here, so a future nobody else awaited is not reported
            raise
        finally:
            del self._pending[origin]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
