"""The extraction process pool survives a worker that dies."""

from __future__ import annotations

import os
import signal
import time

from extractors.records import Article, FeedItem
from flows.extraction_pool import ExtractionPool
from flows.fetch import Fetched
from tests.conftest import FIXTURES


def test_a_killed_worker_is_replaced_and_the_chunk_still_extracted():
    page = (FIXTURES / "site" / "harbour-strike.html").read_bytes()
    pages = [(FeedItem("http://f", f"g{i}", f"http://f/{i}.html"), Fetched(f"http://f/{i}.html", 200, "text/html", page))
             for i in range(4)]
    with ExtractionPool(2) as pool:
        pool.start()
        assert all(isinstance(a, Article) for a in pool.build(pages[:2]))
        os.kill(next(iter(pool._executor._processes)), signal.SIGKILL)
        time.sleep(0.5)
        built = pool.build(pages)
    assert [type(a) for a in built] == [Article] * 4
