"""Extraction and claim mining of fetched pages, spread over processes to use every core."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from extractors.articles import ExtractionError, build_article
from extractors.records import Article, Failure, FeedItem
from flows.fetch import Fetched


def build_or_fail(item: FeedItem, fetched: Fetched) -> Article | Failure:
    """One page to an article, or the recorded reason it yielded none."""
    try:
        return build_article(item, fetched.body, fetched.content_type, fetched.fetched_at)
    except ExtractionError as error:
        return Failure(stage="extract", error=str(error), feed_url=item.feed_url, url=item.link)
    except Exception as error:  # a parser bug on one page must not cost the rest of the chunk
        return Failure(stage="extract", error=f"{type(error).__name__}: {error}", feed_url=item.feed_url, url=item.link)


class ExtractionPool:
    """A process pool when there is enough work to pay for it, else extraction in the caller."""

    def __init__(self, workers: int):
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def start(self) -> None:
        """Start the worker processes (``spawn``: forking a process that runs threads can deadlock)."""
        if self.workers > 1 and self._executor is None:
            self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

    def build(self, pages: list[tuple[FeedItem, Fetched]]) -> list[Article | Failure]:
        if self._executor is None:
            return [build_or_fail(item, fetched) for item, fetched in pages]
        futures = [self._executor.submit(build_or_fail, item, fetched) for item, fetched in pages]
        return [future.result() for future in futures]
