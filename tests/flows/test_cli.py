"""The newsclaims command as an operator or analyst runs it (subprocesses, real files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from flows.publish import publish_analyst_copy

NEWSCLAIMS = str(Path(sys.executable).with_name("newsclaims"))


def run(*args, env=None):
    return subprocess.run([NEWSCLAIMS, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_info_tells_where_everything_is_and_the_analyst_command_works(tmp_path):
    db = tmp_path / "flows.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE articles AS SELECT 1 AS article_id")
    publish_analyst_copy(db)
    result = run("info", env={"NEWSCLAIMS_DB": str(db), "PREFECT_API_URL": "http://127.0.0.1:4200/api"})
    info = json.loads(result.stdout)
    assert {"database", "analyst_database", "analyst_command", "feeds_file", "prefect_api_url"} <= info.keys()
    assert info["database"] == str(db) and info["analyst_database"] == str(tmp_path / "flows.analyst.duckdb")
    assert info["prefect_api_url"] == "http://127.0.0.1:4200/api"
    opened = subprocess.run(f"{info['analyst_command']} -c 'SELECT count(*) AS n FROM articles'",
                            shell=True, capture_output=True, text=True, timeout=60)
    assert opened.returncode == 0 and "1" in opened.stdout, opened.stderr
    refused = subprocess.run(f"{info['analyst_command']} -c 'CREATE TABLE x (a INT)'",
                             shell=True, capture_output=True, text=True, timeout=60)
    assert "read-only" in (refused.stdout + refused.stderr).lower()


def test_sql_reads_the_analysts_copy(tmp_path):
    db = tmp_path / "flows.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE claims AS SELECT 'Lloyd Austin' AS claimant, 10000 AS value")
    publish_analyst_copy(db)
    result = run("sql", "SELECT claimant, value FROM claims", "--json", env={"NEWSCLAIMS_DB": str(db)})
    assert json.loads(result.stdout) == {"claimant": "Lloyd Austin", "value": 10000}
    table = run("sql", "SELECT claimant FROM claims", env={"NEWSCLAIMS_DB": str(db)}).stdout
    assert "Lloyd Austin" in table and "(1 rows)" in table
    missing = run("sql", "SELECT 1", env={"NEWSCLAIMS_DB": str(tmp_path / "none.duckdb")})
    assert missing.returncode == 1 and "does not exist yet" in missing.stderr


def test_serve_without_a_server_says_what_to_start():
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    result = subprocess.run([NEWSCLAIMS, "serve"], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 2 and "prefect server start" in result.stderr
