"""The newsclaims command as an operator or analyst runs it (subprocesses, a real lake)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.warehouse.test_store import STORY, article
from warehouse.store import Warehouse

NEWSCLAIMS = str(Path(sys.executable).with_name("newsclaims"))


def run(*args, env=None):
    return subprocess.run([NEWSCLAIMS, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def lake(tmp_path) -> Path:
    db = tmp_path / "lake" / "newsclaims.ducklake"
    with Warehouse(db) as warehouse:
        warehouse.load_articles("run-1", [article("http://a/1", STORY)])
    return db


def test_info_tells_where_everything_is_and_the_analyst_command_works(lake):
    result = run("info", env={"NEWSCLAIMS_DB": str(lake), "PREFECT_API_URL": "http://127.0.0.1:4200/api"})
    info = json.loads(result.stdout)
    assert {"database", "data_path", "analyst_command", "analyst_python", "feeds_file", "prefect_api_url"} <= info.keys()
    assert info["database"] == str(lake) and info["data_path"] == f"{lake}.files/"
    assert info["prefect_api_url"] == "http://127.0.0.1:4200/api"
    opened = subprocess.run(f"{info['analyst_command']} -json -c 'SELECT count(*) AS n FROM articles'",
                            shell=True, capture_output=True, text=True, timeout=60)
    assert opened.returncode == 0 and json.loads(opened.stdout) == [{"n": 1}], opened.stderr
    refused = subprocess.run(f"{info['analyst_command']} -c 'CREATE TABLE x (a INT)'",
                             shell=True, capture_output=True, text=True, timeout=60)
    assert "read-only mode" in refused.stdout + refused.stderr


def test_the_analyst_python_expression_is_a_read_only_connection(lake):
    info = json.loads(run("info", env={"NEWSCLAIMS_DB": str(lake)}).stdout)
    con = eval(info["analyst_python"], {"duckdb": duckdb})
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM figure_conflicts").fetchone() == (0,)
        with pytest.raises(duckdb.Error, match="read.only"):
            con.execute("DELETE FROM articles")
        with Warehouse(lake) as writer:  # a writer is never held up by the open session
            writer.load_articles("run-2", [article("http://b/2", STORY.replace("Dock", "Port") + " More.")])
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    finally:
        con.close()


def test_sql_reads_the_lake_live_and_as_of_a_run(lake, tmp_path):
    env = {"NEWSCLAIMS_DB": str(lake)}
    result = run("sql", "SELECT outlet, count(*) AS n FROM articles GROUP BY ALL", "--json", env=env)
    assert json.loads(result.stdout) == {"outlet": "Harbour Times", "n": 1}
    table = run("sql", "SELECT claimant FROM claims", env=env).stdout
    assert "ABVV transport union" in table and "(1 rows)" in table
    with Warehouse(lake) as writer:
        writer.start_run("run-9")
        from warehouse.store import LoadResult

        writer.finish_run("run-9", "completed", 1, 1, LoadResult())
        writer.load_articles("run-10", [article("http://b/2", STORY.replace("Dock", "Port") + " More.")])
    assert run("sql", "SELECT count(*) AS n FROM articles", "--json", env=env).stdout.strip() == '{"n": 2}'
    as_of = run("sql", "SELECT count(*) AS n FROM articles", "--json", "--as-of-run", "run-9", env=env)
    assert as_of.stdout.strip() == '{"n": 1}', as_of.stderr
    bad = run("sql", "SELEC 1", env=env)
    assert bad.returncode == 1 and bad.stderr.startswith("newsclaims sql: Parser Error") and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and "(LINE 1: " in bad.stderr  # one line, saying where
    missing = run("sql", "SELECT 1", env={"NEWSCLAIMS_DB": str(tmp_path / "none.ducklake")})
    assert missing.returncode == 1 and "no warehouse" in missing.stderr


def test_an_old_single_file_database_is_refused_with_the_way_forward(tmp_path):
    old = tmp_path / "newsclaims.duckdb"
    duckdb.connect(str(old)).close()
    result = run("sql", "SELECT 1", env={"NEWSCLAIMS_DB": str(old)})
    assert result.returncode == 1 and "migrate-store" in result.stderr and "Traceback" not in result.stderr


def test_serve_without_a_server_says_what_to_start():
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    result = subprocess.run([NEWSCLAIMS, "serve"], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 2 and "prefect server start" in result.stderr


def test_migrate_store_moves_an_old_warehouse_and_reports_verified_counts(tmp_path):
    from tests.warehouse.test_migrate_store import write_old_warehouse

    old = write_old_warehouse(tmp_path / "old.duckdb")
    lake = tmp_path / "lake" / "newsclaims.ducklake"
    moved = run("migrate-store", str(old), "--db", str(lake))
    assert moved.returncode == 0, moved.stderr
    assert "articles" in moved.stdout and "verified" in moved.stdout
    counted = run("sql", "SELECT count(*) AS n FROM articles", "--json", "--db", str(lake))
    assert json.loads(counted.stdout)["n"] > 0
    again = run("migrate-store", str(old), "--db", str(lake))
    assert again.returncode == 0 and run("sql", "SELECT count(*) AS n FROM articles", "--json", "--db",
                                         str(lake)).stdout == counted.stdout
    refused = run("migrate-store", str(lake), "--db", str(lake))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr and refused.stderr.startswith("newsclaims")


def test_asking_for_an_expired_snapshot_says_so(lake):
    result = run("sql", "SELECT 1", "--snapshot", "999999", env={"NEWSCLAIMS_DB": str(lake)})
    assert result.returncode == 1 and "expired" in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_catalog_is_refused_at_open_and_left_untouched(tmp_path):
    damaged = tmp_path / "newsclaims.ducklake"
    damaged.write_bytes(b"this is not what a lake catalog looks like\n" * 10)
    before = damaged.read_bytes()
    for command in (["sql", "SELECT 1"], ["ingest", "--quiet"]):
        result = run(*command, "--db", str(damaged))
        assert result.returncode == 1, result.stderr
        assert "not a lake catalog" in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert damaged.read_bytes() == before and not (tmp_path / "newsclaims.ducklake.files").exists()


def test_no_prefect_server_is_one_line_and_debug_shows_the_traceback():
    env = {"PREFECT_API_URL": "http://127.0.0.1:9/api"}  # nothing listens on port 9
    result = run("pause", env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if "cannot reach the Prefect API at http://127.0.0.1:9/api" in line]
    debug = run("--debug", "pause", env=env)
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "ConnectError" in debug.stderr
