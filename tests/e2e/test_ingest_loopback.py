"""The ingest flow end to end: Prefect harness, loopback HTTP site, a real lake (SQLite catalog)."""

from __future__ import annotations

import pytest
from prefect.client.orchestration import get_client

from flows.ingest import ingest
from tests.loopback import Route, rss
from warehouse.lake import connect, lake_location

pytestmark = pytest.mark.usefixtures("prefect_api", "quick_fetch")


def rows(db_path, sql, params=None):
    with connect(lake_location(db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def run(site, db_path, *feeds, chunk_size=None):
    return ingest(feeds=[site.url(f) for f in feeds], db=str(db_path), chunk_size=chunk_size)


def test_broken_inputs_are_recorded_and_the_run_goes_on(site, db_path):
    # chunks of 3 make three chunk tasks and start the extraction process pool
    summary = run(site, db_path, "/feed.xml", "/broken.xml", "/not-a-feed.html", chunk_size=3)

    assert summary["status"] == "completed_with_errors"
    assert summary["feeds"] == 3 and summary["items_seen"] == 7
    assert summary["new_articles"] == 3  # harbour strike, rail tender, ferry update
    assert summary["duplicates"] == 1  # the syndicated copy of the harbour strike

    errors = {(stage, url.replace(site.base_url, "")): error for stage, url, error in rows(
        db_path, "SELECT stage, url, error FROM ingest_errors WHERE run_id = ?", [summary["run_id"]])}
    assert errors.keys() == {
        ("feed", "/broken.xml"), ("feed", "/not-a-feed.html"),
        ("fetch", "/missing.html"), ("fetch", "/slow.html"), ("extract", "/empty.html"),
    }
    assert errors[("fetch", "/missing.html")] == "HTTP 404"
    assert "timeout" in errors[("fetch", "/slow.html")] and "2 attempts" in errors[("fetch", "/slow.html")]
    assert "characters" in errors[("extract", "/empty.html")]
    assert site.hits["/missing.html"] == 1, "a 4xx is not retried"
    assert all(agent.startswith("newsclaims/") for agent in site.user_agents)

    run_row = rows(db_path, "SELECT status, feeds, items_seen, new_articles, duplicates, claims, errors, finished_at"
                            " FROM ingest_runs WHERE run_id = ?", [summary["run_id"]])[0]
    assert run_row[:5] == ("completed_with_errors", 3, 7, 3, 1)
    assert run_row[5] == summary["claims"] > 0 and run_row[6] == 5 and run_row[7] is not None


def test_duplicates_dates_and_methods(site, db_path):
    run(site, db_path, "/feed.xml")
    articles = {url.replace(site.base_url, ""): rest for url, *rest in rows(
        db_path, "SELECT url, article_id, duplicate_of, duplicate_score, published_at, date_source,"
                 " extraction_method, title, author FROM articles")}
    original, copy = articles["/harbour-strike.html"], articles["/syndicated/antwerp-strike.html?utm_source=rss&utm_medium=feed"]
    assert original[1] is None and copy[1] == original[0] and 0.8 <= copy[2] <= 1.0
    assert rows(db_path, "SELECT count(*) FROM claims WHERE article_id = ?", [copy[0]]) == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM claims WHERE article_id = ?", [original[0]])[0][0] >= 4

    rail = articles["/rail-tender.html"]
    assert rail[4] == "meta" and rail[3].isoformat() == "2025-03-10T07:00:00+00:00", \
        "the page's own timestamp when the feed has none"
    assert rail[5].startswith("trafilatura")
    ferry = articles["/ferry-update.txt"]
    assert ferry[5] == "plaintext" and ferry[4] == "feed"
    text = rows(db_path, "SELECT text FROM articles WHERE url LIKE '%ferry-update.txt'")[0][0]
    assert "Leave a Reply" not in text and "Kent Police" in text


def test_claims_from_html_are_attributed_and_dated(site, db_path):
    run(site, db_path, "/feed.xml")
    claims = rows(db_path, """
        SELECT c.claimant, c.cue, c.claimed_on::VARCHAR, c.claimed_on_precision, c.quantities
        FROM claims c JOIN articles a USING (article_id) WHERE a.url LIKE '%/harbour-strike.html'""")
    by_claimant = {c[0]: c for c in claims}
    assert "ABVV transport union" in by_claimant or any("ABVV" in (c[0] or "") for c in claims)
    union = next(c for c in claims if c[0] and "ABVV" in c[0])
    assert union[4][0]["value"] == 12000.0 and union[4][0]["modifier"] == "about"
    minister = next(c for c in claims if c[0] and "Clarinval" in c[0])
    assert minister[1] == "told reporters"


def test_ingest_twice_adds_nothing_and_new_items_only_later(site, db_path):
    first = run(site, db_path, "/feed.xml")
    counts = rows(db_path, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims),"
                           " (SELECT count(*) FROM claim_quantities)")
    second = run(site, db_path, "/feed.xml")
    assert second["new_articles"] == 0 and second["duplicates"] == 0 and second["claims"] == 0
    assert rows(db_path, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims),"
                         " (SELECT count(*) FROM claim_quantities)") == counts
    # The second poll found the same feed body: one request, not parsed again.
    assert first["items_seen"] == 7 and second["items_seen"] == 0
    assert rows(db_path, "SELECT last_status FROM feeds") == [("unchanged",)]

    site.routes["/new.html"] = Route(site.routes["/rail-tender.html"].body.replace(b"Alstom", b"Stadler"))
    items = [{"title": "Brand new", "link": site.url("/new.html"), "guid": "new-1",
              "pubDate": "Thu, 13 Mar 2025 10:00:00 GMT"}]
    site.routes["/feed.xml"] = Route(rss(items + _current_items(site)), "application/rss+xml")
    third = run(site, db_path, "/feed.xml")
    assert third["new_articles"] + third["duplicates"] == 1
    assert rows(db_path, "SELECT count(*) FROM articles")[0][0] == counts[0][0] + 1


