"""The production topology as local processes: PostgreSQL (Prefect's database and the lake's catalog),
`prefect server start`, and the two shard workers writing one lake.

Each service runs the command and environment that docker-compose.yml gives it: service host names point
at loopback ports, the shared `lake` volume is a local folder, and the postgres image's init script runs
as the image would run it. Both shards' deployments run, on demand and from their schedules, at the same
time over two feeds that share their articles, while an analyst holds one session open; a worker is
killed mid-run; the Prefect UI is rendered in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import psutil
import pytest

from flows.sources import in_shard
from tests.conftest import FIXTURES, SEEDS
from tests.loopback import LoopbackServer, Route, rss
from tests.topology.processes import (
    PROJECT_ROOT, Processes, compose_init_scripts, compose_service, free_port, http_ok, kill_tree, on_loopback,
    postgres_bin, start_postgres, wait_for,
)
from tests.warehouse.stories import story
from warehouse.lake import connect, lake_location, redacted

pytestmark = pytest.mark.topology
CI = os.environ.get("CI") == "true"
INTERVAL = 30
PASSWORD = "topology-test-password"
SHARDS = ("1/2", "2/2")
WORKERS = {"1/2": "worker-1", "2/2": "worker-2"}
BIN = Path(sys.executable).parent
OUTPUT = PROJECT_ROOT / "test-output"
PUBLISHED = "Wed, 12 Mar 2025 09:30:00 GMT"


def require(condition: bool, what: str) -> None:
    if not condition:
        if CI:
            pytest.fail(f"{what} is required in CI (.ci/run installs it)")
        pytest.skip(f"{what} not installed")


class Meeting:
    """Holds the first request for a page until a second arrives (or ``patience`` runs out), so that two
    runs are fetching the same article at the same moment, before either has loaded it."""

    def __init__(self, patience: float = 12.0):  # under the fetcher's 15 s read timeout
        self.patience = patience
        self.arrivals = 0
        self.condition = threading.Condition()

    @property
    def met(self) -> bool:
        return self.arrivals >= 2

    def arrive(self) -> None:
        with self.condition:
            self.arrivals += 1
            self.condition.notify_all()
            self.condition.wait_for(lambda: self.met, timeout=self.patience)


class MeetingRoutes(dict):
    """The loopback server's routes; a path with a Meeting waits for its partner before it is answered."""

    def __init__(self, routes: dict):
        super().__init__(routes)
        self.meetings: dict[str, Meeting] = {}

    def get(self, path, default=None):
        meeting = self.meetings.get(path)
        if meeting is not None:
            meeting.arrive()
        return super().get(path, default)


class NewsSite:
    """A loopback news site with one feed in each shard; every article is published in both feeds."""

    def __init__(self, server: LoopbackServer):
        self.server = server
        server.routes = MeetingRoutes(server.routes)
        self.feeds = self._one_feed_per_shard()
        self.items: list[dict] = []

    def _one_feed_per_shard(self) -> dict[str, str]:
        # The port is random, so the paths that land in each shard are found, not fixed.
        found: dict[str, str] = {}
        for n in range(1000):
            path = f"/feeds/world-{n}.xml"
            found.setdefault(next(s for s in SHARDS if in_shard(self.url(path), s)), path)
            if len(found) == len(SHARDS):
                return found
        raise AssertionError("no feed path for one of the shards")

    def url(self, path: str) -> str:
        return self.server.url(path)

    def publish(self, pages: list[tuple[str, bytes, str]], delay: float = 0.0, meet: bool = False) -> Meeting | None:
        """Put ``pages`` (path, body, content type) online and add them to both feeds at once."""
        for path, body, content_type in pages:
            self.server.routes[path] = Route(body, content_type, delay=delay)
            self.items.append({"title": path.strip("/"), "link": self.url(path), "guid": self.url(path),
                               "pubDate": PUBLISHED})
        meeting = None
        if meet:
            meeting = self.server.routes.meetings[pages[0][0]] = Meeting()
        for shard, path in self.feeds.items():
            self.server.routes[path] = Route(rss(self.items, title=f"Loopback {shard}"), "application/rss+xml")
        return meeting

    def hits(self, path: str) -> int:
        return self.server.hits.get(path, 0)


