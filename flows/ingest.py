"""The ``ingest`` flow: poll feeds, fetch and extract new articles in chunks, load them into the lake."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.utilities.annotations import quote

from extractors.feeds import parse_feed
from extractors.records import Article, Failure, FeedItem, FeedParse
from flows.config import Settings, load_settings
from flows.extraction_pool import ExtractionPool
from flows.fetch import Fetcher, FetchError
from flows.monitoring import FeedStatus, RunSummary, emit_feed_event, emit_run_event, publish_run_artifacts
from flows.liveness import dead_runs
from flows.sources import FeedSpec, feed_spec, in_shard, load_feeds_file
from warehouse.maintenance import compact_lake
from warehouse.store import FeedPoll, LoadResult, Warehouse


class NoFeeds(ValueError):
    """Nothing to poll: the feeds file has no [[feed]] entries and none were given."""


@dataclass
class PollResult:
    spec: FeedSpec
    parse: FeedParse | None = None
    failure: Failure | None = None


@dataclass
class ChunkResult:
    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


@task(name="poll-feed", task_run_name="poll {spec.url}", cache_policy=NO_CACHE)
def poll_feed(spec: FeedSpec, fetcher: Fetcher) -> PollResult:
    """Fetch and parse one feed; a broken feed becomes a recorded failure, not an exception."""
    logger = get_run_logger()
    try:
        fetched = fetcher.get(spec.url, local_root=spec.local_root)
        parsed = parse_feed(fetched.body, spec.url, outlet=spec.outlet)
    except (FetchError, ValueError) as error:
        logger.warning("feed %s failed: %s", spec.url, error)
        return PollResult(spec, failure=Failure(stage="feed", error=str(error), feed_url=spec.url, url=spec.url))
    logger.info("feed %s: %d items", spec.url, len(parsed.items))
    return PollResult(spec, parse=parsed)


@task(name="process-articles", task_run_name="process chunk {index}", cache_policy=NO_CACHE, retries=1)
def process_chunk(index: int, items: list[FeedItem], local_roots: dict[str, Path | None],
                  fetcher: Fetcher, pool: ExtractionPool) -> ChunkResult:
    """Fetch a chunk of article pages, then extract text and claims from them."""
    result, pages = ChunkResult(), []
    started = time.monotonic()
    for item in items:
        try:
            pages.append((item, fetcher.get(item.link, local_root=local_roots.get(item.feed_url))))
        except FetchError as error:
            result.failures.append(Failure(stage="fetch", error=str(error), feed_url=item.feed_url, url=item.link))
    fetched = time.monotonic()
    for built in pool.build(pages):
        (result.articles if isinstance(built, Article) else result.failures).append(built)
    get_run_logger().info(
        "fetched %d pages in %.2fs, extracted %d articles in %.2fs",
        len(pages), fetched - started, len(result.articles), time.monotonic() - fetched,
    )
    return result


@task(name="load-warehouse", task_run_name="load chunk {index}", cache_policy=NO_CACHE)
def load_chunk(index: int, warehouse: Warehouse, run_id: str, chunk: ChunkResult) -> LoadResult:
    """Write one chunk's articles and failures in one commit (other runs may be loading at the same time)."""
    return warehouse.load_articles(run_id, chunk.articles, chunk.failures)


def resolve_feeds(settings: Settings, feeds: list[str] | None, feeds_file: str | None,
                  shard: str | None = None) -> list[FeedSpec]:
    """Feeds named explicitly, else those of the feeds file; with a shard ``K/N``, only that share of them."""
    specs = [feed_spec(location) for location in feeds or []]
    if feeds_file or not specs:
        specs += load_feeds_file(feeds_file or settings.feeds_file)
    return [spec for spec in dict.fromkeys(specs) if in_shard(spec.url, shard)]


