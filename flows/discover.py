"""``newsclaims discover``: find a site's feeds and sitemaps and say what to add to the feeds file."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from extractors.discovery import COMMON_FEED_PATHS, feed_links, feeds_file_entry, sitemaps_from_robots
from extractors.feeds import parse_feed
from flows.fetch import Fetched, FetchError, Fetcher, Request

MAX_CANDIDATES = 40


@dataclass(frozen=True)
class FoundFeed:
    url: str
    title: str | None
    kind: str
    items: int

    def entry(self) -> str:
        return feeds_file_entry(self.url, self.title, self.kind)


def discover(site: str, fetcher: Fetcher, try_common_paths: bool = False) -> list[FoundFeed]:
    """Feeds and sitemaps a site announces (``<link rel="alternate">``, feed-like links, robots.txt
    ``Sitemap:`` lines), plus common feed paths when it announces none; each one fetched and parsed."""
    page = fetcher.get(site, check_robots=False)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    candidates = feed_links(page.body, page.url)
    try:
        robots = fetcher.get(origin + "/robots.txt", check_robots=False)
        candidates += sitemaps_from_robots(robots.body.decode("utf-8", errors="replace"), origin)
    except FetchError:
        pass
    if try_common_paths or not candidates:
        candidates += [urljoin(origin, path) for path in COMMON_FEED_PATHS]
    candidates = list(dict.fromkeys(candidates))[:MAX_CANDIDATES]
    found = []
    for request, result in fetcher.fetch_many(Request(url, check_robots=False) for url in candidates):
        if not isinstance(result, Fetched):
            continue
        try:
            parsed = parse_feed(result.body, request.url, content_type=result.content_type)
        except ValueError:
            continue
        found.append(FoundFeed(request.url, parsed.title, parsed.kind, len(parsed.items) + len(parsed.sitemaps)))
    order = {url: i for i, url in enumerate(candidates)}
    return sorted(found, key=lambda feed: order[feed.url])
