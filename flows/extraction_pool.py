"""Extraction and claim mining of fetched pages, spread over processes to use every core."""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from extractors.articles import ExtractionError, build_article, build_feed_article
from extractors.records import Article, Failure, FeedItem, RawPage
from flows.fetch import Fetched


def build_or_fail(item: FeedItem, fetched: Fetched | None) -> Article | Failure:
    """One page (or, for an entry with no link, the feed's own text) to an article, or the recorded reason
    it yielded none."""
    try:
        if fetched is None:
            return build_feed_article(item, datetime.now(timezone.utc))
        return build_article(item, fetched.as_page(item.link))
    except ExtractionError as error:
        return Failure(stage="extract", error=str(error), feed_url=item.feed_url, url=item.link, item=item)
    except Exception as error:  # a parser bug on one page must not cost the rest of the chunk
        return Failure(stage="extract", error=f"{type(error).__name__}: {error}", feed_url=item.feed_url,
                       url=item.link, item=item)


def rebuild_or_fail(item: FeedItem, page: RawPage) -> Article | Failure:
    """A kept page read again by the current extractor, or the recorded reason it yields no article now."""
    try:
        if page.source == "feed":
            return build_feed_article(item, page.fetched_at)
        return build_article(item, page)
    except Exception as error:  # one page the new extractor cannot read must not stop the others
        message = str(error) if isinstance(error, ExtractionError) else f"{type(error).__name__}: {error}"
        return Failure(stage="reextract", error=message, feed_url=item.feed_url, url=item.link, final=True)


def exit_with(pid: int) -> None:
    """End this worker when process ``pid`` (the run that started the pool) ends, even by SIGKILL.

    A worker's parent is the forkserver, which stays up while any worker holds its "alive" pipe, so
    neither would notice the run dying: a thread waits on a pidfd of the run and ends the worker.
    """
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):  # not Linux, or the run is already gone
        handle = None
    if handle is None:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        return

    def watch() -> None:
        select.select([handle], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-run", daemon=True).start()


class ExtractionPool:
    """A process pool when there is enough work to pay for it, else extraction in the caller."""

    def __init__(self, workers: int):
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def start(self) -> None:
        """Start the worker processes.

        Workers fork from a single-threaded forkserver that has imported the extractors once: forking
        the flow process itself (which runs Prefect's threads) could deadlock, and spawning fresh
        interpreters would import trafilatura in every worker.
        """
        if self.workers > 1 and self._executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["extractors.articles", "flows.extraction_pool"])
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=exit_with,
                                                 initargs=(os.getpid(),))
            # Fork the workers now, while the first chunks are still being fetched.
            for _ in range(self.workers):
                self._executor.submit(int)

    def build(self, pages: Iterable[tuple[FeedItem, Fetched | RawPage | None]],
              builder: Callable[..., Article | Failure] = build_or_fail) -> list[Article | Failure]:
        """Build every page; pages are handed to the workers as they arrive (e.g. as they are fetched)."""
        if self._executor is None:
            return [builder(item, fetched) for item, fetched in pages]
        pages = iter(pages)
        received: list[tuple[FeedItem, Fetched | None]] = []
        for attempt in (1, 2):
            executor = self._executor
            try:
                futures = [executor.submit(builder, item, fetched) for item, fetched in received]
                for page in pages:
                    received.append(page)
                    futures.append(executor.submit(builder, *page))
                return [future.result() for future in futures]
            except BrokenProcessPool:
                # A worker died (out of memory, a crash in a C parser): start a fresh pool and retry the
                # chunk once; if it dies again, the chunk's pages are recorded, the rest of the run goes on.
                self._restart(executor)
        received.extend(pages)
        return [Failure(stage="extract", error="the extraction worker process died on this chunk",
                        feed_url=item.feed_url, url=item.link, item=item) for item, _ in received]

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._executor = None
                self.start()
