"""The fetcher against loopback servers that misbehave on purpose: slow, endless, looping, rate-limiting …"""

from __future__ import annotations

import email.utils
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler

import pytest

from flows.config import FetchConfig
from flows.fetch import Fetcher, FetchError, Request, RobotsDisallowed
from tests.loopback import InFlight, LoopbackServer, Route

BASE = FetchConfig(connect_timeout=1, read_timeout=2, total_timeout=5, retries=2, backoff=0.01, max_redirects=3,
                   respect_robots=False, allow_private_networks=("127.0.0.1/32",))
ROBOTS = replace(BASE, respect_robots=True)


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


def _headers(request: BaseHTTPRequestHandler, status: int = 200, **headers: str) -> None:
    request.send_response(status)
    for name, value in headers.items():
        request.send_header(name.replace("_", "-"), value)
    request.end_headers()


def _forever(server: LoopbackServer, request: BaseHTTPRequestHandler, piece: bytes, pause: float) -> None:
    """Write ``piece`` every ``pause`` seconds until the client goes away or the server stops."""
    while not server.stopping.is_set():
        request.wfile.write(piece)
        time.sleep(pause)


# --- slow and endless -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("stage", ["body", "headers"])
def test_slow_drip_hits_the_total_deadline_and_is_not_retried(server, stage):
    def drip(request):
        if stage == "body":
            _headers(request, Content_Type="text/html")
            _forever(server, request, b"x", 0.3)
        else:
            request.wfile.write(b"HTTP/1.0 200 OK\r\nX-Drip: ")
            _forever(server, request, b"y", 0.3)

    server.routes["/drip"] = Route(handler=drip)
    config = replace(BASE, total_timeout=1.5, read_timeout=1)
    started = time.monotonic()
    with Fetcher(config) as fetcher, pytest.raises(FetchError, match="within the 1.5 s total deadline") as error:
        fetcher.get(server.url("/drip"))
    assert 1.4 < time.monotonic() - started < 3
    assert not error.value.final
    assert server.hits["/drip"] == 1


def test_endless_body_stops_at_the_cap(server):
    def endless(request):
        _headers(request, Content_Type="text/html")  # no Content-Length: the body ends when the server says
        _forever(server, request, b"<p>more</p>" * 6000, 0)

    server.routes["/endless"] = Route(handler=endless)
    started = time.monotonic()
    with Fetcher(replace(BASE, max_bytes=1_000_000)) as fetcher:
        with pytest.raises(FetchError, match="response exceeds the 1000000-byte cap"):
            fetcher.get(server.url("/endless"))
    assert time.monotonic() - started < 2
    assert server.hits["/endless"] == 1


def test_declared_oversize_body_is_refused_before_reading(server):
    def huge(request):
        _headers(request, Content_Type="text/html", Content_Length=str(10**12))
        _forever(server, request, b"x" * 65536, 0)

    server.routes["/huge"] = Route(handler=huge)
    with Fetcher(replace(BASE, max_bytes=1_000_000)) as fetcher:
        with pytest.raises(FetchError, match=r"response of 1000000000000 bytes exceeds the 1000000-byte cap"):
            fetcher.get(server.url("/huge"))


# --- redirects ------------------------------------------------------------------------------------------------

def test_redirect_loop(server):
    server.routes["/loop"] = Route(status=301, location="/loop")
    with Fetcher(BASE) as fetcher, pytest.raises(FetchError, match="more than 3 redirects"):
        fetcher.get(server.url("/loop"))
    assert server.hits["/loop"] == 4  # the first request and three redirects, never retried


@pytest.mark.parametrize("location", ["file:///etc/passwd", "file:/etc/passwd", "ftp://127.0.0.1/pub",
                                      "gopher://127.0.0.1:70/", "javascript:alert(1)", "mailto:a@127.0.0.1",
                                      "data:text/html,<p>hi</p>", "http://[::1", "https://"])
def test_redirect_to_another_scheme_or_nowhere_is_final(server, location):
    server.routes["/evil"] = Route(status=302, location=location)
    scheme = location.split(":")[0]
    expected = {"http": "redirect to an invalid URL", "https": "URL without a host refused"}.get(
        scheme, f"redirect to a {scheme}: URL refused")
    with Fetcher(BASE) as fetcher, pytest.raises(FetchError, match=expected) as error:
        fetcher.get(server.url("/evil"))
    assert error.value.final
    assert server.hits == {"/evil": 1}


