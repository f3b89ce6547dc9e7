"""One fetched page to one article record: dates, methods, unusable pages."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from extractors.articles import ExtractionError, article_id_for, build_article, build_feed_article
from extractors.feeds import parse_feed
from extractors.records import FeedItem, RawPage
from tests.conftest import FIXTURES, SEEDS, site_page

FETCHED = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
def fetched(body: bytes, content_type: str, url: str = "http://f/x") -> RawPage:
    return RawPage(url=url, final_url=url, status=200, content_type=content_type, body=body, fetched_at=FETCHED)


UNDATED_PAGE = b"""<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>
<p>The port authority said that 14 ships were waiting at anchor, according to a spokesperson who spoke to reporters.</p>
<p>Freight forwarders estimated the cost of the stoppage at more than 30 million euros a day, the union said on Monday.</p>
</article></body></html>"""


def test_undated_article_is_flagged_never_given_the_fetch_time():
    item = FeedItem("http://f/feed", "g1", "http://f/undated.html", title="Harbour news")
    article = build_article(item, fetched(UNDATED_PAGE, "text/html"))
    assert article.published_at is None and article.date_source == "undated"
    assert article.claims and all(c.claimed_on is None for c in article.claims)
    assert {c.claimed_on_precision for c in article.claims} == {"undated"}


def test_page_structured_date_wins_over_the_feed_and_the_method_is_recorded():
    feed_time = datetime(2025, 3, 12, 11, 0, tzinfo=timezone.utc)
    item = FeedItem("http://f/feed", "g2", "http://f/a.html?utm_source=x", published=feed_time, outlet="Harbour Times")
    article = build_article(item, fetched((FIXTURES / "site" / "harbour-strike.html").read_bytes(), "text/html; charset=utf-8"))
    # article:published_time says 09:30Z; the feed only says when the item was put in the feed
    assert (article.published_at, article.date_source) == (datetime(2025, 3, 12, 9, 30, tzinfo=timezone.utc), "meta")
    assert (article.published.precision, article.published.offset_minutes) == ("instant", 0)
    assert article.extraction_method.startswith("trafilatura")
    assert article.article_id == article_id_for("http://f/a.html") and article.canonical_url == "http://f/a.html"


def test_a_feed_instant_makes_a_day_only_page_date_precise():
    page = b"""<html lang="en"><head><meta property="article:published_time" content="2025-03-12"></head><body>
<article><p>The port authority said that 14 ships were waiting at anchor, according to a spokesperson.</p>
<p>Freight forwarders estimated the cost of the stoppage at more than 30 million euros a day, the union said.</p>
<p>Talks between the union and the port employers are due to resume on Thursday morning in Brussels.</p>
</article></body></html>"""
    same_day = FeedItem("http://f/feed", "g", "http://f/d.html", published=datetime(2025, 3, 12, 8, 15, tzinfo=timezone.utc),
                        published_offset=60)
    article = build_article(same_day, fetched(page, "text/html"))
    published = article.published
    assert (published.source, published.precision, published.local, published.offset_minutes) == (
        "feed", "instant", datetime(2025, 3, 12, 9, 15), 60)
    assert article.published_at == datetime(2025, 3, 12, 8, 15, tzinfo=timezone.utc)

    other_day = FeedItem("http://f/feed", "g", "http://f/d.html", published=datetime(2025, 3, 14, 8, tzinfo=timezone.utc))
    article = build_article(other_day, fetched(page, "text/html"))
    assert (article.published.source, article.published.precision, article.published_at) == ("meta", "day", None)
    assert article.published.day == date(2025, 3, 12)


def test_plain_text_seed_goes_through_furniture_removal():
    item = FeedItem("file:///seeds/feed.xml", "g3", "file:///seeds/001.txt", title="North Korean soldiers face first battle "
                    "in Russia's Kursk region: reports", published=FETCHED)
    body = (SEEDS / "001_bc1be8ee82f2fd43.txt").read_bytes()
    article = build_article(item, fetched(body, "text/plain; charset=utf-8"))
    assert article.extraction_method == "plaintext" and "Leave a Reply" not in article.text


@pytest.mark.parametrize("body, content_type", [
    ((FIXTURES / "site" / "empty.html").read_bytes(), "text/html"),
    (b"close\n\nLeave a Reply\n", "text/plain"),
    (b"%PDF-1.4 ...", "application/pdf"),
])
def test_unusable_pages_raise_instead_of_loading_empty_articles(body, content_type):
    with pytest.raises(ExtractionError):
        build_article(FeedItem("http://f/feed", "g", "http://f/x"), fetched(body, content_type))


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


def test_a_german_page_is_stored_with_its_language_and_no_claims_pretended():
    item = FeedItem("http://f/feed", "g", "http://f/bahnstreik.html", outlet="WELT")
    article = build_article(item, fetched(site_page("bahnstreik.html"), "text/html", item.link))

    assert article.title == "Bahnstreik legt den Fernverkehr in ganz Deutschland lahm"  # "- WELT" taken off
    assert (article.authors, article.byline_places) == (("Anna Schmidt", "Jonas Weber"), ("Berlin",))
    assert (article.language, article.claims_status, article.claims) == ("de", "unsupported_language", [])
    # JSON-LD's datePublished, in the newsroom's own offset; dateModified and the image's date are ignored
    assert (article.published.local, article.published.offset_minutes, article.date_source) == (
        datetime(2025, 3, 12, 14, 30), 60, "json-ld")
    assert article.published_at == datetime(2025, 3, 12, 13, 30, tzinfo=timezone.utc)
    assert "555 Euro" in article.text and "Alle Rechte" not in article.text


def test_a_japanese_shift_jis_page_decodes_and_keeps_its_offset():
    item = FeedItem("http://f/feed", "g", "http://f/kowan.html", outlet="毎日新聞")
    # Shift_JIS declared only in the page: the HTTP header names no charset
    article = build_article(item, fetched(site_page("kowan-sutoraiki-sjis.html"), "text/html", item.link))

    assert (article.charset, article.charset_source) == ("cp932", "meta")
    assert article.title == "港湾ストライキで物流が停滞 政府が対策会議"  # "| 毎日新聞" taken off
    assert "東京港と横浜港" in article.text and "\ufffd" not in article.text
    assert (article.language, article.claims_status, article.claims) == ("ja", "unsupported_language", [])
    assert article.authors == ("山田太郎",)
    # 09:00 in Tokyo is midnight UTC: the day stays the newsroom's, the instant is exact
    assert (article.published.day, article.published.offset_minutes) == (date(2025, 3, 12), 540)
    assert article.published_at == datetime(2025, 3, 12, 0, 0, tzinfo=timezone.utc)


def test_an_english_page_is_mined_and_says_so():
    item = FeedItem("http://f/feed", "g", "http://f/a.html")
    article = build_article(item, fetched(site_page("harbour-strike.html"), "text/html", item.link))
    assert (article.language, article.claims_status) == ("en", "ok") and article.claims
    assert article.extractor_version.startswith("newsclaims-")
