"""Feed parsing: RSS 0.91, 1.0, 2.0 and Atom, relative links, dates, broken documents."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from extractors.feeds import FeedError, parse_feed
from tests.conftest import SEEDS

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://o/</link>
<description>d</description><item><title>One</title><link>http://o/1</link></item></channel></rss>"""
RSS10 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://r/"><title>RDF</title><link>http://r/</link><description>d</description></channel>
<item rdf:about="http://r/1"><title>One</title><link>http://r/1</link><dc:date>2024-11-04T10:00:00+01:00</dc:date></item>
</rdf:RDF>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
<id>urn:x</id><updated>2024-11-05T00:00:00Z</updated>
<entry><title>Entry</title><id>urn:entry:1</id><link rel="alternate" href="/stories/1"/>
<published>2024-11-05T18:01:00+01:00</published><updated>2024-11-05T18:01:00Z</updated></entry></feed>"""


def test_seed_feed():
    path = SEEDS / "feed.xml"
    parsed = parse_feed(path.read_bytes(), path.as_uri())
    assert len(parsed.items) == 5
    first = parsed.items[0]
    assert first.link == (SEEDS / "003_cff62527002f97f0.txt").as_uri()
    assert first.published == datetime(2024, 10, 18, 12, tzinfo=timezone.utc)
    assert first.outlet == "Then13 (republishing CNN reporting)" and first.guid == "newsclaims-seed-003"
    assert {i.published.date().isoformat() for i in parsed.items} == {
        "2024-10-18", "2024-11-04", "2024-11-05", "2024-12-10", "2025-04-29"}


@pytest.mark.parametrize("document, link", [(RSS091, "http://o/1"), (RSS10, "http://r/1"), (ATOM, "http://a.example/stories/1")])
def test_formats(document, link):
    parsed = parse_feed(document, "http://a.example/feed.xml")
    assert [i.link for i in parsed.items] == [link]


def test_atom_dates_are_utc_and_outlet_falls_back_to_feed_title():
    item = parse_feed(ATOM, "http://a.example/feed.xml").items[0]
    assert item.published == datetime(2024, 11, 5, 17, 1, tzinfo=timezone.utc)
    assert item.outlet == "Atom news" and item.guid == "urn:entry:1"
    assert parse_feed(ATOM, "http://a.example/feed.xml", outlet="Configured").items[0].outlet == "Configured"


def test_rss10_date_converted_to_utc():
    assert parse_feed(RSS10, "http://r/").items[0].published == datetime(2024, 11, 4, 9, tzinfo=timezone.utc)


@pytest.mark.parametrize("document", [b"", b"<html><body>not a feed</body></html>", b"<rss><channel><item><title>cut"])
def test_broken_documents_raise(document):
    with pytest.raises(FeedError):
        parse_feed(document, "http://x/feed")


def test_empty_but_valid_feed_has_no_items():
    document = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert parse_feed(document, "http://x/feed").items == []


def test_a_feed_body_is_never_opened_as_a_local_path(tmp_path):
    local = tmp_path / "local.xml"
    local.write_bytes(ATOM)
    with pytest.raises(FeedError):
        parse_feed(str(local).encode(), "http://remote/feed.xml")


def test_one_malformed_link_spoils_only_its_item():
    document = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                b"<item><title>bad</title><link>http://[::1/x</link></item>"
                b"<item><title>good</title><link>http://ok.example/1</link></item></channel></rss>")
    assert [i.link for i in parse_feed(document, "http://ok.example/feed").items] == ["http://ok.example/1"]
