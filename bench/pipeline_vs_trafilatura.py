"""The whole pipeline vs bare trafilatura.extract on the 181 article-extraction-benchmark pages.

Serves the pages behind a generated RSS feed on loopback, runs the ingest flow into a fresh database,
times bare ``trafilatura.extract`` on the same pages with a pool of both cores, times claim extraction,
tracks peak memory, and scores extraction F1 against the human-checked text. The last line printed is
one JSON object.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb
import psutil

from tests.loopback import rss
from tests.topology.processes import free_port, http_ok, wait_for

CORPUS = Path(os.environ.get(
    "NEWSCLAIMS_BENCH_CORPUS",
    Path(__file__).resolve().parents[2] / "shared" / "corpora" / "article-extraction-benchmark",
))
TOKEN = re.compile(r"\w+", re.UNICODE)


def load_corpus() -> tuple[dict[str, bytes], dict[str, str]]:
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {path.name.removesuffix(".html.gz"): gzip.decompress(path.read_bytes())
             for path in sorted((CORPUS / "html").glob("*.html.gz"))}
    return pages, {key: value["articleBody"] for key, value in truth.items() if key in pages}


def f1(extracted: str | None, expected: str) -> float:
    """Token-level F1 over bags of lowercased word tokens, as the benchmark's own scoring."""
    got, want = Counter(TOKEN.findall((extracted or "").lower())), Counter(TOKEN.findall(expected.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def bare_extract(page: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(page)


def time_bare_trafilatura(pages: dict[str, bytes], workers: int) -> tuple[float, dict[str, str | None]]:
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(bare_extract, list(pages.values())[:workers]))  # import trafilatura in each worker first
        started = time.perf_counter()
        texts = list(pool.map(bare_extract, pages.values(), chunksize=4))
        elapsed = time.perf_counter() - started
    return len(pages) / elapsed, dict(zip(pages, texts))


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
    """The corpus served by ``python -m http.server`` in its own process, as a remote site would be."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()

    def write(self, relative: str, body: bytes) -> None:
        path = self.root / relative
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


def run_pipeline(server: StaticSite, db_path: Path) -> tuple[float, dict, int]:
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest

    with prefect_test_harness(server_startup_timeout=120), \
            temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}), PeakMemory() as memory:
        started = time.perf_counter()
        summary = ingest(feeds=[server.url("/feed.xml")], db=str(db_path), publish=False)
        elapsed = time.perf_counter() - started
    return elapsed, summary, memory.peak


def time_claims(texts: list[str]) -> float:
    from datetime import date

    from extractors.claims import extract_claims

    started = time.perf_counter()
    for text in texts:
        extract_claims(text, date(2020, 1, 1))
    return len(texts) / (time.perf_counter() - started)


def main() -> int:
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS} (set NEWSCLAIMS_BENCH_CORPUS)", file=sys.stderr)
        return 1
    pages, truth = load_corpus()
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as scratch, StaticSite(Path(scratch) / "site") as server:
        for key, page in pages.items():
            server.write(f"pages/{key}.html", page)
        items = [{"title": key, "link": server.url(f"/pages/{key}.html"), "guid": key} for key in pages]
        server.write("feed.xml", rss(items, title="article-extraction-benchmark"))

        db_path = Path(scratch) / "bench.duckdb"
        pipeline_s, summary, peak = run_pipeline(server, db_path)
        bare_rate, bare_texts = time_bare_trafilatura(pages, workers)
        with duckdb.connect(str(db_path), read_only=True) as con:
            loaded = dict(con.execute("SELECT guid, text FROM articles").fetchall())
            errors = con.execute("SELECT stage, count(*) FROM ingest_errors GROUP BY 1").fetchall()

    processed = summary["new_articles"] + summary["duplicates"]
    pipeline_rate = len(pages) / pipeline_s
    claims_rate = time_claims(list(loaded.values()))
    pipeline_f1 = sum(f1(loaded.get(key), truth[key]) for key in truth) / len(truth)
    bare_f1 = sum(f1(bare_texts.get(key), truth[key]) for key in truth) / len(truth)
    print(f"pages: {len(pages)}; loaded {processed} ({summary['duplicates']} duplicates), "
          f"{summary['claims']} claims, errors by stage: {dict(errors)}")
    print(f"pipeline: {pipeline_s:.2f}s for {len(pages)} pages (flow call, Prefect server start excluded)")
    print(f"bare trafilatura.extract over {workers} processes: {len(pages) / bare_rate:.2f}s")
    print(f"extraction F1: pipeline {pipeline_f1:.3f}, bare trafilatura.extract {bare_f1:.3f}")
    print(json.dumps({
        "pipeline_articles_per_s": round(pipeline_rate, 2),
        "trafilatura_pages_per_s": round(bare_rate, 2),
        "ratio": round(pipeline_rate / bare_rate, 3),
        "claims_articles_per_s": round(claims_rate, 1),
        "peak_rss_mb": round(peak / 2**20, 1),
        "extraction_f1": round(pipeline_f1, 3),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
