"""Plain records passed between the extraction stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone


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
    # The UTC offset (minutes) the feed wrote its date in; ``published`` itself is the instant in UTC.
    published_offset: int | None = None


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
class RawPage:
    """A page as it was fetched, kept so that a later extractor can read it again."""

    url: str  # the feed item's link
    final_url: str  # after redirects
    status: int | None  # None for a page that came from the feed itself or a local file
    content_type: str
    body: bytes
    fetched_at: datetime
    # The response headers that matter for reading the page again (content-language, last-modified, …).
    headers: dict[str, str] = field(default_factory=dict)
    source: str = "http"  # "http", "file" or "feed"


@dataclass(frozen=True)
class PublicationDate:
    """When an article was published, as precisely as its sources say and no more."""

    day: date  # the calendar day in the publisher's own local terms
    precision: str  # "instant", "local" (a time of day without an offset), "day" or "month"
    source: str  # which source won: "json-ld", "meta", "time-element", "feed", "url", "text", "htmldate", …
    local: datetime | None = None  # wall-clock time as written, when a time of day is known (naive)
    offset_minutes: int | None = None  # the publisher's UTC offset, when known

    @property
    def instant(self) -> datetime | None:
        """The moment of publication, only when a time of day and its offset are both known."""
        if self.precision != "instant" or self.local is None or self.offset_minutes is None:
            return None
        return (self.local - timedelta(minutes=self.offset_minutes)).replace(tzinfo=timezone.utc)

    @property
    def order_key(self) -> datetime:
        """A UTC point to sort and window by: the instant, else the start of the day in UTC."""
        return self.instant or datetime.combine(self.day, time(0), tzinfo=timezone.utc)


@dataclass(frozen=True)
class Extraction:
    text: str
    method: str
    title: str | None = None
    author: str | None = None
    published: PublicationDate | None = None
    authors: tuple[str, ...] = ()
    byline_organisations: tuple[str, ...] = ()
    byline_places: tuple[str, ...] = ()
    site_name: str | None = None
    declared_language: str | None = None  # <html lang>, Content-Language
    charset: str | None = None
    charset_source: str | None = None


@dataclass(frozen=True)
class MentionedDate:
    text: str
    start: date
    end: date
    precision: str


@dataclass(frozen=True)
class Quantity:
    """A figure in a claim, as extractors/quantities.py reads it.

    ``value``: the number with its magnitude multiplied out ("$1.2bn" -> 1.2e9), never converted between
    currencies; for a change, the later figure. ``unit``: the counted noun ("soldiers"), an ISO 4217 code
    ("USD", "GBP") or the currency word when no code is certain ("francs"), "%", "percentage points", a
    measure ("tonnes", "km", "years"), "times", or None for a bare figure. ``modifier``: "about", "up to",
    "between" (ranges only), "order of magnitude" (vague plurals), … ``text``: the figure as written.
    ``subject``: who or what is counted in terms comparable across articles ("North Korean troops",
    "people killed"), None when the noun alone is too general ("people", "years", "times").
    """

    value: float
    unit: str | None
    modifier: str | None
    text: str
    subject: str | None = None
    # What the unit measures: "count" (a counted noun, or a bare figure), "money", "percent",
    # "measure" (weight, distance, area, volume, duration) or "multiple" ("three times").
    kind: str = "count"
    # "single"; "range" ("between 10 and 12", "10-12", "10 to 12": two quantities, both "between", each
    # with ``low`` and ``high``); "change" ("from 10 to 12", "12, up from 10", "fell to 10 from 12": one
    # quantity whose ``value`` is the later figure and ``from_value`` the earlier).
    form: str = "single"
    low: float | None = None
    high: float | None = None
    from_value: float | None = None


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
    # What the claimant is: "person", "organisation", "government", "media", "anonymous" ("officials",
    # "a source"), "role" ("his lawyer", "a spokeswoman for Hillary Clinton") or "pronoun" (a "he" the
    # article does not resolve with confidence; ``claimant`` is then the pronoun). None when claimant is None.
    claimant_kind: str | None = None
    # The display name behind the claimant, without honorifics and resolved within the article ("Mr. Trump"
    # → "Donald Trump", "Rep. G.K. Butterfield" → "G.K. Butterfield"; a surname two people share stays the
    # surname); for an organisation, government or outlet its name ("Reuters", "British Ministry of
    # Defense"). None for roles, anonymous sources, pronouns and bare common nouns ("the ministry").
    claimant_name: str | None = None
    # Of what is claimed, from its first verb group, else the cue: "past", "present", "future" ("will meet on
    # Thursday", "said troops would be deployed by Friday") or "conditional" ("could exceed", "would … if").
    # A hedged report of what is or was stays present or past ("might already be stationed", "may have been
    # sent"), as does a reported "would" with no time ahead ("reported the North would send 12,000 troops").
    tense: str = "past"


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
    published_at: datetime | None  # an instant only: None when the sources give no time of day with offset
    date_source: str
    fetched_at: datetime
    text: str
    content_hash: str
    extraction_method: str
    content_type: str
    blocking_keys: list[str]
    claims: list[Claim]
    published: PublicationDate | None = None
    authors: tuple[str, ...] = ()
    byline_organisations: tuple[str, ...] = ()
    byline_places: tuple[str, ...] = ()
    language: str | None = None
    language_confidence: float | None = None
    claims_status: str = "ok"
    charset: str | None = None
    charset_source: str | None = None
    extractor_version: str | None = None
    page: RawPage | None = None
    item: FeedItem | None = None  # the feed entry it came from, kept with the page for re-extraction

    @property
    def order_time(self) -> datetime:
        """When the article appeared, to order copies and place it in the near-duplicate window."""
        if self.published is not None:
            return self.published.order_key
        return self.published_at or self.fetched_at


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
