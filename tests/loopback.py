"""A real HTTP server on loopback serving programmable routes, for fetch and flow tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    location: str | None = None
    headers: dict[str, str] | None = None
    # Writes the whole response itself (status line, headers, body) instead of the fields above, e.g. to
    # stream, drip or answer conditionally; called with the request handler after ``delay``.
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request had been read


@dataclass
class InFlight:
    """Counts requests between being read and their response starting, per Host header and in total.

    Servers given the same InFlight share the total, so a test can see a client's global limit.
    """

    current: dict[str, int] = field(default_factory=dict)
    peak: dict[str, int] = field(default_factory=dict)
    total: int = 0
    peak_total: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def enter(self, host: str) -> None:
        with self.lock:
            self.current[host] = self.current.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.current[host])
            self.total += 1
            self.peak_total = max(self.peak_total, self.total)

    def leave(self, host: str) -> None:
        with self.lock:
            self.current[host] -= 1
            self.total -= 1


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 drops connections a concurrent client opens at once, and the kernel
    # retries them a second later: a stall that is the test server's, not the client's.
    request_queue_size = 128


class LoopbackServer:
    """Serves ``routes`` (path → Route) on ``host`` (127.0.0.1 unless told) and counts requests per path.

    ``requests`` lists every request seen (path with query, headers, time); ``in_flight`` counts concurrent
    requests (pass one InFlight to several servers to count across them); ``stopping`` is set on exit, so
    endless handlers can end.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, in_flight: InFlight | None = None):
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.user_agents: list[str] = []
        self.requests: list[Seen] = []
        self.in_flight = in_flight or InFlight()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                path = self.path.split("?")[0]
                with server._lock:
                    server.hits[path] = server.hits.get(path, 0) + 1
                    server.user_agents.append(self.headers.get("User-Agent", ""))
                    server.requests.append(Seen(self.path, dict(self.headers.items()), time.monotonic()))
                route = server.routes.get(path, Route(b"not found", "text/plain", 404))
                host_header = self.headers.get("Host", "")
                server.in_flight.enter(host_header)
                try:
                    if route.delay:
                        time.sleep(route.delay)
                finally:
                    # Before the response starts: a client cannot have finished with this request yet.
                    server.in_flight.leave(host_header)
                try:
                    if route.handler is not None:
                        route.handler(self)
                        return
                    self.send_response(route.status)
                    if route.location:
                        self.send_header("Location", route.location)
                    for name, value in (route.headers or {}).items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args):
                pass

        self.httpd = _Server((host, port), Handler)
        self.httpd.daemon_threads = True
        # A short poll interval: shutdown waits for it, and tests start and stop many servers.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def host(self) -> str:
        return self.httpd.server_address[0]

    @property
    def port(self) -> int:
        return self.httpd.server_port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.httpd.server_port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def seen(self, path: str) -> list[Seen]:
        """The requests for ``path`` (without query), in arrival order."""
        with self._lock:
            return [seen for seen in self.requests if seen.path.split("?")[0] == path]

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def rss(items: list[dict], title: str = "Loopback News") -> bytes:
    """An RSS 2.0 document with the given items (keys: title, link, guid, pubDate, source)."""
    parts = [f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>{title}</title>",
             "<link>http://127.0.0.1/</link><description>test feed</description>"]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "guid", "pubDate", "source"):
            if key in item:
                parts.append(f"<{key}>{item[key]}</{key}>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()
