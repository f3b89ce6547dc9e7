"""HTML pages to main text and metadata, via trafilatura."""

from __future__ import annotations

from datetime import datetime, timezone

import trafilatura

from extractors.records import Extraction


def extract_html(html: bytes | str, url: str | None = None) -> Extraction:
    """Main text, title, author and page date of an HTML page (text "" when nothing is found)."""
    # fast=True skips the readability/jusText fallbacks: on the 181-page extraction benchmark it scored
    # a higher F1 (0.961 vs 0.959) in 70% of the time (make bench).
    document = trafilatura.bare_extraction(
        html, url=url, fast=True, with_metadata=True, include_comments=False, include_tables=True
    )
    if document is None:
        return Extraction(text="", method="trafilatura")
    return Extraction(
        text=(document.text or "").strip(),
        method="trafilatura",
        title=document.title or None,
        author=document.author or None,
        published=_page_date(document.date),
    )


def _page_date(value: str | None) -> datetime | None:
    # trafilatura's dates are day-precision strings; midnight UTC is the honest reading.
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
