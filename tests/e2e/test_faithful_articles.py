"""Articles from pages that lie about their charset, in other languages and time zones, end to end into the lake."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from flows.ingest import ingest
from tests.conftest import site_page
from tests.loopback import LoopbackServer, Route, rss
from warehouse.lake import connect, lake_location

pytestmark = pytest.mark.usefixtures("prefect_api", "quick_fetch")

# A windows-1252 page whose charset only the HTTP header names: curly quotes and dashes are single bytes.
CP1252_PAGE = """<html><head><title>Apple shares slide after results – Harbour Times</title>
<meta property="article:published_time" content="2025-03-12T16:05:00-05:00"></head><body><article>
<h1>Apple shares slide after results</h1>
<p>“Apple is facing a difficult quarter,” the company’s finance chief said on Tuesday – shares fell 4 per cent.</p>
<p>Analysts at the bank said that iPhone sales in China dropped by about 11 per cent in the three months to
December, the weakest quarter since 2020, according to a note sent to clients.</p>
</article></body></html>""".encode("cp1252")

# Valid UTF-8 that declares ISO-8859-1 in both the header and the page: the bytes win.
MISLABELLED_PAGE = """<html><head><meta charset="iso-8859-1"><title>Zürich café owners protest</title></head>
<body><article><h1>Zürich café owners protest</h1>
<p>Café owners in Zürich said on Monday that the new terrace fees would cost each of them about 2,000 francs
a year, according to the city’s hospitality association — a rise they called “impossible”.</p>
<p>The city council said the fees had not changed since 2011 and that the money would pay for pavement repairs
in the old town, where more than 300 terraces are licensed.</p></article></body></html>""".encode("utf-8")


@pytest.fixture
def newsroom():
    with LoopbackServer() as server:
        server.routes.update({
            "/apple.html": Route(CP1252_PAGE, "text/html; charset=windows-1252"),
            "/cafe.html": Route(MISLABELLED_PAGE, "text/html; charset=ISO-8859-1"),
            "/bahnstreik.html": Route(site_page("bahnstreik.html"), "text/html", headers={"Content-Language": "de"}),
            "/kowan.html": Route(site_page("kowan-sutoraiki-sjis.html"), "text/html"),
        })
        items = [{"link": server.url(path), "guid": path}
                 for path in ("/apple.html", "/cafe.html", "/bahnstreik.html", "/kowan.html")]
        server.routes["/feed.xml"] = Route(rss(items), "application/rss+xml")
        yield server


def test_charsets_languages_dates_and_coverage_reach_the_lake(newsroom, db_path):
    summary = ingest(feeds=[newsroom.url("/feed.xml")], db=str(db_path))
    assert summary["new_articles"] == 4 and summary["errors"] == 0

    with connect(lake_location(db_path), read_only=True) as con:
        found = {url.replace(newsroom.base_url, ""): tuple(rest) for url, *rest in con.execute(
            "SELECT url, title, text, charset, charset_source, language, claims_status, published_at, published_on,"
            " published_local, published_offset_minutes, published_precision, date_source FROM articles").fetchall()}
        coverage = con.execute("SELECT language, claims_status, articles FROM claim_coverage").fetchall()
        claim_languages = con.execute(
            "SELECT DISTINCT a.language FROM claims c JOIN articles a USING (article_id)").fetchall()

    title, text, charset, source, language, status, instant, day, local, offset, precision, won = found["/apple.html"]
    assert (charset, source, language, status) == ("windows-1252", "http", "en", "ok")
    assert "“Apple is facing a difficult quarter,”" in text and "– shares" in text and "\ufffd" not in text
    assert title == "Apple shares slide after results"
    assert (local, offset, precision, won) == (datetime(2025, 3, 12, 16, 5), -300, "instant", "meta")
    assert instant == datetime(2025, 3, 12, 21, 5, tzinfo=timezone.utc) and day == date(2025, 3, 12)

    cafe = found["/cafe.html"]
    assert (cafe[2], cafe[3]) == ("utf-8", "utf-8") and "Zürich" in cafe[1] and "Ã" not in cafe[1]
    assert cafe[10] is None and cafe[6] is None, "no date anywhere: undated, never the fetch time"

    assert found["/bahnstreik.html"][4:6] == ("de", "unsupported_language")
    assert found["/kowan.html"][2:6] == ("cp932", "meta", "ja", "unsupported_language")
    assert found["/kowan.html"][7:10] == (date(2025, 3, 12), datetime(2025, 3, 12, 9, 0), 540)

    assert sorted(coverage) == [("de", "unsupported_language", 1), ("en", "ok", 2), ("ja", "unsupported_language", 1)]
    assert claim_languages == [("en",)]
