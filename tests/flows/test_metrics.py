"""The metrics exporter on a real lake, scraped over HTTP; the alert rules under promtool; the dashboard."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from extractors.records import Failure
from flows.metrics import collect, start_metrics_server
from tests.services import unavailable
from tests.topology.processes import PROJECT_ROOT, free_port, wait_for
from tests.warehouse.test_store import OTHER, STORY, article
from warehouse.lake import connect, lake_location
from warehouse.migrate import available_migrations
from warehouse.store import FeedPoll, LoadResult, Warehouse

MONITORING = PROJECT_ROOT / "monitoring"
PROMETHEUS_DIR = MONITORING / "prometheus"
DASHBOARD = MONITORING / "grafana" / "dashboards" / "newsclaims.json"
GOOD_FEED = "http://news.example/feed.xml"
BROKEN_FEED = "http://broken.example/feed.xml"
METRIC_NAME = re.compile(r"\bnewsclaims_[a-z_]+\b")


def scrape(url: str) -> dict[tuple[str, tuple], float]:
    """Every sample of a /metrics page: (sample name, sorted labels) -> value."""
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


def names(samples: dict) -> set[str]:
    return {name for name, _ in samples}


def fill(db_path: Path) -> dict:
    """A lake with what the exporter reports: runs in each status, polls, failures, articles, a duplicate."""
    with Warehouse(db_path, max_item_attempts=2) as warehouse:
        # An old run, recorded before the run measures existed (NULL in ingest_runs).
        warehouse.start_run("r0")
        warehouse.finish_run("r0", "completed", 1, 1, LoadResult())
        # A run with failures: a broken feed, a page that failed twice (given up), a robots.txt skip.
        warehouse.start_run("r1")
        warehouse.record_polls("r1", [FeedPoll(GOOD_FEED, "News", "Feed", 3, None, interval_s=600.0),
                                      FeedPoll(BROKEN_FEED, "Broken", None, 0, "HTTP 500", interval_s=1200.0)])
        warehouse.load_articles("r1", [article("http://news.example/1", STORY, claims=2),
                                       article("http://news.example/2", OTHER)])
        edited = STORY.replace("walked off the job", "walked out") + " Subscribe to our newsletter."
        warehouse.load_articles("r1", [article("http://copy.example/1", edited)])
        lost = "http://news.example/gone"
        warehouse.record_failures("r1", [Failure("fetch", "HTTP 404", GOOD_FEED, lost)])
        warehouse.record_failures("r1", [
            Failure("fetch", "HTTP 404", GOOD_FEED, lost),
            Failure("fetch", "timeout", GOOD_FEED, "http://news.example/slow"),
            Failure("robots", "disallowed by robots.txt", GOOD_FEED, "http://news.example/private", final=True),
            Failure("feed", "HTTP 500", BROKEN_FEED),
        ])
        warehouse.finish_run("r1", "completed_with_errors", 2, 4, LoadResult(new_articles=2, duplicates=1, claims=3),
                             feeds_polled=2, http_requests=9, bytes_fetched=12345, fetch_seconds=2.5,
                             load_seconds=0.75, skipped=1)
        # The broken feed fails twice more; a run fails, one dies, one is still running.
        for run_id in ("r2", "r3"):
            warehouse.start_run(run_id)
            warehouse.record_polls(run_id, [FeedPoll(BROKEN_FEED, "Broken", None, 0, "HTTP 500")])
        warehouse.finish_run("r2", "failed", 1, 0, LoadResult(), feeds_polled=1, http_requests=1,
                             bytes_fetched=0, fetch_seconds=0.5, load_seconds=0.0, skipped=0)
        warehouse.mark_crashed([r for r in warehouse.running_runs() if r.run_id == "r3"])
        warehouse.start_run("r4")
        rows = warehouse.con.execute(
            "SELECT run_id, epoch(finished_at), epoch(finished_at) - epoch(started_at) FROM ingest_runs"
            " WHERE finished_at IS NOT NULL").fetchall()
    return {run_id: (finished, duration) for run_id, finished, duration in rows}


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("metrics") / "lake" / "newsclaims.ducklake"
    return db_path, fill(db_path)


@pytest.fixture(scope="module")
def exporter(lake):
    with start_metrics_server(lake_location(lake[0]), port=0) as server:
        yield server


def test_exporter_reports_runs_articles_errors_and_feeds(lake, exporter):
    db_path, finished = lake
    assert exporter.host == "127.0.0.1" and exporter.port > 0
    samples = scrape(exporter.url)
    assert value(samples, "newsclaims_scrape_error") == 0
    runs = {status: value(samples, "newsclaims_runs", status=status)
            for status in ("running", "completed", "completed_with_errors", "failed", "cancelled", "crashed")}
    assert runs == {"running": 1, "completed": 1, "completed_with_errors": 1, "failed": 1, "cancelled": 0, "crashed": 1}
    # The latest completed run is r1 (r2 failed later); the latest finished is r2.
    assert value(samples, "newsclaims_last_run_completed_timestamp_seconds") == pytest.approx(finished["r1"][0])
    assert value(samples, "newsclaims_last_run_finished_timestamp_seconds") == pytest.approx(finished["r2"][0])
    assert finished["r2"][0] > finished["r1"][0] > time.time() - 600
    # The latest finished run's own figures.
    assert value(samples, "newsclaims_last_run_http_requests") == 1
    assert value(samples, "newsclaims_last_run_fetch_seconds") == 0.5
    assert value(samples, "newsclaims_last_run_feeds_polled") == 1
    assert value(samples, "newsclaims_last_run_errors") == 0
    assert value(samples, "newsclaims_last_run_duration_seconds") == pytest.approx(finished["r2"][1])
    # Measures summed over finished runs; r0 predates them and counts as nothing.
    assert value(samples, "newsclaims_http_requests_total") == 10
    assert value(samples, "newsclaims_fetched_bytes_total") == 12345
    assert value(samples, "newsclaims_fetch_seconds_total") == 3.0
    assert value(samples, "newsclaims_load_seconds_total") == 0.75
    # What the lake holds: two originals (one with two claims), one near-duplicate whose claims are not kept.
    assert value(samples, "newsclaims_articles") == 2
    assert value(samples, "newsclaims_duplicates") == 1
    assert value(samples, "newsclaims_claims") == 3
    errors = {dict(labels)["stage"]: v for (name, labels), v in samples.items() if name == "newsclaims_errors_total"}
    assert errors == {"fetch": 3, "robots": 1, "feed": 1, "feed-entry": 0, "extract": 0, "process": 0, "load": 0}
    # The page that failed twice is given up (max_item_attempts=2); the slow one will be retried.
    assert value(samples, "newsclaims_failed_items_given_up") == 2  # with the robots.txt skip (final)
    assert value(samples, "newsclaims_failed_items_pending") == 1
    # Per feed: the broken feed failed 3 polls in a row and never succeeded.
    assert value(samples, "newsclaims_feed_consecutive_failures", feed=BROKEN_FEED) == 3
    assert value(samples, "newsclaims_feed_consecutive_failures", feed=GOOD_FEED) == 0
    assert value(samples, "newsclaims_feed_poll_interval_seconds", feed=GOOD_FEED) == 600
    assert ("newsclaims_feed_last_success_timestamp_seconds", (("feed", BROKEN_FEED),)) not in samples
    last_ok = value(samples, "newsclaims_feed_last_success_timestamp_seconds", feed=GOOD_FEED)
    assert finished["r1"][0] - 600 < last_ok <= finished["r1"][0]
    assert value(samples, "newsclaims_feed_last_poll_timestamp_seconds", feed=BROKEN_FEED) > last_ok
    assert value(samples, "newsclaims_scrape_duration_seconds") > 0
    assert value(samples, "process_resident_memory_bytes") > 0


def test_the_held_session_sees_later_commits(lake, exporter):
    db_path, _ = lake
    before = scrape(exporter.url)
    with Warehouse(db_path) as warehouse:
        warehouse.start_run("r5")
        warehouse.record_polls("r5", [FeedPoll(BROKEN_FEED, "Broken", "Feed", 2, None)])
        warehouse.finish_run("r5", "completed", 1, 2, LoadResult(), feeds_polled=1, http_requests=4,
                             bytes_fetched=100, fetch_seconds=1.0, load_seconds=0.25, skipped=0)
    after = scrape(exporter.url)
    assert value(after, "newsclaims_runs", status="completed") == value(before, "newsclaims_runs", status="completed") + 1
    assert (value(after, "newsclaims_last_run_completed_timestamp_seconds")
            > value(before, "newsclaims_last_run_completed_timestamp_seconds"))
    assert value(after, "newsclaims_http_requests_total") == value(before, "newsclaims_http_requests_total") + 4
    assert value(after, "newsclaims_last_run_http_requests") == 4
    assert value(after, "newsclaims_feed_consecutive_failures", feed=BROKEN_FEED) == 0
    assert value(after, "newsclaims_feed_last_success_timestamp_seconds", feed=BROKEN_FEED) > 0


def test_the_exporter_on_a_postgres_catalog_as_deployed(postgres, tmp_path):
    db = postgres.new_database()
    writer = lake_location(db, str(tmp_path / "files") + "/")
    with Warehouse(writer) as warehouse:
        warehouse.start_run("r1")
        warehouse.record_polls("r1", [FeedPoll(BROKEN_FEED, "Broken", None, 0, "HTTP 500")])
        warehouse.finish_run("r1", "completed", 1, 0, LoadResult(), http_requests=1)
    # The exporter needs only the catalog's URL: the catalog records where the files are.
    with start_metrics_server(lake_location(db), port=0) as server:
        before = scrape(server.url)
        with Warehouse(writer) as warehouse:
            warehouse.start_run("r2")
            warehouse.load_articles("r2", [article("http://news.example/1", STORY, claims=2)])
            warehouse.record_polls("r2", [FeedPoll(BROKEN_FEED, "Broken", None, 0, "HTTP 500")])
            warehouse.finish_run("r2", "completed", 1, 1, LoadResult(new_articles=1, claims=2), http_requests=2)
        after = scrape(server.url)
    assert value(before, "newsclaims_scrape_error") == value(after, "newsclaims_scrape_error") == 0
    assert value(before, "newsclaims_runs", status="completed") == 1
    assert value(after, "newsclaims_runs", status="completed") == 2
    assert (value(before, "newsclaims_articles"), value(after, "newsclaims_articles")) == (0, 1)
    assert value(after, "newsclaims_claims") == 2
    assert value(after, "newsclaims_http_requests_total") == 3
    assert value(after, "newsclaims_feed_consecutive_failures", feed=BROKEN_FEED) == 2


def test_an_unreadable_lake_is_a_metric_and_one_log_line(tmp_path, caplog):
    db_path = tmp_path / "later" / "newsclaims.ducklake"
    with start_metrics_server(lake_location(db_path), port=0) as server:
        with caplog.at_level("WARNING", logger="newsclaims.metrics"):
            first, second = scrape(server.url), scrape(server.url)
        for samples in (first, second):
            assert value(samples, "newsclaims_scrape_error") == 1
            assert not any(name.startswith("newsclaims_runs") for name in names(samples))
        lines = [r.getMessage() for r in caplog.records if r.name == "newsclaims.metrics"]
        assert len(lines) == 1 and "cannot read the lake" in lines[0] and "\n" not in lines[0]
        # Once runs create the lake, the next scrape reads it.
        with Warehouse(db_path) as warehouse:
            warehouse.start_run("r1")
        samples = scrape(server.url)
        assert value(samples, "newsclaims_scrape_error") == 0
        assert value(samples, "newsclaims_runs", status="running") == 1
        assert "newsclaims_last_run_completed_timestamp_seconds" not in names(samples)


def test_an_unreachable_catalog_is_logged_without_its_password(caplog):
    location = lake_location("postgresql://newsclaims:s3cret-pw@127.0.0.1:1/newsclaims")  # nothing listens on 1
    with start_metrics_server(location, port=0) as server, caplog.at_level("WARNING", logger="newsclaims.metrics"):
        samples = scrape(server.url)
    assert value(samples, "newsclaims_scrape_error") == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "newsclaims.metrics"]
    assert len(lines) == 1 and "127.0.0.1" in lines[0] and "s3cret-pw" not in lines[0]


def test_a_lake_before_the_run_measures_migration_reads_as_zero(tmp_path):
    location = lake_location(tmp_path / "old.ducklake")
    with connect(location) as con:
        for version, name, sql in available_migrations():
            if version < 3:
                con.execute(sql)
        con.execute("INSERT INTO run_log (run_id, started_at, finished_at, status, feeds, items_seen, new_articles,"
                    " duplicates, claims, errors, recorded_at) VALUES ('old', now() - INTERVAL 1 MINUTE, now(),"
                    " 'completed', 1, 5, 2, 0, 1, 0, now())")
        samples = {sample.name: sample.value for family in collect(con) for sample in family.samples}
    assert "bytes_fetched" not in {c[0] for c in connect(location, read_only=True).execute("DESCRIBE ingest_runs").fetchall()}
    assert samples["newsclaims_last_run_new_articles"] == 2
    assert samples["newsclaims_last_run_http_requests"] == 0 and samples["newsclaims_http_requests_total"] == 0
    assert samples["newsclaims_last_run_duration_seconds"] == pytest.approx(60, abs=1)


def test_main_metrics_serves_until_sigterm(lake, tmp_path):
    port = free_port()
    code = ("import argparse, sys; from flows.config import load_settings; from flows.metrics import main_metrics; "
            f"sys.exit(main_metrics(argparse.Namespace(host='127.0.0.1', port={port}, db={str(lake[0])!r}), "
            "load_settings()))")
    log = tmp_path / "exporter.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        samples = wait_for(lambda: _try_scrape(f"http://127.0.0.1:{port}/metrics"), 60, "the exporter to answer")
        assert value(samples, "newsclaims_scrape_error") == 0
        process.send_signal(signal.SIGTERM)
        assert process.wait(15) == 0, log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
    assert "serving http://127.0.0.1:" in log.read_text()


def _try_scrape(url: str) -> dict | None:
    try:
        return scrape(url)
    except OSError:
        return None


def promtool() -> str:
    found = shutil.which("promtool")
    if not found:
        unavailable("promtool (Debian package prometheus)")
    return found


def test_prometheus_config_and_rules_pass_promtool():
    tool = promtool()
    for command in (["check", "config", "prometheus.yml"], ["check", "rules", "alerts.yml"],
                    ["test", "rules", "alerts_test.yml"]):
        result = subprocess.run([tool, *command], cwd=PROMETHEUS_DIR, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"promtool {' '.join(command)}:\n{result.stdout}{result.stderr}"


def test_alert_rules_cover_the_issue_and_name_only_exported_metrics(exporter):
    exported = names(scrape(exporter.url))
    rules = [rule for group in yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())["groups"]
             for rule in group["rules"]]
    assert {rule["alert"] for rule in rules} >= {"NewsclaimsNoCompletedRun", "NewsclaimsFeedFailing",
                                                 "NewsclaimsHighErrorRate", "NewsclaimsExporterCannotReadLake"}
    for rule in rules:
        assert set(METRIC_NAME.findall(rule["expr"])) <= exported, rule["alert"]
    stale = next(r for r in rules if r["alert"] == "NewsclaimsNoCompletedRun" and r["labels"]["reason"] == "stale")
    assert "> 1800" in stale["expr"]  # 2 x the default 900 s interval
    failing = next(r for r in rules if r["alert"] == "NewsclaimsFeedFailing")
    assert ">= 3" in failing["expr"]
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    assert config["rule_files"] == ["alerts.yml"]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert jobs["newsclaims"]["static_configs"][0]["targets"] == ["metrics:9108"]
    assert jobs["prefect-server"]["metrics_path"] == "/api/metrics"


def dashboard_exprs() -> list[tuple[str, str]]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [(panel["title"], target["expr"]) for panel in dashboard["panels"] for target in panel.get("targets", [])]


def test_dashboard_queries_name_only_exported_metrics(exporter):
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] == "newsclaims" and dashboard["panels"]
    datasource = yaml.safe_load(
        (MONITORING / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text())["datasources"][0]
    assert datasource["url"] == "http://prometheus:9090"
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == datasource["uid"], panel["title"]
        assert panel.get("targets"), panel["title"]
    exported = names(scrape(exporter.url))
    used = set()
    for title, expr in dashboard_exprs():
        metrics = set(METRIC_NAME.findall(expr))
        assert metrics and metrics <= exported, f"{title}: {expr} names {sorted(metrics - exported)}"
        used |= metrics
    titles = " ".join(panel["title"].lower() for panel in dashboard["panels"])
    for subject in ("runs by status", "since last completed run", "articles", "claims", "duplicates",
                    "errors by stage", "failing feeds", "bytes", "requests", "load"):
        assert subject in titles, subject
    provider = yaml.safe_load(
        (MONITORING / "grafana" / "provisioning" / "dashboards" / "newsclaims.yml").read_text())["providers"][0]
    assert provider["options"]["path"] == "/etc/grafana/dashboards"
