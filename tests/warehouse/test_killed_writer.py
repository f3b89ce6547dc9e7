"""A writer killed at any moment, mid-commit included, leaves whole chunks or nothing, and no lock behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from tests.warehouse.killed_writer_process import CLAIMS_PER_ARTICLE, chunk
from warehouse.lake import connect, lake_location
from warehouse.store import Warehouse


def test_killed_writers_leave_whole_chunks_and_the_next_writer_goes_on(tmp_path):
    db = str(tmp_path / "lake" / "newsclaims.ducklake")
    Warehouse(db).close()
    for delay in (1.3, 2.1, 2.9):  # kill points land at different places within a load
        writer = subprocess.Popen([sys.executable, "-m", "tests.warehouse.killed_writer_process", db],
                                  stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "open"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)

    with connect(lake_location(db), read_only=True) as con:
        per_run = con.execute(
            "SELECT a.run_id, count(DISTINCT a.article_id), count(c.claim_id) FROM articles a"
            " LEFT JOIN claims c USING (article_id) GROUP BY 1").fetchall()
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT article_id FROM articles)),"
            " (SELECT count(*) FROM dedup_keys WHERE article_id NOT IN (SELECT article_id FROM articles))").fetchone()
        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert per_run, "the writers loaded something before they were killed"
    assert all((articles, claims) == (25, 25 * CLAIMS_PER_ARTICLE) for _, articles, claims in per_run), per_run
    assert orphans == (0, 0)

    with Warehouse(db) as warehouse:  # no lock or half-written state stops the next writer
        loaded = warehouse.load_articles("after", chunk(9_999))
    assert loaded.new_articles == 25
    with connect(lake_location(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == stored + 25