def fixture_page(name: str) -> tuple[str, bytes, str]:
    kind = "text/plain; charset=utf-8" if name.endswith(".txt") else "text/html; charset=utf-8"
    return f"/{name}", (FIXTURES / "site" / name).read_bytes(), kind


def seed_page(n: int) -> tuple[str, bytes, str]:
    seed = sorted(SEEDS.glob(f"{n:03d}_*.txt"))[0]
    return f"/seed-{n}.txt", seed.read_bytes(), "text/plain; charset=utf-8"


def story_page(n: int) -> tuple[str, bytes, str]:
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in story(n, 240).split(". "))
    body = (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>{paragraphs}"
            f"</article></body></html>").encode()
    return f"/story-{n}.html", body, "text/html; charset=utf-8"


@pytest.fixture(scope="module")
def site():
    with LoopbackServer() as server:
        news = NewsSite(server)
        news.publish([fixture_page("harbour-strike.html"), fixture_page("rail-tender.html")])
        yield news


@pytest.fixture(scope="module")
def topology(tmp_path_factory, site):
    require(postgres_bin() is not None, "PostgreSQL (Debian package postgresql)")
    root = tmp_path_factory.mktemp("topology")
    OUTPUT.mkdir(exist_ok=True)
    for old in OUTPUT.glob("*.log"):
        old.unlink()
    processes = Processes(OUTPUT)
    try:
        password = PASSWORD
        postgres_port, port = free_port(), free_port()
        ports = {"postgres": postgres_port, "prefect-server": port}
        database_url = start_postgres(processes, postgres_port, password, compose_init_scripts("postgres"))
        api_url = f"http://127.0.0.1:{port}/api"
        variables = {"POSTGRES_USER": "prefect", "POSTGRES_PASSWORD": password, "POSTGRES_DB": "prefect",
                     "PREFECT_UI_API_URL": api_url, "NEWSCLAIMS_INTERVAL_SECONDS": str(INTERVAL)}
        base_env = {**os.environ, "PREFECT_HOME": str(root / "prefect-home"), "PATH": f"{BIN}:{os.environ['PATH']}"}
        for name in list(base_env):
            if name.startswith("NEWSCLAIMS_") or name == "PREFECT_API_URL":
                del base_env[name]

        command, environment = compose_service("prefect-server", variables)
        assert on_loopback(environment["PREFECT_SERVER_DATABASE_CONNECTION_URL"], ports) == database_url
        environment.update({"PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port),
                            "PREFECT_SERVER_DATABASE_CONNECTION_URL": database_url})
        processes.start("prefect-server", command, {**base_env, **environment})
        wait_for(lambda: http_ok(f"{api_url}/health"), 180, "the Prefect server")

        lake_volume = root / "lake"
        lake_volume.mkdir()
        feeds = root / "feeds.toml"
        feeds.write_text("".join(f'[[feed]]\nurl = "{site.url(path)}"\noutlet = "Loopback {shard}"\n\n'
                                 for shard, path in site.feeds.items()))
        workers = {}
        for shard, service in WORKERS.items():
            command, environment = compose_service(service, variables)
            environment = {name: on_loopback(value, ports) for name, value in environment.items()}
            assert environment["NEWSCLAIMS_DATA_PATH"] == "/lake/", "the shared volume, mounted at /lake"
            # The news site stands on loopback here, so the destination policy must allow it. Scheduled
            # runs poll only due feeds: with intervals bounded by the (short) schedule, every run finds them due.
            environment.update({"NEWSCLAIMS_DATA_PATH": f"{lake_volume}/", "NEWSCLAIMS_FEEDS": str(feeds),
                                "PREFECT_WORKER_QUERY_SECONDS": "2", "NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS": "127.0.0.1/32",
                                "NEWSCLAIMS_FEEDS_MIN_INTERVAL": str(INTERVAL),
                                "NEWSCLAIMS_FEEDS_MAX_INTERVAL": str(INTERVAL)})
            workers[shard] = (command, {**base_env, **environment})
        client_env = {**workers["1/2"][1]}
        yield Topology(processes, api_url, workers, client_env, root)
    finally:
        processes.stop_all()


