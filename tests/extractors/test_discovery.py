"""Discovery helpers: feed links in pages, robots.txt sitemaps, common paths, feeds-file entries."""

from __future__ import annotations

import tomllib

import pytest

from extractors.discovery import COMMON_FEED_PATHS, feed_links, feeds_file_entry, sitemaps_from_robots
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
HOME = "https://www.harbourtimes.example/"


def test_feed_links_of_a_homepage():
    assert feed_links((FEEDS / "homepage.html").read_bytes(), HOME) == [
        # Declared feeds first, in page order (rel holds several tokens, type has any case and parameters) ...
        "https://www.harbourtimes.example/feed/",
        "https://www.harbourtimes.example/comments/feed/",
        "https://www.harbourtimes.example/atom.xml",
        "https://www.harbourtimes.example/feed.json",
        # ... then same-site links that look like feeds; /feed/ again is not repeated, another site's is left out.
        "https://rss.harbourtimes.example/business.rss",
        "http://feeds.feedburner.com/HarbourTimes",
    ]


def test_base_href_and_text_input_with_an_xml_declaration():
    page = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
            '<base href="https://cdn.harbourtimes.example/news/"/>'
            '<link rel="alternate" type="application/rdf+xml" href="index.rdf"/></head>'
            '<body><a href="/rss">RSS</a><a href="/news/">News</a></body></html>')
    assert feed_links(page, HOME) == ["https://cdn.harbourtimes.example/news/index.rdf",
                                      "https://cdn.harbourtimes.example/rss"]


def test_links_to_other_sites_only_count_when_declared():
    page = ('<link rel="alternate" type="text/xml" href="https://feeds.other.example/harbour.xml">'
            '<a href="https://other.example/feed">theirs</a><a href="https://www.harbourtimes.co.uk/rss.xml">'
            'co.uk is no site</a><a href="https://news.harbourtimes.example/index.xml">ours</a>')
    assert feed_links(page, HOME) == ["https://feeds.other.example/harbour.xml",
                                      "https://news.harbourtimes.example/index.xml"]
    assert feed_links('<a href="https://other.co.uk/feed">x</a>', "https://harbour.co.uk/") == []


@pytest.mark.parametrize("page", [b"", "   ", b"<html><body><p>No feeds here</p></body></html>",
                                  '<link rel="alternate" type="application/rss+xml" href="javascript:x()">'])
def test_pages_without_feeds(page):
    assert feed_links(page, HOME) == []


def test_common_feed_paths():
    assert all(path.startswith("/") for path in COMMON_FEED_PATHS)
    assert len(set(COMMON_FEED_PATHS)) == len(COMMON_FEED_PATHS)
    expected = {"/feed", "/rss.xml", "/atom.xml", "/feeds/posts/default", "/sitemap_news.xml", "/sitemap.xml"}
    assert expected <= set(COMMON_FEED_PATHS)


def test_sitemaps_from_robots():
    text = (FEEDS / "robots.txt").read_text()
    assert sitemaps_from_robots(text, "https://www.harbourtimes.example/robots.txt") == [
        "https://www.harbourtimes.example/sitemap_index.xml",
        "https://www.harbourtimes.example/sitemap-news.xml",
        "https://www.harbourtimes.example/sitemaps/archive.xml",
    ]
    assert sitemaps_from_robots("\ufeffSitemap: https://h.example/s.xml\r\n", HOME) == ["https://h.example/s.xml"]
    assert sitemaps_from_robots("User-agent: *\nDisallow: /\n", HOME) == []


def test_feeds_file_entry_is_valid_toml_that_round_trips():
    url = 'https://h.example/feed?q="strike"&x=C:\\path\t\x01\x7f'
    title = 'The "Harbour" Times \\ Caf\u00e9 \U0001F6A2'
    entry = feeds_file_entry(url, title, "rss")
    assert entry.startswith("[[feed]]\nurl = ") and entry.endswith("  # rss\n")
    assert tomllib.loads(entry) == {"feed": [{"url": url, "outlet": title}]}


def test_feeds_file_entry_cleans_the_title_and_keeps_the_comment_on_one_line():
    entry = feeds_file_entry("https://h.example/s.xml", "  Harbour <b>Times</b>\n&amp; Co ", "sitemap\nindex")
    assert tomllib.loads(entry) == {"feed": [{"url": "https://h.example/s.xml", "outlet": "Harbour Times &amp; Co"}]}
    assert entry.count("\n") == 3 and "# sitemap index" in entry


def test_feeds_file_entry_without_a_title():
    entry = feeds_file_entry("https://h.example/feed", None, "atom")
    assert entry == '[[feed]]\nurl = "https://h.example/feed"  # atom\n'
    assert tomllib.loads(entry + entry) == {"feed": [{"url": "https://h.example/feed"}] * 2}
