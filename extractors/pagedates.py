"""The publication date of a news page, as precisely as the page itself states it and no more.

``page_date(html, url)`` reads, most specific trustworthy source first:

1. ``json-ld``: the page's own article in ``<script type="application/ld+json">`` (top-level objects,
   ``@graph`` members and a ``mainEntity``; never nested objects such as an ImageObject, a VideoObject
   or the articles listed in ``hasPart``/``mentions``/``itemListElement``). Article types rank above
   ClaimReview, which ranks above WebPage; among equals the object naming this URL, then document order.
   ``datePublished``, else ``dateCreated``; ``dateModified`` is never a publication date (an updated
   story keeps the day it was first published, and a page that states only a modification date states
   no publication date). Broken JSON (trailing commas, control characters, comment/CDATA wrappers,
   several objects in one script) is repaired or, failing that, read with a regex when the script
   names exactly one ``datePublished``.
2. ``meta``: publication meta tags (``article:published_time``, ``parsely-pub-date``, ``dc.date.issued``,
   … in a fixed order of trust) and microdata ``itemprop="datePublished"`` (its ``content``/``datetime``,
   else its short text), unless the microdata belongs to a nested item (a related article, an image).
   A datePublished inside a Person/Organization scope (a byline block) is misplaced markup for the
   enclosing article and counts. Modified/updated times and print-edition dates are never read.
3. ``time-element``: ``<time datetime>`` marked as the publication time (``pubdate``,
   ``itemprop="datePublished"``, a publish/posted/date class, or in the article's header/byline), first
   in document order inside ``<article>``/``<main>`` (the whole page when it has neither), then ones
   outside marked publish/posted/byline/author; never in a figure, caption, aside, nav, the page's
   footer (an article's own ``<footer>`` is the article's) or a related/teaser/comments/tweet block, and
   never one labelled as an update (by itemprop, class, or "Updated" before or in it).
4. ``text``: a short byline/dateline element whose visible text is a date ("November 5, 2024 2:30 PM EST"),
   only read when nothing above gave a time of day.
5. ``url``: ``/2024/11/05/``, ``/2024/nov/05/``, ``/20241105/``, ``-2024-11-05-`` (day); ``/2024/11/``
   (month). The given URL, else the page's canonical link / og:url.
6. ``htmldate``: ``htmldate.find_date`` as a last resort, day precision, quick search then extensive.
   It is given a copy of the page without what the sources above refuse (JSON-LD, modified/print/
   copyright dates, nested items, update labels, furniture, link and asset URLs), so that it cannot
   bring those back; a 1 January it returns is its year-only fill-in and is dropped, and a 1st of the
   month from the extensive search is reported as a month.

Decisions:

- A stronger source wins even when a weaker one disagrees by days (JSON-LD over meta: the structured
  data is what the CMS writes for the article, meta tags are more often shared templates).
- A more specific reading refines a coarser one: a day (or month) is replaced by an instant/local time
  from any source on the same local day (month); a local time is replaced by an instant with the same
  wall-clock time. "Same local day" is the day in that reading's own offset.
- A UTC instant is re-expressed in the newsroom's offset when the page also gives the same moment as a
  local time with seconds (``04:58:46Z`` and ``20:58:46`` → ``20:58:46-08:00``): same instant, but its
  ``day()`` is then the page's own calendar day rather than the UTC one.
- ``time-element`` and ``text`` readings must agree with a dated URL within a day; otherwise the URL wins
  (those sources are the easiest to mistake for a teaser's or an update's date).
- A time of exactly 00:00:00 is read as "day only", whatever its offset: CMSs write date-only fields as
  midnight (``2024-11-05T00:00:00+01:00``), and a real publication at 00:00:00.000 is rare, whereas
  inventing midnight as a time of day is exactly what we must not do.
- Zone abbreviations are read with their usual news meaning (CST = US Central, IST = India); "ET", "PT",
  "CT", "MT" take the US offset in force on that day. Unknown abbreviations leave a "local" time.
- Epoch numbers are read only from the meta tags that use them (parsely, sailthru, cxense).
- Dates before 1990 or more than two days after ``now`` (default: the current time; a naive ``now`` is
  taken as UTC) are discarded, reading by reading, so the next source can answer.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

__all__ = ["PageDate", "page_date"]

PRECISIONS = ("instant", "local", "day", "month")
SOURCES = ("json-ld", "meta", "time-element", "url", "text", "htmldate")


@dataclass(frozen=True)
class PageDate:
    local: datetime  # wall clock as written: aware (fixed offset) for "instant", naive otherwise
    precision: str  # "instant", "local", "day" or "month"
    source: str  # "json-ld", "meta", "time-element", "url", "text" or "htmldate"

    def instant(self) -> datetime | None:
        """The moment in UTC, only when the page gave a time of day and its offset."""
        if self.precision != "instant" or self.local.tzinfo is None:
            return None
        return self.local.astimezone(UTC)

    def day(self) -> date:
        """The calendar day in the page's own local terms."""
        return self.local.date()


