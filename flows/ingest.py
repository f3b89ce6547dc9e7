"""The ``ingest`` flow: poll feeds, fetch and extract new articles in chunks, load them into the lake."""

from __future__ import annotations

import time
import uuid
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.states import Cancelled
from prefect.utilities.annotations import quote

from extractors.records import Article, Failure, FeedItem
from flows.config import Settings, load_settings
from flows.extraction_pool import ExtractionPool
from flows.fetch import Fetcher, FetchError, Request, RobotsDisallowed
from flows.liveness import dead_runs
from flows.monitoring import FeedStatus, RunSummary, emit_feed_event, emit_run_event, publish_run_artifacts
from flows.polling import PollResult, feed_poll, is_due, poll_one
from flows.progress import RunProgress
from flows.sources import FeedSpec, feed_spec, in_shard, load_feeds_file
from flows.stopping import RunStopped, stop_on_signals
from warehouse.maintenance import compact_lake
from warehouse.store import FeedPoll, FeedState, LoadResult, Warehouse, utcnow

# Feeds per poll task: Prefect costs about 10 ms per task run, so a thousand feeds are ten tasks, not a
# thousand; within a task the feeds are fetched concurrently.
POLL_BATCH = 100
CHUNKS_IN_FLIGHT = 4


class NoFeeds(ValueError):
    """Nothing to poll: the feeds file has no [[feed]] entries and none were given."""


@dataclass
class ChunkResult:
    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


@task(name="poll-feeds", task_run_name="poll feeds {index}", cache_policy=NO_CACHE)
def poll_feeds(index: int, specs: list[FeedSpec], states: dict[str, FeedState], fetcher: Fetcher) -> list[PollResult]:
    """Poll a batch of feeds at once (conditional requests; unchanged feeds are not parsed)."""
    logger = get_run_logger()
    with ThreadPoolExecutor(max_workers=max(1, min(len(specs), fetcher.config.concurrency))) as threads:
        results = list(threads.map(lambda spec: poll_one(spec, states.get(spec.url), fetcher), specs))
    for result in results:
        if result.failure:
            logger.warning("feed %s failed: %s", result.spec.url, result.error)
    logger.info("polled %d feeds: %s", len(results), dict(Counter(r.status for r in results)))
    return results


