"""Sitemaps: urlsets, Google News sitemaps, indexes, gzip, limits, broken and hostile documents."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone

import pytest

from extractors.sitemaps import MAX_SITEMAP_BYTES, MAX_URLS, FeedError, gunzip, parse_sitemap
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
SITEMAP_URL = "https://www.harbourtimes.example/sitemap.xml"


def urlset(urls: str, namespace: str = ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"') -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset{namespace}>{urls}</urlset>'.encode()


def test_google_news_sitemap():
    parsed = parse_sitemap((FEEDS / "google-news-sitemap.xml").read_bytes(), SITEMAP_URL, outlet="Configured")
    assert parsed.kind == "sitemap" and parsed.title is None and parsed.sitemaps == []
    strike, ferry, rail = parsed.items
    assert strike.link == strike.guid == "https://www.harbourtimes.example/2025/03/12/port-strike-enters-second-week"
    assert strike.feed_url == SITEMAP_URL
    # news:publication_date wins over lastmod, and is converted to UTC.
    assert strike.published == datetime(2025, 3, 12, 8, 30, tzinfo=timezone.utc)
    assert strike.title == "Port strike enters second week & 14 ships wait at anchor"
    assert strike.outlet == "The Harbour Times"  # the entry's publication wins over the configured outlet
    # The <loc> of an image block is not the entry's, wherever it stands.
    assert ferry.link.endswith("/2025/03/11/ferry-timetable-cut")
    assert ferry.published == datetime(2025, 3, 11, tzinfo=timezone.utc)  # a date alone is midnight UTC
    assert ferry.title == "Ferry timetable cut again"  # markup in a CDATA title is stripped
    assert rail.outlet == "Harbour Times Business"
    assert rail.published == datetime(2025, 3, 10, 18, 45, 10, tzinfo=timezone.utc)


def test_plain_urlset_with_lastmod_and_outlet_fallback():
    document = urlset(
        "<url><loc>https://h.example/a</loc><lastmod>2025-03-12T09:30:00+01:00</lastmod></url>"
        "<url><loc>https://h.example/b</loc><lastmod>2025-03-12T09:30:00</lastmod></url>"
        "<url><loc>https://h.example/c</loc><lastmod>2025-03</lastmod></url>"
        "<url><loc>https://h.example/d</loc><lastmod>yesterday</lastmod></url>"
    )
    parsed = parse_sitemap(document, SITEMAP_URL, outlet="Harbour Times")
    assert [i.published for i in parsed.items] == [
        datetime(2025, 3, 12, 8, 30, tzinfo=timezone.utc),
        datetime(2025, 3, 12, 9, 30, tzinfo=timezone.utc),  # no zone: read as UTC
        None, None,  # too coarse, or no date at all
    ]
    assert {i.outlet for i in parsed.items} == {"Harbour Times"} and {i.title for i in parsed.items} == {None}


def test_sitemap_without_namespace_and_with_odd_locs():
    document = urlset(
        "<url><loc> https://h.example/a </loc></url>"
        "<url><loc>javascript:alert(1)</loc></url><url><loc>ftp://h.example/f</loc></url><url></url>"
        "<url><loc>/relative</loc></url><url><loc>https://h.example/a</loc></url>",
        namespace="",
    )
    assert [i.link for i in parse_sitemap(document, SITEMAP_URL).items] == [
        "https://h.example/a", "https://www.harbourtimes.example/relative"]


def test_sitemap_index():
    parsed = parse_sitemap((FEEDS / "sitemap-index.xml").read_bytes(), SITEMAP_URL)
    assert parsed.kind == "sitemap-index" and parsed.items == []
    assert parsed.sitemaps == ["https://www.harbourtimes.example/sitemap-news.xml",
                               "https://www.harbourtimes.example/sitemaps/2025-03.xml.gz"]


def test_gzip_compressed_sitemap():
    parsed = parse_sitemap((FEEDS / "sitemap.xml.gz").read_bytes(), SITEMAP_URL)
    assert len(parsed.items) == 10 and parsed.items[0].published == datetime(2025, 3, 1, tzinfo=timezone.utc)


def test_gzip_output_is_bounded_before_it_is_produced():
    bomb = gzip.compress(b" " * 1_000_000)
    assert gunzip(bomb, max_bytes=1_000_000) == b" " * 1_000_000
    with pytest.raises(FeedError, match="more than 999999 bytes"):
        gunzip(bomb, max_bytes=999_999)
    with pytest.raises(FeedError, match="truncated"):
        gunzip(bomb[:-20])
    with pytest.raises(FeedError):
        gunzip(b"\x1f\x8b" + b"not gzip at all")
    assert gunzip(gzip.compress(b"<urlset") + gzip.compress(b"/>")) == b"<urlset/>"  # concatenated members


def test_a_sitemap_over_the_protocol_size_is_refused():
    # ~50 kB that would decompress to 50 MB and one byte: refused at the limit, never fully inflated.
    bomb = gzip.compress(urlset("") + b" " * (MAX_SITEMAP_BYTES + 1 - len(urlset(""))))
    assert len(bomb) < 100_000
    with pytest.raises(FeedError):
        parse_sitemap(bomb, SITEMAP_URL)


def test_urls_beyond_the_protocol_limit_are_ignored_and_noted():
    document = urlset("".join(f"<url><loc>https://h.example/{i}</loc></url>" for i in range(MAX_URLS + 5)))
    parsed = parse_sitemap(document, SITEMAP_URL)
    assert len(parsed.items) == MAX_URLS and parsed.items[-1].link == f"https://h.example/{MAX_URLS - 1}"
    assert "more than 50000" in parsed.bozo_error


@pytest.mark.parametrize("document", [
    b"", b"<urlset><url><loc>https://h.example/a</loc>", b"<rss version='2.0'><channel/></rss>",
    b"<html><body>Not found</body></html>", b"not xml at all",
])
def test_broken_or_foreign_documents_raise(document):
    with pytest.raises(FeedError):
        parse_sitemap(document, SITEMAP_URL)


def sitemap_with_entities(references: bytes) -> bytes:
    return (b'<?xml version="1.0"?>\n<!DOCTYPE urlset [\n<!ENTITY a "' + b"x" * 10_000 + b'">\n'
            b'<!ENTITY passwd SYSTEM "file:///etc/passwd">\n]>\n'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://h.example/a</loc>'
            b"<news:news><news:title>" + references + b"</news:title></news:news></url></urlset>")


def test_entities_stay_unexpanded_and_external_ones_unread():
    (item,) = parse_sitemap(sitemap_with_entities(b"Port &a; &passwd;"), SITEMAP_URL).items
    assert item.title == "Port &a; &passwd;"


def test_an_entity_bomb_is_refused():
    # libxml2 counts the amplification even though nothing is expanded, and stops.
    with pytest.raises(FeedError, match="amplification"):
        parse_sitemap(sitemap_with_entities(b"&a;" * 3000), SITEMAP_URL)