def page_date(
    html: str | bytes | lxml.html.HtmlElement,
    url: str | None = None,
    *,
    now: datetime | None = None,
) -> PageDate | None:
    """The page's publication date from its strongest source, or None when the page gives none."""
    tree = _tree(html)
    if tree is None:
        return None
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    latest = now + timedelta(days=2)

    def ok(found: PageDate | None) -> PageDate | None:
        return found if found is not None and _plausible(found, latest) else None

    # The URL read from the page itself (canonical, og:url) when the one given carries no date.
    url_date = next((ok(_from_url(u)) for u in (url, _declared_url(tree)) if u and _from_url(u)), None)
    # Every plausible reading, strongest source first; within a source, in its own order of trust.
    ordered = [c for c in map(ok, _from_json_ld(tree, url)) if c is not None]
    ordered += [c for c in map(ok, _from_meta(tree)) if c is not None]
    ordered += [c for c in map(ok, _from_time_elements(tree)) if c is not None and _agrees_with_url(c, url_date)]
    # Visible text is the least reliable reading: only when nothing above gave a time of day.
    if not any(c.precision in ("instant", "local") for c in ordered):
        ordered += [c for c in map(ok, _from_text(tree)) if c is not None and _agrees_with_url(c, url_date)]
    if url_date is not None:
        ordered.append(url_date)
    if ordered:
        return _refine(ordered)
    return _from_htmldate(tree, latest)


# --- combining ---------------------------------------------------------------------------------------


def _refine(ordered: list[PageDate]) -> PageDate:
    best = ordered[0]
    if best.precision in ("day", "month"):
        finer = [c for c in ordered[1:] if c.precision in ("instant", "local") and _same_period(c, best)]
        finer.sort(key=lambda c: c.precision != "instant")  # stable: instants first, then source order
        if finer:
            best = finer[0]
        elif best.precision == "month":
            best = next((c for c in ordered[1:] if c.precision == "day" and _same_period(c, best)), best)
    if best.precision == "local":
        same_clock = (
            c for c in ordered if c.precision == "instant" and c.local.replace(tzinfo=None) == best.local
        )
        best = next(same_clock, best)
    if best.precision == "instant" and best.local.utcoffset() == timedelta(0):
        best = _in_local_terms(best, ordered)
    return best


def _in_local_terms(best: PageDate, ordered: list[PageDate]) -> PageDate:
    """A UTC instant re-expressed in the offset of a local time the page gives for the same moment.

    CMSs often store UTC and print the newsroom's wall clock elsewhere without an offset
    ("2019-11-19T04:58:46Z" and "2019-11-18T20:58:46"): same seconds, a whole-quarter-hour apart, so
    the page itself states its offset (-08:00). Only a precise local time (seconds not :00) counts.
    """
    moment = best.local.replace(tzinfo=None)
    for c in ordered:
        if c.precision != "local" or c.local.second == 0 or c.local.microsecond != moment.microsecond:
            continue
        shift = c.local - moment
        if shift and abs(shift) <= timedelta(hours=14) and shift % timedelta(minutes=15) == timedelta(0):
            return PageDate(c.local.replace(tzinfo=timezone(shift)), "instant", best.source)
    return best


def _same_period(finer: PageDate, coarse: PageDate) -> bool:
    if coarse.precision == "month":
        return (finer.local.year, finer.local.month) == (coarse.local.year, coarse.local.month)
    return finer.day() == coarse.day()


