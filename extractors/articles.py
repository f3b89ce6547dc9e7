"""A fetched page and its feed item (or a feed item carrying its own text) to one article record with its claims."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import datetime, timedelta

import trafilatura

from extractors.bylines import clean_title
from extractors.charset import decode_page
from extractors.claims import SUPPORTED_LANGUAGES, extract_claims
from extractors.dedup import blocking_keys, canonical_url, content_hash
from extractors.html import declared_language, extract_html
from extractors.language import detect_language
from extractors.plaintext import extract_plaintext
from extractors.records import Article, Extraction, FeedItem, PublicationDate, RawPage
from extractors.text import html_text, looks_like_html

MIN_TEXT_CHARS = 200
_WHOLE_PAGE = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
# Bump when extraction, dating, bylines, language or claim rules change what an article or claim holds;
# every article and claim records it (with trafilatura's own version), so `newsclaims reextract` output
# can be told from what it replaced.
EXTRACTION_RULES = "3"
EXTRACTOR_VERSION = f"newsclaims-{EXTRACTION_RULES}+trafilatura-{trafilatura.__version__}"
# Page dates more trustworthy than the feed's: the publisher's structured data and meta tags.
_STRUCTURED_SOURCES = ("json-ld", "meta", "time-element")


class ExtractionError(ValueError):
    """The page yielded no usable main text."""


def article_id_for(url: str) -> str:
    """Stable id of an article: a digest of its canonical URL."""
    return hashlib.sha256(canonical_url(url).encode()).hexdigest()[:16]


def extract_page(body: bytes, content_type: str, url: str, title_hint: str | None = None,
                 headers: dict[str, str] | None = None) -> Extraction:
    """Main text and metadata of a page, by its media type."""
    media_type = media_type_of(content_type)
    if media_type == "text/plain":
        decoded = decode_page(body, content_type, media_type="text/plain")
        extraction = extract_plaintext(decoded.text, title_hint=title_hint)
        return replace(extraction, charset=decoded.encoding, charset_source=decoded.source,
                       authors=(extraction.author,) if extraction.author else (),
                       declared_language=(headers or {}).get("content-language"))
    if media_type in ("text/html", "application/xhtml+xml", ""):
        return extract_html(body, url=url, content_type=content_type, headers=headers)
    raise ExtractionError(f"unsupported content type {media_type!r}")


def build_article(item: FeedItem, page: RawPage) -> Article:
    """Extract, date and mine one fetched page; raise ExtractionError when it has no usable text."""
    extraction = extract_page(page.body, page.content_type, page.final_url or item.link, title_hint=item.title,
                              headers=page.headers)
    return _article(item, extraction, media_type_of(page.content_type) or "text/html", page)


def feed_page(item: FeedItem, fetched_at: datetime) -> RawPage:
    """A body-only feed entry's own text, kept like a fetched page."""
    return RawPage(url=item.link, final_url=item.link, status=None, content_type="text/html; charset=utf-8",
                   body=(item.content or "").encode("utf-8", "surrogatepass"), fetched_at=fetched_at, source="feed")


def build_feed_article(item: FeedItem, fetched_at: datetime) -> Article:
    """Extract, date and mine a body-only feed item's own text; raise ExtractionError when it is too short."""
    content = item.content or ""
    page = feed_page(item, fetched_at)
    if not looks_like_html(content):
        return _article(item, Extraction(text=content, method="feed", charset="utf-8", charset_source="feed"),
                        "text/plain", page)
    # trafilatura refuses a bare fragment ("parsed tree length: 1") and takes the same one in a body.
    whole = content if _WHOLE_PAGE.search(content) else f"<html><body>{content}</body></html>"
    extraction = extract_html(whole, url=item.link)
    if len(extraction.text.strip()) < MIN_TEXT_CHARS:
        # trafilatura looks for a page's main text; a short body may be all text and still not qualify.
        extraction = Extraction(text=html_text(content), method="feed", title=extraction.title,
                                declared_language=declared_language(whole))
    # Only the item dates the article: a date found in a fragment is no page date.
    extraction = replace(extraction, method="feed", published=None, charset="utf-8", charset_source="feed")
    return _article(item, extraction, "text/html", page)


def _article(item: FeedItem, extraction: Extraction, media_type: str, page: RawPage) -> Article:
    text = extraction.text.strip()
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionError(
            f"{extraction.method} extraction gave {len(text)} characters (minimum {MIN_TEXT_CHARS})"
        )
    published = publication(item, extraction.published)
    site_names = (item.outlet, extraction.site_name)
    title = (clean_title(item.title, site_names, item.link) or clean_title(extraction.title, site_names, item.link)
             or item.title or extraction.title)
    language = detect_language(text, extraction.declared_language)
    claims_status = claims_status_for(language.code)
    return Article(
        article_id=article_id_for(item.link),
        url=item.link,
        canonical_url=canonical_url(item.link),
        guid=item.guid,
        feed_url=item.feed_url,
        outlet=item.outlet,
        title=title,
        author="; ".join(extraction.authors) or None,
        published_at=published.instant if published else None,
        date_source=published.source if published else "undated",
        fetched_at=page.fetched_at,
        text=text,
        content_hash=content_hash(text),
        extraction_method=extraction.method,
        content_type=media_type,
        blocking_keys=blocking_keys(title, text),
        claims=extract_claims(text, published.day if published else None) if claims_status == "ok" else [],
        published=published,
        authors=extraction.authors,
        byline_organisations=extraction.byline_organisations,
        byline_places=extraction.byline_places,
        language=language.code,
        language_confidence=round(language.confidence, 4),
        claims_status=claims_status,
        charset=extraction.charset,
        charset_source=extraction.charset_source,
        extractor_version=EXTRACTOR_VERSION,
        page=page,
        item=item,
    )


def claims_status_for(language: str | None) -> str:
    """Whether the claim rules run on an article in this language, and if not, why not."""
    if language is None:
        return "undetermined_language"
    return "ok" if language in SUPPORTED_LANGUAGES else "unsupported_language"


def feed_date(item: FeedItem) -> PublicationDate | None:
    """The feed entry's date in the offset it was written in."""
    if item.published is None:
        return None
    offset = item.published_offset
    local = (item.published + timedelta(minutes=offset or 0)).replace(tzinfo=None)
    return PublicationDate(day=local.date(), precision="instant", source="feed", local=local,
                           offset_minutes=offset if offset is not None else 0)


def publication(item: FeedItem, page: PublicationDate | None) -> PublicationDate | None:
    """The most specific trustworthy date: the page's structured data, then the feed, then the page's weaker
    clues (its URL, its text); a less precise winner takes a more precise time of the same day."""
    feed = feed_date(item)
    ranked = [d for d in (page if page and page.source in _STRUCTURED_SOURCES else None, feed, page) if d]
    if not ranked:
        return None
    best = ranked[0]
    if best.precision != "instant":
        for other in ranked[1:]:
            if other.precision == "instant" and other.day == best.day:
                return other
    return best


def media_type_of(content_type: str) -> str:
    return (content_type or "").partition(";")[0].strip().lower()
