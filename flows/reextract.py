"""The ``reextract`` flow: rebuild stored articles and their claims from the pages kept in the lake, fetching nothing."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import date

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext

import extractors.articles
from extractors.records import Article, Failure
from flows.config import load_settings
from flows.extraction_pool import ExtractionPool, rebuild_or_fail
from warehouse.store import Warehouse

DEFAULT_CHUNK = 200


@dataclass
class ReextractSummary:
    run_id: str
    database: str
    extractor_version: str = ""
    pages: int = 0
    articles: int = 0
    claims: int = 0
    failures: int = 0
    chunks: int = 0
    seconds: float = 0.0
    failed_urls: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**self.__dict__, "failed_urls": self.failed_urls[:20]}


@task(name="reextract-chunk", task_run_name="reextract chunk {index}", cache_policy=NO_CACHE)
def reextract_chunk(index: int, warehouse: Warehouse, pool: ExtractionPool, run_id: str,
                    pages: list) -> tuple[int, int, list[Failure]]:
    """Read one chunk of kept pages again and swap the chunk's articles and claims in one commit."""
    built = pool.build(((item, page) for _, page, item in pages), builder=rebuild_or_fail)
    articles: list[Article] = []
    failures: list[Failure] = []
    for (article_id, _, _), result in zip(pages, built):
        if isinstance(result, Article):
            # The stored id stays the article's name even if canonical-URL rules changed since.
            articles.append(replace(result, article_id=article_id, page=None))
        else:
            # Never retried by ingest: the old article stays as it was, and the row says why.
            failures.append(replace(result, stage="reextract", item=None, final=True))
    claims = warehouse.replace_extractions(run_id, articles, failures)
    return len(articles), claims, failures


@flow(name="reextract", log_prints=True)
def reextract(db: str | None = None, since: date | None = None, outlet: str | None = None,
              chunk_size: int = DEFAULT_CHUNK) -> dict:
    """Rebuild articles and claims from kept pages (fetched since ``since``, of ``outlet``), in chunks.

    Idempotent: running it twice leaves the same articles and claims. Near-duplicate verdicts stand.
    """
    logger = get_run_logger()
    settings = load_settings()
    lake = settings.lake(db)
    context = FlowRunContext.get()
    run_id = f"reextract-{context.flow_run.id if context and context.flow_run else uuid.uuid4()}"
    # Read at run time: the version is the extractor's that runs now.
    summary = ReextractSummary(run_id=run_id, database=lake.name,
                               extractor_version=extractors.articles.EXTRACTOR_VERSION)
    started = time.monotonic()
    with Warehouse(lake, settings.dedup_window_days) as warehouse, ExtractionPool(settings.workers) as pool:
        after = ""
        while pages := warehouse.stored_pages(since, outlet, after, chunk_size):
            after = pages[-1][0]
            if len(pages) >= 20:  # worth forking workers for; a handful of pages is quicker in this process
                pool.start()
            articles, claims, failures = reextract_chunk(summary.chunks, warehouse, pool, run_id, pages)
            summary.chunks += 1
            summary.pages += len(pages)
            summary.articles += articles
            summary.claims += claims
            summary.failures += len(failures)
            summary.failed_urls += [f.url for f in failures if f.url]
            logger.info("chunk %d: %d pages, %d articles rebuilt, %d failed", summary.chunks, len(pages),
                        articles, len(failures))
    summary.seconds = round(time.monotonic() - started, 2)
    logger.info("re-extracted %d of %d kept pages with %s in %.1fs (%d claims; %d pages failed, their articles "
                "unchanged)", summary.articles, summary.pages, summary.extractor_version, summary.seconds, summary.claims,
                summary.failures)
    return summary.as_dict()