class Topology:
    def __init__(self, processes, api_url, workers, client_env, root):
        self.processes, self.api_url, self.root = processes, api_url, root
        self.workers_spec, self.client_env = workers, client_env
        self.lake_url = client_env["NEWSCLAIMS_DB"]
        self.data_path = client_env["NEWSCLAIMS_DATA_PATH"]
        self.workers: dict[str, subprocess.Popen] = {}

    @staticmethod
    def deployment_name(shard: str) -> str:
        k, n = shard.split("/")
        return f"ingest/ingest-shard-{k}-of-{n}"

    def start_worker(self, shard: str) -> subprocess.Popen:
        command, env = self.workers_spec[shard]
        self.workers[shard] = self.processes.start(WORKERS[shard], command, env)
        return self.workers[shard]

    def wait_deployed(self, shard: str, since: datetime | None = None, timeout: float = 120):
        def deployed():
            found = self.deployment(shard)
            return found if found and (since is None or found.updated > since) else None

        return wait_for(deployed, timeout, f"{WORKERS[shard]} to deploy {self.deployment_name(shard)}")

    def run(self, *args: str) -> str:
        result = subprocess.run(list(args), env=self.client_env, capture_output=True, text=True, timeout=120,
                                cwd=PROJECT_ROOT)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def sql(self, query: str) -> list[dict]:
        """`newsclaims sql --json`, as an analyst runs it with the workers' settings."""
        output = self.run(str(BIN / "newsclaims"), "sql", "--json", query)
        return [json.loads(line) for line in output.splitlines() if line.strip()]

    @contextmanager
    def lake(self):
        con = connect(lake_location(self.lake_url, self.data_path), read_only=True)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def client(self):
        from prefect.client.orchestration import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api_url}), get_client(sync_client=True) as client:
            yield client

    def deployment(self, shard: str):
        from prefect.exceptions import ObjectNotFound

        try:
            with self.client() as client:
                return client.read_deployment_by_name(self.deployment_name(shard))
        except ObjectNotFound:
            return None

    def trigger(self, shard: str) -> str:
        """`prefect deployment run ingest/ingest-shard-K-of-2`, as an operator would; returns the run id."""
        output = self.run(str(BIN / "prefect"), "deployment", "run", self.deployment_name(shard))
        return re.search(r"UUID:\s*([0-9a-f-]{36})", output).group(1)

    def flow_run(self, run_id):
        with self.client() as client:
            return client.read_flow_run(run_id)

    def wait_state(self, run_id, names: set[str], timeout: float):
        def reached():
            run = self.flow_run(run_id)
            return run if run.state and run.state.name in names else None

        return wait_for(reached, timeout, f"flow run {run_id} to reach {names}", interval=1)

    def runs(self, shard: str | None = None, state: str | None = None, scheduled: bool | None = None) -> list:
        """Flow runs of the shard deployments (or one of them), optionally in one state or only scheduled ones."""
        from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

        ids = [self.deployment(s).id for s in ([shard] if shard else SHARDS)]
        with self.client() as client:
            found = client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=ids)),
                                          limit=200)
        return [r for r in found if (state is None or (r.state and r.state.name == state))
                and (scheduled is None or r.auto_scheduled == scheduled)]

    def worker_running(self, run_id: str) -> str | None:
        """The shard of the worker whose process tree holds the flow run's process."""
        for shard, worker in self.workers.items():
            try:
                children = psutil.Process(worker.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                continue
            for child in children:
                try:
                    if child.environ().get("PREFECT__FLOW_RUN_ID") == run_id:
                        return shard
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
        return None


ANALYST_SESSION = """
import duckdb, json, sys, time, pathlib
expression, stop, log = sys.argv[1], pathlib.Path(sys.argv[2]), open(sys.argv[3], "a")
con = eval(expression)  # `newsclaims info`'s analyst_python: opened once, never reopened
while not stop.exists():
    try:
        row = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims),"
                          " (SELECT count(*) FROM ingest_runs)").fetchone()
        log.write(json.dumps({"t": time.time(), "counts": row}) + "\\n")
    except Exception as error:
        log.write(json.dumps({"t": time.time(), "error": repr(error)}) + "\\n")
    log.flush()
    time.sleep(0.5)
con.close()
"""


def overlapping(first: list, second: list) -> list[tuple]:
    return [(a, b) for a in first for b in second
            if a.start_time and b.start_time and a.end_time and b.end_time
            and a.start_time < b.end_time and b.start_time < a.end_time]


def assert_each_article_once_and_no_orphan_claims(topology) -> int:
    with topology.lake() as lake:
        total, distinct = lake.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles").fetchone()
        claims, orphans = lake.execute(
            "SELECT count(*), count(*) FILTER (WHERE article_id NOT IN "
            "(SELECT article_id FROM articles WHERE duplicate_of IS NULL)) FROM claims").fetchone()
    assert total == distinct, f"{total} articles for {distinct} URLs"
    assert claims > 0 and orphans == 0, f"{orphans} of {claims} claims belong to no original article"
    return total


def assert_completed_runs_recorded(topology) -> None:
    completed = {str(r.id) for r in topology.runs(state="Completed")}
    with topology.lake() as lake:
        rows = dict(lake.execute("SELECT run_id, status FROM ingest_runs").fetchall())
    assert completed and {run_id: rows.get(run_id) for run_id in completed} == dict.fromkeys(completed, "completed")


def test_both_shards_run_at_once_on_demand_and_on_schedule_while_an_analyst_reads(topology, site):
    for shard in SHARDS:
        topology.start_worker(shard)
    for shard in SHARDS:
        deployment = topology.wait_deployed(shard)
        assert deployment.global_concurrency_limit.limit == 2
        assert deployment.concurrency_options.collision_strategy.value == "CANCEL_NEW"
        assert set(deployment.tags) >= {"newsclaims", "ingest"} and deployment.work_pool_name == "newsclaims"
        # the catalog's password stays out of Prefect: runs take it from the worker's own NEWSCLAIMS_DB
        assert deployment.parameters["db"] == redacted(topology.lake_url) and deployment.parameters["shard"] == shard
        assert PASSWORD not in str(deployment.parameters) + str(deployment.job_variables)
        assert deployment.schedules[0].schedule.interval.total_seconds() == INTERVAL

    # Each schedule starts a run at once; the lake is created by whichever commits first.
    for shard in SHARDS:
        wait_for(lambda: topology.runs(shard, "Completed", scheduled=True), INTERVAL * 2 + 120,
                 f"the first scheduled run of shard {shard}")
    assert topology.sql("SELECT count(*) AS n FROM articles") == [{"n": 2}]
    lake_files = list(Path(topology.data_path).rglob("*.parquet"))
    assert lake_files, "the lake's Parquet files are on the shared volume"

    # An analyst opens the lake the way `newsclaims info` says and keeps that one session across runs.
    info = json.loads(topology.run(str(BIN / "newsclaims"), "info"))
    assert info["database"] == redacted(topology.lake_url) and info["catalog"] == "postgres"
    stop, log = topology.root / "analyst.stop", topology.root / "analyst.jsonl"
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST_SESSION, info["analyst_python"], str(stop), str(log)],
                               env=topology.client_env, cwd=PROJECT_ROOT)
    try:
        wait_for(lambda: log.exists() and log.read_text().strip(), 60, "the analyst session to open")

        # Both shards' deployments, run by hand at the same moment, meet the same three articles.
        meeting = site.publish([fixture_page("ferry-update.txt"), seed_page(0),
                                fixture_page("harbour-strike-syndicated.html")], delay=1.0, meet=True)
        on_demand = {shard: topology.trigger(shard) for shard in SHARDS}
        for shard, run_id in on_demand.items():
            assert topology.wait_state(run_id, {"Completed"}, 180).state.is_completed()
        assert meeting.met, "two runs fetched the same article at the same time"

        # Then the schedules alone pick up what appears next.
        published_at = datetime.now(timezone.utc)
        site.publish([seed_page(1), seed_page(2)], delay=0.5)
        for shard in SHARDS:
            wait_for(lambda: [r for r in topology.runs(shard, "Completed", scheduled=True)
                              if r.start_time > published_at] or None,
                     INTERVAL * 2 + 120, f"a scheduled run of shard {shard} after the second publication")
        wait_for(lambda: json.loads(log.read_text().splitlines()[-1]).get("counts", [0])[0] == 7, 30,
                 "the analyst to see the last article")
    finally:
        stop.touch()
        analyst.wait(30)

    readings = [json.loads(line) for line in log.read_text().splitlines()]
    assert not [r for r in readings if "error" in r], "the analyst session never failed"
    articles = [r["counts"][0] for r in readings]
    assert articles == sorted(articles), "every reading is a committed state, never going back"
    assert {2, 5, 7} <= set(articles), f"one session saw each run's articles arrive: {sorted(set(articles))}"
    assert topology.sql("SELECT count(*) AS n, count(DISTINCT canonical_url) AS urls FROM articles") == [
        {"n": 7, "urls": 7}]

    assert assert_each_article_once_and_no_orphan_claims(topology) == 7
    assert_completed_runs_recorded(topology)
    first, second = (topology.runs(shard, "Completed") for shard in SHARDS)
    assert overlapping(first, second), "runs of the two shards' deployments overlapped in time"
    assert not topology.runs(state="Failed") + topology.runs(state="Crashed")
    with topology.lake() as lake:
        duplicates = lake.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
        polled = lake.execute("SELECT run_id, list(DISTINCT feed_url) FROM feed_polls GROUP BY run_id").fetchall()
    assert duplicates == 1, "the syndicated copy points at its original"
    shard_of = {str(r.id): shard for shard in SHARDS for r in topology.runs(shard)}
    assert polled and {run_id: urls for run_id, urls in polled} == {
        run_id: [site.url(site.feeds[shard_of[run_id]])] for run_id, _ in polled}, "each run polled its shard's feed"


