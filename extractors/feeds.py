"""RSS 0.9x/1.0/2.0 and Atom feeds (and sitemaps, handed on) to feed items, via feedparser."""

from __future__ import annotations

import calendar
import email.utils
import hashlib
import io
import re
from datetime import datetime, timezone
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
from feedparser.encodings import convert_to_utf8

from extractors.records import Failure, FeedItem, FeedParse
# FeedError is defined with the sitemap parser, which raises it too; callers import it from here.
from extractors.sitemaps import GZIP_MAGIC, FeedError, gunzip, is_sitemap_root, parse_sitemap
from extractors.text import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, plain_text

# A body-only item's HTML is the whole article; nothing real comes close to this.
MAX_CONTENT_CHARS = 1_000_000
MAX_GUID_CHARS = 2_000
MAX_LINK_CHARS = 8_000

NO_LINK_ERROR = "entry has no link, no permalink guid and no text"


def parse_feed(
    content: bytes, feed_url: str, outlet: str | None = None, content_type: str | None = None
) -> FeedParse:
    """Parse feed (or sitemap) bytes; relative item links resolve against ``feed_url``."""
    if content[:2] == GZIP_MAGIC:
        content = gunzip(content)
    text, encoding_note = _decode(content, content_type)
    text, root = _without_entity_declarations(text)
    data = text.encode("utf-8")
    if is_sitemap_root(root):
        return parse_sitemap(data, feed_url, outlet)
    # A BytesIO, never raw bytes: feedparser would try raw bytes as a local file name first. The bytes
    # are UTF-8 now, so the header says so; the server's content type was used to get there.
    try:
        parsed = feedparser.parse(
            io.BytesIO(data),
            response_headers={"content-type": "application/xml; charset=utf-8"},
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as error:  # feedparser's loose parser trips over some broken markup (KeyError: 'links')
        raise FeedError(f"not a usable feed: feedparser failed: {error!r}") from None
    bozo = str(parsed.get("bozo_exception") or "malformed") if parsed.get("bozo") else None
    feed_title = _field(parsed.feed, "title", MAX_TITLE_CHARS)
    items: dict[str, FeedItem] = {}
    failures: list[Failure] = []
    for entry in parsed.entries:
        result = _item(entry, feed_url, outlet or feed_title)
        if isinstance(result, Failure):
            failures.append(result)
        else:
            # Two entries with one link are one article: the first is kept, the later ones collapse into it.
            items.setdefault(result.link, result)
    # feedparser is lenient: a broken document that still yields items is kept, one that yields none is
    # not. A wrong content type or charset alone (encoding_note) spoils nothing.
    if not items and (bozo or not parsed.get("version")):
        raise FeedError(f"not a usable feed: {bozo or 'no RSS or Atom root element'}")
    return FeedParse(
        feed_url=feed_url, title=feed_title, items=list(items.values()), bozo_error=bozo or encoding_note,
        entry_failures=failures,
    )


def _item(entry, feed_url: str, default_outlet: str | None) -> FeedItem | Failure:
    link = _entry_link(entry, feed_url)
    body = None if link else _entry_body(entry)
    if not link:
        link = _entry_name(feed_url, entry, body or "")
        if not body:
            return Failure(stage="feed-entry", error=NO_LINK_ERROR, feed_url=feed_url, url=link, final=True)
    source = entry.get("source") or {}
    return FeedItem(
        feed_url=feed_url,
        guid=(entry.get("id") or "").strip()[:MAX_GUID_CHARS] or link,
        link=link,
        title=_field(entry, "title", MAX_TITLE_CHARS),
        published=_entry_datetime(entry),
        published_offset=_entry_offset(entry),
        outlet=_field(source, "title", MAX_TITLE_CHARS) or default_outlet,
        summary=_field(entry, "summary", MAX_SUMMARY_CHARS),
        content=body[:MAX_CONTENT_CHARS] if body else None,
        body_only=bool(body),
    )


def _entry_link(entry, feed_url: str) -> str | None:
    guid = entry.get("id")
    # feedparser copies a permalink guid (isPermaLink absent or "true") into "link" even when it is no URL
    # at all ("abc-123"): such a link is judged as the guid it is, below.
    from_guid = bool(entry.get("guidislink")) and entry.get("link") == guid
    candidates = [] if from_guid else [entry.get("link")]
    candidates += [link.get("href") for link in entry.get("links") or [] if link.get("rel", "alternate") == "alternate"]
    for candidate in candidates:
        if url := _item_url(candidate, feed_url):
            return url
    # A permalink guid must be a URL on its own: an opaque one is never resolved against the feed.
    return _item_url(guid, None) if entry.get("guidislink") else None


def _item_url(value, base: str | None) -> str | None:
    # Only web pages are items (and local files, for a local feed): never javascript:, data: or mailto:.
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_LINK_CHARS:
        return None
    try:
        url = urljoin(base, value.strip()) if base else value.strip()
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            return url if parts.hostname else None
    except ValueError:  # a malformed link spoils its own item, not the feed
        return None
    return url if parts.scheme == "file" and base and urlsplit(base).scheme == "file" else None


def _entry_body(entry) -> str | None:
    # The fullest text first: content:encoded or Atom content, then the description or summary.
    summary_type = (entry.get("summary_detail") or {}).get("type")
    candidates = [(c.get("value"), c.get("type")) for c in entry.get("content") or []]
    candidates.append((entry.get("summary"), summary_type))
    for value, media_type in candidates:
        if value and plain_text(value, _is_html(media_type), 1):
            return value
    return None


def _entry_name(feed_url: str, entry, body: str) -> str:
    # A stable name for an entry without a link: the same entry gets the same name in every run.
    key = entry.get("id") or f"{entry.get('title') or ''}\n{body}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{urldefrag(feed_url)[0]}#entry-{digest}"


def _field(mapping, key: str, max_chars: int) -> str | None:
    detail = mapping.get(f"{key}_detail") or {}
    return plain_text(mapping.get(key), _is_html(detail.get("type")), max_chars)


def _is_html(media_type: str | None) -> bool:
    # feedparser tells text/plain from text/html and XHTML; without a type a value is read as HTML.
    return media_type is None or "html" in media_type


def _entry_offset(entry) -> int | None:
    """The UTC offset in minutes that the entry's own date was written in (feedparser keeps only UTC)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        raw = raw.strip()
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            try:
                moment = email.utils.parsedate_to_datetime(raw)
            except (TypeError, ValueError, IndexError):
                return None
        offset = moment.utcoffset() if moment.tzinfo else None
        # "-0000" and a date without a zone say nothing of where it was written.
        return int(offset.total_seconds() // 60) if offset is not None else None
    return None


def _entry_datetime(entry) -> datetime | None:
    # feedparser normalises every date format it knows to a UTC struct_time.
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
            except (OverflowError, ValueError, OSError):
                continue
    return None


# Labels that really mean windows-1252 or are routinely served for UTF-8 by misconfigured servers.
_LATIN1 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1"}
_WESTERN = _LATIN1 | {"us-ascii", "ascii", "windows-1252", "cp1252", "iso-8859-15", "latin-9"}
_XML_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


def _decode(content: bytes, content_type: str | None) -> tuple[str, str | None]:
    """The document as text, decoded the way feedparser would; the note says what was odd about it."""
    media_type, _, params = (content_type or "").partition(";")
    charset = next((v.strip(" \"'") for k, _, v in (p.strip().partition("=") for p in params.split(";"))
                    if k.lower() == "charset" and v), None)
    declared = (charset or "").lower() or (m[1].decode().lower() if (m := _XML_ENCODING.match(content)) else "")
    override = None
    if declared in _WESTERN and not content.isascii():
        try:
            content.decode("utf-8")
            override = "utf-8"  # text that is valid UTF-8 is practically never Latin-1
        except UnicodeDecodeError:
            if declared in _LATIN1 and _C1_BYTES.search(content):
                override = "windows-1252"  # as browsers read it: C1 controls are never meant
    if override:
        content_type = f"{media_type.strip() or 'application/xml'}; charset={override}"
    result: dict = {}
    try:
        data = convert_to_utf8({"content-type": content_type} if content_type else {}, content, result)
    except (ValueError, LookupError) as error:  # an encoding name feedparser cannot read ("\xb1mac", "utf\x008")
        raise FeedError(f"not a usable feed: unreadable encoding declaration: {error}") from None
    note = str(result["bozo_exception"]) if result.get("bozo") else None
    if override and not note:
        note = f"document declared as {declared}, but parsed as {override}"
    return data.decode("utf-8", "replace"), note


# Entity declarations are the one way a feed can make its parser build text it does not contain (billion
# laughs, a 10 kB entity used 3,000 times) or read files (external entities). expat bounds amplification,
# but feedparser's loose fallback parser expands every declared plain-text entity without limit. Only
# declarations of a single character survive; any other reference is left undefined, hence inert text.
_ENTITY_DECLARATION = re.compile(r"""<!ENTITY(?:[^"'>]|"[^"]*"|'[^']*')*>?""", re.IGNORECASE)
_ONE_CHARACTER = r"""(?:&\#[0-9]{1,7};|&\#x[0-9A-Fa-f]{1,6};|[^"'&%<])"""
_SAFE_ENTITY = re.compile(rf"""<!ENTITY\s+[A-Za-z_][\w.-]*\s+(?:"{_ONE_CHARACTER}"|'{_ONE_CHARACTER}')\s*>\Z""")
# feedparser reads entity declarations up to the first "<" and word character, wherever that is.
_FEEDPARSER_HEAD_END = re.compile(r"<\w", re.ASCII)
_ROOT_NAME = re.compile(r"<([^\s/>]+)")


def _without_entity_declarations(text: str) -> tuple[str, str]:
    """The document minus entity declarations other than single characters, and its root element's name."""
    # Dropping a declaration can move where feedparser's head ends (a value may hold "<b"): look again.
    for _ in range(8):
        head_end = _FEEDPARSER_HEAD_END.search(text)
        end = max(_root_start(text), head_end.end() if head_end else len(text))
        head = _ENTITY_DECLARATION.sub(lambda m: m[0] if _SAFE_ENTITY.match(m[0]) else " ", text[:end])
        if head == text[:end]:
            root = _ROOT_NAME.match(text, _root_start(text))
            return text, root[1] if root else ""
        text = head + text[end:]
    raise FeedError("not a usable feed: entity declarations nested beyond reason")


_ROOT_START = re.compile(r"<[A-Za-z_:\u00c0-\uffff]")
_DECLARATION_TOKEN = re.compile(r"""["'\[\]>]|<!--|<\?""")


def _root_start(text: str) -> int:
    """Index of the root element's "<" (the length when there is none), past comments, PIs and declarations."""
    i = 0
    while (i := text.find("<", i)) >= 0:
        if text.startswith("<!--", i):
            i = _after(text, "-->", i + 4)
        elif text.startswith("<?", i):
            i = _after(text, "?>", i + 2)
        elif text.startswith("<!", i):
            i = _declaration_end(text, i + 2)
        elif _ROOT_START.match(text, i):
            return i
        else:
            i += 1
    return len(text)


def _declaration_end(text: str, i: int) -> int:
    # Quoted values, comments and a DOCTYPE's bracketed internal subset may all hold ">" and "<".
    depth = 0
    while token := _DECLARATION_TOKEN.search(text, i):
        i = token.end()
        if token[0] in ('"', "'"):
            i = _after(text, token[0], i)
        elif token[0] == "<!--":
            i = _after(text, "-->", i)
        elif token[0] == "<?":
            i = _after(text, "?>", i)
        elif token[0] == "[":
            depth += 1
        elif token[0] == "]":
            depth = max(0, depth - 1)
        elif depth == 0:
            return i
    return len(text)


def _after(text: str, marker: str, start: int) -> int:
    end = text.find(marker, start)
    return len(text) if end < 0 else end + len(marker)
