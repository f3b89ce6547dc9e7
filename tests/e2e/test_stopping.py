"""Stopping a run with real signals: SIGTERM cancels it cleanly; SIGKILL leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.loopback import LoopbackServer, Route, rss
from tests.topology.processes import wait_for
from warehouse.lake import connect, lake_location

pytestmark = pytest.mark.usefixtures("prefect_api")
NEWSCLAIMS = str(Path(sys.executable).with_name("newsclaims"))
PAGES = 16
STORY = ("<html><body><article><h1>Harbour strike</h1>" + "".join(
    f"<p>The union said on Monday that {n},400 dock workers had walked out, according to the port authority, "
    f"which said talks would resume on Thursday.</p>" for n in range(1, 9)) + "</article></body></html>").encode()


@pytest.fixture
def slow_site():
    """Sixteen pages that take a second each: a run over them lasts several seconds."""
    with LoopbackServer() as server:
        for n in range(PAGES):
            server.routes[f"/story-{n}.html"] = Route(STORY.replace(b"Harbour", f"Harbour {n}".encode()), delay=1.0)
        server.routes["/feed.xml"] = Route(rss([{"title": f"Story {n}", "link": server.url(f"/story-{n}.html"),
                                                 "guid": f"s{n}"} for n in range(PAGES)]), "application/rss+xml")
        yield server


def start_ingest(site: LoopbackServer, db: Path) -> subprocess.Popen:
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "NEWSCLAIMS_WORKERS": "2",
           "NEWSCLAIMS_CHUNK_SIZE": "2"}
    return subprocess.Popen([NEWSCLAIMS, "ingest", "--quiet", site.url("/feed.xml"), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def extraction_workers(pid: int) -> list[psutil.Process]:
    found = []
    for child in descendants(pid):
        try:
            if "multiprocessing" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    return [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_stop_signal_cancels_the_run_cleanly_and_stops_every_child(slow_site, tmp_path, signum):
    from prefect.client.orchestration import get_client

    db = tmp_path / "lake" / "newsclaims.ducklake"
    run = start_ingest(slow_site, db)
    wait_for(lambda: len(extraction_workers(run.pid)) >= 2 and sum(slow_site.hits.values()) >= 4, 60,
             "the run to fetch pages with its extraction processes up")
    children = descendants(run.pid)
    sent = time.monotonic()
    run.send_signal(signum)
    stdout, stderr = run.communicate(timeout=30)
    took = time.monotonic() - sent

    name = signal.Signals(signum).name
    assert run.returncode == 128 + signum, stderr
    assert took < 15, f"exited {took:.1f}s after {name}"
    assert f"cancelled: stopped by {name}" in stderr.strip().splitlines()[-1]
    time.sleep(1)
    assert alive(children) == [], "every child process stopped with the run"
    assert sum(slow_site.hits.values()) < PAGES + 1, "the run did not go on fetching"

    with connect(lake_location(db), read_only=True) as con:
        run_id, status = con.execute("SELECT run_id, status FROM ingest_runs").fetchone()
        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert status == "cancelled" and stored < PAGES
    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(run_id)
    assert flow_run.state.is_cancelled() and name in flow_run.state.message


def test_sigkill_leaves_no_extraction_process_behind(slow_site, tmp_path):
    run = start_ingest(slow_site, tmp_path / "lake" / "newsclaims.ducklake")
    wait_for(lambda: len(extraction_workers(run.pid)) >= 2, 60, "the extraction processes to start")
    children = descendants(run.pid)
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=30)
    wait_for(lambda: not alive(children) or None, 15, "the run's processes to end with it")
