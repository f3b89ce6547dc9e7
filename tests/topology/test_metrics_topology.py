"""Monitoring as deployed: a real Prometheus (Debian's binary) on loopback scrapes the exporter, running as
its own process on a lake that runs write, and evaluates monitoring/prometheus/alerts.yml.

The configuration is monitoring/prometheus/prometheus.yml with the exporter's loopback address and short
intervals; the rules are alerts.yml with the no-completed-run threshold cut from 1800 s to a few seconds and
no `for`, so that what takes half an hour in production takes seconds here.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.services import unavailable
from tests.topology.processes import PROJECT_ROOT, Processes, free_port, http_ok, wait_for
from extractors.records import Failure
from warehouse.store import FeedPoll, LoadResult, Warehouse

pytestmark = pytest.mark.topology
PROMETHEUS_DIR = PROJECT_ROOT / "monitoring" / "prometheus"
DASHBOARD = PROJECT_ROOT / "monitoring" / "grafana" / "dashboards" / "newsclaims.json"
GOOD_FEED = "http://news.example/feed.xml"
BROKEN_FEED = "http://broken.example/feed.xml"
STALE_AFTER = 12  # seconds without a completed run before NewsclaimsNoCompletedRun fires (1800 in production)


def prometheus_bin() -> str:
    found = shutil.which("prometheus")
    if not found:
        unavailable("Prometheus (Debian package prometheus)")
    return found


def rules_for_test(stale_after: int) -> dict:
    """alerts.yml with the staleness threshold cut to ``stale_after`` seconds and no waiting (`for`)."""
    rules = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            if rule["alert"] == "NewsclaimsNoCompletedRun" and rule["labels"].get("reason") == "stale":
                assert "> 1800" in rule["expr"]
                rule["expr"] = rule["expr"].replace("> 1800", f"> {stale_after}")
                rule["for"] = "0s"
            if rule["alert"] == "NewsclaimsFeedFailing":
                rule["for"] = "0s"
    return rules


def config_for_test(exporter_port: int) -> dict:
    """prometheus.yml scraping the exporter on loopback every second (the Prefect server is not started)."""
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
    jobs = [job for job in config["scrape_configs"] if job["job_name"] == "newsclaims"]
    assert jobs[0]["static_configs"][0]["targets"] == ["metrics:9108"]
    jobs[0]["static_configs"][0]["targets"] = [f"127.0.0.1:{exporter_port}"]
    config["scrape_configs"] = jobs
    return config



class Prometheus:
    def __init__(self, port: int, log: Path):
        self.base = f"http://127.0.0.1:{port}"
        self.log = log

    def get(self, path: str, **params) -> dict:
        url = f"{self.base}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        with urllib.request.urlopen(url, timeout=10) as response:
            body = json.load(response)
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict]:
        return self.get("/api/v1/query", query=expr)["result"]

    def value(self, expr: str) -> float | None:
        result = self.query(expr)
        return float(result[0]["value"][1]) if result else None

    def alerts(self, name: str, state: str = "firing") -> list[dict]:
        return [a for a in self.get("/api/v1/alerts")["alerts"]
                if a["labels"]["alertname"] == name and a["state"] == state]

    def wait(self, predicate, timeout: float, what: str):
        try:
            return wait_for(predicate, timeout, what, interval=0.5)
        except TimeoutError as error:
            raise AssertionError(f"{error}\n--- prometheus log ---\n{self.log.read_text()[-3000:]}") from None


def complete_run(db_path: Path, run_id: str, polls: list[FeedPoll]) -> float:
    """One run that polls ``polls`` and completes; returns when it finished (Unix time)."""
    with Warehouse(db_path) as warehouse:
        warehouse.start_run(run_id)
        warehouse.record_polls(run_id, polls, [Failure("feed", p.error, p.feed_url) for p in polls if p.error])
        warehouse.finish_run(run_id, "completed", len(polls), 0, LoadResult(), feeds_polled=len(polls),
                             http_requests=len(polls), bytes_fetched=1000, fetch_seconds=0.5, load_seconds=0.0,
                             skipped=0)
        return warehouse.con.execute("SELECT epoch(finished_at) FROM ingest_runs WHERE run_id = ?",
                                     [run_id]).fetchone()[0]


@pytest.fixture
def monitored_lake(tmp_path):
    """A lake with a completed run and a feed that failed 3 polls in a row; its exporter; a Prometheus."""
    binary = prometheus_bin()
    db_path = tmp_path / "lake" / "newsclaims.ducklake"
    for n in (1, 2):
        complete_run(db_path, f"r{n}", [FeedPoll(GOOD_FEED, "News", "Feed", 3, None, interval_s=600.0),
                                        FeedPoll(BROKEN_FEED, "Broken", None, 0, "HTTP 500")])
    complete_run(db_path, "r3", [FeedPoll(BROKEN_FEED, "Broken", None, 0, "HTTP 500")])
    logs = tmp_path / "logs"
    logs.mkdir()
    processes = Processes(logs)
    try:
        exporter_port, prometheus_port = free_port(), free_port()
        code = ("import argparse, sys; from flows.config import load_settings; from flows.metrics import main_metrics; "
                f"sys.exit(main_metrics(argparse.Namespace(host='127.0.0.1', port={exporter_port}, "
                f"db={str(db_path)!r}), load_settings()))")
        processes.start("exporter", [sys.executable, "-c", code], dict(os.environ))
        config_dir = tmp_path / "prometheus"
        config_dir.mkdir()
        (config_dir / "prometheus.yml").write_text(yaml.safe_dump(config_for_test(exporter_port), sort_keys=False))
        (config_dir / "alerts.yml").write_text(yaml.safe_dump(rules_for_test(STALE_AFTER), sort_keys=False))
        processes.start("prometheus", [
            binary, f"--config.file={config_dir / 'prometheus.yml'}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{prometheus_port}", "--log.level=warn"], dict(os.environ))
        prometheus = Prometheus(prometheus_port, logs / "prometheus.log")
        prometheus.wait(lambda: http_ok(f"{prometheus.base}/-/ready"), 60, "Prometheus to be ready")
        yield db_path, prometheus
    finally:
        processes.stop_all()


def test_prometheus_scrapes_the_exporter_and_alerts_fire(monitored_lake):
    db_path, prometheus = monitored_lake
    # Scraped: the exporter is up and reads the lake.
    prometheus.wait(lambda: prometheus.value('newsclaims_runs{status="completed"}') == 3, 60,
                    "Prometheus to scrape the exporter")
    assert prometheus.value('up{job="newsclaims"}') == 1
    assert prometheus.value("newsclaims_scrape_error") == 0
    assert prometheus.value("newsclaims_http_requests_total") == 5
    assert prometheus.value("newsclaims_last_run_bytes_fetched") == 1000
    assert prometheus.value(f'newsclaims_feed_consecutive_failures{{feed="{BROKEN_FEED}"}}') == 3
    assert prometheus.value(f'newsclaims_feed_poll_interval_seconds{{feed="{GOOD_FEED}"}}') == 600
    assert prometheus.value(f'newsclaims_feed_last_success_timestamp_seconds{{feed="{BROKEN_FEED}"}}') is None
    assert prometheus.value('newsclaims_errors_total{stage="feed"}') == 3
    assert prometheus.value('newsclaims_errors_total{stage="fetch"}') == 0

    # A feed failing 3 polls in a row fires NewsclaimsFeedFailing, for that feed only.
    failing = prometheus.wait(lambda: prometheus.alerts("NewsclaimsFeedFailing"), 20, "NewsclaimsFeedFailing")
    assert [a["labels"]["feed"] for a in failing] == [BROKEN_FEED]

    # Every dashboard query runs and finds data.
    dashboard = json.loads(DASHBOARD.read_text())
    prometheus.wait(lambda: prometheus.query("sum(increase(newsclaims_http_requests_total[1h]))"), 20,
                    "two scrapes of the counters")
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            assert prometheus.query(target["expr"]), f"{panel['title']}: {target['expr']} finds nothing"

    # While runs complete, no alert; once they stop, NewsclaimsNoCompletedRun fires after the threshold.
    finished = complete_run(db_path, "r4", [FeedPoll(GOOD_FEED, "News", "Feed", 3, None)])
    prometheus.wait(lambda: (prometheus.value("newsclaims_last_run_completed_timestamp_seconds") or 0) >= finished,
                    20, "Prometheus to see the latest completed run")
    prometheus.wait(lambda: not prometheus.alerts("NewsclaimsNoCompletedRun", "firing"), 10,
                    "NewsclaimsNoCompletedRun to rest while runs complete")
    assert time.time() - finished < STALE_AFTER, "too slow to see the alert resting; the machine is overloaded"
    alert = prometheus.wait(lambda: prometheus.alerts("NewsclaimsNoCompletedRun"), STALE_AFTER + 30,
                            "NewsclaimsNoCompletedRun to fire")[0]
    assert alert["labels"]["severity"] == "critical" and alert["labels"]["reason"] == "stale"
    assert time.time() - finished >= STALE_AFTER
    assert float(alert["value"]) > STALE_AFTER

    # A run completes again: the alert resolves.
    complete_run(db_path, "r5", [FeedPoll(GOOD_FEED, "News", "Feed", 3, None)])
    prometheus.wait(lambda: not prometheus.alerts("NewsclaimsNoCompletedRun", "firing"), 20,
                    "NewsclaimsNoCompletedRun to resolve")
    assert prometheus.alerts("NewsclaimsFeedFailing")  # still failing: r4 and r5 did not poll it