@task(name="process-articles", task_run_name="process chunk {index}", cache_policy=NO_CACHE, retries=1)
def process_chunk(index: int, items: list[FeedItem], local_roots: dict[str, Path | None],
                  fetcher: Fetcher, pool: ExtractionPool) -> ChunkResult:
    """Fetch a chunk of article pages concurrently, extracting each page as soon as it arrives."""
    result = ChunkResult()
    started = time.monotonic()
    requests = [(Request(item.link, local_roots.get(item.feed_url)), item) for item in items if not item.body_only]
    by_request = {id(request): item for request, item in requests}

    def pages():
        for item in items:
            if item.body_only:  # the feed carried the text itself
                yield item, None
        for request, outcome in fetcher.fetch_many([request for request, _ in requests]):
            item = by_request[id(request)]
            if isinstance(outcome, FetchError):
                stage = "robots" if isinstance(outcome, RobotsDisallowed) else "fetch"
                result.failures.append(Failure(stage=stage, error=str(outcome), feed_url=item.feed_url,
                                               url=item.link, item=item, final=outcome.final))
            else:
                yield item, outcome

    for built in pool.build(pages()):
        (result.articles if isinstance(built, Article) else result.failures).append(built)
    get_run_logger().info("chunk %d: %d pages, %d articles in %.2fs", index, len(items), len(result.articles),
                          time.monotonic() - started)
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
    only_due: bool = False,
) -> dict:
    """Poll the feeds (or shard ``K/N`` of them) and load new articles with their claims into the lake.

    With ``only_due`` (what schedules pass) only feeds whose adaptive interval has passed are polled;
    failed items whose back-off has passed are tried again either way.
    """
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

    stopped: RunStopped | None = None
    with stop_on_signals(), RunProgress() as progress, \
            Warehouse(lake, settings.dedup_window_days, settings.fetch.max_item_attempts) as warehouse:
        warehouse.start_run(run_id, flow_run_id)
        summary = RunSummary(run_id=run_id, database=lake.name, feeds=len(specs))
        try:
            crashed = warehouse.mark_crashed(
                dead_runs(warehouse.running_runs(), run_id, timedelta(hours=settings.stale_run_hours)), run_id)
            if crashed:
                logger.warning("marked %d earlier run(s) that never finished as crashed", crashed)
            with Fetcher(settings.fetch) as fetcher, ExtractionPool(settings.workers) as pool:
                try:
                    # A run that dies before the end records no polls: the next one reads every feed in full
                    # again and picks up the items this one did not reach.
                    new_items, polls, poll_failures = _poll(specs, only_due, settings, fetcher, warehouse, summary,
                                                            progress)
                    retries = warehouse.due_retries([spec.url for spec in specs], settings.fetch.item_retry_backoff)
                    summary.retried_items = len(retries)
                    logger.info("%d items in %d polled feeds (of %d), %d new, %d failed items due again",
                                summary.items_seen, summary.feeds_polled, len(specs), len(new_items), len(retries))
                    _process(new_items + retries, specs, chunk_size, fetcher, pool, warehouse, run_id, summary,
                             settings.compact_every_chunks, progress)
                finally:
                    summary.http_requests = fetcher.requests_sent
                    summary.bytes_fetched = fetcher.bytes_received
                    summary.fetch_seconds = fetcher.seconds_fetching
            _record_polls(warehouse, run_id, polls, poll_failures, summary)
            if summary.chunks_loaded:
                _compact(warehouse)
        except RunStopped as stop:
            # What was committed stays; the chunks in hand are abandoned (their transactions rolled back),
            # the fetcher and the extraction processes are closed above, and the next run picks up the rest.
            stopped = stop
            logger.warning("%s: run cancelled after %d loaded chunks", stop, summary.chunks_loaded)
        except Exception as error:  # a full disk, a lost catalog: say so in the run's row if it can be written
            _record_failed_run(warehouse, run_id, summary, error)
            raise
        summary.duration_s = round(time.monotonic() - started, 2)
        summary.count_errors(warehouse.run_errors_by_stage(run_id))
        summary.status = "cancelled" if stopped else summary.final_status()
        summary.snapshot_id = warehouse.finish_run(
            run_id, summary.status, summary.feeds, summary.items_seen, summary.load, **summary.measures(),
            reason=str(stopped) if stopped else summary.failure_reason())
        failing = warehouse.failing_feeds()

    if summary.status == "failed":
        raise RuntimeError(f"ingest loaded nothing: every chunk failed to load ({summary.load_failures} chunks)")
    publish_run_artifacts(summary, failing)
    if stopped:
        return Cancelled(message=f"{stopped}; {summary.load.new_articles} new articles were loaded before it")
    emit_run_event(summary)
    logger.info(
        "run %s: %d new articles, %d duplicates, %d claims, %d errors in %.1fs (lake snapshot %s)",
        summary.status, summary.load.new_articles, summary.load.duplicates, summary.load.claims,
        summary.errors, summary.duration_s, summary.snapshot_id,
    )
    return summary.as_dict()


def _poll(specs: list[FeedSpec], only_due: bool, settings: Settings, fetcher: Fetcher, warehouse: Warehouse,
          summary: RunSummary, progress: RunProgress) -> tuple[list[FeedItem], list[FeedPoll], list[Failure]]:
    """Poll the feeds that are due: the new items, each feed's poll (with its next interval) and the
    failures, to be recorded once the items are in the lake."""
    states = warehouse.feed_states([spec.url for spec in specs])
    now = utcnow()
    due = [spec for spec in specs if not only_due or is_due(states.get(spec.url), now)]
    batches = [due[i:i + POLL_BATCH] for i in range(0, len(due), POLL_BATCH)]
    progress.stage("feeds polled", len(due))
    futures = [poll_feeds.submit(index, quote(batch), quote(states), quote(fetcher))
               for index, batch in enumerate(batches, 1)]
    results: list[PollResult] = []
    for batch, future in zip(batches, futures):
        try:
            results += future.result()
        except Exception as error:  # a bug while polling must not cost the other batches their polls
            results += [PollResult(spec, "failed", failure=Failure(
                stage="feed", error=f"{type(error).__name__}: {error}", feed_url=spec.url, url=spec.url))
                for spec in batch]
        progress.advance("feeds polled", len(batch))
    items = [item for result in results for item in result.items]
    fresh = warehouse.new_items(items)
    new_per_feed = Counter(item.feed_url for item in fresh)
    now = utcnow()
    polls = [feed_poll(r, states.get(r.spec.url), new_per_feed[r.spec.url], now, settings.feeds) for r in results]
    entry_failures = [f for r in results for f in r.failures]
    recorded = warehouse.failed_attempts([f.url for f in entry_failures if f.stage == "feed-entry"])
    failures = [r.failure for r in results if r.failure]
    failures += [f for f in entry_failures if f.stage != "feed-entry" or f.url not in recorded]
    summary.feeds_polled = len(results)
    summary.items_seen = len(items)
    summary.feed_statuses = [FeedStatus(r.spec.url, len(r.items), r.error) for r in results]
    summary.previous_validators = {url: (state.etag, state.last_modified, state.body_hash)
                                   for url, state in states.items()}
    return fresh, polls, failures


