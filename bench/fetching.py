"""Fetching and polling at scale against slow loopback hosts: throughput against the limits' ideal, and
what conditional polling saves.

``python -m bench.fetching`` prints one JSON object; ``make bench`` folds its keys into its own.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from flows.config import FetchConfig
from flows.fetch import Fetched, Fetcher, Request
from tests.topology.processes import free_port

HOSTS = [f"127.0.0.{i}" for i in range(2, 10)]
LATENCY = 0.2


class LatencyServer:
    """bench/latency_server.py in its own process on the eight loopback hosts."""

    def __init__(self, delay: float = LATENCY):
        self.port = free_port()
        self.delay = delay

    def __enter__(self) -> LatencyServer:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.latency_server", "--hosts", ",".join(HOSTS), "--port", str(self.port),
             "--delay", str(self.delay)], stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the latency server did not start")
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(10)

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def control(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url(HOSTS[0], path), timeout=10) as response:
            return response.read()

    def stats(self) -> dict[str, int]:
        return json.loads(self.control("/_stats"))


def measure_fetching(server: LatencyServer, pages: int = 2000, per_host: int = 2, concurrency: int = 32) -> dict:
    """Fetch ``pages`` pages spread over the hosts; throughput against hosts × per-host limit / latency."""
    config = FetchConfig(concurrency=concurrency, per_host_concurrency=per_host,
                         allow_private_networks=("127.0.0.0/8",), retries=0)
    requests = [Request(server.url(HOSTS[i % len(HOSTS)], f"/page/{i}.html")) for i in range(pages)]
    with Fetcher(config) as fetcher:
        cpu_before, started = _cpu_seconds(), time.perf_counter()
        results = list(fetcher.fetch_many(requests))
        elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_before
    fetched = sum(isinstance(result, Fetched) for _, result in results)
    ideal = min(concurrency, len(HOSTS) * per_host) / LATENCY
    rate = fetched / elapsed
    return {"fetch_pages": fetched, "fetch_s": round(elapsed, 2), "fetch_pages_per_s": round(rate, 1),
            "fetch_ideal_pages_per_s": round(ideal, 1), "fetch_efficiency": round(rate / ideal, 3),
            # Fraction of one core the fetching process used: well under 1 means the network limits, not CPU.
            "fetch_cpu_per_wall": round(cpu / elapsed, 3)}


def measure_polling(server: LatencyServer, scratch: Path, feeds: int = 1000, changed: int = 50) -> dict:
    """Two ingest runs over ``feeds`` feeds: the first fills the lake, then ``changed`` feeds get a new item
    and the second run is measured (wall time, requests sent, 304s)."""
    from flows.ingest import ingest

    feeds_file = scratch / "feeds.toml"
    feeds_file.write_text("".join(
        f'[[feed]]\nurl = "{server.url(HOSTS[n % len(HOSTS)], f"/feed/{n}.xml")}"\n' for n in range(feeds)))
    db = str(scratch / "poll" / "bench.ducklake")
    first = ingest(feeds_file=str(feeds_file), db=db)
    server.control(f"/_bump?first=0&count={changed}")
    before = server.stats()
    started = time.perf_counter()
    second = ingest(feeds_file=str(feeds_file), db=db)
    elapsed = time.perf_counter() - started
    after = server.stats()
    delta = {key: after.get(key, 0) - before.get(key, 0) for key in after}
    return {
        "poll_feeds": feeds, "poll_changed_feeds": changed,
        "poll_first_run_s": first["duration_s"],
        "poll_run_s": round(elapsed, 2),
        "poll_requests": sum(delta.values()),
        "poll_feed_requests": delta.get("feed_304", 0) + delta.get("feed_200", 0),
        "poll_not_modified": delta.get("feed_304", 0),
        "poll_full_feed_bodies": delta.get("feed_200", 0),
        "poll_new_articles": second["new_articles"],
        "poll_errors": second["errors"],
    }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    from bench.runs import prefect_api

    os.environ.setdefault("NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS", "127.0.0.0/8")
    figures = {}
    with LatencyServer() as server, tempfile.TemporaryDirectory(prefix="newsclaims-fetch-bench-") as scratch:
        figures.update(measure_fetching(server))
        with prefect_api():
            figures.update(measure_polling(server, Path(scratch)))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