def _agrees_with_url(found: PageDate, url_date: PageDate | None) -> bool:
    if url_date is None:
        return True
    if url_date.precision == "month":
        first = url_date.day()
        following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        return first - timedelta(days=1) <= found.day() <= following
    return abs((found.day() - url_date.day()).days) <= 1


def _plausible(found: PageDate, latest: datetime) -> bool:
    local = found.local
    if local.year < 1990:
        return False
    if local.tzinfo is not None:
        return local <= latest
    return local <= latest.replace(tzinfo=None)


# --- parsing the page --------------------------------------------------------------------------------


def _tree(html) -> lxml.html.HtmlElement | None:
    if isinstance(html, etree._ElementTree):
        html = html.getroot()
    if isinstance(html, etree._Element):
        return html.getroottree().getroot()
    if not html:
        return None
    try:
        return lxml.html.fromstring(html)
    except ValueError:
        # A str that declares its encoding (<?xml encoding=...?>) must be given to lxml as bytes.
        if isinstance(html, str):
            try:
                return lxml.html.fromstring(html.encode("utf-8"))
            except (ValueError, etree.ParserError):
                return None
        return None
    except etree.ParserError:
        return None


_NOT_CONTENT = {"figure", "figcaption", "aside", "nav", "footer"}
_FURNITURE = re.compile(
    r"related|recommend|teaser|caption|comments?(?![a-z])|promo|sidebar|most-?(?:read|popular|viewed)"
    r"|trending|more-?(?:stories|news|articles)|read-?more|also-?read|outbrain|taboola|newsletter|tweet|twitter|widget",
    re.I,
)


def _in_furniture(el) -> bool:
    """In a figure, caption, aside, nav, page footer or a related/teaser/comments block."""
    node = el
    while node is not None and node.tag not in ("body", "html"):
        if _is_furniture(node):
            return True
        node = node.getparent()
    return False


def _is_furniture(node) -> bool:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _NOT_CONTENT:
        # An <article>'s own <footer> is part of the article (HTML5 puts its byline and pubdate there;
        # WordPress themes put their microdata <meta>s there); the page's footer is not.
        return not (tag == "footer" and _inside(node, "article"))
    marks = f"{node.get('class', '')} {node.get('id', '')}"
    # Layout modifiers on a wrapper ("has-sidebar", "with-comments") say nothing about what is inside.
    return any(_FURNITURE.search(token) for token in marks.split() if not token.startswith(_MODIFIERS))


_MODIFIERS = ("has-", "has_", "with-", "with_", "no-", "no_", "show-", "hide-", "is-")


def _inside(el, tag: str) -> bool:
    return any(True for _ in el.iterancestors(tag))


def _in_content(el) -> bool:
    node = el.getparent()
    while node is not None:
        if node.tag in ("article", "main") or node.get("role") == "main":
            return True
        node = node.getparent()
    return False


# --- JSON-LD -------------------------------------------------------------------------------------------

_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "blogposting", "liveblogposting",
    "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
    "askpublicnewsarticle", "satiricalarticle", "report", "techarticle", "scholarlyarticle",
    "socialmediaposting", "discussionforumposting", "advertisercontentarticle", "posting",
}  # fmt: skip
_PAGE_TYPES = {"webpage", "itempage", "medicalwebpage"}


def _from_json_ld(tree, url: str | None):
    ranked: list[tuple[int, int, int, str]] = []  # (type rank, not this url, order, value)
    order = 0
    for script in tree.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind != "application/ld+json" or not script.text:
            continue
        documents = _load_json(script.text)
        if documents is None:
            rank, value = _regex_json_date(script.text)
            if value:
                order += 1
                ranked.append((rank, 1, order, value))
            continue
        for obj in _own_objects(documents, 0):
            rank = _type_rank(obj.get("@type"))
            if rank is None:
                continue
            value = _json_value(obj.get("datePublished")) or _json_value(obj.get("dateCreated"))
            if value:
                order += 1
                ranked.append((rank, 0 if _is_this_url(obj, url) else 1, order, value))
    for *_, value in sorted(ranked):
        yield _parse(value, "json-ld")


