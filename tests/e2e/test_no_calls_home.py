"""Nothing leaves the machine unasked: `newsclaims ingest` run directly, with no privacy variable set,
asks for no address off loopback (every Python process of the run is audited; see the sitecustomize)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES

NEWSCLAIMS = str(Path(sys.executable).with_name("newsclaims"))
# Prefect turns its SDK analytics off in CI by itself; the test must see what an operator's machine does.
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "TRAVIS", "CIRCLECI", "BUILDKITE", "TF_BUILD",
                "CODEBUILD_BUILD_ID", "BITBUCKET_COMMIT", "TEAMCITY_VERSION", "DRONE", "SEMAPHORE", "APPVEYOR",
                "BUDDY", "CI_NAME")


def audited_ingest(tmp_path: Path, **extra: str) -> tuple[subprocess.CompletedProcess, list[dict]]:
    env = {k: v for k, v in os.environ.items()
           if k not in CI_VARIABLES + ("DO_NOT_TRACK", "PREFECT_SERVER_ANALYTICS_ENABLED", "PREFECT_API_URL")}
    log = tmp_path / "audit.jsonl"
    env.update({"PYTHONPATH": str(FIXTURES / "audit"), "NEWSCLAIMS_AUDIT_LOG": str(log),
                "PREFECT_HOME": str(tmp_path / "prefect-home"), **extra})
    run = subprocess.run([NEWSCLAIMS, "ingest", "--quiet", "--db", str(tmp_path / "lake.ducklake")],
                         capture_output=True, text=True, env=env, timeout=300)
    return run, [json.loads(line) for line in log.read_text().splitlines()]


def test_a_direct_run_asks_for_nothing_off_loopback(tmp_path):
    run, requests = audited_ingest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert any(r["event"] == "socket.connect" for r in requests), "the audit saw the run's own API calls"
    assert [r for r in requests if not r["local"]] == []


def test_the_audit_catches_a_lookup_before_it_is_sent(tmp_path):
    """The audit above has teeth: a lookup of an outside name is logged and refused before any query leaves."""
    log = tmp_path / "audit.jsonl"
    probe = subprocess.run(
        [sys.executable, "-c", "import socket\ntry:\n    socket.getaddrinfo('calls-home.example', 443)\n"
                               "except OSError as error:\n    print(error)"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(FIXTURES / "audit"), "NEWSCLAIMS_AUDIT_LOG": str(log)})
    assert "refused a network request to 'calls-home.example'" in probe.stdout
    requests = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["host"] for r in requests if not r["local"]] == ["'calls-home.example'"]
