"""The main text of an HTML page and the trafilatura document its metadata comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

# Chosen with `python -m bench.extraction_quality` (bench/EXTRACTION.md): token F1 against the expected text
# of the article-extraction-benchmark (aeb, 181 pages), newspaper4k's test pages (23) and 600 pages made from
# aeb templates; bare trafilatura.extract scores 0.948 / 0.922 / 0.953 there, today's fast pass 0.961 /
# 0.933 / 0.955, favor_precision 0.965 / 0.964 / 0.960 (the best plain setting on all three). But precision
# now and then keeps only a box of boilerplate (260 characters of a reprint notice where the article has
# 2,400): its discard rules drop the article's container when a class merely contains a boilerplate word
# ("bar" in "barrons-article-wrap"), and precision mode has no rescue. So a balanced pass, which has
# trafilatura's rescues (baseline, recall retry), runs when the precise text is short and replaces it when
# it is much longer: 0.969 / 0.964 / 0.965, pages under F1 0.5 1 / 0 / 0 (bare: 4 / 0 / 1), in 1.36x the
# time of bare extract (the fast pass: 0.99x).
# 300 to 1,000 characters pick the same texts here; 1,000 is the margin (a second pass on 9% of aeb pages):
# failed passes left 0 to 818 characters of text on these corpora.
SHORT_CHARS = 1000
# Much longer, because a genuinely short article keeps its precise text: newspaper4k's japanese_article
# (precise 235 characters, balanced 496 with links and captions) fell from F1 0.95 to 0.57 at a ratio of 2.
# Ratios of 3 and 4 give the same results on all three corpora.
LONGER_RATIO = 3

# Comments are not the article; tables stay in: dropping them cost 0.010 F1 on aeb (data tables are content
# there) and 3 more synthetic pages fell under F1 0.5.
_OPTIONS = dict(with_metadata=True, include_comments=False, include_tables=True)

_TABLE = re.compile(r"<table\b", re.IGNORECASE)
_LAYOUT_PARTS = "./thead|./tbody|./tfoot|./tr|./*/tr|./tr/td|./tr/th|./*/tr/td|./*/tr/th"


@dataclass(frozen=True)
class MainText:
    text: str
    method: str  # which pass produced the text: "trafilatura-precision" or "trafilatura"
    document: object | None  # the trafilatura Document of that pass (title, author, date, sitename, ...)


def main_text(html: str, url: str | None = None) -> MainText:
    """Main text of a decoded HTML page: a precise pass, and a balanced one when that finds little."""
    if not isinstance(html, str) or "\x00" in html:
        # HTML text has no NUL; one means a binary body (image, PDF, undecoded gzip) whose bytes trafilatura
        # would otherwise hand back as "text".
        return MainText("", "trafilatura", None)
    page = _without_layout_tables(html)
    precise = _extract(page, url, favor_precision=True)
    precise_text = _text(precise)
    if len(precise_text) >= SHORT_CHARS:
        return MainText(precise_text, "trafilatura-precision", precise)
    balanced = _extract(page, url)
    balanced_text = _text(balanced)
    if balanced_text and len(balanced_text) >= LONGER_RATIO * len(precise_text):
        return MainText(balanced_text, "trafilatura", balanced)
    if precise_text:
        return MainText(precise_text, "trafilatura-precision", precise)
    # Nothing found: metadata alone (a title on an empty page) is no article.
    return MainText("", "trafilatura", None)


def _without_layout_tables(html: str) -> object:
    # With tables on, trafilatura renders a page laid out in a table as one big table: menu column, fixture
    # lists and the footer row come out with the article, in every mode (tests/fixtures/maintext/
    # table_layout.html). Layout tables become divs so that its boilerplate rules apply to each column; data
    # tables stay tables. 33 of the 804 corpus pages have a layout table; mean F1 moved by 0.0002 at most.
    if not _TABLE.search(html):
        return html
    try:
        tree = trafilatura.load_html(html)
        if tree is None:
            return html
        layout = [table for table in tree.iter("table") if _is_layout_table(table)]
        for table in layout:
            for element in [table, *table.xpath(_LAYOUT_PARTS)]:
                element.tag = "div"
    except Exception:  # noqa: BLE001 - a page lxml cannot take goes to trafilatura as it is
        return html
    return tree if layout else html


def _is_layout_table(table) -> bool:
    # Firefox Reader View's data-table test (Readability.js _markDataTables), negated, with nested tables
    # checked before th/thead: a layout table often holds a data table (fixtures) in one of its cells.
    if table.get("role") == "presentation" or table.get("datatable") == "0":
        return True
    if table.get("summary") or table.find("caption") is not None:
        return False
    if table.find(".//table") is not None:
        return True
    if any(table.find(f".//{tag}") is not None for tag in ("th", "thead", "tfoot", "colgroup")):
        return False
    rows = table.xpath("./tr|./*/tr")
    columns = max((len(row.xpath("./td|./th")) for row in rows), default=0)
    if len(rows) == 1 or columns == 1:
        return True
    if len(rows) >= 10 or columns > 4:
        return False
    return len(rows) * columns <= 10


def _extract(page: object, url: str | None, **focus: bool) -> object | None:
    try:
        return trafilatura.bare_extraction(page, url=url, **_OPTIONS, **focus)
    except Exception:  # noqa: BLE001 - lxml and the fallback extractors raise many kinds on hostile pages
        return None


def _text(document: object | None) -> str:
    return ((getattr(document, "text", None) or "") if document is not None else "").strip()