def test_relative_redirects(server):
    server.routes["/dir/sub/start"] = Route(status=302, location="next")
    server.routes["/dir/sub/next"] = Route(status=303, location="../up?x=1")
    server.routes["/dir/up"] = Route(status=307, location=f"//127.0.0.1:{server.port}/final")
    server.routes["/final"] = Route(b"arrived")
    with Fetcher(BASE) as fetcher:
        fetched = fetcher.get(server.url("/dir/sub/start"))
    assert fetched.body == b"arrived" and fetched.url == server.url("/final")
    assert [seen.path for seen in server.requests] == ["/dir/sub/start", "/dir/sub/next", "/dir/up?x=1", "/final"]


# --- Retry-After ----------------------------------------------------------------------------------------------

def _limited(server: LoopbackServer, path: str, status: int, retry_after) -> Route:
    """Answers ``status`` with ``Retry-After: retry_after()`` the first time, then a page."""
    def handler(request):
        if server.hits[path] == 1:
            _headers(request, status, Retry_After=retry_after(), Content_Length="0")
        else:
            _headers(request, Content_Type="text/html", Content_Length="2")
            request.wfile.write(b"ok")
    return Route(handler=handler)


def test_retry_after_seconds_is_waited_for(server):
    server.routes["/limited"] = _limited(server, "/limited", 429, lambda: "1")
    started = time.monotonic()
    with Fetcher(BASE) as fetcher:
        assert fetcher.get(server.url("/limited")).body == b"ok"
    seen = server.seen("/limited")
    assert len(seen) == 2 and seen[1].at - seen[0].at >= 0.95
    assert time.monotonic() - started < 3


def test_retry_after_http_date_is_waited_for(server):
    # The date has one-second resolution: two seconds ahead is a wait of more than one second.
    server.routes["/busy"] = _limited(server, "/busy", 503,
                                      lambda: email.utils.formatdate(time.time() + 2, usegmt=True))
    with Fetcher(BASE) as fetcher:
        assert fetcher.get(server.url("/busy")).body == b"ok"
    seen = server.seen("/busy")
    assert len(seen) == 2 and seen[1].at - seen[0].at >= 0.95


@pytest.mark.parametrize("retry_after", ["3600", "http-date"])
def test_long_retry_after_fails_the_host_fast(server, retry_after):
    value = "3600" if retry_after == "3600" else email.utils.formatdate(time.time() + 3600, usegmt=True)
    server.routes["/limited"] = _limited(server, "/limited", 429, lambda: value)
    server.routes["/other"] = Route(b"other page")
    started = time.monotonic()
    with Fetcher(replace(BASE, max_retry_after=5)) as fetcher:
        with pytest.raises(FetchError, match=r"HTTP 429: the host asked to be left alone for 3[56]\d\d s"):
            fetcher.get(server.url("/limited"))
        sent = fetcher.requests_sent
        with pytest.raises(FetchError, match=r"not requested: .* asked to be left alone for 3[56]\d\d more seconds"):
            fetcher.get(server.url("/other"))
        assert fetcher.requests_sent == sent
    assert time.monotonic() - started < 1
    assert server.hits == {"/limited": 1}


# --- robots.txt -----------------------------------------------------------------------------------------------

def test_robots_disallow_for_our_token(server):
    # The group for "newsclaims" applies to us, not the "*" one (which would forbid everything).
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n\nUser-agent: newsclaims\nDisallow: /private\n",
                                         "text/plain")
    server.routes["/private/page"] = Route(b"secret")
    server.routes["/public"] = Route(b"public")
    with Fetcher(ROBOTS) as fetcher:
        disallowed = r"skipped: disallowed by http://127\.0\.0\.1:\d+/robots\.txt"
        with pytest.raises(RobotsDisallowed, match=disallowed) as error:
            fetcher.get(server.url("/private/page"))
        assert error.value.final
        assert fetcher.get(server.url("/public")).body == b"public"
    assert "/private/page" not in server.hits
    assert server.hits["/robots.txt"] == 1


def test_robots_of_other_agents_do_not_apply(server):
    server.routes["/robots.txt"] = Route(b"User-agent: otherbot\nDisallow: /\n", "text/plain")
    server.routes["/page"] = Route(b"page")
    with Fetcher(ROBOTS) as fetcher:
        assert fetcher.get(server.url("/page")).body == b"page"