def _own_objects(data, depth: int):
    """Top-level objects, @graph members and main entities: the page's own things, not nested ones."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _own_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            if isinstance(data.get(key), (dict, list)):
                yield from _own_objects(data[key], depth + 1)


def _type_rank(value) -> int | None:
    names = value if isinstance(value, list) else [value]
    ranks = []
    for name in names:
        if not isinstance(name, str):
            continue
        name = re.split(r"[/:#]", name.strip())[-1].lower()
        if name in _ARTICLE_TYPES:
            ranks.append(0)
        elif name == "claimreview":  # a fact-check page's own review (not the claim it reviews)
            ranks.append(1)
        elif name in _PAGE_TYPES:
            ranks.append(2)
    return min(ranks) if ranks else None


def _json_value(value) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _is_this_url(obj: dict, url: str | None) -> bool:
    if not url:
        return False
    own = _url_key(url)
    entity = obj.get("mainEntityOfPage")
    candidates = [obj.get("url"), obj.get("@id")]
    candidates += [entity, entity.get("@id") if isinstance(entity, dict) else None]
    return any(isinstance(c, str) and _url_key(c) == own for c in candidates)


def _url_key(url: str) -> str:
    url = re.sub(r"^[a-z]+://(www\.)?", "", url.strip().lower())
    return re.split(r"[?#]", url)[0].rstrip("/")


_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x1f]")


def _load_json(text: str) -> list | None:
    """Every JSON document in the script (there may be several), or None when it cannot be read."""
    text = _WRAPPERS.sub("", _WRAPPERS.sub("", text.strip())).strip()
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))):
        documents = _decode_all(attempt)
        if documents:
            return documents
    return None


def _decode_all(text: str) -> list:
    decoder = json.JSONDecoder(strict=False)
    documents, index = [], 0
    while True:
        while index < len(text) and text[index] in " \t\r\n;,":
            index += 1
        if index >= len(text):
            return documents
        try:
            document, index = decoder.raw_decode(text, index)
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            return documents if documents and not text[index:].strip(" \t\r\n;,") else []
        documents.append(document)


def _regex_json_date(text: str) -> tuple[int, str | None]:
    """From JSON beyond repair: the one datePublished (or dateCreated) it names, if it names one and
    the script is about an article or page; with the rank of the best type it names."""
    ranks = [_type_rank(name) for name in re.findall(r'"@type"\s*:\s*\[?\s*"([^"]+)"', text)]
    ranks = [rank for rank in ranks if rank is not None]
    if not ranks:
        return 0, None
    for key in ("datePublished", "dateCreated"):
        values = set(re.findall(rf'"{key}"\s*:\s*"([^"]+)"', text))
        if len(values) == 1:
            return min(ranks), values.pop()
    return 0, None


# --- meta tags and microdata --------------------------------------------------------------------------

# In order of trust; a tag later in the list is read only when every earlier one is missing or unreadable.
_META_KEYS = [
    "article:published_time", "og:article:published_time", "og:published_time", "article:published",
    "og:article:published", "datepublished", "date_published", "published_time", "publish_date",
    "publish-date", "publishdate", "published_date", "published-date", "publication_date", "pubdate",
    "parsely-pub-date", "sailthru.date", "cxenseparse:recs:publishtime", "article.published",
    "article_date_original", "originalpublicationdate", "dc.date.issued", "dcterms.issued",
    "dc.date.publication", "rnews:datepublished", "og:pubdate", "article:post_date", "dcterms.created",
    "dc.date.created", "dc.created", "datecreated", "dc.date", "dc:date", "dcterms.date", "date",
]  # fmt: skip
_META_RANK = {key: rank for rank, key in enumerate(_META_KEYS)}
_EPOCH_KEYS = {"parsely-pub-date", "sailthru.date", "cxenseparse:recs:publishtime"}


def _from_meta(tree):
    found: list[tuple[int, int, str, str]] = []
    for order, el in enumerate(tree.iter("meta")):
        value = el.get("content") or el.get("datetime")
        if not value or not value.strip():
            continue
        for attr in ("property", "name", "itemprop"):  # not http-equiv: its "date" is the serving time
            key = (el.get(attr) or "").strip().lower()
            if key not in _META_RANK:
                continue
            if attr == "itemprop" and not _own_microdata(el):
                break
            found.append((_META_RANK[key], order, key, value))
            break
    # Microdata on elements other than <meta> and <time>: the content attribute, else (as microdata
    # defines a property's value) the element's text, when it is short enough to be only a date.
    for order, el in enumerate(tree.xpath("//body//*[@itemprop]")):
        if el.tag in ("meta", "time") or "datepublished" not in el.get("itemprop", "").lower().split():
            continue
        value = el.get("content") or el.get("datetime") or " ".join(el.text_content().split())
        if value and len(value) <= 80 and _own_microdata(el):
            found.append((_META_RANK["datepublished"], 10_000 + order, "datepublished", value))
    for _rank, _order, key, value in sorted(found):
        yield _parse(value, "meta", epoch=key in _EPOCH_KEYS)


def _own_microdata(el) -> bool:
    """Not a property of a nested item (a related article's date, an image's date) nor page furniture."""
    node = el.getparent()
    while node is not None:
        if node.get("itemscope") is not None and node.tag in ("body", "html"):
            break  # a scope on the whole page (WebPage, Blog, …) is the page itself
        if node.get("itemscope") is not None:
            kind = re.split(r"[/:#]", (node.get("itemtype") or "").strip().rstrip("/"))[-1].lower()
            if kind in _NO_DATE_TYPES:
                # A person or organisation has no publication date: a datePublished put inside one (a
                # byline block) is misplaced markup for the enclosing item, so look further out.
                node = node.getparent()
                continue
            prop = (node.get("itemprop") or "").lower()
            if prop and prop not in ("mainentity", "mainentityofpage"):
                return False
            if kind and _type_rank(kind) is None:
                return False
            break
        node = node.getparent()
    return not _in_furniture(el)


_NO_DATE_TYPES = {
    "person", "organization", "newsmediaorganization", "corporation", "place", "postaladdress",
    "contactpoint", "brand", "aggregaterating", "rating", "offer",
}  # fmt: skip


# --- <time> elements ---------------------------------------------------------------------------------

_PUBLISH_MARK = re.compile(r"publish|posted|pubdate|dateline|byline|timestamp|date|time|meta|header|info", re.I)
_PUBLISH_STRICT = re.compile(r"publish|posted|pubdate|dateline|byline|author", re.I)
_UPDATE_MARK = re.compile(r"updat|modif|edited|revised|print", re.I)
_PUBLISH_WORD = re.compile(r"publish|posted|pubdate|created", re.I)


def _from_time_elements(tree):
    outside = []
    # A page without <article>/<main> has no marked content area: all of it (less furniture) is content.
    no_content_area = not tree.xpath("//article|//main|//*[@role='main']")
    for el in tree.iter("time"):
        value = el.get("datetime")
        if not value or not value.strip() or _in_furniture(el) or _is_update(el):
            continue
        strong = el.get("pubdate") is not None or "datepublished" in (el.get("itemprop") or "").lower()
        if "itemprop" in el.attrib and strong and not _own_microdata(el):
            continue
        if no_content_area or _in_content(el):
            if strong or _marked(el, _PUBLISH_MARK) or _in_header(el):
                yield _parse(value, "time-element")
        elif strong or _marked(el, _PUBLISH_STRICT):
            outside.append(value)
    for value in outside:
        yield _parse(value, "time-element")


def _marked(el, pattern: re.Pattern) -> bool:
    node, steps = el, 0
    while node is not None and steps < 3:
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if marks.strip() and pattern.search(marks):
            return True
        node, steps = node.getparent(), steps + 1
    return False


def _in_header(el) -> bool:
    node = el.getparent()
    while node is not None and node.tag not in ("article", "main", "body"):
        if node.tag == "header" or re.search(r"header|byline", f"{node.get('class', '')} {node.get('id', '')}", re.I):
            return True
        node = node.getparent()
    return False


def _update_marked(marks: str) -> bool:
    # WordPress marks its publication time "entry-date published updated": a publish mark wins.
    return bool(_UPDATE_MARK.search(marks)) and not _PUBLISH_WORD.search(marks)


def _is_update(el) -> bool:
    """Labelled as an update: by its itemprop, its class, or the words in or just before it."""
    itemprop = (el.get("itemprop") or "").lower()
    if "datepublished" in itemprop or "datecreated" in itemprop:
        return False
    if "datemodified" in itemprop or _update_marked(f"{el.get('class', '')} {el.get('id', '')}"):
        return True
    if re.match(r"(?i)\W*(updated|modified|edited)", el.text or ""):
        return True
    previous = el.getprevious()
    before = (previous.tail if previous is not None else el.getparent().text) or ""
    if not before.strip() and previous is not None and isinstance(previous.tag, str):
        before = previous.text_content()
    return bool(re.search(r"(?i)(updated|modified|edited)\W*(on|at)?\W*$", before[-40:]))


# --- visible text --------------------------------------------------------------------------------------

_TEXT_MARK = re.compile(r"publish|posted|pubdate|dateline|timestamp|byline|(?<![a-z])date|date(?![a-z])", re.I)


def _from_text(tree):
    found = []
    for el in tree.xpath(
        "//body//*[self::time[not(@datetime)] or contains(@class, 'date') or contains(@class, 'Date')"
        " or contains(@class, 'publish') or contains(@class, 'posted') or contains(@class, 'byline')"
        " or contains(@class, 'timestamp') or contains(@class, 'dateline') or contains(@id, 'date')]"
    ):
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag != "time" and not _TEXT_MARK.search(marks):
            continue
        if _update_marked(marks) or _in_furniture(el):
            continue
        text = " ".join(el.text_content().split())
        if not text or len(text) > 160:
            continue
        # "Published 5 Nov 2024 · Updated 6 Nov 2024": only the part before an update label.
        text = re.split(r"(?i)\b(?:updated|modified|last edited)\b", text)[0]
        if text.strip():
            found.append((not _in_content(el), len(found), text))
        if len(found) >= 20:
            break
    for *_, text in sorted(found):  # the article's own first, then document order
        yield _parse_human(text, "text")


# --- the URL -------------------------------------------------------------------------------------------

_URL_DAY = [
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?!\d)"),
    re.compile(r"[/_-]((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[/_.-]|$)"),
    re.compile(r"[/_-]((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$)"),
]
_URL_NAMED = re.compile(r"/((?:19|20)\d\d)/([a-z]{3,9})/(\d{1,2})(?:/|$)", re.I)
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(\d\d)(?:/|$)")


def _from_url(url: str) -> PageDate | None:
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I)
    path = re.split(r"[?#]", path)[0]
    for pattern in _URL_DAY:
        for match in pattern.finditer(path):
            found = _make_day(int(match[1]), int(match[2]), int(match[3]), "url")
            if found:
                return found
    match = _URL_NAMED.search(path)
    if match and match[2].lower()[:3] in _MONTHS:
        found = _make_day(int(match[1]), _MONTHS[match[2].lower()[:3]], int(match[3]), "url")
        if found:
            return found
    match = _URL_MONTH.search(path)
    if match and 1 <= int(match[2]) <= 12:
        return PageDate(datetime(int(match[1]), int(match[2]), 1), "month", "url")
    return None


def _declared_url(tree) -> str | None:
    """The page's own URL as it declares it (canonical link, og:url), for a page given without one."""
    for value in tree.xpath(
        "//link[contains(concat(' ', normalize-space(translate(@rel, 'CANONIL', 'canonil')), ' '), ' canonical ')]/@href"
        " | //meta[@property='og:url']/@content"
    ):
        if value.strip():
            return value.strip()
    return None


