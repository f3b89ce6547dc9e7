"""Sitemaps (sitemaps.org urlsets, Google News sitemaps, sitemap indexes) to feed items."""

from __future__ import annotations

import zlib
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from lxml import etree

from extractors.records import FeedItem, FeedParse
from extractors.text import MAX_TITLE_CHARS, plain_text

MAX_URLS = 50_000  # the protocol's limit per sitemap and per index
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the protocol's limit, uncompressed
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1024 * 1024


class FeedError(ValueError):
    """The document is not a usable feed (or sitemap)."""


def parse_sitemap(content: bytes, sitemap_url: str, outlet: str | None = None) -> FeedParse:
    """Parse (optionally gzip-compressed) sitemap bytes: a urlset to items, an index to child sitemap URLs."""
    if content[:2] == GZIP_MAGIC:
        content = gunzip(content)
    if len(content) > MAX_SITEMAP_BYTES:
        raise FeedError(f"not a usable feed: sitemap larger than {MAX_SITEMAP_BYTES} bytes")
    # No entity is ever expanded and nothing is loaded: a sitemap has no business with a DTD.
    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    sitemap = _Sitemap(sitemap_url, outlet)
    try:
        for start in range(0, len(content), _CHUNK):
            parser.feed(content[start:start + _CHUNK])
            sitemap.take(parser.read_events())
        parser.close()
        sitemap.take(parser.read_events())
    except etree.XMLSyntaxError as error:
        raise FeedError(f"not a usable feed: broken sitemap: {error}") from None
    if sitemap.kind is None:
        raise FeedError("not a usable feed: no urlset or sitemapindex root element")
    return FeedParse(
        feed_url=sitemap_url, title=None, items=sitemap.items, bozo_error=sitemap.note, kind=sitemap.kind,
        sitemaps=sitemap.sitemaps,
    )


def gunzip(content: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress gzip bytes, refusing (FeedError) output over ``max_bytes`` before it is produced."""
    out = bytearray()
    while content:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            out += inflater.decompress(content, max_bytes + 1 - len(out))
        except zlib.error as error:
            raise FeedError(f"not a usable feed: broken gzip data: {error}") from None
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise FeedError(f"not a usable feed: decompresses to more than {max_bytes} bytes")
        if not inflater.eof:
            raise FeedError("not a usable feed: truncated gzip data")
        # Concatenated gzip members are one stream (gzip(1) reads them so); trailing padding is not.
        content = inflater.unused_data if inflater.unused_data[:2] == GZIP_MAGIC else b""
    return bytes(out)


def is_sitemap_root(name: str) -> bool:
    """Whether an XML root element name (any prefix) is a sitemap's."""
    return _local_name(name) in ("urlset", "sitemapindex")


class _Sitemap:
    """Collects a sitemap's entries from parser events, dropping each element once read."""

    def __init__(self, sitemap_url: str, outlet: str | None) -> None:
        self.url, self.outlet = sitemap_url, outlet
        self.kind: str | None = None
        self.items: list[FeedItem] = []
        self.sitemaps: list[str] = []
        self.seen: set[str] = set()
        self.note: str | None = None
        self.depth = 0

    def take(self, events) -> None:
        for event, element in events:
            if not isinstance(element.tag, str):  # comments and processing instructions
                continue
            if event == "start":
                self.depth += 1
                if self.depth == 1:
                    self._root(element)
                continue
            self.depth -= 1
            if self.depth == 1:  # a <url> or <sitemap> child of the root
                self._entry(element)
                # Whole sitemaps are up to 50 MB: keep the tree at one entry.
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]

    def _root(self, element) -> None:
        name = _local_name(element.tag)
        if name == "urlset":
            self.kind = "sitemap"
        elif name == "sitemapindex":
            self.kind = "sitemap-index"
        else:
            raise FeedError(f"not a usable feed: root element <{name}> is not a sitemap's")

    def _entry(self, element) -> None:
        name = _local_name(element.tag)
        if (self.kind, name) not in (("sitemap", "url"), ("sitemap-index", "sitemap")):
            return
        loc = _http_url(_text(_child(element, "loc")), self.url)
        if loc is None or loc in self.seen:
            return
        if len(self.seen) >= MAX_URLS:
            self.note = f"more than {MAX_URLS} entries: the rest were ignored"
            return
        self.seen.add(loc)
        if self.kind == "sitemap-index":
            self.sitemaps.append(loc)
            return
        news = _child(element, "news")
        publication = _child(news, "publication")
        self.items.append(FeedItem(
            feed_url=self.url,
            guid=loc,
            link=loc,
            title=plain_text(_text(_child(news, "title")), html=False, max_chars=MAX_TITLE_CHARS),
            published=_w3c_datetime(_text(_child(news, "publication_date")))
            or _w3c_datetime(_text(_child(element, "lastmod"))),
            # Like an RSS item's <source>, the publication named on the entry wins over the configured outlet.
            outlet=plain_text(_text(_child(publication, "name")), html=False, max_chars=MAX_TITLE_CHARS)
            or self.outlet,
        ))


def _child(element, name: str):
    # Direct children only: an image:image or video:video block has a <loc> of its own.
    if element is None:
        return None
    for child in element:
        if isinstance(child.tag, str) and _local_name(child.tag) == name:
            return child
    return None


def _local_name(tag: str) -> str:
    # "{namespace}name", or "prefix:name" when the prefix was never declared (libxml2 lets that pass).
    return tag.rpartition("}")[2].rpartition(":")[2]


def _text(element) -> str | None:
    # Unexpanded entity references stay as their literal "&name;" text: inert.
    if element is None:
        return None
    return "".join(element.itertext()).strip() or None


def _http_url(value: str | None, base: str) -> str | None:
    if not value:
        return None
    try:
        url = urljoin(base, value)
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _w3c_datetime(value: str | None) -> datetime | None:
    # W3C datetime: a date, or a date and time with a zone; a date alone is midnight UTC and a time
    # without a zone is read as UTC. Year-only and year-month values are too coarse to date an article.
    if not value or len(value) < 10:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None
