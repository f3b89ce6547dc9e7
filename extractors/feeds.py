"""RSS 0.9x/1.0/2.0 and Atom feeds to feed items, via feedparser."""

from __future__ import annotations

import calendar
import io
from datetime import datetime, timezone
from urllib.parse import urljoin

import feedparser

from extractors.records import FeedItem, FeedParse


class FeedError(ValueError):
    """The document is not a usable feed."""


def parse_feed(content: bytes, feed_url: str, outlet: str | None = None) -> FeedParse:
    """Parse feed bytes; relative item links resolve against ``feed_url``."""
    # A BytesIO, never raw bytes: feedparser would try raw bytes as a local file name first.
    parsed = feedparser.parse(io.BytesIO(content), sanitize_html=False, resolve_relative_uris=False)
    bozo = str(parsed.get("bozo_exception") or "malformed") if parsed.get("bozo") else None
    feed_title = parsed.feed.get("title")
    items = [item for entry in parsed.entries if (item := _item(entry, feed_url, outlet or feed_title))]
    # feedparser is lenient: a broken document that still yields items is kept, one that yields none is not.
    if not items and (bozo or not parsed.get("version")):
        raise FeedError(f"not a usable feed: {bozo or 'no RSS or Atom root element'}")
    return FeedParse(feed_url=feed_url, title=feed_title, items=items, bozo_error=bozo)


def _item(entry, feed_url: str, default_outlet: str | None) -> FeedItem | None:
    link = entry.get("link") or _first_alternate(entry)
    if not link:
        return None
    try:
        link = urljoin(feed_url, link.strip())
    except ValueError:  # a malformed link spoils its own item, not the feed
        return None
    source = entry.get("source") or {}
    return FeedItem(
        feed_url=feed_url,
        guid=(entry.get("id") or link).strip(),
        link=link,
        title=(entry.get("title") or "").strip() or None,
        published=_entry_datetime(entry),
        outlet=(source.get("title") or "").strip() or default_outlet,
        summary=entry.get("summary"),
    )


def _first_alternate(entry) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None


def _entry_datetime(entry) -> datetime | None:
    # feedparser normalises every date format it knows to a UTC struct_time.
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    return None