# --- htmldate ------------------------------------------------------------------------------------------


def _from_htmldate(tree, latest: datetime) -> PageDate | None:
    from htmldate import find_date  # imported on first use: it is the last resort

    view = _htmldate_view(tree)
    # The quick search first (markup only); the extensive one (dates in the page's free text, in
    # several languages) only when that finds nothing: on the benchmark it adds dates such as
    # "publiziert am 25. September 2018" and is otherwise no different, but can cost 100 ms on a big page.
    for extensive in (False, True):
        try:
            value = find_date(
                view,
                original_date=True,
                extensive_search=extensive,
                outputformat="%Y-%m-%d",
                min_date="1990-01-01",
                max_date=latest.strftime("%Y-%m-%d"),
            )
        except Exception:  # htmldate is heuristic code over arbitrary pages: a failure is "no date"
            value = None
        if value:
            break
    else:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None
    # htmldate fills what it does not know with 1s: a bare year (often the copyright line) becomes
    # 1 January, a month in free text its first day. Those are not days the page states.
    if (day.month, day.day) == (1, 1):
        return None
    if extensive and day.day == 1:
        return PageDate(day, "month", "htmldate")
    return PageDate(day, "day", "htmldate")


_URL_ATTRIBUTES = {"href", "src", "srcset", "data-src", "data-srcset", "data-href", "data-url", "poster", "action"}


