"""What the pipeline makes of each page's metadata on the public corpora: titles, bylines, dates, charset, language.

Run from the project root: ``python -m bench.article_metadata [--pages]``. Prints counts per corpus (and with
``--pages`` one line per page, for checking by eye); the last line is one JSON object. There is no ground
truth for these fields in the corpora, so the counts describe what was stored, and the per-page lines are
what a reviewer reads to judge it.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

from bench import corpora
from extractors.articles import article_id_for, publication
from extractors.bylines import clean_title
from extractors.html import extract_html
from extractors.language import detect_language
from extractors.records import FeedItem

CORPORA = ("aeb", "newspaper4k")


def describe(name: str, show_pages: bool) -> dict:
    """Counts of what extraction stored for every page of one corpus."""
    pages = corpora.load(name)
    counts: dict[str, Counter] = {key: Counter() for key in
                                  ("precision", "date_source", "charset_source", "language", "title", "byline")}
    started = time.perf_counter()
    for page in pages:
        extraction = extract_html(page.html, url=page.url, content_type="text/html")
        item = FeedItem(feed_url="bench", guid=page.page_id, link=page.url or f"bench:{page.page_id}")
        published = publication(item, extraction.published)
        title = clean_title(extraction.title, [extraction.site_name], page.url)
        language = detect_language(extraction.text, extraction.declared_language)
        counts["precision"][published.precision if published else "undated"] += 1
        counts["date_source"][published.source if published else "undated"] += 1
        counts["charset_source"][extraction.charset_source] += 1
        counts["language"][language.code or "undetermined"] += 1
        counts["title"]["site name taken off" if title != extraction.title else "unchanged"] += 1
        counts["byline"]["people" if extraction.authors else
                         "organisations only" if extraction.byline_organisations else "none"] += 1
        if show_pages:
            host = urlsplit(page.url or "").hostname or "-"
            print(f"{name} {article_id_for(page.url or page.page_id)} {host}\n"
                  f"  title: {extraction.title!r} -> {title!r}\n"
                  f"  byline: people {list(extraction.authors)} orgs {list(extraction.byline_organisations)}"
                  f" places {list(extraction.byline_places)}\n"
                  f"  date: {published}\n  language: {language.code} ({language.confidence:.2f})")
    seconds = time.perf_counter() - started
    return {"pages": len(pages), "ms_per_page": round(1000 * seconds / len(pages), 1),
            **{key: dict(counter.most_common()) for key, counter in counts.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", action="store_true", help="one block per page, for checking by eye")
    args = parser.parse_args(argv)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    figures = {}
    for name in CORPORA:
        try:
            figures[name] = describe(name, args.pages)
        except corpora.CorpusUnavailable as error:
            print(f"corpus {name} skipped: {error}", file=sys.stderr)
    for name, found in figures.items():
        print(f"{name}: {found['pages']} pages, {found['ms_per_page']} ms a page")
        for key in ("precision", "date_source", "charset_source", "language", "title", "byline"):
            print(f"  {key}: {found[key]}")
    print(json.dumps(figures, ensure_ascii=False))
    return 0 if figures else 2


if __name__ == "__main__":
    sys.exit(main())
