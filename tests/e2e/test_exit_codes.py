"""What `newsclaims ingest` tells an operator: exit codes, last lines, and the run event."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.loopback import Route, rss

pytestmark = pytest.mark.usefixtures("prefect_api", "quick_fetch")
NEWSCLAIMS = str(Path(sys.executable).with_name("newsclaims"))


def ingest(*args: str) -> subprocess.CompletedProcess:
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    return subprocess.run([NEWSCLAIMS, "ingest", "--quiet", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_a_clean_run_exits_0_and_a_partial_one_3_naming_what_failed(site, tmp_path):
    db = str(tmp_path / "lake" / "newsclaims.ducklake")
    site.routes["/clean.xml"] = Route(rss([{"title": "Rail", "link": site.url("/rail-tender.html"), "guid": "rail"}]),
                                      "application/rss+xml")
    partial = ingest(site.url("/feed.xml"), site.url("/broken.xml"), "--db", db)
    assert partial.returncode == 3, partial.stdout + partial.stderr
    last = partial.stdout.strip().splitlines()[-2:]
    assert last[0] == f"failing feed: {site.url('/broken.xml')}"
    assert last[1].startswith("failed items: 4 (extract 1, feed 1, fetch 2); details: newsclaims sql")
    clean = ingest(site.url("/clean.xml"), "--db", db)  # every item already stored: nothing failed
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "completed in" in clean.stdout and "failing feed" not in clean.stdout


def test_no_feeds_is_an_error_and_an_unusable_warehouse_a_failure(tmp_path):
    empty = tmp_path / "feeds.toml"
    empty.write_text("# nothing yet\n[[feeds]]\nurl = 'https://example.org/typo-in-the-table-name'\n")
    nothing = ingest("--feeds", str(empty), "--db", str(tmp_path / "x.ducklake"))
    assert nothing.returncode == 2 and "no feeds to poll" in nothing.stderr and "Traceback" not in nothing.stderr
    folder = ingest("--db", str(tmp_path))
    assert folder.returncode == 1 and "is a folder" in folder.stderr and "Traceback" not in folder.stderr


def test_a_partial_run_says_what_failed_in_an_event(site, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventOccurredFilter
    from prefect.types._datetime import now

    from flows.ingest import ingest as ingest_flow
    from tests.topology.processes import wait_for

    since = now("UTC")
    summary = ingest_flow(feeds=[site.url("/feed.xml")], db=str(tmp_path / "x.ducklake"))
    assert summary["status"] == "completed_with_errors" and summary["errors_by_stage"]["fetch"] == 2

    def events():
        with get_client(sync_client=True) as client:
            page = client.read_events(EventFilter(event=EventNameFilter(name=["newsclaims.run.completed_with_errors"]),
                                                  occurred=EventOccurredFilter(since=since)), limit=10)
        return [e for e in page.events if e.resource.id == f"newsclaims.run.{summary['run_id']}"]

    [event] = wait_for(events, 30, "the run event")
    assert event.payload["errors_by_stage"] == summary["errors_by_stage"]


def test_a_malformed_feeds_file_is_named_in_one_line(tmp_path):
    broken = tmp_path / "feeds.toml"
    broken.write_text("[[feed]]\nurl = 'https://example.org/rss\n")
    result = ingest("--feeds", str(broken), "--db", str(tmp_path / "x.ducklake"))
    assert result.returncode == 2 and str(broken) in result.stderr and "Traceback" not in result.stderr
