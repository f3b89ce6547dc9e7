"""Fetch policies through real ingest runs: refused destinations, robots.txt, entries without links,
failed items retried with back-off, adaptive polling, and feedparser's own test feeds."""

from __future__ import annotations

import pytest

from extractors.dedup import canonical_url
from extractors.feeds import FeedError, parse_feed
from flows.ingest import ingest
from tests.conftest import FIXTURES
from tests.loopback import LoopbackServer, Route, rss
from warehouse.lake import connect, lake_location

pytestmark = pytest.mark.usefixtures("prefect_api", "quick_fetch")

STORY = ("<html><body><article><h1>Port strike ends</h1>" + "".join(
    f"<p>The port authority said on Tuesday that {n},200 containers were still waiting, according to the "
    f"operator, and that the backlog would be cleared within a week, union officials said.</p>"
    for n in range(1, 8)) + "</article></body></html>").encode()


def rows(db_path, sql, params=None):
    with connect(lake_location(db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_refused_destinations_robots_and_linkless_entries(db_path):
    # Only 127.0.0.1 is allowed (tests/conftest.py): the server on 127.0.0.2 stands for a private service.
    with LoopbackServer() as site, LoopbackServer(host="127.0.0.2") as private:
        private.routes["/admin"] = Route(b"secret " * 100)
        site.routes.update({
            "/ok.html": Route(STORY),
            "/private/page.html": Route(STORY),
            "/robots.txt": Route(b"User-agent: newsclaims\nDisallow: /private/\n", "text/plain"),
            "/to-file": Route(status=302, location="file:///etc/passwd"),
        })
        body = "<p>" + "The ferry operator said services would resume on Friday after the storm. " * 6 + "</p>"
        site.routes["/feed.xml"] = Route(
            f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title><link>{site.base_url}</link>
            <description>d</description>
            <item><title>Fine</title><link>{site.url('/ok.html')}</link></item>
            <item><title>Private</title><link>{private.url('/admin')}</link></item>
            <item><title>Disallowed</title><link>{site.url('/private/page.html')}</link></item>
            <item><title>To a file</title><link>{site.url('/to-file')}</link></item>
            <item><title>Only a body</title><guid isPermaLink="false">body-1</guid>
              <description><![CDATA[{body}]]></description></item>
            <item><title>Nothing at all</title><guid isPermaLink="false">empty-1</guid></item>
            </channel></rss>""".encode(), "application/rss+xml")
        summary = ingest(feeds=[site.url("/feed.xml")], db=str(db_path))

        assert private.hits == {}, "the refused destination received nothing"
        assert site.hits.get("/private/page.html") is None and site.hits["/to-file"] == 1
    errors = {stage_url[1]: stage_url for stage_url in rows(
        db_path, "SELECT stage, url, error, final, given_up FROM ingest_errors")}
    assert errors[private.url("/admin")][0] == "fetch" and "destination policy" in errors[private.url("/admin")][2]
    assert errors[private.url("/admin")][3:] == (True, True)
    assert errors[site.url("/private/page.html")][0] == "robots"
    assert errors[site.url("/to-file")][3] is True and "file" in errors[site.url("/to-file")][2]
    entry_errors = [e for e in errors.values() if e[0] == "feed-entry"]
    assert len(entry_errors) == 1 and entry_errors[0][1].startswith(site.url("/feed.xml") + "#entry-")
    articles = dict(rows(db_path, "SELECT split_part(extraction_method, '-', 1), url FROM articles"))
    assert articles["trafilatura"] == site.url("/ok.html")
    assert articles["feed"].startswith(site.url("/feed.xml") + "#entry-")
    # Six entries: two articles and four error rows; the robots skip is not counted as an error.
    assert summary["new_articles"] == 2 and summary["skipped"] == 1 and summary["errors"] == 3
    assert rows(db_path, "SELECT count(*) FROM failed_items WHERE NOT given_up") == [(0,)]


def test_failed_items_come_back_when_due_and_are_given_up(db_path, monkeypatch):
    monkeypatch.setenv("NEWSCLAIMS_ITEM_RETRY_BACKOFF", "0")
    monkeypatch.setenv("NEWSCLAIMS_MAX_ITEM_ATTEMPTS", "3")
    with LoopbackServer() as site:
        site.routes["/feed.xml"] = Route(rss([
            {"title": "Flaky", "link": site.url("/flaky.html"), "guid": "flaky"},
            {"title": "Gone", "link": site.url("/gone.html"), "guid": "gone"},
        ]), "application/rss+xml")
        site.routes["/flaky.html"] = Route(b"down", status=404)
        feeds = [site.url("/feed.xml")]
        ingest(feeds=feeds, db=str(db_path))
        second = ingest(feeds=feeds, db=str(db_path))  # the feed is unchanged: only retries fetch pages
        assert second["items_seen"] == 0 and second["retried_items"] == 2
        site.routes["/flaky.html"] = Route(STORY)
        third = ingest(feeds=feeds, db=str(db_path))
        assert third["new_articles"] == 1 and third["retried_items"] == 2
        fourth = ingest(feeds=feeds, db=str(db_path))
        assert fourth["retried_items"] == 0, "given up after three attempts"
        assert site.hits["/gone.html"] == 3 and site.hits["/flaky.html"] == 3
    assert rows(db_path, "SELECT url, attempts, given_up FROM failed_items") == [(site.url("/gone.html"), 3, True)]
    assert rows(db_path, "SELECT attempt FROM ingest_errors WHERE url = ? ORDER BY attempt",
                [site.url("/gone.html")]) == [(1,), (2,), (3,)]


def test_scheduled_runs_poll_only_due_feeds_conditionally(db_path):
    with LoopbackServer() as site:
        site.routes["/a.xml"] = Route(rss([{"title": "A", "link": site.url("/ok.html"), "guid": "a"}]),
                                      "application/rss+xml", headers={"ETag": '"a1"'})
        site.routes["/ok.html"] = Route(STORY)
        feeds = [site.url("/a.xml")]
        ingest(feeds=feeds, db=str(db_path))
        due = ingest(feeds=feeds, db=str(db_path), only_due=True)
        assert due["feeds_polled"] == 0 and site.hits["/a.xml"] == 1, "not due until its interval has passed"
        by_hand = ingest(feeds=feeds, db=str(db_path))
        assert by_hand["feeds_polled"] == 1 and site.hits["/a.xml"] == 2
        sent = [seen.headers for seen in site.requests if seen.path == "/a.xml"]
    assert sent[1].get("If-None-Match") == '"a1"', "the second poll was conditional"
    state = rows(db_path, "SELECT last_status, poll_interval_s, etag, next_poll_at > last_polled_at FROM feeds")
    assert state[0][0] in ("not_modified", "unchanged") and state[0][1] > 300 and state[0][2] == '"a1"' and state[0][3]


FEEDPARSER = FIXTURES / "feeds" / "feedparser"


def test_feedparser_test_feeds_all_go_through_a_run(db_path, monkeypatch, tmp_path):
    """Every feed of feedparser's own suite is polled in one run; each is accounted for, and each entry is
    an article or an error row."""
    from flows import fetch

    async def no_dns(self, host: str, port: int) -> list[str]:
        # The suite's items link to real-world names; tests never send traffic off this machine, so every
        # name "resolves" to a documentation address, which the destination policy refuses unconnected.
        return ["192.0.2.1"]

    monkeypatch.setattr(fetch._GuardedBackend, "_resolve", no_dns)
    files = sorted(p for p in FEEDPARSER.rglob("*") if p.is_file() and p.suffix in (".xml", ".rdf", ".atom", ".rss"))
    assert len(files) > 300
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text("".join(f"[[feed]]\nurl = {str(p)!r}\n" for p in files))
    summary = ingest(feeds_file=str(feeds_file), db=str(db_path))
    assert summary["status"] in ("completed", "completed_with_errors") and summary["feeds_polled"] == len(files)
    polled = rows(db_path, "SELECT count(DISTINCT feed_url), count(*) FILTER (WHERE error IS NOT NULL) FROM feed_polls")
    assert polled[0][0] == len(files)
    # Every entry is an article or an error row (an item whose URL another feed brought first is that one).
    entries = set()
    for path in files:
        try:
            parsed = parse_feed(path.read_bytes(), path.as_uri())
        except FeedError:
            continue
        entries |= {canonical_url(item.link) for item in parsed.items}
        entries |= {failure.url for failure in parsed.entry_failures}
    stored = {url for (url,) in rows(db_path, "SELECT canonical_url FROM articles")}
    failed = {url for (url,) in rows(db_path, "SELECT url FROM ingest_errors")}
    failed |= {canonical_url(url) for url in failed}
    assert len(entries) > 100 and entries - stored - failed == set()
    markup = rows(db_path, """SELECT count(*) FROM (SELECT title FROM articles UNION ALL SELECT outlet FROM articles
        UNION ALL SELECT title FROM feed_polls) t(v)
        WHERE v ILIKE '%<script%' OR v ILIKE '%javascript:%' OR regexp_matches(v, '<[a-zA-Z]')""")
    assert markup == [(0,)]


def test_a_news_sitemap_is_a_feed(db_path):
    with LoopbackServer() as site:
        site.routes["/story.html"] = Route(STORY)
        site.routes["/sitemap-index.xml"] = Route(f"""<?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>{site.url('/news.xml')}</loc></sitemap>
            <sitemap><loc>{site.url('/missing.xml')}</loc></sitemap></sitemapindex>""".encode(), "application/xml")
        site.routes["/news.xml"] = Route(f"""<?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
            <url><loc>{site.url('/story.html')}</loc><news:news><news:publication><news:name>Port Daily</news:name>
            </news:publication><news:publication_date>2025-03-12T10:00:00+01:00</news:publication_date>
            <news:title>Port strike ends</news:title></news:news></url></urlset>""".encode(), "application/xml")
        summary = ingest(feeds=[site.url("/sitemap-index.xml")], db=str(db_path))
    assert summary["new_articles"] == 1
    stored = rows(db_path, "SELECT feed_url, title, outlet, published_at FROM articles")[0]
    assert stored[:3] == (site.url("/sitemap-index.xml"), "Port strike ends", "Port Daily")
    assert stored[3].isoformat().startswith("2025-03-12T09:00:00")
    errors = rows(db_path, "SELECT stage, url FROM ingest_errors")
    assert errors == [("feed", site.url("/missing.xml"))], "an unreadable child sitemap is recorded"
