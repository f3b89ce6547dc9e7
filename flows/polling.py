"""Polling feeds: conditional requests, unchanged bodies skipped, and each feed's adaptive interval."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from extractors.feeds import parse_feed
from extractors.records import Failure, FeedItem, FeedParse
from flows.config import FeedsConfig
from flows.fetch import FetchError, Fetcher, Request
from flows.sources import FeedSpec
from warehouse.store import FeedPoll, FeedState

# A scheduled run a little early for a feed still polls it, so that a feed due one minute after a run
# does not wait a whole schedule interval.
DUE_GRACE = timedelta(seconds=60)
# Children of a sitemap index fetched per poll; news sites list their newest sitemaps first.
MAX_CHILD_SITEMAPS = 20
GROWTH_WHEN_QUIET = 1.5


@dataclass
class PollResult:
    spec: FeedSpec
    status: str  # new / unchanged / not_modified / failed (the warehouse's feed_polls.status)
    parse: FeedParse | None = None
    failure: Failure | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    items: list[FeedItem] = field(default_factory=list)
    # Entries that could not become items, and child sitemaps that could not be read.
    failures: list[Failure] = field(default_factory=list)

    @property
    def error(self) -> str | None:
        return self.failure.error if self.failure else None


def is_due(state: FeedState | None, now: datetime) -> bool:
    """Whether a scheduled run should poll a feed now."""
    return state is None or state.next_poll_at is None or state.next_poll_at <= now + DUE_GRACE


def next_interval(state: FeedState | None, status: str, new_items: int, config: FeedsConfig) -> float:
    """Seconds until the next poll: halved when a poll brought new items, grown by half when it brought
    none, doubled per consecutive failure; always within [min_interval, max_interval]."""
    if status == "failed":
        failures = (state.consecutive_failures if state else 0) + 1
        interval = config.min_interval * 2.0 ** min(failures, 30)
    else:
        current = state.interval_s if state and state.interval_s else config.min_interval
        interval = current / 2 if new_items else current * GROWTH_WHEN_QUIET
    return max(config.min_interval, min(config.max_interval, interval))


def poll_one(spec: FeedSpec, state: FeedState | None, fetcher: Fetcher) -> PollResult:
    """Fetch one feed (conditionally) and parse it unless it is unchanged; never raises for a bad feed."""
    etag = state.etag if state else None
    last_modified = state.last_modified if state else None
    body_hash = state.body_hash if state else None
    try:
        # The operator chose this feed, so robots.txt (meant for crawlers) is not asked about the feed itself.
        fetched = fetcher.get(spec.url, local_root=spec.local_root, etag=etag, last_modified=last_modified,
                              check_robots=False)
        if fetched.not_modified:
            return PollResult(spec, "not_modified", etag=fetched.etag or etag,
                              last_modified=fetched.last_modified or last_modified, body_hash=body_hash)
        digest = hashlib.sha256(fetched.body).hexdigest()
        validators = {"etag": fetched.etag, "last_modified": fetched.last_modified, "body_hash": digest}
        if state is not None and digest == body_hash:
            return PollResult(spec, "unchanged", **validators)
        parsed = parse_feed(fetched.body, spec.url, outlet=spec.outlet, content_type=fetched.content_type)
        items, failures = list(parsed.items), list(parsed.entry_failures)
        if parsed.sitemaps:
            child_items, child_failures = _child_sitemap_items(parsed, spec, fetcher)
            items += child_items
            failures += child_failures
        return PollResult(spec, "new", parse=parsed, items=items, failures=failures, **validators)
    except (FetchError, ValueError) as error:
        return PollResult(spec, "failed", failure=Failure(stage="feed", error=str(error), feed_url=spec.url,
                                                          url=spec.url),
                          etag=etag, last_modified=last_modified, body_hash=body_hash)


def _child_sitemap_items(index: FeedParse, spec: FeedSpec, fetcher: Fetcher) -> tuple[list[FeedItem], list[Failure]]:
    items: list[FeedItem] = []
    failures: list[Failure] = []
    requests = [Request(url, spec.local_root, check_robots=False) for url in index.sitemaps[:MAX_CHILD_SITEMAPS]]
    for request, result in fetcher.fetch_many(requests):
        try:
            if isinstance(result, FetchError):
                raise result
            child = parse_feed(result.body, request.url, outlet=spec.outlet, content_type=result.content_type)
        except (FetchError, ValueError) as error:
            failures.append(Failure(stage="feed", error=f"child sitemap: {error}", feed_url=spec.url,
                                    url=request.url))
            continue
        # Items keep the configured feed as their feed, so retries and shards follow the feeds file.
        items += [replace(item, feed_url=spec.url) for item in child.items]
        failures += child.entry_failures
    return items, failures


def feed_poll(result: PollResult, state: FeedState | None, new_items: int, now: datetime,
              config: FeedsConfig) -> FeedPoll:
    """The feed_polls row of one poll, with the interval and time of the next."""
    interval = next_interval(state, result.status, new_items, config)
    parse = result.parse
    return FeedPoll(
        feed_url=result.spec.url, outlet=result.spec.outlet, title=parse.title if parse else None,
        items=len(result.items), error=result.error, status=result.status, new_items=new_items,
        etag=result.etag, last_modified=result.last_modified, body_hash=result.body_hash,
        interval_s=interval, next_poll_at=now + timedelta(seconds=interval),
    )