def _htmldate_view(tree):
    """A copy of the page without what the sources above refuse to read, so htmldate cannot bring it
    back: JSON-LD (already read), modified/updated/print dates, copyright years, nested microdata
    items, update labels and page furniture. The URL is not passed either: it was read already."""
    view = copy.deepcopy(tree)
    doomed = []
    for el in view.iter(etree.Element):
        tag = el.tag
        keys = " ".join(el.get(a, "") for a in ("property", "name", "itemprop")).lower()
        if tag == "script":
            if (el.get("type") or "").strip().lower() == "application/ld+json":
                doomed.append(el)
        elif tag == "meta" and el.get("http-equiv"):
            doomed.append(el)  # the HTTP Date / Last-Modified of the response, not of the article
        elif re.search(r"modif|updat|print|lastmod|last-mod|revis|copyright|edited", keys):
            doomed.append(el)
        elif tag == "time" and _is_update(el):
            doomed.append(el)
        elif tag not in ("html", "body") and (
            _is_furniture(el) or _update_marked(f"{el.get('class', '')} {el.get('id', '')}")
        ):
            doomed.append(el)
        elif el.get("itemscope") is not None and el.get("itemprop") and tag not in ("html", "body"):
            kind = re.split(r"[/:#]", (el.get("itemtype") or "").strip().rstrip("/"))[-1].lower()
            if kind not in _NO_DATE_TYPES and el.get("itemprop").lower() not in ("mainentity", "mainentityofpage"):
                doomed.append(el)
        elif "url" in keys:
            doomed.append(el)  # og:url, twitter:url: the page's URL was read already
        for attr in _URL_ATTRIBUTES.intersection(el.attrib):
            # Dates in links and asset paths (/uploads/2017/04/logo.png) are not the page's.
            del el.attrib[attr]
    for el in doomed:  # dropping one inside an already dropped one is harmless
        el.drop_tree()
    return view