@flow(name="ingest", log_prints=True)
def ingest(
    feeds: list[str] | None = None,
    feeds_file: str | None = None,
    db: str | None = None,
    chunk_size: int | None = None,
    shard: str | None = None,
) -> dict:
    """Poll the feeds (or shard ``K/N`` of them) and load new articles with their claims into the lake."""
    logger = get_run_logger()
    settings = load_settings()
    lake = settings.lake(db)
    chunk_size = chunk_size or settings.chunk_size
    specs = resolve_feeds(settings, feeds, feeds_file, shard)
    if not specs and not shard:  # an empty shard is fine; an empty configuration is a mistake
        raise NoFeeds(f"no feeds to poll: {feeds_file or settings.feeds_file} lists none (each needs a [[feed]] "
                      f"table with a url)")
    context = FlowRunContext.get()
    flow_run_id = str(context.flow_run.id) if context and context.flow_run else None
    run_id = flow_run_id or str(uuid.uuid4())
    started = time.monotonic()

    with Warehouse(lake, settings.dedup_window_days) as warehouse:
        warehouse.start_run(run_id, flow_run_id)
        crashed = warehouse.mark_crashed(
            dead_runs(warehouse.running_runs(), run_id, timedelta(hours=settings.stale_run_hours)))
        if crashed:
            logger.warning("marked %d earlier run(s) that never finished as crashed", crashed)
        summary = RunSummary(run_id=run_id, database=lake.name, feeds=len(specs))
        with Fetcher(settings.fetch) as fetcher, ExtractionPool(settings.workers) as pool:
            items = _poll(specs, fetcher, warehouse, run_id, summary)
            new_items = warehouse.new_items(items)
            summary.items_seen = len(items)
            logger.info("%d items in %d feeds, %d new", len(items), len(specs), len(new_items))
            _process(new_items, specs, chunk_size, fetcher, pool, warehouse, run_id, summary,
                     settings.compact_every_chunks)
        if summary.chunks_loaded:
            _compact(warehouse)
        summary.duration_s = round(time.monotonic() - started, 2)
        summary.errors_by_stage = warehouse.run_errors_by_stage(run_id)
        summary.errors = sum(summary.errors_by_stage.values())
        summary.status = summary.final_status()
        summary.snapshot_id = warehouse.finish_run(
            run_id, summary.status, summary.feeds, summary.items_seen, summary.load)
        failing = warehouse.failing_feeds()

    if summary.status == "failed":
        raise RuntimeError(f"ingest loaded nothing: every chunk failed to load ({summary.load_failures} chunks)")
    publish_run_artifacts(summary, failing)
    emit_run_event(summary)
    logger.info(
        "run %s: %d new articles, %d duplicates, %d claims, %d errors in %.1fs (lake snapshot %s)",
        summary.status, summary.load.new_articles, summary.load.duplicates, summary.load.claims,
        summary.errors, summary.duration_s, summary.snapshot_id,
    )
    return summary.as_dict()


def _poll(specs: list[FeedSpec], fetcher: Fetcher, warehouse: Warehouse, run_id: str,
          summary: RunSummary) -> list[FeedItem]:
    items: list[FeedItem] = []
    futures = [poll_feed.submit(spec, quote(fetcher)) for spec in specs]
    polls, failures = [], []
    for spec, future in zip(specs, futures):
        try:
            polled = future.result()
        except Exception as error:  # a bug on one feed's document must not cost the other feeds
            polled = PollResult(spec, failure=Failure(
                stage="feed", error=f"{type(error).__name__}: {error}", feed_url=spec.url, url=spec.url))
        error = polled.failure.error if polled.failure else None
        found = len(polled.parse.items) if polled.parse else 0
        polls.append(FeedPoll(spec.url, spec.outlet, polled.parse.title if polled.parse else None, found, error))
        summary.feed_statuses.append(FeedStatus(spec.url, found, error))
        if polled.failure:
            failures.append(polled.failure)
        else:
            items.extend(polled.parse.items)
    for health in warehouse.record_polls(run_id, polls, failures):
        emit_feed_event(health)
    return items


def _compact(warehouse: Warehouse) -> None:
    """Merge the small files loads leave, so that the next loads (this run's or others') stay fast."""
    logger = get_run_logger()
    try:
        merged = compact_lake(warehouse)
    except Exception as error:  # the data is committed; a later run or `maintain` compacts instead
        logger.warning("compaction skipped: %s", error)
        return
    if merged:
        logger.info("merged %d small data files", merged)


def _process(new_items: list[FeedItem], specs: list[FeedSpec], chunk_size: int, fetcher: Fetcher,
             pool: ExtractionPool, warehouse: Warehouse, run_id: str, summary: RunSummary,
             compact_every: int) -> None:
    logger = get_run_logger()
    chunks = [new_items[i:i + chunk_size] for i in range(0, len(new_items), chunk_size)]
    if len(chunks) > 1:
        pool.start()
    local_roots = {spec.url: spec.local_root for spec in specs}
    futures = {
        process_chunk.submit(index, quote(chunk), local_roots, quote(fetcher), quote(pool)): (index, chunk)
        for index, chunk in enumerate(chunks, 1)
    }
    for done, future in enumerate(as_completed(futures), 1):
        index, chunk = futures[future]
        try:
            result = future.result()
        except Exception as error:  # a bug in one chunk is recorded against its items; the run goes on
            result = ChunkResult(failures=[
                Failure(stage="process", error=f"{type(error).__name__}: {error}", feed_url=i.feed_url, url=i.link)
                for i in chunk
            ])
        try:
            loaded = load_chunk(index, quote(warehouse), run_id, quote(result))
        except Exception as error:
            summary.load_failures += 1
            logger.error("chunk %d could not be loaded: %s", index, error)
            reason = f"{type(error).__name__}: {error}"
            warehouse.record_failures(run_id, result.failures + [
                Failure(stage="load", error=reason, feed_url=a.feed_url, url=a.url) for a in result.articles
            ])
            continue
        summary.add(loaded)
        if compact_every and summary.chunks_loaded % compact_every == 0:
            _compact(warehouse)
        logger.info(
            "chunk %d/%d loaded: %d new, %d duplicates, %d claims, %d errors",
            done, len(chunks), loaded.new_articles, loaded.duplicates, loaded.claims, len(result.failures),
        )
