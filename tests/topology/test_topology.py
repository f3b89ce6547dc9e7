"""The production topology as local processes: PostgreSQL, `prefect server start`, a process worker.

Each service runs the command and environment that docker-compose.yml gives it (ports and paths adapted
to loopback). Runs through the deployment, on demand and from the schedule; a worker killed mid-run; an
analyst holding the analysts' database open across scheduled runs; and the Prefect UI in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from tests.conftest import FIXTURES, SEEDS
from tests.loopback import LoopbackServer, Route, rss
from tests.topology.processes import (
    PROJECT_ROOT, Processes, compose_service, free_port, http_ok, kill_tree, postgres_bin, start_postgres,
    wait_for,
)

pytestmark = pytest.mark.topology
CI = os.environ.get("CI") == "true"
INTERVAL = 30
BIN = Path(sys.executable).parent
OUTPUT = PROJECT_ROOT / "test-output"


def require(condition: bool, what: str) -> None:
    if not condition:
        if CI:
            pytest.fail(f"{what} is required in CI (.ci/run installs it)")
        pytest.skip(f"{what} not installed")


@pytest.fixture(scope="module")
def site():
    with LoopbackServer() as server:
        server.items = []

        def publish(path: str, body: bytes, content_type: str = "text/html; charset=utf-8", delay: float = 0.0):
            server.routes[path] = Route(body, content_type, delay=delay)
            server.items.append({"title": path.strip("/"), "link": server.url(path), "guid": server.url(path),
                                 "pubDate": "Wed, 12 Mar 2025 09:30:00 GMT"})
            server.routes["/feed.xml"] = Route(rss(server.items), "application/rss+xml")

        server.publish = publish
        publish("/harbour-strike.html", (FIXTURES / "site" / "harbour-strike.html").read_bytes())
        publish("/rail-tender.html", (FIXTURES / "site" / "rail-tender.html").read_bytes())
        yield server


@pytest.fixture(scope="module")
def topology(tmp_path_factory, site):
    require(postgres_bin() is not None, "PostgreSQL (Debian package postgresql)")
    root = tmp_path_factory.mktemp("topology")
    OUTPUT.mkdir(exist_ok=True)
    processes = Processes(OUTPUT)
    for old in OUTPUT.glob("*.log"):
        old.unlink()
    try:
        password = "topology-test-password"
        database_url = start_postgres(processes, free_port(), password)
        port = free_port()
        api_url = f"http://127.0.0.1:{port}/api"
        variables = {"POSTGRES_USER": "prefect", "POSTGRES_PASSWORD": password, "POSTGRES_DB": "prefect",
                     "PREFECT_UI_API_URL": api_url, "NEWSCLAIMS_INTERVAL_SECONDS": str(INTERVAL)}
        base_env = {**os.environ, "PREFECT_HOME": str(root / "prefect-home"), "PATH": f"{BIN}:{os.environ['PATH']}"}
        base_env.pop("PREFECT_API_URL", None)

        command, environment = compose_service("prefect-server", variables)
        environment.update({"PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port),
                            "PREFECT_SERVER_DATABASE_CONNECTION_URL": database_url})
        processes.start("prefect-server", command, {**base_env, **environment})
        wait_for(lambda: http_ok(f"{api_url}/health"), 180, "the Prefect server")

        feeds = root / "feeds.toml"
        feeds.write_text(f'[[feed]]\nurl = "{site.url("/feed.xml")}"\noutlet = "Loopback Times"\n')
        worker_command, worker_environment = compose_service("worker", variables)
        worker_environment.update({
            "PREFECT_API_URL": api_url, "NEWSCLAIMS_DB": str(root / "warehouse" / "newsclaims.duckdb"),
            "NEWSCLAIMS_FEEDS": str(feeds), "PREFECT_WORKER_QUERY_SECONDS": "2",
        })
        client_env = {**base_env, "PREFECT_API_URL": api_url, **worker_environment}
        yield Topology(processes, api_url, worker_command, {**base_env, **worker_environment}, client_env, root)
    finally:
        processes.stop_all()


class Topology:
    def __init__(self, processes, api_url, worker_command, worker_env, client_env, root):
        self.processes, self.api_url, self.root = processes, api_url, root
        self.worker_command, self.worker_env, self.client_env = worker_command, worker_env, client_env
        self.db = Path(worker_env["NEWSCLAIMS_DB"])
        self.analyst_db = self.db.with_name("newsclaims.analyst.duckdb")
        self.worker = None

    def start_worker(self):
        self.worker = self.processes.start("worker", self.worker_command, self.worker_env)
        wait_for(lambda: self.deployment(), 120, "the worker to deploy ingest/ingest")
        return self.worker

    def run(self, *args: str) -> str:
        result = subprocess.run(list(args), env=self.client_env, capture_output=True, text=True, timeout=120,
                                cwd=PROJECT_ROOT)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    @contextmanager
    def client(self):
        from prefect.client.orchestration import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api_url}), get_client(sync_client=True) as client:
            yield client

    def deployment(self):
        from prefect.exceptions import ObjectNotFound

        try:
            with self.client() as client:
                return client.read_deployment_by_name("ingest/ingest")
        except ObjectNotFound:
            return None

    def trigger(self) -> str:
        """`prefect deployment run ingest/ingest`, as the README tells operators; returns the run id."""
        output = self.run(str(BIN / "prefect"), "deployment", "run", "ingest/ingest")
        return re.search(r"UUID:\s*([0-9a-f-]{36})", output).group(1)

    def flow_run(self, run_id):
        with self.client() as client:
            return client.read_flow_run(run_id)

    def wait_state(self, run_id, names: set[str], timeout: float):
        def reached():
            run = self.flow_run(run_id)
            return run if run.state and run.state.name in names else None

        return wait_for(reached, timeout, f"flow run {run_id} to reach {names}", interval=1)

    def scheduled_runs(self, state_name: str) -> list:
        with self.client() as client:
            deployment = self.deployment()
            runs = client.read_flow_runs(limit=200)
        return [r for r in runs if r.deployment_id == deployment.id and r.auto_scheduled
                and r.state and r.state.name == state_name]


def analyst_rows(path: Path, sql: str):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


ANALYST_SESSION = """
import duckdb, json, sys, time, pathlib
path, stop, log = sys.argv[1], pathlib.Path(sys.argv[2]), open(sys.argv[3], "a")
con = duckdb.connect(path, read_only=True)
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