# --- reading one date value ----------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Fixed offsets in minutes, with the meaning they have in news datelines.
_ZONES = {
    "Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "WET": 0, "BST": 60, "IST": 330, "CET": 60, "CEST": 120,
    "MEZ": 60, "MESZ": 120, "WEST": 60, "EET": 120, "EEST": 180, "MSK": 180, "JST": 540, "KST": 540,
    "HKT": 480, "SGT": 480, "AEST": 600, "AEDT": 660, "ACST": 570, "ACDT": 630, "AWST": 480,
    "NZST": 720, "NZDT": 780, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
    "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
}  # fmt: skip
# Zones named without saying whether summer time applies: the offset in force on that day.
_REGIONS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}

_ISO = re.compile(
    r"""^(?P<y>\d{4})(?:
          -(?P<mo>\d{1,2})(?:-(?P<d>\d{1,2}))?
        | /(?P<mo2>\d\d)/(?P<d2>\d\d)
        | (?P<mo3>\d\d)(?P<d3>\d\d)
    )
    (?:(?:[Tt]\s*|\s+|,\s*)(?P<H>\d{1,2}):?(?P<M>\d\d)(?::?(?P<S>\d\d)(?:[.,](?P<f>\d{1,9}))?)?)?
    \s*(?P<tz>[Zz]|[+-]\d\d(?::?\d\d)?|\(?[A-Za-z]{2,5}(?:[+-]\d{1,2}(?::?\d\d)?)?\)?)?$""",
    re.X,
)
_MONTH_WORD = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_HUMAN_DATES = [
    # November 5, 2024 / Nov. 5th 2024
    re.compile(rf"(?<![a-z]){_MONTH_WORD}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d),?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    # 5 November 2024 / Tue, 05 Nov 2024 (RFC 822) / 5th of November, 2024
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH_WORD}(?![a-z]),?\s+(?P<y>\d{{4}})(?!\d)", re.I
    ),
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)(?!\d)"),
]
_TZ = r"(?P<tz>[Zz](?![a-z])|[+-]\d\d:?\d\d|(?:GMT|UTC)\s*[+-]\d{1,2}(?::?\d\d)?|[A-Z]{2,5}(?![A-Za-z]))"
_HUMAN_TIME = re.compile(
    rf"(?<![\d:.])(?P<H>\d{{1,2}})(?:[:h.](?P<M>\d\d)(?::(?P<S>\d\d))?)?\s*(?P<ap>[ap]\.?\s?m\.?(?![a-z]))?"
    rf"(?:\s*\(?{_TZ}\)?)?",
    re.I,
)