def _current_items(site):
    from tests.conftest import news_items

    return news_items(site)


def test_flow_run_is_completed_with_a_summary_artifact(site, db_path):
    summary = run(site, db_path, "/feed.xml", "/broken.xml")
    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(summary["run_id"])
        assert flow_run.state.is_completed()
        artifacts = client.read_artifacts()
    mine = [a for a in artifacts if str(a.flow_run_id) == summary["run_id"]]
    assert {a.key for a in mine} >= {"ingest-summary", "failing-feeds"}
    table = next(a for a in mine if a.key == "ingest-summary")
    assert "new articles" in str(table.data)
    failing = next(a for a in mine if a.key == "failing-feeds")
    assert "/broken.xml" in failing.data


def test_a_held_analyst_session_sees_each_run_and_its_snapshot(site, db_path):
    first = run(site, db_path, "/feed.xml")
    analyst = connect(lake_location(db_path), read_only=True)
    try:
        before = analyst.execute("SELECT count(*) FROM articles").fetchone()[0]
        site.routes["/extra.xml"] = Route(rss([{"title": "Ferry", "link": site.url("/ferry-update.txt?copy=2"),
                                                "guid": "extra-1"}]), "application/rss+xml")
        second = run(site, db_path, "/extra.xml")
        # the same session, never reopened, answers from the latest commit
        assert analyst.execute("SELECT count(*) FROM articles").fetchone()[0] == before + 1
        runs = dict(analyst.execute("SELECT run_id, snapshot_id FROM ingest_runs").fetchall())
    finally:
        analyst.close()
    assert second["snapshot_id"] > first["snapshot_id"] == runs[first["run_id"]]
    with connect(lake_location(db_path), read_only=True, snapshot=first["snapshot_id"]) as as_of_first:
        assert as_of_first.execute("SELECT count(*) FROM articles").fetchone()[0] == before
        assert as_of_first.execute("SELECT count(*) FROM figures").fetchone()[0] > 0


def test_unwritable_database_fails_the_run(site, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the database folder should be")
    with pytest.raises(Exception):
        ingest(feeds=[site.url("/feed.xml")], db=str(blocker / "newsclaims.ducklake"))


def test_feed_failure_and_recovery_emit_events(site, db_path):
    from prefect.events.filters import EventFilter, EventNameFilter, EventOccurredFilter
    from prefect.types._datetime import now

    since = now("UTC")
    good = site.routes["/feed.xml"]
    site.routes["/feed.xml"] = Route(b"<html>maintenance</html>")
    failed = run(site, db_path, "/feed.xml")
    site.routes["/feed.xml"] = good
    recovered = run(site, db_path, "/feed.xml")
    assert failed["failing_feeds"] == [site.url("/feed.xml")] and recovered["failing_feeds"] == []

    def events():
        with get_client(sync_client=True) as client:
            page = client.read_events(EventFilter(
                event=EventNameFilter(prefix=["newsclaims.feed."]), occurred=EventOccurredFilter(since=since)), limit=50)
        return {(e.event, e.resource.id) for e in page.events}

    from tests.topology.processes import wait_for

    expected = {("newsclaims.feed.failed", f"newsclaims.feed.{site.url('/feed.xml')}"),
                ("newsclaims.feed.recovered", f"newsclaims.feed.{site.url('/feed.xml')}")}
    assert wait_for(lambda: expected <= events(), 30, "the feed events")


def test_readme_dashboard_queries_answer(site, db_path):
    """The REST queries README.md gives for dashboards, against the harness API."""
    import httpx
    from prefect.settings import PREFECT_API_URL
    from prefect.types._datetime import now

    run(site, db_path, "/feed.xml")
    api = PREFECT_API_URL.value()
    end = now("UTC")
    history = httpx.post(f"{api}/flow_runs/history", json={
        "history_start": (end.replace(hour=0, minute=0, second=0, microsecond=0)).isoformat(),
        "history_end": end.isoformat(), "history_interval_seconds": 3600,
        "flows": {"name": {"any_": ["ingest"]}}}).json()
    completed = sum(s["count_runs"] for bucket in history for s in bucket["states"] if s["state_type"] == "COMPLETED")
    assert completed >= 1
    count = httpx.post(f"{api}/flow_runs/count", json={
        "flows": {"name": {"any_": ["ingest"]}}, "flow_runs": {"state": {"type": {"any_": ["FAILED", "CRASHED"]}}}})
    assert count.status_code == 200 and isinstance(count.json(), int)
    artifacts = httpx.post(f"{api}/artifacts/filter", json={
        "artifacts": {"key": {"any_": ["ingest-summary"]}}, "sort": "CREATED_DESC", "limit": 10}).json()
    assert artifacts and artifacts[0]["key"] == "ingest-summary"
