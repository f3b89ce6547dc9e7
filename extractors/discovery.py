"""Finding a site's feeds and sitemaps: page links, robots.txt, common paths, feeds-file entries."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from extractors.text import MAX_TITLE_CHARS, plain_text

# Paths worth trying on a site that names no feed; the sitemaps last, as they carry no text.
COMMON_FEED_PATHS = (
    "/feed", "/feed/", "/rss", "/rss/", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml", "/index.rss",
    "/feeds/posts/default", "/?feed=rss2", "/news/rss.xml", "/news/feed", "/rss/news.xml",
    "/sitemap_news.xml", "/news-sitemap.xml", "/sitemap-news.xml", "/sitemap_index.xml", "/sitemap.xml",
)

FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml", "text/xml",
    "application/x-rss+xml", "application/x-atom+xml",
})
# Hosts that serve other sites' feeds: a link to them is the site's own feed.
FEED_HOSTS = frozenset({"feeds.feedburner.com", "feeds2.feedburner.com", "feedproxy.google.com", "feeds.feedblitz.com"})
_FEED_PATH = re.compile(
    r"(?:/feed|/rss|/atom|\.rss|\.atom|\.rdf|\.xml|/feeds/posts/default|/rss2?\.php)/?\Z", re.IGNORECASE
)
_FEED_QUERY = re.compile(r"(?:^|&)(?:feed|format|type)=(?:rss2?|atom|rdf|feed)(?:&|\Z)", re.IGNORECASE)
_UTF8_HTML = lxml.html.HTMLParser(encoding="utf-8")
# Second-level labels under which country domains register names (news.co.uk, abc.net.au).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "gv", "govt", "nic"})


def feed_links(html: bytes | str, page_url: str) -> list[str]:
    """Feed URLs a page names: its <link rel="alternate"> feeds, then same-site <a> links that look like feeds."""
    try:
        if isinstance(html, str):  # as bytes, so that an XML declaration in the text does not make lxml refuse it
            tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_UTF8_HTML)
        else:
            tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):  # an empty or unparseable page names no feed
        return []
    base = page_url
    for element in tree.iter("base"):
        if element.get("href"):
            base = _absolute(element.get("href"), page_url) or page_url
            break
    declared, linked = [], []
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        media_type = (element.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and media_type in FEED_TYPES:
            declared.append(_absolute(element.get("href"), base))
    site = _site(page_url)
    for element in tree.iter("a"):
        url = _absolute(element.get("href"), base)
        if url and _looks_like_feed(url) and (_site(url) == site or urlsplit(url).hostname in FEED_HOSTS):
            linked.append(url)
    return list(dict.fromkeys(url for url in declared + linked if url))


def sitemaps_from_robots(text: str, base_url: str) -> list[str]:
    """The sitemap URLs a robots.txt names in its ``Sitemap:`` lines, in order, without repeats."""
    urls = []
    for line in text.lstrip("\ufeff").splitlines():
        field, colon, value = line.partition("#")[0].partition(":")
        if colon and field.strip().lower() == "sitemap" and (url := _absolute(value.strip(), base_url)):
            urls.append(url)
    return list(dict.fromkeys(urls))


def feeds_file_entry(url: str, title: str | None, kind: str) -> str:
    """The TOML lines that add one feed to the feeds file, its title as outlet and its kind as a comment."""
    comment = "  # " + (" ".join(_CONTROL.sub(" ", kind).split()) or "feed")
    lines = ["[[feed]]", f"url = {_toml_string(url)}"]
    outlet = plain_text(title, html=False, max_chars=MAX_TITLE_CHARS)
    if outlet:
        lines.append(f"outlet = {_toml_string(outlet)}{comment}")
    else:
        lines[-1] += comment
    return "\n".join(lines) + "\n"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _toml_string(value: str) -> str:
    # A TOML basic string: quote and backslash escaped, every control character as \uXXXX (TOML forbids
    # them raw, DEL included), and lone surrogates, which no TOML file can hold, as U+FFFD.
    out = ['"']
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\uFFFD")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _absolute(href: str | None, base: str) -> str | None:
    if not href or not href.strip():
        return None
    try:
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _looks_like_feed(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_FEED_PATH.search(parts.path) or _FEED_QUERY.search(parts.query) or parts.hostname in FEED_HOSTS)


def _site(url: str) -> str:
    # The registrable part of the host, near enough without a public-suffix list: www.example.com and
    # rss.example.com are one site, as are www.news.co.uk and feeds.news.co.uk.
    host = urlsplit(url).hostname or ""
    if ":" in host or host.replace(".", "").isdigit():  # an IP address is a site of its own
        return host
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