def test_deployment_runs_on_demand_and_on_schedule_while_an_analyst_reads(topology, site):
    topology.start_worker()
    deployment = topology.deployment()
    assert deployment.global_concurrency_limit.limit == 1
    assert deployment.concurrency_options.collision_strategy.value == "CANCEL_NEW"
    assert set(deployment.tags) >= {"newsclaims", "ingest"} and deployment.work_pool_name == "newsclaims"
    assert deployment.parameters["db"] == str(topology.db)

    # The schedule starts a run at once; an on-demand run right after it has the slot to itself.
    wait_for(lambda: topology.scheduled_runs("Completed"), INTERVAL * 2 + 120, "the first scheduled run")
    first = topology.trigger()
    assert topology.wait_state(first, {"Completed"}, 180).state.is_completed()
    assert analyst_rows(topology.analyst_db, "SELECT count(*) FROM articles") == [(2,)]
    assert len(analyst_rows(topology.analyst_db, "SELECT * FROM ingest_runs WHERE status = 'completed'")) >= 2

    # An analyst opens the published copy and keeps it open across two scheduled runs.
    stop, log = topology.root / "analyst.stop", topology.root / "analyst.jsonl"
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST_SESSION, str(topology.analyst_db), str(stop), str(log)])
    try:
        wait_for(lambda: log.exists() and log.read_text().strip(), 30, "the analyst session to open")
        opened_at = time.time()
        site.publish("/ferry-update.txt", (FIXTURES / "site" / "ferry-update.txt").read_bytes(), "text/plain")
        completed = wait_for(
            lambda: [r for r in topology.scheduled_runs("Completed")
                     if r.start_time and r.start_time.timestamp() > opened_at] or None,
            INTERVAL * 4 + 120, "a scheduled run after the analyst opened")
        site.publish("/seed-000.txt", (SEEDS / "000_69455c9b4c518f8f.txt").read_bytes(), "text/plain")
        second_floor = max(r.end_time.timestamp() for r in completed)
        wait_for(
            lambda: [r for r in topology.scheduled_runs("Completed")
                     if r.start_time and r.start_time.timestamp() > second_floor] or None,
            INTERVAL * 4 + 120, "a second scheduled run")
    finally:
        stop.touch()
        analyst.wait(30)

    readings = [json.loads(line) for line in log.read_text().splitlines()]
    assert not [r for r in readings if "error" in r], "the analyst session never failed"
    assert {tuple(r["counts"]) for r in readings} == {tuple(readings[0]["counts"])}, "one consistent snapshot"
    assert readings[0]["counts"][0] == 2
    assert analyst_rows(topology.analyst_db, "SELECT count(*), count(DISTINCT canonical_url) FROM articles") == [(4, 4)]
    failed = [r for r in topology.scheduled_runs("Failed")] + [r for r in topology.scheduled_runs("Crashed")]
    assert not failed


def test_worker_killed_mid_run_is_crashed_and_the_next_run_completes(topology, site):
    assert "paused" in topology.run(str(BIN / "newsclaims"), "pause")
    wait_for(lambda: not [r for r in _active_runs(topology)], 120, "running runs to finish")
    for n in (1, 2, 3, 4):
        seed = sorted(SEEDS.glob("00[1-4]_*.txt"))[n - 1]
        site.publish(f"/slow-{n}.txt", seed.read_bytes(), "text/plain", delay=4.0)

    doomed = topology.trigger()
    topology.wait_state(doomed, {"Running"}, 120)
    time.sleep(6)  # mid-fetch: the slow pages take 16 s in all
    killed = kill_tree(topology.worker.pid, signal.SIGKILL)
    assert len(killed) >= 2, "the worker and its flow-run process"
    topology.worker.wait(10)
    crashed = topology.wait_state(doomed, {"Crashed"}, 240)
    assert crashed.state.is_crashed()

    topology.start_worker()
    after = topology.trigger()
    assert topology.wait_state(after, {"Completed"}, 240).state.is_completed()
    assert "resumed" in topology.run(str(BIN / "newsclaims"), "resume")

    rows = analyst_rows(topology.analyst_db, "SELECT url FROM articles")
    urls = [url.replace(site.base_url, "") for (url,) in rows]
    assert len(urls) == len(set(urls)) == 8, urls
    assert {f"/slow-{n}.txt" for n in (1, 2, 3, 4)} <= set(urls)
    runs = dict(analyst_rows(topology.analyst_db, "SELECT run_id, status FROM ingest_runs"))
    assert runs[doomed] == "crashed" and runs[after] == "completed"


def _active_runs(topology):
    with topology.client() as client:
        runs = client.read_flow_runs(limit=200)
    return [r for r in runs if r.state and r.state.name in ("Running", "Pending")]


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
