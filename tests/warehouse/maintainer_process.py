"""A maintenance process for the concurrency test: maintains the lake again and again until told to stop.

python -m tests.warehouse.maintainer_process DB RETENTION_DAYS STOP_FILE RESULT_FILE

After each pass RESULT_FILE holds every report so far, each with its start and end (Unix time).
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

from flows.config import load_settings
from warehouse.maintenance import maintain_lake
from warehouse.store import Warehouse


def main(db: str, retention_days: float, stop_file: str, result_file: str) -> None:
    reports = []
    with Warehouse(load_settings().lake(db)) as warehouse:
        while not Path(stop_file).exists():
            started = time.time()
            report = maintain_lake(warehouse, retention_days)
            reports.append({**asdict(report), "started": started, "finished": time.time()})
            partial = Path(result_file + ".partial")
            partial.write_text(json.dumps(reports))
            os.replace(partial, result_file)  # the test may read it while this process goes on


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4])
