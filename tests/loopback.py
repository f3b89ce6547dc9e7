"""A real HTTP server on loopback serving programmable routes, for fetch and flow tests."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    location: str | None = None
    headers: dict[str, str] | None = None


class LoopbackServer:
    """Serves ``routes`` (path → Route) on 127.0.0.1 and counts requests per path."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.user_agents: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                path = self.path.split("?")[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                server.user_agents.append(self.headers.get("User-Agent", ""))
                route = server.routes.get(path, Route(b"not found", "text/plain", 404))
                if route.delay:
                    time.sleep(route.delay)
                try:
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

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
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