def _record_polls(warehouse: Warehouse, run_id: str, polls: list[FeedPoll], failures: list[Failure],
                  summary: RunSummary) -> None:
    """Record the polls once their items are in the lake: a feed's validators say "everything up to this
    version is stored", so a run that could not load all it found keeps the previous ones, and the next run
    reads those feeds in full again."""
    if summary.load_failures:
        polls = [replace(poll, **dict(zip(("etag", "last_modified", "body_hash"),
                                          summary.previous_validators.get(poll.feed_url, (None, None, None)))))
                 for poll in polls]
    for health in warehouse.record_polls(run_id, polls, failures):
        emit_feed_event(health)
    summary.polls = polls


def _record_failed_run(warehouse: Warehouse, run_id: str, summary: RunSummary, error: Exception) -> None:
    reason = f"{type(error).__name__}: {' '.join(str(error).split())}"[:1000]
    try:
        warehouse.finish_run(run_id, "failed", summary.feeds, summary.items_seen, summary.load, **summary.measures(),
                             reason=reason)
    except Exception as also:  # the lake cannot take even that row: a later run marks this one crashed
        get_run_logger().error("could not record the failed run (%s); a later run will mark it crashed", also)


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
             compact_every: int, progress: RunProgress) -> None:
    logger = get_run_logger()
    chunks = [new_items[i:i + chunk_size] for i in range(0, len(new_items), chunk_size)]
    if len(chunks) > 1:
        pool.start()
    progress.stage("pages processed", len(new_items))
    progress.stage("chunks loaded", len(chunks))
    local_roots = {spec.url: spec.local_root for spec in specs}
    waiting = deque(enumerate(chunks, 1))
    futures = {}

    def submit_next() -> None:
        index, chunk = waiting.popleft()
        futures[process_chunk.submit(index, quote(chunk), local_roots, quote(fetcher), quote(pool))] = index, chunk

    # A few chunks more than the extraction processes can take keep them busy while pages arrive; more
    # would only hold fetched pages in memory (a backfill of thousands of items is hundreds of chunks).
    for _ in range(min(len(waiting), max(CHUNKS_IN_FLIGHT, 2 * pool.workers))):
        submit_next()
    done = 0
    while futures:
        future = next(iter(as_completed(list(futures))))
        index, chunk = futures.pop(future)
        if waiting:
            submit_next()
        done += 1
        progress.advance("pages processed", len(chunk))
        try:
            result = future.result()
        except Exception as error:  # a bug in one chunk is recorded against its items; the run goes on
            result = ChunkResult(failures=[
                Failure(stage="process", error=f"{type(error).__name__}: {error}", feed_url=i.feed_url, url=i.link,
                        item=i)
                for i in chunk
            ])
        try:
            load_started = time.monotonic()
            loaded = load_chunk(index, quote(warehouse), run_id, quote(result))
            summary.load_seconds += time.monotonic() - load_started
        except Exception as error:
            summary.load_failures += 1
            logger.error("chunk %d could not be loaded: %s", index, error)
            reason = f"{type(error).__name__}: {error}"
            summary.last_load_error = " ".join(reason.split())[:500]
            try:
                warehouse.record_failures(run_id, result.failures + [
                    Failure(stage="load", error=reason, feed_url=a.feed_url, url=a.url) for a in result.articles
                ])
            except Exception as also:  # the lake takes nothing at all (a full disk): the run cannot go on
                raise RuntimeError(f"chunk {index} could not be loaded ({reason}), nor its failures recorded "
                                   f"({type(also).__name__}: {also})") from also
            continue
        summary.add(loaded)
        # The task's return value may outlive this loop (Prefect holds task results for the run); the chunk's
        # pages and texts are in the lake now and need not stay in memory with it.
        result.articles.clear()
        progress.advance("chunks loaded")
        if compact_every and summary.chunks_loaded % compact_every == 0:
            _compact(warehouse)
        logger.info(
            "chunk %d/%d loaded: %d new, %d duplicates, %d claims, %d errors",
            done, len(chunks), loaded.new_articles, loaded.duplicates, loaded.claims, len(result.failures),
        )
