"""Faults that used to leave no trace: a full disk under the lake's data files."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.loopback import LoopbackServer, Route, rss
from tests.services import unavailable
from warehouse.lake import connect, lake_location

pytestmark = pytest.mark.usefixtures("prefect_api")
NEWSCLAIMS = str(Path(sys.executable).with_name("newsclaims"))


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs: a real file system that fills up (mounting needs root, which CI has)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        unavailable(f"a tmpfs mount ({made.stderr.decode().strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def site_with(server: LoopbackServer, count: int, tag: str, word_count: int = 600) -> str:
    for n in range(count):
        # Words of their own, so that no page is a near-duplicate of another and each is stored in full.
        words = [uuid.uuid4().hex[:8] for _ in range(max(word_count, 600))]
        server.routes[f"/{tag}-{n}.html"] = Route(("<html><body><article>" + "".join(
            f"<p>The {words[k]} union said on Monday that {k * 37 + n} workers in {words[k + 300]} had walked "
            f"out, according to {' '.join(words[k * 10 + 300:k * 10 + 310 + len(words) // 30])}.</p>"
            for k in range(30))
            + "</article></body></html>").encode())
    server.routes[f"/{tag}.xml"] = Route(rss([{"title": f"{tag} {n}", "link": server.url(f"/{tag}-{n}.html"),
                                               "guid": f"{tag}-{n}"} for n in range(count)]), "application/rss+xml")
    return server.url(f"/{tag}.xml")


def ingest(feed: str, db: Path, data: Path) -> subprocess.CompletedProcess:
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "NEWSCLAIMS_DATA_PATH": f"{data}/"}
    return subprocess.run([NEWSCLAIMS, "ingest", "--quiet", feed, "--db", str(db)], capture_output=True, text=True,
                          env=env, timeout=300)


def test_a_full_disk_fails_the_run_with_its_reason_and_loses_nothing(small_disk, tmp_path):
    from prefect.client.orchestration import get_client

    db, data = tmp_path / "catalog" / "newsclaims.ducklake", small_disk / "lake"
    with LoopbackServer() as server:
        first = ingest(site_with(server, 4, "before"), db, data)
        assert first.returncode == 0, first.stderr
        with open(small_disk / "filler", "wb", buffering=0) as filler:  # fill the disk to the last byte
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        # Then free a little: enough for the run's own first rows, not for a chunk of articles.
        os.truncate(small_disk / "filler", os.path.getsize(small_disk / "filler") - 48 * 1024)
        after = site_with(server, 8, "after", word_count=3000)
        full = ingest(after, db, data)
        assert full.returncode == 1
        last = full.stderr.strip().splitlines()[-1]
        assert last.startswith("newsclaims ingest: failed:") and "Traceback" not in last
        with connect(lake_location(db), read_only=True) as con:
            failed_run, status = con.execute(
                "SELECT run_id, status FROM ingest_runs ORDER BY started_at DESC LIMIT 1").fetchone()
        with get_client(sync_client=True) as client:
            state = client.read_flow_run(failed_run).state
        assert state.is_failed() and "could not write" in state.message.lower()

        (small_disk / "filler").unlink()  # the operator frees space; the next run repairs the record
        again = ingest(after, db, data)
        assert again.returncode == 0, again.stderr
    with connect(lake_location(db), read_only=True) as con:
        runs = dict(con.execute("SELECT run_id, status FROM ingest_runs").fetchall())
        reason = con.execute("SELECT reason FROM ingest_runs WHERE run_id = ?", [failed_run]).fetchone()[0]
        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    # Failed if the disk still took that row; otherwise the next run found it dead and said so.
    assert (status, runs[failed_run]) in (("failed", "failed"), ("running", "crashed")) and reason
    assert sorted(runs.values()).count("completed") == 2
    assert stored == 4 + 8, "what was committed stayed, and nothing was half-written"
