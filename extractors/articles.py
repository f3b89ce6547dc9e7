"""A fetched page and its feed item (or a feed item carrying its own text) to one article record with its claims."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import datetime

from extractors.claims import extract_claims
from extractors.dedup import blocking_keys, canonical_url, content_hash
from extractors.html import extract_html
from extractors.plaintext import extract_plaintext
from extractors.records import Article, Extraction, FeedItem
from extractors.text import html_text, looks_like_html

MIN_TEXT_CHARS = 200
_WHOLE_PAGE = re.compile(r"<(?:html|body)\b", re.IGNORECASE)


class ExtractionError(ValueError):
    """The page yielded no usable main text."""


def article_id_for(url: str) -> str:
    """Stable id of an article: a digest of its canonical URL."""
    return hashlib.sha256(canonical_url(url).encode()).hexdigest()[:16]


def extract_page(body: bytes, content_type: str, url: str, title_hint: str | None = None) -> Extraction:
    """Main text and metadata of a page, by its media type."""
    media_type, charset = _media_type(content_type)
    if media_type == "text/plain":
        return extract_plaintext(body.decode(charset or "utf-8", errors="replace"), title_hint=title_hint)
    if media_type in ("text/html", "application/xhtml+xml", ""):
        return extract_html(body, url=url)
    raise ExtractionError(f"unsupported content type {media_type!r}")


def build_article(item: FeedItem, body: bytes, content_type: str, fetched_at: datetime) -> Article:
    """Extract, date and mine one fetched page; raise ExtractionError when it has no usable text."""
    extraction = extract_page(body, content_type, item.link, title_hint=item.title)
    return _article(item, extraction, _media_type(content_type)[0] or "text/html", fetched_at)


def build_feed_article(item: FeedItem, fetched_at: datetime) -> Article:
    """Extract, date and mine a body-only feed item's own text; raise ExtractionError when it is too short."""
    content = item.content or ""
    if not looks_like_html(content):
        return _article(item, Extraction(text=content, method="feed"), "text/plain", fetched_at)
    # trafilatura refuses a bare fragment ("parsed tree length: 1") and takes the same one in a body.
    page = content if _WHOLE_PAGE.search(content) else f"<html><body>{content}</body></html>"
    extraction = extract_html(page, url=item.link)
    if len(extraction.text.strip()) < MIN_TEXT_CHARS:
        # trafilatura looks for a page's main text; a short body may be all text and still not qualify.
        extraction = Extraction(text=html_text(content), method="feed", title=extraction.title)
    # Only the item dates the article: a date trafilatura guesses from a fragment is no page date.
    extraction = replace(extraction, method="feed", published=None)
    return _article(item, extraction, "text/html", fetched_at)


def _article(item: FeedItem, extraction: Extraction, media_type: str, fetched_at: datetime) -> Article:
    text = extraction.text.strip()
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionError(
            f"{extraction.method} extraction gave {len(text)} characters (minimum {MIN_TEXT_CHARS})"
        )
    published, date_source = _publication_date(item, extraction)
    title = item.title or extraction.title
    return Article(
        article_id=article_id_for(item.link),
        url=item.link,
        canonical_url=canonical_url(item.link),
        guid=item.guid,
        feed_url=item.feed_url,
        outlet=item.outlet,
        title=title,
        author=extraction.author,
        published_at=published,
        date_source=date_source,
        fetched_at=fetched_at,
        text=text,
        content_hash=content_hash(text),
        extraction_method=extraction.method,
        content_type=media_type,
        blocking_keys=blocking_keys(title, text),
        claims=extract_claims(text, published.date() if published else None),
    )


def _publication_date(item: FeedItem, extraction: Extraction) -> tuple[datetime | None, str]:
    # Never fall back to the fetch time: an undated article must stay visibly undated.
    if item.published:
        return item.published, "feed"
    if extraction.published:
        return extraction.published, "page"
    return None, "undated"


def _media_type(content_type: str) -> tuple[str, str | None]:
    media_type, _, params = (content_type or "").partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip('"').strip()
    return media_type.strip().lower(), charset
