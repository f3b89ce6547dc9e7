"""Polling state in the lake: feed validators and intervals, and failed items' attempts and back-off."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from extractors.records import Failure, FeedItem
from tests.warehouse.test_store import STORY, article
from warehouse.store import FeedPoll, Warehouse

FEED = "http://news.example/feed.xml"


def item(n: int, **extra) -> FeedItem:
    return FeedItem(feed_url=FEED, guid=f"g{n}", link=f"http://news.example/{n}.html", title=f"Story {n}",
                    published=datetime(2025, 3, 1, 8, 30, tzinfo=timezone.utc), outlet="News", **extra)


def failure(entry: FeedItem, final: bool = False) -> Failure:
    return Failure(stage="fetch", error="HTTP 404", feed_url=entry.feed_url, url=entry.link, item=entry, final=final)


def test_feed_state_carries_validators_and_next_poll(db_path):
    next_poll = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)
    with Warehouse(db_path) as warehouse:
        warehouse.record_polls("r1", [FeedPoll(FEED, "News", "Feed", 3, None, status="new", new_items=3,
                                               etag='"v1"', last_modified="Sat, 01 Mar 2025 08:00:00 GMT",
                                               body_hash="abc", interval_s=300.0, next_poll_at=next_poll)])
        warehouse.record_polls("r2", [FeedPoll(FEED, "News", None, 0, "HTTP 500", status="failed", etag='"v1"',
                                               body_hash="abc", interval_s=600.0,
                                               next_poll_at=next_poll + timedelta(minutes=10))])
        state = warehouse.feed_states([FEED, "http://never.polled/"])
        row = warehouse.con.execute(
            "SELECT last_status, poll_interval_s, last_new_item_at IS NOT NULL, consecutive_failures FROM feeds"
        ).fetchone()
    assert set(state) == {FEED}
    assert state[FEED].etag == '"v1"' and state[FEED].body_hash == "abc" and state[FEED].interval_s == 600.0
    assert state[FEED].last_modified is None  # the failed poll carried no Last-Modified forward
    assert state[FEED].next_poll_at == next_poll + timedelta(minutes=10)
    assert state[FEED].consecutive_failures == 1
    assert row == ("failed", 600.0, True, 1)


def test_failed_items_are_attempts_with_back_off_then_given_up(db_path):
    first, second = item(1), item(2)
    with Warehouse(db_path, max_item_attempts=3) as warehouse:
        warehouse.record_failures("r1", [failure(first), failure(second, final=True)])
        # Not new any more: a failed item comes back only through due_retries.
        assert warehouse.new_items([first, second, item(3)]) == [item(3)]
        now = datetime.now(timezone.utc)
        assert warehouse.due_retries([FEED], backoff_s=3600, now=now) == []
        due = warehouse.due_retries([FEED], backoff_s=3600, now=now + timedelta(hours=1, seconds=5))
        assert due == [first]  # the final one is never retried; the item comes back whole
        assert warehouse.due_retries(["http://other/feed"], backoff_s=3600, now=now + timedelta(days=1)) == []

        warehouse.record_failures("r2", [failure(first)])
        # The second attempt waits twice as long.
        assert warehouse.due_retries([FEED], 3600, now + timedelta(hours=1, minutes=30)) == []
        assert warehouse.due_retries([FEED], 3600, now + timedelta(hours=2, seconds=5)) == [first]
        warehouse.record_failures("r3", [failure(first)])
        assert warehouse.due_retries([FEED], 3600, now + timedelta(days=30)) == []

        rows = warehouse.con.execute(
            "SELECT url, attempts, given_up, last_error FROM failed_items ORDER BY url").fetchall()
        attempts = warehouse.con.execute(
            "SELECT attempt, given_up FROM ingest_errors WHERE url = ? ORDER BY attempt", [first.link]).fetchall()
    assert rows == [(first.link, 3, True, "HTTP 404"), (second.link, 1, True, "HTTP 404")]
    assert attempts == [(1, False), (2, False), (3, True)]


def test_an_item_stored_later_leaves_failed_items(db_path):
    entry = item(1)
    stored = article(entry.link, STORY)
    with Warehouse(db_path) as warehouse:
        warehouse.record_failures("r1", [failure(entry)])
        warehouse.load_articles("r2", [stored])
        assert warehouse.con.execute("SELECT count(*) FROM failed_items").fetchone()[0] == 0
        assert warehouse.due_retries([FEED], 0, datetime.now(timezone.utc) + timedelta(days=1)) == []
