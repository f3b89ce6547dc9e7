"""HTML extraction with trafilatura on offline fixture pages."""

from __future__ import annotations

from datetime import datetime, timezone

from extractors.html import extract_html
from tests.conftest import FIXTURES


def page(name: str) -> bytes:
    return (FIXTURES / "site" / name).read_bytes()


def test_article_text_and_metadata():
    extraction = extract_html(page("harbour-strike.html"), url="http://h/harbour-strike.html")
    assert extraction.method.startswith("trafilatura")
    assert extraction.title == "Dock workers strike halts traffic at Antwerp-Bruges"
    assert extraction.author == "Marta Janssens" and extraction.authors == ("Marta Janssens",)
    assert extraction.published.instant == datetime(2025, 3, 12, 9, 30, tzinfo=timezone.utc)
    assert (extraction.published.precision, extraction.published.source) == ("instant", "meta")
    assert (extraction.charset, extraction.charset_source) == ("utf-8", "meta")
    assert "about 12,000 containers a day" in extraction.text
    assert "271 million tonnes" in extraction.text
    for furniture in ("Most read", "All rights reserved", "Ten things to do"):
        assert furniture not in extraction.text


def test_page_without_content_gives_little_text():
    assert len(extract_html(page("empty.html")).text) < 200


def test_garbage_does_not_raise():
    assert len(extract_html(b"\x00\xff not html").text) < 200
