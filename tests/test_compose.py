"""docker-compose.yml against the Compose specification, and what the topology test relies on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.topology.processes import COMPOSE_FILE, PROJECT_ROOT, compose_service


def test_compose_file_is_valid_against_the_compose_spec():
    check = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(check), "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_services_volumes_and_secrets():
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "prefect-server", "worker"}
    assert services["postgres"]["healthcheck"]["test"] and "prefect-db" in compose["volumes"]
    assert services["prefect-server"]["image"] == "prefecthq/prefect:3.8.8-python3.11"
    assert services["worker"]["build"] == "." and "warehouse:/data" in services["worker"]["volumes"]
    assert "${POSTGRES_PASSWORD" in services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    env_example = (PROJECT_ROOT / ".env.example").read_text()
    assert "POSTGRES_PASSWORD=change-me" in env_example
    assert ".env" in (PROJECT_ROOT / ".gitignore").read_text().split()


def test_worker_image_installs_the_lock_file_and_runs_the_tested_command():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.lock" in dockerfile
    command, environment = compose_service("worker", {"NEWSCLAIMS_INTERVAL_SECONDS": "30"})
    assert command == ["newsclaims", "worker", "--interval", "30"]
    assert environment["NEWSCLAIMS_DB"] == "/data/newsclaims.duckdb"
    server_command, server_environment = compose_service("prefect-server", {"POSTGRES_PASSWORD": "x"})
    assert server_command == ["prefect", "server", "start"]
    assert server_environment["PREFECT_SERVER_DATABASE_CONNECTION_URL"].startswith("postgresql+asyncpg://")