def test_worker_killed_mid_run_is_crashed_and_the_next_run_completes(topology, site):
    assert "paused" in topology.run(str(BIN / "newsclaims"), "pause")
    wait_for(lambda: not topology.runs(state="Running") + topology.runs(state="Pending"), 180,
             "running runs to finish")
    slow = [seed_page(3), seed_page(4), story_page(1), story_page(2)]
    site.publish(slow, delay=4.0)

    doomed = topology.trigger("1/2")
    topology.wait_state(doomed, {"Running"}, 120)
    wait_for(lambda: site.hits(slow[0][0]), 120, "the run to fetch the slow pages")
    time.sleep(2)  # mid-fetch: the slow pages take 16 s in all
    shard = wait_for(lambda: topology.worker_running(doomed), 10, "the worker running the doomed run")
    killed = kill_tree(topology.workers[shard].pid, signal.SIGKILL)
    assert len(killed) >= 2, "the worker and its flow-run process"
    topology.workers[shard].wait(10)
    killed_at = datetime.now(timezone.utc)
    crashed = topology.wait_state(doomed, {"Crashed"}, 240)
    assert crashed.state.is_crashed()

    topology.start_worker(shard)
    topology.wait_deployed(shard, since=killed_at)
    after = topology.trigger("1/2")
    assert topology.wait_state(after, {"Completed"}, 240).state.is_completed()
    assert "resumed" in topology.run(str(BIN / "newsclaims"), "resume")

    assert assert_each_article_once_and_no_orphan_claims(topology) == 11
    with topology.lake() as lake:
        urls = {url for (url,) in lake.execute("SELECT url FROM articles").fetchall()}
        runs = dict(lake.execute("SELECT run_id, status FROM ingest_runs").fetchall())
    assert {site.url(path) for path, _, _ in slow} <= urls
    assert runs[doomed] == "crashed" and runs[after] == "completed"
    assert_completed_runs_recorded(topology)


def test_prefect_ui_in_chromium_shows_the_completed_run(topology):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    require(chromium is not None, "Chromium (Debian package chromium)")
    with topology.client() as client:
        completed = [r for r in client.read_flow_runs(limit=200) if r.state and r.state.is_completed()]
    assert completed
    ui = topology.api_url.removesuffix("/api")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync",
             f"--user-data-dir={topology.root / 'chromium-profile'}", "--window-size=1400,1000",
             "--virtual-time-budget=20000"]
    page = f"{ui}/runs/flow-run/{completed[0].id}"
    dom = subprocess.run([chromium, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120).stdout
    subprocess.run([chromium, *flags, f"--screenshot={OUTPUT / 'prefect-ui-flow-run.png'}", page],
                   capture_output=True, timeout=120)
    (OUTPUT / "prefect-ui-flow-run.html").write_text(dom)
    assert completed[0].name in dom and "ingest" in dom
    assert "Completed" in dom
    assert (OUTPUT / "prefect-ui-flow-run.png").stat().st_size > 10_000
