"""The pipeline at 2,000 synthetic pages against bare trafilatura, and how many injected copies dedup finds."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from bench.corpus import Paragraph, f1
from bench.runs import StaticSite
from bench.synthesis import COPY_KINDS, SyntheticPage, read_templates, synthesise_pages
from extractors.dedup import blocking_keys, near_duplicate_score, signature, signature_score
from tests.loopback import rss
from warehouse.lake import connect, lake_location

START = datetime(2025, 3, 1, 6, tzinfo=timezone.utc)
SPAN_DAYS = 10  # originals are published over this many days, more than the dedup window
FEEDS = 4


def publish_synthetic(site: StaticSite, pages: dict[str, bytes], truth: dict[str, str],
                      paragraphs: list[Paragraph], count: int) -> PublishedSite:
    """Synthesise ``count`` pages from the corpus and publish them (see bench/synthesis.py)."""
    templates = read_templates(pages, truth)
    synthetic = synthesise_pages(templates, paragraphs, count, START, SPAN_DAYS)
    print(f"synthesis: {len(templates)} of {len(pages)} pages usable as templates, {len(paragraphs)} paragraphs, "
          f"{len(synthetic)} pages ({sum(1 for p in synthetic if p.original)} injected copies)")
    return publish(site, synthetic, templates)


@dataclass(frozen=True)
class PublishedSite:
    pages: list[SyntheticPage]
    urls: dict[str, str]  # page slug -> its URL
    files: dict[str, Path]  # page slug -> its file on the site
    feeds: list[str]

    def bodies(self) -> dict[str, bytes]:
        """The pages' HTML by slug, read back from the site (not held meanwhile: it would count as the
        pipeline's memory)."""
        return {slug: path.read_bytes() for slug, path in self.files.items()}


def publish(site: StaticSite, pages: list[SyntheticPage], templates: dict, seed: int = 7) -> PublishedSite:
    """Write the pages and ``FEEDS`` RSS feeds listing them in a shuffled order (copies may come first)."""
    urls, files = {}, {}
    for page in pages:
        path = f"{'mirror' if page.original else 'news'}/{page.slug}.html"
        site.write(path, page.render(templates))
        urls[page.slug], files[page.slug] = site.url(f"/{path}"), site.root / path
    order = list(pages)
    random.Random(seed).shuffle(order)
    feeds = []
    for n in range(FEEDS):
        items = [{"title": escape(page.title), "link": urls[page.slug], "guid": urls[page.slug],
                  "pubDate": format_datetime(page.published, usegmt=True)} for page in order[n::FEEDS]]
        site.write(f"feeds/wire-{n}.xml", rss(items, title=f"Synthetic Wire {n}"))
        feeds.append(site.url(f"/feeds/wire-{n}.xml"))
    return PublishedSite(pages, urls, files, feeds)


@dataclass(frozen=True)
class NearDuplicateScore:
    recall: float
    precision: float
    recall_by_kind: dict[str, float]
    pairs: int  # injected pairs with both pages loaded
    unloaded_pairs: int  # injected pairs where the original or the copy yielded no article
    marked: int  # articles marked duplicate
    false_marks: int
    misses: list[str]  # why each injected pair was not found, as scores from the loaded texts


def score_near_duplicates(db_path: Path, published: PublishedSite) -> tuple[NearDuplicateScore, float]:
    """Recall and precision of the lake's duplicate marks on the injected copies, and extraction F1
    of the loaded texts against the text each page was made from."""
    with connect(lake_location(db_path), read_only=True) as con:
        rows = con.execute("SELECT url, article_id, duplicate_of, text, title FROM articles").fetchall()
    by_url = {row[0]: Loaded(*row[1:]) for row in rows}
    found, tried, unloaded, correct_ids, misses = Counter(), Counter(), 0, set(), []
    for copy in (page for page in published.pages if page.original):
        original = by_url.get(published.urls[copy.original])
        copied = by_url.get(published.urls[copy.slug])
        if original is None or copied is None:
            unloaded += 1
            continue
        tried[copy.kind] += 1
        if copied.duplicate_of is not None and copied.duplicate_of in (original.article_id, original.duplicate_of):
            found[copy.kind] += 1
            correct_ids.add(copied.article_id)
        else:
            misses.append(f"{copy.kind} {copy.slug}: {explain(original, copied)}")
    marked = [a.article_id for a in by_url.values() if a.duplicate_of is not None]
    pairs = sum(tried.values())
    score = NearDuplicateScore(
        recall=sum(found.values()) / pairs if pairs else 0.0,
        precision=len(correct_ids) / len(marked) if marked else 1.0,
        recall_by_kind={kind: round(found[kind] / tried[kind], 3) if tried[kind] else None for kind in COPY_KINDS},
        pairs=pairs, unloaded_pairs=unloaded, marked=len(marked), false_marks=len(marked) - len(correct_ids),
        misses=misses,
    )
    extraction = [f1(by_url[published.urls[page.slug]].text if published.urls[page.slug] in by_url else None,
                     page.text) for page in published.pages]
    return score, sum(extraction) / len(extraction)


@dataclass(frozen=True)
class Loaded:
    article_id: str
    duplicate_of: str | None
    text: str
    title: str | None


def explain(original: Loaded, copied: Loaded) -> str:
    """The scores the loader would give the pair, from the texts as loaded."""
    keys = [{k for k in blocking_keys(a.title, a.text) if k.startswith("s:")} for a in (original, copied)]
    signatures = [signature(blocking_keys(a.title, a.text), a.text) for a in (original, copied)]
    estimated = signature_score(len(keys[0] & keys[1]), *signatures)
    return (f"{signatures[0].words} and {signatures[1].words} words, {len(keys[0] & keys[1])} shared sampled keys, "
            f"signature score {estimated:.2f}, text score {near_duplicate_score(original.text, copied.text):.2f}, "
            f"copy marked duplicate of {copied.duplicate_of or 'nothing'}")