def test_robots_fetched_once_per_origin_under_concurrency(server):
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /admin\n", "text/plain", delay=0.2)
    for n in range(20):
        server.routes[f"/p/{n}"] = Route(f"page {n}".encode())
    with Fetcher(replace(ROBOTS, per_host_concurrency=8)) as fetcher:
        results = list(fetcher.fetch_many(Request(server.url(f"/p/{n}")) for n in range(20)))
    assert sorted(outcome.body for _, outcome in results) == sorted(f"page {n}".encode() for n in range(20))
    assert server.hits["/robots.txt"] == 1


def test_robots_5xx_means_not_now(server):
    server.routes["/robots.txt"] = Route(b"down", "text/plain", status=503)
    server.routes["/page"] = Route(b"page")
    with Fetcher(ROBOTS) as fetcher:
        for _ in range(2):  # the unreachable answer is remembered for a while, not asked again at once
            with pytest.raises(FetchError, match="robots.txt of .* could not be read") as error:
                fetcher.get(server.url("/page"))
            assert not error.value.final and not isinstance(error.value, RobotsDisallowed)
    assert "/page" not in server.hits
    assert server.hits["/robots.txt"] == 1


def test_robots_404_allows_everything(server):
    server.routes["/page"] = Route(b"page")  # /robots.txt is a 404
    with Fetcher(ROBOTS) as fetcher:
        assert fetcher.get(server.url("/page")).body == b"page"
    assert server.hits == {"/robots.txt": 1, "/page": 1}


def test_check_robots_false_skips_robots(server):
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n", "text/plain")
    server.routes["/feed.xml"] = Route(b"<rss/>", "application/rss+xml")
    with Fetcher(ROBOTS) as fetcher:
        assert fetcher.get(server.url("/feed.xml"), check_robots=False).body == b"<rss/>"
        assert next(fetcher.fetch_many([Request(server.url("/feed.xml"), check_robots=False)]))[1].body == b"<rss/>"
    assert "/robots.txt" not in server.hits


def test_crawl_delay_is_respected(server):
    server.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 0.6\n", "text/plain")
    server.routes["/a"] = Route(b"a")
    server.routes["/b"] = Route(b"b")
    with Fetcher(ROBOTS) as fetcher:
        fetcher.get(server.url("/a"))
        fetcher.get(server.url("/b"))
    (a,), (b,) = server.seen("/a"), server.seen("/b")
    assert b.at - a.at >= 0.5  # 0.6 s, less what connecting to the server may add under load


# --- limits ---------------------------------------------------------------------------------------------------

def _pages(server: LoopbackServer, count: int, delay: float) -> list[Request]:
    for n in range(count):
        server.routes[f"/p/{n}"] = Route(f"page {n}".encode(), delay=delay)
    return [Request(server.url(f"/p/{n}")) for n in range(count)]


def _all_ok(results) -> None:
    failures = [outcome for _, outcome in results if isinstance(outcome, FetchError)]
    assert not failures, failures


def test_per_host_concurrency(server):
    requests = _pages(server, 20, 0.3)
    with Fetcher(replace(BASE, per_host_concurrency=2)) as fetcher:
        _all_ok(list(fetcher.fetch_many(requests)))
    assert server.in_flight.peak == {f"127.0.0.1:{server.port}": 2}


def test_global_concurrency_over_hosts():
    shared = InFlight()
    config = replace(BASE, concurrency=3, per_host_concurrency=4,
                     allow_private_networks=("127.0.0.2/32", "127.0.0.3/32"))
    with LoopbackServer("127.0.0.2", in_flight=shared) as one, LoopbackServer("127.0.0.3", in_flight=shared) as two:
        requests = _pages(one, 6, 0.3) + _pages(two, 6, 0.3)
        with Fetcher(config) as fetcher:
            _all_ok(list(fetcher.fetch_many(requests)))
    assert shared.peak_total == 3
    assert len(shared.peak) == 2


def test_slot_waits_do_not_count_against_the_deadline(server):
    # Seven requests through one slot, each 0.2 s: the last starts after 1.2 s, beyond the 1 s deadline,
    # which covers the request itself, not its wait for a turn.
    requests = _pages(server, 7, 0.2)
    with Fetcher(replace(BASE, concurrency=1, per_host_concurrency=7, total_timeout=1)) as fetcher:
        _all_ok(list(fetcher.fetch_many(requests)))
    assert server.in_flight.peak_total == 1


def test_concurrent_fetching_is_faster_than_sequential(server):
    requests = _pages(server, 21, 0.3)
    with Fetcher(replace(BASE, per_host_concurrency=4)) as fetcher:
        started = time.monotonic()
        fetcher.get(requests[0].url)
        one = time.monotonic() - started
        started = time.monotonic()
        _all_ok(list(fetcher.fetch_many(requests[1:])))
        twenty = time.monotonic() - started
    assert twenty / (20 * one) < 0.5, (one, twenty)
    assert server.in_flight.peak_total == 4