def _parse(value: str, source: str, *, epoch: bool = False) -> PageDate | None:
    value = value.strip()
    if epoch and re.fullmatch(r"\d{10}(?:\d{3})?(?:\.\d+)?", value):
        seconds = float(value) / (1000 if len(value.split(".")[0]) == 13 else 1)
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return _make(moment, source)
    match = _ISO.match(re.sub(r"\[[^\]]*\]$", "", value))  # RFC 9557 "...+01:00[Europe/Paris]"
    if match:
        return _from_iso(match, source)
    return _parse_human(value, source)


def _from_iso(match: re.Match, source: str) -> PageDate | None:
    year = int(match["y"])
    month = match["mo"] or match["mo2"] or match["mo3"]
    day = match["d"] or match["d2"] or match["d3"]
    if day is None:
        if match["H"] or match["tz"] or not 1 <= int(month) <= 12:
            return None
        return PageDate(datetime(year, int(month), 1), "month", source)
    if match["H"] is None:
        return _make_day(year, int(month), int(day), source)
    fraction = int((match["f"] or "0")[:6].ljust(6, "0"))
    try:
        hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
        local = datetime(year, int(month), int(day), hour, minute, second, fraction)
    except ValueError:
        return None
    return _make(_zoned(local, match["tz"]), source)


def _parse_human(text: str, source: str) -> PageDate | None:
    for pattern in _HUMAN_DATES:
        match = pattern.search(text)
        if match:
            break
    else:
        return None
    month = _MONTHS.get(match["mon"].lower()[:3]) if "mon" in match.re.groupindex else int(match["mo"])
    try:
        day = date(int(match["y"]), month, int(match["d"]))
    except (TypeError, ValueError):
        return None
    rest = text[: match.start()] + " | " + text[match.end() :]
    clock = None
    for candidate in _HUMAN_TIME.finditer(rest):
        if candidate["M"] is None and candidate["ap"] is None:
            continue  # a bare number is not a time
        hour, minute, second = int(candidate["H"]), int(candidate["M"] or 0), int(candidate["S"] or 0)
        if candidate["ap"]:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if candidate["ap"].lower().startswith("p") else 0)
        if hour > 23 or minute > 59 or second > 59:
            continue
        clock = (hour, minute, second, candidate["tz"])
        break
    if clock is None:
        return _make_day(day.year, day.month, day.day, source)
    local = datetime(day.year, day.month, day.day, clock[0], clock[1], clock[2])
    return _make(_zoned(local, clock[3]), source)


def _zoned(local: datetime, zone: str | None) -> datetime:
    """The wall-clock time with the offset the zone text names; naive when it names none we know."""
    if not zone:
        return local
    zone = zone.strip("() ").upper()
    offset = re.fullmatch(r"(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d\d)?", zone)
    if offset:
        minutes = int(offset[2]) * 60 + int(offset[3] or 0)
        if minutes > 14 * 60:
            return local
        return local.replace(tzinfo=timezone(timedelta(minutes=minutes if offset[1] == "+" else -minutes)))
    if zone in _ZONES:
        return local.replace(tzinfo=timezone(timedelta(minutes=_ZONES[zone])))
    if zone in _REGIONS:
        try:
            utc_offset = local.replace(tzinfo=ZoneInfo(_REGIONS[zone])).utcoffset()
        except Exception:  # no time-zone database: the time stays local
            return local
        return local.replace(tzinfo=timezone(utc_offset))
    return local


def _make(moment: datetime, source: str) -> PageDate:
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        # Midnight on the dot is how CMSs write a date without a time: a day, not a time of day.
        return PageDate(moment.replace(tzinfo=None), "day", source)
    return PageDate(moment, "instant" if moment.tzinfo is not None else "local", source)


def _make_day(year: int, month: int, day: int, source: str) -> PageDate | None:
    try:
        return PageDate(datetime(year, month, day), "day", source)
    except ValueError:
        return None
