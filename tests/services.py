"""Real servers the warehouse tests need, started as local processes on loopback: PostgreSQL, an S3 server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.topology.processes import Processes, free_port, postgres_bin, start_postgres, wait_for

PASSWORD = "lake-test"


def unavailable(what: str) -> None:
    """Skip locally; in CI a test that cannot run is a failure (.ci/run installs what it needs)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} is not installed")


class PostgresServer:
    def __init__(self, port: int):
        self.port = port

    def new_database(self) -> str:
        """A fresh database for one lake catalog; returns its postgresql:// URL."""
        name = "lake_" + uuid.uuid4().hex[:12]
        subprocess.run([str(postgres_bin() / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "prefect",
                        name], check=True, capture_output=True, env={**os.environ, "PGPASSWORD": PASSWORD})
        return f"postgresql://prefect:{PASSWORD}@127.0.0.1:{self.port}/{name}"


class S3Server:
    """moto's standalone S3-compatible server, a separate process spoken to over HTTP."""

    def __init__(self, port: int):
        self.endpoint = f"127.0.0.1:{port}"

    def new_bucket(self) -> str:
        import urllib.request

        name = "lake-" + uuid.uuid4().hex[:12]
        request = urllib.request.Request(f"http://{self.endpoint}/{name}", method="PUT")
        urllib.request.urlopen(request, timeout=10).close()
        return name

    def environment(self) -> dict[str, str]:
        return {"NEWSCLAIMS_S3_ENDPOINT": self.endpoint, "NEWSCLAIMS_S3_KEY_ID": "test-key",
                "NEWSCLAIMS_S3_SECRET": "test-secret", "NEWSCLAIMS_S3_REGION": "us-east-1",
                "NEWSCLAIMS_S3_URL_STYLE": "path", "NEWSCLAIMS_S3_USE_SSL": "false"}


@pytest.fixture(scope="session")
def postgres():
    if postgres_bin() is None:
        unavailable("PostgreSQL (Debian package postgresql)")
    log_dir = Path(tempfile.mkdtemp(prefix="newsclaims-pg-logs-"))
    processes = Processes(log_dir)
    try:
        port = free_port()
        start_postgres(processes, port, PASSWORD)
        yield PostgresServer(port)
    finally:
        processes.stop_all()
        shutil.rmtree(log_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def s3_server():
    moto = Path(sys.executable).with_name("moto_server")
    if not moto.exists():
        unavailable("moto's S3 server (pip package moto[server])")
    log_dir = Path(tempfile.mkdtemp(prefix="newsclaims-s3-logs-"))
    processes = Processes(log_dir)
    try:
        port = free_port()
        processes.start("moto", [str(moto), "-H", "127.0.0.1", "-p", str(port)], dict(os.environ))
        server = S3Server(port)
        wait_for(lambda: _answers(server.endpoint), 60, "the S3 server to answer")
        yield server
    finally:
        processes.stop_all()
        shutil.rmtree(log_dir, ignore_errors=True)


def _answers(endpoint: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(f"http://{endpoint}/", timeout=2).close()
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
