"""Load and dedup cost per article as the lake grows at a steady daily rate, side by side at several sizes;
the analysts' figure_conflicts view and lake maintenance on the largest store.

Stores are filled through ``Warehouse.load_articles`` in large batches (no trafilatura): texts recombined
from corpus paragraphs, neighbouring words swapped so that each story's shingles are its own, claims
mined once per paragraph and carried along. Store ``n`` holds the ``n`` newest articles of one sequence,
published ``DAILY_RATE`` a day up to ``END``, so every store holds the same articles in the dedup window
of the new batch, which is dated just after ``END``.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from bench.corpus import Paragraph
from bench.synthesis import ParagraphDeck, copy_text, swap_neighbours, vocabulary
from extractors.articles import article_id_for
from extractors.claims import extract_claims
from extractors.dedup import blocking_keys, canonical_url, content_hash
from extractors.records import Article, Claim
from warehouse.lake import connect, lake_location
from warehouse.maintenance import maintain_lake
from warehouse.store import DEFAULT_DEDUP_WINDOW_DAYS, Warehouse

# 100 a day, not more: then even the smallest store (1,000 articles, ten days) reaches back past the dedup
# window of every new chunk, and that window holds the same stored articles at every size, as it would
# in a steady deployment.
DAILY_RATE = 100
END = datetime(2025, 6, 1, tzinfo=timezone.utc)
NEW_BATCH = 500
CHUNK = 25  # the flow's chunk_size: one load per chunk
FILL_BATCH = 5000
BUILD_TASK = 500
COPY_SHARE = 0.1
NEW_COPY_KINDS = ("exact", "truncated", "furniture", "edited")
OUTLETS = 20
CLAIMS_REFERENCE_DAY = date(2025, 1, 1)
QUERY_REPEATS = 3
WINDOW_MARGIN_DAYS = DEFAULT_DEDUP_WINDOW_DAYS - 1
SWAP_RATE = 0.4  # see swap_neighbours: on the corpus, half the words move and 9% of the 5-word shingles survive
RETENTION_DAYS = 30  # the default snapshot_retention_days

_paragraphs: list[str] = []
_claims: list[list[Claim]] = []


@dataclass(frozen=True)
class StoredStory:
    index: int  # 0 is the newest
    paragraphs: tuple[int, ...]

    @property
    def published(self) -> datetime:
        return END - timedelta(days=(self.index + 1) / DAILY_RATE)


def story_specs(paragraphs: list[Paragraph], count: int, lengths: list[int], rng: random.Random) -> list[StoredStory]:
    deck = ParagraphDeck(paragraphs, rng)
    return [StoredStory(i, tuple(deck.deal(rng.choice(lengths)))) for i in range(count)]


def story_texts(seed: int, chosen: tuple[int, ...], paragraphs: list[str]) -> list[str]:
    rng = random.Random(seed)
    return [swap_neighbours(paragraphs[n], rng, SWAP_RATE) for n in chosen]


def story_claims(chosen: tuple[int, ...], texts: list[str], claims: list[list[Claim]],
                 published: datetime) -> list[Claim]:
    """The claims mined from each chosen paragraph, moved to where the paragraph sits in the story."""
    found, offset = [], 0
    for n, text in zip(chosen, texts):
        for claim in claims[n]:
            found.append(replace(
                claim, start_char=claim.start_char + offset, end_char=claim.end_char + offset,
                claimed_on=published.date() if claim.claimed_on == CLAIMS_REFERENCE_DAY else claim.claimed_on))
        offset += len(text) + 1
    return found


def story_article(url: str, outlet: int, published: datetime, texts: list[str], claims: list[Claim]) -> Article:
    text, title = "\n".join(texts), " ".join(texts[0].split()[:9])
    return Article(
        article_id=article_id_for(url), url=url, canonical_url=canonical_url(url), guid=url,
        feed_url=f"https://outlet{outlet}.example/feed.xml", outlet=f"Outlet {outlet}", title=title, author=None,
        published_at=published, date_source="feed", fetched_at=published + timedelta(minutes=10), text=text,
        content_hash=content_hash(text), extraction_method="trafilatura", content_type="text/html",
        blocking_keys=blocking_keys(title, text), claims=claims,
    )


def story_url(outlet: int, published: datetime, slug: str) -> str:
    return f"https://outlet{outlet}.example/{published:%Y/%m/%d}/{slug}"


def paragraph_claims(paragraphs: list[str]) -> list[list[Claim]]:
    """The claims of each paragraph on its own, mined once: a stored story carries those of its paragraphs."""
    return [extract_claims(text, CLAIMS_REFERENCE_DAY) for text in paragraphs]


def _start_worker(paragraphs: list[str], claims: list[list[Claim]]) -> None:
    global _paragraphs, _claims
    _paragraphs, _claims = paragraphs, claims


def build_stored(specs: list[StoredStory]) -> list[tuple[int, Article]]:
    built = []
    for spec in specs:
        texts = story_texts(spec.index, spec.paragraphs, _paragraphs)
        outlet = spec.index % OUTLETS
        built.append((spec.index, story_article(
            story_url(outlet, spec.published, f"story-{spec.index}"), outlet, spec.published, texts,
            story_claims(spec.paragraphs, texts, _claims, spec.published))))
    return built


def new_batch(specs: list[StoredStory], paragraphs: list[Paragraph], claims: list[list[Claim]],
              lengths: list[int], rng: random.Random) -> tuple[list[Article], int]:
    """The batch every store loads: fresh stories dated after END, a tenth of them copies of stored
    stories inside the window (the copy published later)."""
    deck = ParagraphDeck(paragraphs, rng)
    words = vocabulary(paragraphs)
    texts_of = [p.text for p in paragraphs]
    copies = set(rng.sample(range(NEW_BATCH), round(NEW_BATCH * COPY_SHARE)))
    batch, made = [], 0
    for j in range(NEW_BATCH):
        published = END + timedelta(days=j / DAILY_RATE)
        outlet = j % OUTLETS
        if j in copies:
            # An original at most WINDOW_MARGIN_DAYS before its copy, well inside the dedup window.
            original = specs[rng.randrange(max(1, (WINDOW_MARGIN_DAYS * DAILY_RATE) - j))]
            kind = NEW_COPY_KINDS[made % len(NEW_COPY_KINDS)]
            made += 1
            texts = copy_text(story_texts(original.index, original.paragraphs, texts_of), kind, rng, words)
            url = f"https://mirror{outlet}.example/{published:%Y/%m/%d}/copy-{j}-{kind}"
            found = extract_claims("\n".join(texts), published.date())
        else:
            chosen = tuple(deck.deal(rng.choice(lengths)))
            texts = story_texts(-1 - j, chosen, texts_of)
            url = story_url(outlet, published, f"new-{j}")
            found = story_claims(chosen, texts, claims, published)
        batch.append(story_article(url, outlet, published, texts, found))
    return batch, len(copies)


def _built_in_order(pool: ProcessPoolExecutor, specs: list[StoredStory],
                    ahead: int = 4) -> Iterator[tuple[int, Article]]:
    """Articles oldest first, built in the pool a few tasks ahead of the loader (bounded memory)."""
    tasks = [specs[i:i + BUILD_TASK] for i in range(0, len(specs), BUILD_TASK)]
    pending: list[Future] = []
    for task in tasks:
        pending.append(pool.submit(build_stored, task))
        if len(pending) > ahead:
            yield from pending.pop(0).result()
    for future in pending:
        yield from future.result()


@dataclass
class Store:
    size: int
    path: Path
    warehouse: Warehouse
    fill_s: float = 0.0
    load_s: float = 0.0
    duplicates: int = 0


def fill_stores(stores: list[Store], specs: list[StoredStory], paragraphs: list[str],
                claims: list[list[Claim]], workers: int) -> float:
    """Load the stored stories oldest first, ``FILL_BATCH`` at a time, each into every store that holds it."""
    started = time.perf_counter()
    oldest_first = sorted(specs, key=lambda spec: -spec.index)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(paragraphs, claims)) as pool:
        batch: list[tuple[int, Article]] = []
        for built in _built_in_order(pool, oldest_first):
            batch.append(built)
            if len(batch) == FILL_BATCH or built[0] == 0:
                for store in stores:
                    part = [article for index, article in batch if index < store.size]
                    if part:
                        loading = time.perf_counter()
                        store.warehouse.load_articles(f"fill-{store.size}", part)
                        store.fill_s += time.perf_counter() - loading
                batch = []
    return time.perf_counter() - started


def load_side_by_side(stores: list[Store], batch: list[Article]) -> None:
    """The same chunks into every store, the order of the stores rotating so noise falls on all alike."""
    for n, start in enumerate(range(0, len(batch), CHUNK)):
        chunk = batch[start:start + CHUNK]
        for store in stores[n % len(stores):] + stores[:n % len(stores)]:
            started = time.perf_counter()
            result = store.warehouse.load_articles("new-batch", chunk)
            store.load_s += time.perf_counter() - started
            store.duplicates += result.duplicates


def time_figure_conflicts(stores: list[Store]) -> dict[int, tuple[float, int]]:
    """Median milliseconds of ``SELECT * FROM figure_conflicts`` in a read-only analyst session, and its rows."""
    sessions = {store.size: connect(lake_location(store.path), read_only=True) for store in stores}
    times: dict[int, list[float]] = {size: [] for size in sessions}
    rows: dict[int, int] = {}
    try:
        for _ in range(QUERY_REPEATS):
            for size, con in sessions.items():
                started = time.perf_counter()
                rows[size] = len(con.execute("SELECT * FROM figure_conflicts").fetchall())
                times[size].append(time.perf_counter() - started)
    finally:
        for con in sessions.values():
            con.close()
    return {size: (statistics.median(times[size]) * 1000, rows[size]) for size in sessions}


def key_sharing(store: Store) -> float:
    """Stored originals per sampled shingle key: how often the synthetic texts share a key."""
    return store.warehouse.con.execute(
        "SELECT avg(n) FROM (SELECT count(*) AS n FROM dedup_keys WHERE key LIKE 's:%' GROUP BY key)").fetchone()[0]


def unmarked_copies(store: Store) -> list[str]:
    """URLs of the batch's injected copies that the store holds as originals."""
    return [row[0] for row in store.warehouse.con.execute(
        "SELECT url FROM articles WHERE url LIKE 'https://mirror%' AND duplicate_of IS NULL ORDER BY url").fetchall()]


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def measure_store_growth(paragraphs: list[Paragraph], lengths: list[int], sizes: tuple[int, ...],
                         scratch: Path, workers: int, seed: int = 100) -> dict:
    """Every figure of the growth benchmark, keyed as they go into the bench's JSON line."""
    rng = random.Random(seed)
    specs = story_specs(paragraphs, max(sizes), lengths, rng)
    texts = [p.text for p in paragraphs]
    claims = paragraph_claims(texts)
    batch, injected = new_batch(specs, paragraphs, claims, lengths, rng)
    stores = []
    try:
        for size in sizes:
            path = scratch / f"store-{label(size)}" / "bench.ducklake"
            stores.append(Store(size, path, Warehouse(path)))
        fill_s = fill_stores(stores, specs, texts, claims, workers)
        for store in stores:
            print(f"store {label(store.size)}: filled in {store.fill_s:.1f}s of loads "
                  f"({store.size / store.fill_s:.0f} articles/s), "
                  f"{key_sharing(store):.1f} stored originals per sampled key")
        print(f"fill: {fill_s:.1f}s for all stores (building articles in {workers} processes meanwhile)")
        load_side_by_side(stores, batch)
        for store in stores:
            for url in unmarked_copies(store):
                print(f"store {label(store.size)}: copy not marked: {url}")
        conflicts = time_figure_conflicts(stores)
        largest, smallest = stores[-1], stores[0]
        report = maintain_lake(largest.warehouse, RETENTION_DAYS)
        after = time_figure_conflicts([largest])[largest.size]
    finally:
        for store in stores:
            store.warehouse.close()

    figures = {}
    for store in stores:
        ms = store.load_s * 1000 / len(batch)
        figures[f"load_ms_per_article_{label(store.size)}"] = round(ms, 2)
        print(f"store {label(store.size)}: new batch of {len(batch)} in chunks of {CHUNK}: {ms:.2f} ms/article, "
              f"{store.duplicates} of {injected} injected copies marked; figure_conflicts "
              f"{conflicts[store.size][0]:.0f} ms ({conflicts[store.size][1]} rows)")
    big, small = label(largest.size), label(smallest.size)
    figures[f"load_cost_growth_{big}"] = round(largest.load_s / smallest.load_s, 3)
    figures["load_duplicates_found"] = {label(s.size): s.duplicates for s in stores} | {"injected": injected}
    figures[f"figure_conflicts_ms_{big}"] = round(conflicts[largest.size][0], 1)
    figures[f"figure_conflicts_rows_{big}"] = conflicts[largest.size][1]
    figures[f"figure_conflicts_ms_{big}_after_maintain"] = round(after[0], 1)
    figures["lake_files_before_maintain"] = report.files_before
    figures["lake_files_after_maintain"] = report.files_after
    figures["maintain_s"] = report.duration_s
    figures[f"store_fill_s_{big}"] = round(largest.fill_s, 1)
    figures["store_fill_s"] = round(fill_s, 1)
    print(f"maintain_lake on the {big} store: {report.files_before} -> {report.files_after} live files, "
          f"{report.merged_files} merged, {report.expired_snapshots} snapshots expired, in {report.duration_s:.1f}s")
    return figures
