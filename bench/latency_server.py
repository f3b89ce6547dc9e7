"""A slow news site on several loopback addresses: every answer waits ``--delay`` seconds, as remote sites do.

Run as its own process (``python -m bench.latency_server --hosts 127.0.0.2,… --port P --delay 0.2``) so
that serving costs none of the measured process's CPU. Routes:

- ``/page/N.html``: an article page of about 5 kB;
- ``/feed/N.xml``: an RSS feed with an ETag; ``If-None-Match`` with the current ETag gets a 304;
- ``/_bump?first=A&count=C``: feeds A…A+C-1 get one more item (answered at once, not counted);
- ``/_stats``: JSON counts of requests by kind (not counted).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections import Counter
from urllib.parse import parse_qs, urlsplit

PARAGRAPH = ("The harbour authority said on Tuesday that 1,200 containers were waiting for berths, according "
             "to figures released by the port's operator, while union officials said the backlog was larger. ")


def page(n: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPH} Report {n}, paragraph {i}.</p>" for i in range(20))
    return (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>{body}"
            f"</article></body></html>").encode()


class Site:
    def __init__(self, delay: float):
        self.delay = delay
        self.generation: Counter[int] = Counter()
        self.stats: Counter[str] = Counter()

    def feed(self, n: int, host: str) -> tuple[bytes, str]:
        generation = self.generation[n]
        items = "".join(
            f"<item><title>Feed {n} story {g}</title><link>http://{host}/page/{n}-{g}.html</link>"
            f"<guid>feed-{n}-story-{g}</guid></item>" for g in range(generation + 1))
        body = (f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Feed {n}</title>"
                f"<link>http://example.invalid/</link><description>bench</description>{items}</channel></rss>")
        return body.encode(), f'"feed-{n}-g{generation}"'

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                target = lines[0].split(" ")[1]
                headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
                status, body, extra = await self.answer(target, headers)
                reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
                out = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}",
                       "Content-Type: text/html; charset=utf-8", *extra, "", ""]
                writer.write("\r\n".join(out).encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def answer(self, target: str, headers: dict[str, str]) -> tuple[int, bytes, list[str]]:
        parts = urlsplit(target)
        if parts.path == "/_stats":
            return 200, json.dumps(self.stats).encode(), []
        if parts.path == "/_bump":
            query = {k: int(v[0]) for k, v in parse_qs(parts.query).items()}
            for n in range(query["first"], query["first"] + query["count"]):
                self.generation[n] += 1
            return 200, b"ok", []
        await asyncio.sleep(self.delay)
        if parts.path.startswith("/page/"):
            self.stats["page"] += 1
            return 200, page(abs(hash(parts.path)) % 10_000), []
        if parts.path.startswith("/feed/"):
            n = int(parts.path.removeprefix("/feed/").removesuffix(".xml"))
            body, etag = self.feed(n, headers.get("host", ""))
            if headers.get("if-none-match") == etag:
                self.stats["feed_304"] += 1
                return 304, b"", [f"ETag: {etag}"]
            self.stats["feed_200"] += 1
            return 200, body, [f"ETag: {etag}"]
        self.stats["robots" if parts.path == "/robots.txt" else "other"] += 1
        return 404, b"not found", []


async def serve(hosts: list[str], port: int, delay: float) -> None:
    site = Site(delay)
    servers = [await asyncio.start_server(site.handle, host, port, backlog=1024) for host in hosts]
    print("ready", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    asyncio.run(serve(args.hosts.split(","), args.port, args.delay))


if __name__ == "__main__":
    main()
