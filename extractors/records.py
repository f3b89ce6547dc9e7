"""Plain records passed between the extraction stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class FeedItem:
    feed_url: str
    guid: str
    link: str
    title: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    summary: str | None = None
    # An entry with no link and its text in the feed: ``link`` is a stable ``feed_url#entry-…`` name and
    # the article is built from ``content`` instead of a fetched page.
    content: str | None = None
    body_only: bool = False


@dataclass(frozen=True)
class FeedParse:
    feed_url: str
    title: str | None
    items: list[FeedItem]
    bozo_error: str | None = None
    kind: str = "feed"  # "feed" (RSS/Atom), "sitemap" (urlset) or "sitemap-index"
    # Entries that could not become items (no link, no permalink guid, no body): one recorded error each.
    entry_failures: list[Failure] = field(default_factory=list)
    # Child sitemaps an index names; the flow fetches them as part of the same feed.
    sitemaps: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Extraction:
    text: str
    method: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class MentionedDate:
    text: str
    start: date
    end: date
    precision: str


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None
    modifier: str | None
    text: str
    subject: str | None = None


@dataclass(frozen=True)
class Claim:
    text: str
    claimant: str | None
    cue: str | None
    claimed_on: date | None
    claimed_on_precision: str
    mentioned_dates: list[MentionedDate] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    checkworthiness: float = 0.0
    start_char: int = 0
    end_char: int = 0


@dataclass(frozen=True)
class Article:
    article_id: str
    url: str
    canonical_url: str
    guid: str
    feed_url: str
    outlet: str | None
    title: str | None
    author: str | None
    published_at: datetime | None
    date_source: str
    fetched_at: datetime
    text: str
    content_hash: str
    extraction_method: str
    content_type: str
    blocking_keys: list[str]
    claims: list[Claim]


@dataclass(frozen=True)
class Failure:
    stage: str
    error: str
    feed_url: str | None = None
    url: str | None = None
    # The item to try again in a later run (absent for feed-level failures).
    item: FeedItem | None = None
    # Trying again cannot help (a refused destination, robots.txt, an entry with no link): never retried.
    final: bool = False
