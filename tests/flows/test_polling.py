"""Adaptive polling: intervals within bounds, back-off on failure, which feeds are due; conditional polls."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flows.config import FeedsConfig, FetchConfig
from flows.fetch import Fetcher
from flows.polling import is_due, next_interval, poll_one
from flows.sources import FeedSpec
from tests.loopback import LoopbackServer, Route, rss
from warehouse.store import FeedState

CONFIG = FeedsConfig(min_interval=300, max_interval=3600)
NOW = datetime(2025, 3, 1, 12, tzinfo=timezone.utc)


def state(interval: float | None = 600, failures: int = 0, next_poll_at=None, **validators) -> FeedState:
    return FeedState("http://f", validators.get("etag"), validators.get("last_modified"),
                     validators.get("body_hash"), interval, next_poll_at, failures)


def test_new_items_shorten_the_interval_and_quiet_polls_lengthen_it():
    assert next_interval(state(600), "new", 4, CONFIG) == 300
    assert next_interval(state(400), "new", 1, CONFIG) == 300  # never below the minimum
    assert next_interval(state(600), "new", 0, CONFIG) == 900
    assert next_interval(state(600), "not_modified", 0, CONFIG) == 900
    assert next_interval(state(3000), "unchanged", 0, CONFIG) == 3600  # never above the maximum
    assert next_interval(None, "new", 2, CONFIG) == 300


def test_failures_back_off_exponentially_up_to_the_maximum():
    intervals = [next_interval(state(300, failures=n), "failed", 0, CONFIG) for n in range(5)]
    assert intervals == [600, 1200, 2400, 3600, 3600]


def test_due_feeds():
    assert is_due(None, NOW)
    assert is_due(state(next_poll_at=None), NOW)
    assert is_due(state(next_poll_at=NOW - timedelta(minutes=5)), NOW)
    assert is_due(state(next_poll_at=NOW + timedelta(seconds=30)), NOW)  # within the grace
    assert not is_due(state(next_poll_at=NOW + timedelta(minutes=5)), NOW)


def test_conditional_poll_costs_one_request_and_no_parsing():
    with LoopbackServer() as server, Fetcher(FetchConfig(allow_private_networks=("127.0.0.1/32",))) as fetcher:
        feed = rss([{"title": "One", "link": server.url("/1.html"), "guid": "1"}])
        server.routes["/feed.xml"] = Route(feed, "application/rss+xml", headers={"ETag": '"v1"'})
        spec = FeedSpec(server.url("/feed.xml"))
        first = poll_one(spec, None, fetcher)
        assert first.status == "new" and len(first.items) == 1 and first.etag == '"v1"'

        server.routes["/feed.xml"] = Route(b"", "application/rss+xml", status=304, headers={"ETag": '"v1"'})
        known = state(etag=first.etag, body_hash=first.body_hash)
        second = poll_one(spec, known, fetcher)
        assert second.status == "not_modified" and second.items == [] and second.etag == '"v1"'
        assert second.body_hash == first.body_hash

        # A server without validators: the same body is recognised by its hash and not parsed again.
        server.routes["/feed.xml"] = Route(feed, "application/rss+xml")
        third = poll_one(spec, known, fetcher)
        assert third.status == "unchanged" and third.items == [] and third.parse is None

        server.routes["/feed.xml"] = Route(b"oops", "text/html", status=500)
        failed = poll_one(spec, known, fetcher)
        assert failed.status == "failed" and "HTTP 500" in failed.error and failed.etag == known.etag
        assert server.hits["/feed.xml"] == 4 + fetcher.config.retries
