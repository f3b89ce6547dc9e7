"""A writer process for the concurrency tests: loads a shuffled share of the shared stories in chunks.

python -m tests.warehouse.writer_process DB SEED GO_FILE RESULT_FILE
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from tests.warehouse.stories import shared_batch
from flows.config import load_settings
from warehouse.store import Warehouse


def main(db: str, seed: int, go_file: str, result_file: str) -> None:
    articles = shared_batch()
    random.Random(seed).shuffle(articles)
    with Warehouse(load_settings().lake(db)) as warehouse:  # NEWSCLAIMS_DATA_PATH etc. apply
        while not Path(go_file).exists():  # every writer starts loading at the same moment
            time.sleep(0.01)
        totals = {"new_articles": 0, "duplicates": 0, "already_loaded": 0}
        for start in range(0, len(articles), 6):
            loaded = warehouse.load_articles(f"writer-{seed}", articles[start:start + 6])
            for key in totals:
                totals[key] += getattr(loaded, key)
    Path(result_file).write_text(json.dumps(totals))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])
