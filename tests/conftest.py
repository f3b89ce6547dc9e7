"""Shared fixtures: a real Prefect API (once per session), a loopback site, a fresh database path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.loopback import LoopbackServer, Route, rss

# The test sites are loopback servers, which the fetcher's destination policy refuses unless allowed.
os.environ.setdefault("NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS", "127.0.0.1/32")

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).parents[1] / "seeds"


@pytest.fixture(scope="session")
def prefect_api():
    """Prefect's test harness: a real API server on a temporary database, heartbeats off."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield


@pytest.fixture
def quick_fetch(monkeypatch):
    """Short timeouts and backoff so the timeout and 5xx cases take about a second."""
    monkeypatch.setenv("NEWSCLAIMS_READ_TIMEOUT", "1.0")
    monkeypatch.setenv("NEWSCLAIMS_CONNECT_TIMEOUT", "1.0")
    monkeypatch.setenv("NEWSCLAIMS_RETRIES", "1")
    monkeypatch.setenv("NEWSCLAIMS_WORKERS", "2")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "warehouse" / "newsclaims.ducklake"


def site_page(name: str) -> bytes:
    return (FIXTURES / "site" / name).read_bytes()


@pytest.fixture
def site():
    """A loopback news site: a feed with good, duplicate, empty, missing and slow pages, plus a broken feed."""
    with LoopbackServer() as server:
        server.routes.update({
            "/harbour-strike.html": Route(site_page("harbour-strike.html")),
            "/syndicated/antwerp-strike.html": Route(site_page("harbour-strike-syndicated.html")),
            "/rail-tender.html": Route(site_page("rail-tender.html")),
            "/empty.html": Route(site_page("empty.html")),
            "/ferry-update.txt": Route(site_page("ferry-update.txt"), "text/plain; charset=utf-8"),
            "/slow.html": Route(site_page("rail-tender.html"), delay=3.0),
            "/broken.xml": Route(b"<rss><channel><item><title>oops", "application/rss+xml"),
            "/not-a-feed.html": Route(b"<html><body>Hello</body></html>"),
        })
        server.routes["/feed.xml"] = Route(rss(news_items(server)), "application/rss+xml")
        yield server


def news_items(server: LoopbackServer) -> list[dict]:
    def item(path: str, title: str, date: str | None = "Wed, 12 Mar 2025 09:30:00 GMT") -> dict:
        entry = {"title": title, "link": server.url(path), "guid": server.url(path)}
        if date:
            entry["pubDate"] = date
        return entry

    return [
        item("/harbour-strike.html", "Dock workers strike halts traffic at Antwerp-Bruges"),
        item("/syndicated/antwerp-strike.html?utm_source=rss&utm_medium=feed", "Antwerp-Bruges dock strike halts traffic",
             "Wed, 12 Mar 2025 11:00:00 GMT"),
        item("/rail-tender.html", "Rail operator picks Alstom", None),
        item("/empty.html", "Page moved"),
        item("/missing.html", "Gone"),
        item("/slow.html", "Slow page"),
        item("/ferry-update.txt", "Ferry services resume after storm", "Wed, 05 Feb 2025 18:00:00 GMT"),
    ]


from tests.services import postgres, s3_server  # noqa: E402,F401  (session fixtures: real servers)
