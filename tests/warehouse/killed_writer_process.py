"""A writer that loads chunk after chunk until it is killed: python -m tests.warehouse.killed_writer_process DB"""

from __future__ import annotations

import sys

from tests.warehouse.stories import stored_article, story
from tests.warehouse.test_store import article
from warehouse.store import Warehouse

CLAIMS_PER_ARTICLE = 3


def chunk(n: int) -> list:
    claims = article("http://x/1", "x", claims=CLAIMS_PER_ARTICLE).claims
    stories = [stored_article(f"http://killed.test/{n}/{i}", story(n * 100 + i), f"Story {n} {i}") for i in range(25)]
    for stored in stories:
        object.__setattr__(stored, "claims", claims)
    return stories


if __name__ == "__main__":
    with Warehouse(sys.argv[1]) as warehouse:
        print("open", flush=True)
        for n in range(10_000):
            warehouse.load_articles(f"killed-{n}", chunk(n))
