"""One fetched page to one article record: dates, methods, unusable pages."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from extractors.articles import ExtractionError, article_id_for, build_article, build_feed_article
from extractors.feeds import parse_feed
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


PRESS_FEED = "https://www.harbourtimes.example/press.xml"


def body_only_items():
    return [i for i in parse_feed((FIXTURES / "feeds" / "linkless.xml").read_bytes(), PRESS_FEED).items if i.body_only]


def test_body_only_item_becomes_an_article_from_its_own_html():
    item = body_only_items()[0]
    article = build_feed_article(item, FETCHED)
    assert (article.extraction_method, article.content_type) == ("feed", "text/html")
    assert article.text.startswith("The port authority said on Tuesday that 14 ships were waiting")
    assert "track(" not in article.text  # the body's script is no text
    assert (article.published_at, article.date_source) == (datetime(2025, 3, 11, 16, tzinfo=timezone.utc), "feed")
    assert article.url == item.link and article.guid == "press-103" and article.title == item.title
    assert article.claims and {c.claimed_on for c in article.claims} == {datetime(2025, 3, 11).date()}


def test_body_only_articles_of_one_feed_keep_distinct_identities():
    items = [FeedItem(PRESS_FEED, f"g{n}", f"{PRESS_FEED}#entry-{n:016x}", content=UNDATED_PAGE.decode(), body_only=True)
             for n in (1, 2)]
    first, second = (build_feed_article(item, FETCHED) for item in items)
    # canonical_url drops fragments; an entry's name must survive it, or every entry would be one article.
    assert first.article_id != second.article_id
    assert first.canonical_url == f"https://harbourtimes.example/press.xml#entry-{1:016x}"
    assert first.article_id == article_id_for(items[0].link)
    assert article_id_for("https://h.example/a#section-2") == article_id_for("https://h.example/a")


def test_html_that_trafilatura_passes_over_falls_back_to_its_plain_text():
    # trafilatura drops a <footer> as page furniture; in a feed body it is all the text there is.
    sentence = "The union said the strike would continue until a deal is reached at the ministry."
    html = "<footer>" + f"{sentence}<br>" * 4 + "</footer>"
    item = FeedItem(PRESS_FEED, "g", f"{PRESS_FEED}#entry-{7:016x}", content=html, body_only=True)
    article = build_feed_article(item, FETCHED)
    assert article.extraction_method == "feed" and article.content_type == "text/html"
    assert article.text.splitlines() == [sentence] * 4


def test_plain_text_body_is_taken_as_is_and_only_the_item_dates_it():
    text = ("On 3 March 2025 the port authority said 14 ships were waiting at anchor. " * 4).strip()
    item = FeedItem(PRESS_FEED, "g", f"{PRESS_FEED}#entry-{8:016x}", content=text, body_only=True)
    article = build_feed_article(item, FETCHED)
    assert (article.text, article.content_type, article.extraction_method) == (text, "text/plain", "feed")
    assert (article.published_at, article.date_source) == (None, "undated")


def test_too_short_feed_body_raises():
    item = body_only_items()[1]  # one sentence: a teaser, not an article
    with pytest.raises(ExtractionError, match=r"feed extraction gave \d+ characters \(minimum 200\)"):
        build_feed_article(item, FETCHED)
