"""The fetcher against a real loopback HTTP server."""

from __future__ import annotations

import pytest

from flows.config import FetchConfig
from flows.fetch import Fetcher, FetchError
from tests.loopback import LoopbackServer, Route

QUICK = FetchConfig(read_timeout=0.5, connect_timeout=0.5, retries=2, backoff=0.01, max_bytes=1000, max_redirects=2,
                    allow_private_networks=("127.0.0.1/32",))


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


def test_ok_with_user_agent_and_content_type(server):
    server.routes["/a"] = Route(b"<p>hi</p>")
    with Fetcher(QUICK) as fetcher:
        fetched = fetcher.get(server.url("/a"))
    assert fetched.body == b"<p>hi</p>" and fetched.content_type.startswith("text/html")
    assert server.user_agents[0].startswith("newsclaims/")


def test_4xx_fails_at_once(server):
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError, match="HTTP 404"):
        fetcher.get(server.url("/nothing"))
    assert server.hits["/nothing"] == 1


def test_5xx_is_retried_with_backoff(server):
    server.routes["/busy"] = Route(b"busy", status=503)
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError, match=r"HTTP 503 \(after 3 attempts\)"):
        fetcher.get(server.url("/busy"))
    assert server.hits["/busy"] == 3


def test_timeout_is_retried_then_reported(server):
    server.routes["/slow"] = Route(b"late", delay=1.5)
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError, match="timeout"):
        fetcher.get(server.url("/slow"))
    assert server.hits["/slow"] == 3


def test_size_cap(server):
    server.routes["/big"] = Route(b"x" * 5000)
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError, match="cap"):
        fetcher.get(server.url("/big"))


def test_redirects_followed_up_to_the_limit(server):
    server.routes["/r1"] = Route(status=302, location="/r2")
    server.routes["/r2"] = Route(status=302, location="/final")
    server.routes["/final"] = Route(b"here")
    server.routes["/loop"] = Route(status=302, location="/loop")
    with Fetcher(QUICK) as fetcher:
        assert fetcher.get(server.url("/r1")).url == server.url("/final")
        with pytest.raises(FetchError, match="redirects"):
            fetcher.get(server.url("/loop"))


def test_file_links_only_below_a_local_feed(tmp_path):
    (tmp_path / "feed").mkdir()
    page = tmp_path / "feed" / "page.txt"
    page.write_text("hello")
    secret = tmp_path / "secret.txt"
    secret.write_text("no")
    with Fetcher(QUICK) as fetcher:
        fetched = fetcher.get(page.as_uri(), local_root=tmp_path / "feed")
        assert fetched.body == b"hello" and fetched.content_type == "text/plain; charset=utf-8"
        with pytest.raises(FetchError, match="local feed"):
            fetcher.get(secret.as_uri(), local_root=tmp_path / "feed")
        with pytest.raises(FetchError, match="local feed"):
            fetcher.get(page.as_uri(), local_root=None)
        with pytest.raises(FetchError, match="FileNotFoundError"):
            fetcher.get((tmp_path / "feed" / "gone.txt").as_uri(), local_root=tmp_path / "feed")


def test_undecodable_body_and_bad_url_are_fetch_errors(server):
    server.routes["/gz"] = Route(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with Fetcher(QUICK) as fetcher:
        with pytest.raises(FetchError, match="could not be decoded"):
            fetcher.get(server.url("/gz"))
        with pytest.raises(FetchError, match="invalid URL"):
            fetcher.get("https://[::1/broken")
    assert server.hits["/gz"] == 1


def test_local_feed_in_a_folder_with_spaces(tmp_path):
    from flows.sources import feed_spec

    folder = tmp_path / "My Projects" / "seeds"
    folder.mkdir(parents=True)
    (folder / "feed.xml").write_text("<rss/>")
    (folder / "page.txt").write_text("hello")
    spec = feed_spec(str(folder / "feed.xml"))
    with Fetcher(QUICK) as fetcher:
        assert fetcher.get((folder / "page.txt").as_uri(), local_root=spec.local_root).body == b"hello"
