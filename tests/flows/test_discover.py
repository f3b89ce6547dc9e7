"""``newsclaims discover`` against a loopback site: announced feeds, robots.txt sitemaps, common paths."""

from __future__ import annotations

import tomllib

from flows.config import FetchConfig
from flows.discover import discover
from flows.fetch import Fetcher
from tests.flows.test_cli import run
from tests.loopback import LoopbackServer, Route, rss

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://127.0.0.1/story.html</loc><news:news><news:publication><news:name>Loopback Times</news:name>
</news:publication><news:publication_date>2025-03-12T10:00:00+01:00</news:publication_date>
<news:title>Port strike</news:title></news:news></url></urlset>"""


def site_with_feeds(server: LoopbackServer) -> None:
    server.routes.update({
        "/": Route(b"""<html><head><title>Loopback Times</title>
            <link rel="alternate" type="application/rss+xml" title="All news" href="/rss.xml">
            <link rel="alternate" type="application/atom+xml" href="/broken.atom"></head>
            <body><a href="/story.html">A story</a></body></html>"""),
        "/rss.xml": Route(rss([{"title": "A story", "link": server.url("/story.html"), "guid": "1"}],
                              title="Loopback Times"), "application/rss+xml"),
        "/broken.atom": Route(b"<html>not a feed</html>"),
        "/robots.txt": Route(b"User-agent: *\nDisallow:\nSitemap: /news-sitemap.xml\n", "text/plain"),
        "/news-sitemap.xml": Route(SITEMAP, "application/xml"),
    })


def test_discover_finds_announced_feeds_and_sitemaps():
    with LoopbackServer() as server, Fetcher(FetchConfig(allow_private_networks=("127.0.0.1/32",))) as fetcher:
        site_with_feeds(server)
        found = discover(server.url("/"), fetcher)
        assert [(f.url, f.kind) for f in found] == [
            (server.url("/rss.xml"), "feed"), (server.url("/news-sitemap.xml"), "sitemap")]
        assert found[0].title == "Loopback Times" and found[0].items == 1
        assert "/feed" not in server.hits, "common paths are tried only when a site announces nothing"


def test_discover_tries_common_paths_when_nothing_is_announced():
    with LoopbackServer() as server, Fetcher(FetchConfig(allow_private_networks=("127.0.0.1/32",))) as fetcher:
        server.routes["/"] = Route(b"<html><head><title>Bare</title></head><body>hello</body></html>")
        server.routes["/feed"] = Route(rss([{"title": "x", "link": server.url("/x"), "guid": "x"}]),
                                       "application/rss+xml")
        found = discover(server.url("/"), fetcher)
    assert [f.url for f in found] == [server.url("/feed")]


def test_discover_command_prints_feeds_file_lines():
    with LoopbackServer() as server:
        site_with_feeds(server)
        result = run("discover", server.url("/"))
        nothing = run("discover", server.url("/nowhere"))
    assert result.returncode == 0, result.stderr
    entries = tomllib.loads(result.stdout)["feed"]
    assert [entry["url"] for entry in entries] == [server.url("/rss.xml"), server.url("/news-sitemap.xml")]
    assert nothing.returncode == 1 and "HTTP 404" in nothing.stderr and "Traceback" not in nothing.stderr
