"""Two `newsclaims ingest` commands at the same moment on one lake, over feeds that share items,
while an analyst queries it every second with `newsclaims sql`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.loopback import LoopbackServer, Route, rss
from tests.warehouse.stories import story
from warehouse.lake import connect, lake_location
from warehouse.store import Warehouse

pytestmark = pytest.mark.usefixtures("prefect_api")
NEWSCLAIMS = str(Path(sys.executable).with_name("newsclaims"))


def page(n: int) -> bytes:
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in story(n, 240).split(". "))
    return (f"<html><head><title>Story {n}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Story {n}</h1>{paragraphs}</article><footer>© Loopback</footer></body></html>").encode()


@pytest.fixture
def two_feeds_sharing_items():
    with LoopbackServer() as server:
        for n in range(16):
            server.routes[f"/story/{n}.html"] = Route(page(n), delay=0.05)

        def items(numbers):
            return [{"title": f"Story {n}", "link": server.url(f"/story/{n}.html"), "guid": f"story-{n}",
                     "pubDate": "Wed, 12 Mar 2025 09:30:00 GMT"} for n in numbers]

        server.routes["/a.xml"] = Route(rss(items(range(0, 12))), "application/rss+xml")
        server.routes["/b.xml"] = Route(rss(items(range(4, 16)), title="Other News"), "application/rss+xml")
        yield server


def test_two_ingests_at_once_store_every_article_once_while_an_analyst_reads(two_feeds_sharing_items, tmp_path):
    from prefect.settings import PREFECT_API_URL

    site = two_feeds_sharing_items
    db = tmp_path / "lake" / "newsclaims.ducklake"
    Warehouse(db).close()  # the lake exists before anyone asks it anything
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "NEWSCLAIMS_WORKERS": "1"}
    answers, stop = [], threading.Event()

    def analyst():
        while not stop.is_set():
            result = subprocess.run([NEWSCLAIMS, "sql", "--db", str(db), "--json", "SELECT count(*) AS n FROM articles"],
                                    capture_output=True, text=True, env=env, timeout=60)
            answers.append((result.returncode, result.stdout, result.stderr))
            time.sleep(1)

    reader = threading.Thread(target=analyst)
    reader.start()
    try:
        ingests = [subprocess.Popen([NEWSCLAIMS, "ingest", site.url(feed), "--db", str(db), "--chunk-size", "4",
                                     "--quiet"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                   for feed in ("/a.xml", "/b.xml")]
        outputs = [p.communicate(timeout=300)[0] for p in ingests]
    finally:
        stop.set()
        reader.join(90)

    assert [p.returncode for p in ingests] == [0, 0], outputs
    assert all("newsclaims ingest: completed" in out for out in outputs), outputs
    assert answers and all(code == 0 for code, _, _ in answers), answers
    counts = [json.loads(out)["n"] for _, out, _ in answers]
    assert counts == sorted(counts)  # each query answered from a committed state, never going back
    with connect(lake_location(db), read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles").fetchone() == (16, 16)
        assert con.execute("SELECT count(*) FROM claims c JOIN articles a USING (article_id)"
                           " WHERE a.duplicate_of IS NOT NULL").fetchone() == (0,)
        assert con.execute("SELECT count(*), count(*) FILTER (WHERE status = 'completed') FROM ingest_runs"
                           ).fetchone() == (2, 2)
        assert con.execute("SELECT sum(new_articles) FROM ingest_runs").fetchone() == (16,)
    assert sum(site.hits.get(f"/story/{n}.html", 0) for n in range(16)) >= 16


def test_a_run_of_many_chunks_compacts_as_it_goes(two_feeds_sharing_items, tmp_path, monkeypatch):
    from flows.ingest import ingest

    monkeypatch.setenv("NEWSCLAIMS_COMPACT_EVERY_CHUNKS", "2")
    db = tmp_path / "lake" / "newsclaims.ducklake"
    summary = ingest(feeds=[two_feeds_sharing_items.url("/a.xml")], db=str(db), chunk_size=1)
    assert summary["new_articles"] == 12
    with connect(lake_location(db), read_only=True) as con:
        # twelve one-article commits, merged every second chunk and again at the end
        files = con.execute("SELECT count(*) FROM ducklake_list_files('lake', 'dedup_keys')").fetchone()[0]
        merges = con.execute("SELECT count(*) FROM lake.snapshots() WHERE map_contains(changes, 'merge_adjacent')"
                             ).fetchone()[0]
    assert files == 1 and merges >= 3
