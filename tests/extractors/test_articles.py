"""One fetched page to one article record: dates, methods, unusable pages."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from extractors.articles import ExtractionError, article_id_for, build_article
from extractors.records import FeedItem
from tests.conftest import FIXTURES, SEEDS

FETCHED = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
UNDATED_PAGE = b"""<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>
<p>The port authority said that 14 ships were waiting at anchor, according to a spokesperson who spoke to reporters.</p>
<p>Freight forwarders estimated the cost of the stoppage at more than 30 million euros a day, the union said on Monday.</p>
</article></body></html>"""


def test_undated_article_is_flagged_never_given_the_fetch_time():
    item = FeedItem("http://f/feed", "g1", "http://f/undated.html", title="Harbour news")
    article = build_article(item, UNDATED_PAGE, "text/html", FETCHED)
    assert article.published_at is None and article.date_source == "undated"
    assert article.claims and all(c.claimed_on is None for c in article.claims)
    assert {c.claimed_on_precision for c in article.claims} == {"undated"}


def test_feed_date_wins_over_the_page_and_the_method_is_recorded():
    published = datetime(2025, 3, 12, 9, 30, tzinfo=timezone.utc)
    item = FeedItem("http://f/feed", "g2", "http://f/a.html?utm_source=x", published=published, outlet="Harbour Times")
    article = build_article(item, (FIXTURES / "site" / "harbour-strike.html").read_bytes(), "text/html; charset=utf-8", FETCHED)
    assert (article.published_at, article.date_source, article.extraction_method) == (published, "feed", "trafilatura")
    assert article.article_id == article_id_for("http://f/a.html") and article.canonical_url == "http://f/a.html"


def test_plain_text_seed_goes_through_furniture_removal():
    item = FeedItem("file:///seeds/feed.xml", "g3", "file:///seeds/001.txt", title="North Korean soldiers face first battle "
                    "in Russia's Kursk region: reports", published=FETCHED)
    body = (SEEDS / "001_bc1be8ee82f2fd43.txt").read_bytes()
    article = build_article(item, body, "text/plain; charset=utf-8", FETCHED)
    assert article.extraction_method == "plaintext" and "Leave a Reply" not in article.text


@pytest.mark.parametrize("body, content_type", [
    ((FIXTURES / "site" / "empty.html").read_bytes(), "text/html"),
    (b"close\n\nLeave a Reply\n", "text/plain"),
    (b"%PDF-1.4 ...", "application/pdf"),
])
def test_unusable_pages_raise_instead_of_loading_empty_articles(body, content_type):
    with pytest.raises(ExtractionError):
        build_article(FeedItem("http://f/feed", "g", "http://f/x"), body, content_type, FETCHED)
