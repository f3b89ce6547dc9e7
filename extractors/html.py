"""HTML pages to main text and metadata: charset, main text, publication date, byline and declared language."""

from __future__ import annotations

import re
from html import unescape

from extractors.bylines import parse_byline
from extractors.charset import decode_page
from extractors.maintext import main_text
from extractors.pagedates import page_date
from extractors.records import Extraction, PublicationDate

# <html lang="…"> sits in the first few hundred bytes of any page; 8 kB covers long doctype preambles.
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)",
                        re.IGNORECASE)
_LANG_WINDOW = 8192
_META_AUTHOR = re.compile(
    r"<meta\b(?=[^>]*\b(?:name|property)\s*=\s*[\"']?(?:author|article:author|byl|dc\.creator|sailthru\.author)[\"'\s>])"
    r"[^>]*\bcontent\s*=\s*\"([^\"]{1,300})\"", re.IGNORECASE)
_JSON_LD_AUTHOR = re.compile(r"\"author\"\s*:\s*(\{[^{}]{0,2000}\}|\[[^\[\]]{0,4000}\])")
_JSON_NAME = re.compile(r"\"name\"\s*:\s*\"([^\"]{1,200})\"")
# Bylines sit in the head or near the top of the body; a hostile page cannot make the scan long.
_HEAD_WINDOW = 200_000


def extract_html(html: bytes | str, url: str | None = None, content_type: str | None = None,
                 headers: dict[str, str] | None = None) -> Extraction:
    """Main text, title, byline, page date and declared language of an HTML page (text "" when none is found)."""
    if isinstance(html, bytes):
        decoded = decode_page(html, content_type)
        text, charset, charset_source = decoded.text, decoded.encoding, decoded.source
    else:
        text, charset, charset_source = html, None, None
    main = main_text(text, url)
    document = main.document
    byline = parse_byline(getattr(document, "author", None) or declared_authors(text),
                          [getattr(document, "sitename", None)])
    return Extraction(
        text=main.text.strip(),
        method=main.method,
        title=getattr(document, "title", None) or None,
        author="; ".join(byline.authors) or None,
        published=publication_date(text, url),
        authors=byline.authors,
        byline_organisations=byline.organisations,
        byline_places=byline.places,
        site_name=getattr(document, "sitename", None) or None,
        declared_language=declared_language(text, headers),
        charset=charset,
        charset_source=charset_source,
    )


def publication_date(html: str, url: str | None) -> PublicationDate | None:
    """The page's own publication date, as precise as the page states it."""
    found = page_date(html, url)
    if found is None:
        return None
    offset = found.local.utcoffset() if found.local.tzinfo else None
    return PublicationDate(
        day=found.day(),
        precision=found.precision,
        source=found.source,
        local=found.local.replace(tzinfo=None) if found.precision in ("instant", "local") else None,
        offset_minutes=int(offset.total_seconds() // 60) if offset is not None else None,
    )


def declared_authors(html: str) -> list[str]:
    """Bylines the page declares in meta tags or JSON-LD, for when trafilatura keeps none.

    trafilatura drops some it cannot check (non-Latin names such as 山田太郎記者 among them); parse_byline
    still decides which of these are people.
    """
    head = html[:_HEAD_WINDOW]
    found = [unescape(match.group(1)) for match in _META_AUTHOR.finditer(head)]
    for block in _JSON_LD_AUTHOR.finditer(head):
        found += [unescape(name) for name in _JSON_NAME.findall(block.group(1))]
    return [name for name in found if name.strip() and "://" not in name]


def declared_language(html: str, headers: dict[str, str] | None = None) -> str | None:
    """The language the page says it is in: <html lang>, else the Content-Language header."""
    if match := _HTML_LANG.search(html, 0, _LANG_WINDOW):
        return match.group(1)
    header = (headers or {}).get("content-language", "")
    return header.split(",")[0].strip() or None
