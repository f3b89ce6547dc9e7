"""Timed runs: the ingest flow over a static site on loopback, and bare trafilatura.extract over a process pool."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psutil

from tests.topology.processes import free_port, http_ok, wait_for


class PeakMemory:
    """Samples the RSS of this process plus its extraction workers (not the Prefect server)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        me = psutil.Process()
        while not self._stop.wait(0.05):
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    if "multiprocessing" in " ".join(child.cmdline()):
                        total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class StaticSite:
    """Files served by ``python -m http.server`` in its own process, as a remote site would be."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()

    def write(self, relative: str, body: bytes) -> None:
        path = (self.root / relative.lstrip("/")).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"{relative} is outside the site")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> StaticSite:
        self.root.mkdir(parents=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: http_ok(self.url("/")), 30, "the static site")
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(10)


@contextmanager
def prefect_api():
    """Prefect's test harness (a real API server on a temporary database) with heartbeats off."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120), \
            temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def run_ingest(feeds: list[str], db_path: Path) -> tuple[float, dict, int]:
    """Seconds the ingest flow call took (Prefect API already up), its summary, and peak memory in bytes."""
    from flows.ingest import ingest

    with PeakMemory() as memory:
        started = time.perf_counter()
        summary = ingest(feeds=feeds, db=str(db_path))
        elapsed = time.perf_counter() - started
    return elapsed, summary, memory.peak


def bare_extract(page: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(page)


def time_bare_trafilatura(pages: dict[str, bytes], workers: int) -> tuple[float, dict[str, str | None]]:
    """Pages per second of bare ``trafilatura.extract`` over ``workers`` processes, and the texts."""
    # Workers start from a forkserver, as the pipeline's do: this process may still run Prefect's threads.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
        list(pool.map(bare_extract, list(pages.values())[:2 * workers]))  # import trafilatura in each worker first
        started = time.perf_counter()
        texts = list(pool.map(bare_extract, pages.values(), chunksize=4))
        elapsed = time.perf_counter() - started
    return len(pages) / elapsed, dict(zip(pages, texts))
