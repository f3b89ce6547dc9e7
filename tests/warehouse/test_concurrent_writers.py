"""Many writer processes on one lake at once: every URL and every text stored once, nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.warehouse.stories import shared_batch
from warehouse.lake import connect, lake_location

WRITERS = 3


def load_at_once(db: str, tmp_path, env=None) -> list[dict]:
    go = tmp_path / "go"
    results = [tmp_path / f"writer-{n}.json" for n in range(WRITERS)]
    writers = [subprocess.Popen([sys.executable, "-m", "tests.warehouse.writer_process", db, str(n), str(go),
                                 str(results[n])], env=env) for n in range(WRITERS)]
    time.sleep(4)  # every writer opens the lake (racing to create and migrate it), then all load together
    go.touch()
    for writer in writers:
        assert writer.wait(240) == 0
    return [json.loads(r.read_text()) for r in results]


def assert_stored_once(db: str) -> None:
    batch = shared_batch()
    with connect(lake_location(db), read_only=True) as con:
        total, urls, originals, texts = con.execute(
            "SELECT count(*), count(DISTINCT canonical_url), count(*) FILTER (WHERE duplicate_of IS NULL),"
            " count(DISTINCT content_hash) FROM articles").fetchone()
        per_hash = con.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM articles WHERE duplicate_of IS NULL GROUP BY content_hash)"
        ).fetchone()[0]
        keys = con.execute("SELECT count(*) FROM dedup_keys").fetchone()[0]
        original_urls = {r[0] for r in con.execute("SELECT url FROM articles WHERE duplicate_of IS NULL").fetchall()}
        pointers = con.execute("SELECT count(*) FROM articles d JOIN articles o ON o.article_id = d.duplicate_of"
                               " WHERE o.duplicate_of IS NULL").fetchone()[0]
    assert total == urls == len({a.canonical_url for a in batch})
    assert originals == texts == len({a.content_hash for a in batch}) and per_hash == 1
    # whichever writer met a story first, the earliest published copy is the original
    assert original_urls == {a.url for a in batch if "news.test" in a.url}
    assert pointers == total - originals
    assert keys == sum(len(a.blocking_keys) for a in batch if "mirror" not in a.url)


def test_writers_meeting_the_same_urls_and_texts_store_each_once_sqlite(tmp_path):
    db = str(tmp_path / "lake" / "newsclaims.ducklake")
    results = load_at_once(db, tmp_path)
    assert_stored_once(db)
    assert sum(r["already_loaded"] for r in results) == 40 * (WRITERS - 1)


def test_writers_meeting_the_same_urls_and_texts_store_each_once_postgres(postgres, tmp_path):
    db = postgres.new_database()
    env = {**os.environ, "NEWSCLAIMS_DATA_PATH": str(tmp_path / "files") + "/"}
    results = load_at_once(db, tmp_path, env)
    assert_stored_once(db)  # a reader needs only the catalog: it records where the data lives
    assert sum(r["already_loaded"] for r in results) == 40 * (WRITERS - 1)