def test_per_host_delay_spaces_request_starts(server):
    requests = _pages(server, 4, 0)
    with Fetcher(replace(BASE, per_host_delay=0.3, per_host_concurrency=4)) as fetcher:
        _all_ok(list(fetcher.fetch_many(requests)))
    starts = sorted(seen.at for seen in server.requests)
    assert len(starts) == 4
    assert all(later - earlier >= 0.25 for earlier, later in zip(starts, starts[1:])), starts


# --- conditional requests, status codes, charsets -------------------------------------------------------------

ETAG = '"v1"'
LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"


def _conditional(request):
    match = request.headers.get("If-None-Match")
    since = request.headers.get("If-Modified-Since")
    if match is not None:
        unchanged = ETAG in [tag.strip() for tag in match.split(",")]
    else:
        unchanged = since is not None and (email.utils.parsedate_to_datetime(since)
                                           >= email.utils.parsedate_to_datetime(LAST_MODIFIED))
    if unchanged:
        _headers(request, 304, ETag=ETAG, Last_Modified=LAST_MODIFIED)
    else:
        _headers(request, Content_Type="application/rss+xml", ETag=ETAG, Last_Modified=LAST_MODIFIED,
                 Content_Length="6")
        request.wfile.write(b"<rss/>")


def test_conditional_requests(server):
    server.routes["/feed.xml"] = Route(handler=_conditional)
    with Fetcher(BASE) as fetcher:
        first = fetcher.get(server.url("/feed.xml"))
        assert (first.status, first.body, first.not_modified) == (200, b"<rss/>", False)
        assert (first.etag, first.last_modified) == (ETAG, LAST_MODIFIED)
        by_etag = fetcher.get(server.url("/feed.xml"), etag=first.etag)
        by_date = fetcher.get(server.url("/feed.xml"), last_modified=first.last_modified)
        changed = fetcher.get(server.url("/feed.xml"), etag='"v0"', last_modified=first.last_modified)
    for unchanged in (by_etag, by_date):
        assert unchanged.not_modified and unchanged.status == 304 and unchanged.body == b""
        assert unchanged.etag == ETAG
    assert changed.status == 200 and changed.body == b"<rss/>"
    first_seen, etag_seen, date_seen, changed_seen = server.requests
    assert "If-None-Match" not in first_seen.headers and "If-Modified-Since" not in first_seen.headers
    assert etag_seen.headers["If-None-Match"] == ETAG and "If-Modified-Since" not in etag_seen.headers
    assert date_seen.headers["If-Modified-Since"] == LAST_MODIFIED and "If-None-Match" not in date_seen.headers
    assert changed_seen.headers["If-None-Match"] == '"v0"'


def test_conditional_headers_are_not_sent_to_a_redirect_target(server):
    server.routes["/old.xml"] = Route(status=301, location="/feed.xml")
    server.routes["/feed.xml"] = Route(handler=_conditional)
    with Fetcher(BASE) as fetcher:
        fetched = fetcher.get(server.url("/old.xml"), etag=ETAG)
    assert fetched.status == 200  # the validator was for the old URL
    assert server.seen("/old.xml")[0].headers["If-None-Match"] == ETAG
    assert "If-None-Match" not in server.seen("/feed.xml")[0].headers


def test_wrong_declared_charset_is_passed_through(server):
    body = "<p>Grüße aus Köln</p>".encode("latin-1")  # declared as UTF-8, which it is not
    server.routes["/latin"] = Route(body, "text/html; charset=UTF-8")
    with Fetcher(BASE) as fetcher:
        fetched = fetcher.get(server.url("/latin"))
    assert fetched.body == body and fetched.content_type == "text/html; charset=UTF-8"


def test_gone_is_final_not_found_is_not(server):
    server.routes["/gone"] = Route(b"gone", status=410)
    with Fetcher(BASE) as fetcher:
        with pytest.raises(FetchError, match="HTTP 410") as gone:
            fetcher.get(server.url("/gone"))
        with pytest.raises(FetchError, match="HTTP 404") as missing:
            fetcher.get(server.url("/missing"))
    assert (gone.value.final, gone.value.status) == (True, 410)
    assert (missing.value.final, missing.value.status) == (False, 404)
    assert server.hits == {"/gone": 1, "/missing": 1}
