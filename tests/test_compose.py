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
    assert set(services) == {"postgres", "prefect-server", "worker-1", "worker-2", "metrics", "prometheus", "grafana"}
    assert services["postgres"]["healthcheck"]["test"] and "prefect-db" in compose["volumes"]
    init = services["postgres"]["volumes"][1].split(":")[0]
    assert "CREATE DATABASE newsclaims" in (PROJECT_ROOT / init).read_text()
    assert services["prefect-server"]["image"] == "prefecthq/prefect:3.8.8-python3.11"
    assert services["prefect-server"]["ports"] == ["127.0.0.1:4200:4200"]
    for worker in ("worker-1", "worker-2"):
        assert services[worker]["build"] == "." and "lake:/lake" in services[worker]["volumes"]
    assert "${POSTGRES_PASSWORD" in services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    env_example = (PROJECT_ROOT / ".env.example").read_text()
    assert "POSTGRES_PASSWORD=change-me" in env_example
    assert ".env" in (PROJECT_ROOT / ".gitignore").read_text().split()


def test_worker_image_installs_the_lock_file_and_runs_the_tested_command():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements-runtime.lock" in dockerfile
    runtime = (PROJECT_ROOT / "requirements-runtime.lock").read_text().lower()
    assert "prefect==3.8.8" in runtime and "pytest" not in runtime and "moto" not in runtime
    assert "COPY feeds.toml" not in dockerfile and "newsclaims.toml ./" not in dockerfile
    services = yaml.safe_load(COMPOSE_FILE.read_text())["services"]
    for worker in ("worker-1", "worker-2"):
        mounts = services[worker]["volumes"]
        assert "${NEWSCLAIMS_FEEDS_FILE:-./feeds.toml}:/app/feeds.toml:ro" in mounts
        assert "${NEWSCLAIMS_CONFIG_FILE:-./newsclaims.toml}:/app/newsclaims.toml:ro" in mounts
    for shard in (1, 2):
        command, environment = compose_service(f"worker-{shard}", {"NEWSCLAIMS_INTERVAL_SECONDS": "30",
                                                                    "POSTGRES_PASSWORD": "x"})
        assert command == ["newsclaims", "worker", "--shard", f"{shard}/2", "--interval", "30"]
        assert environment["NEWSCLAIMS_DB"] == "postgresql://prefect:x@postgres:5432/newsclaims"
        assert environment["NEWSCLAIMS_DATA_PATH"] == "/lake/"
    server_command, server_environment = compose_service("prefect-server", {"POSTGRES_PASSWORD": "x"})
    assert server_command == ["prefect", "server", "start"]
    assert server_environment["PREFECT_SERVER_DATABASE_CONNECTION_URL"].startswith("postgresql+asyncpg://")


def test_monitoring_services_run_the_exporter_and_provision_rules_and_dashboard():
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    services = compose["services"]
    command, environment = compose_service("metrics", {"POSTGRES_PASSWORD": "x"})
    assert command == ["newsclaims", "metrics", "--host", "0.0.0.0", "--port", "9108"]
    worker_command, worker_environment = compose_service("worker-1", {"POSTGRES_PASSWORD": "x"})
    assert environment == worker_environment  # the same lake as the workers
    assert services["metrics"]["build"] == "." and "lake:/lake:ro" in services["metrics"]["volumes"]
    for name, port in (("metrics", 9108), ("prometheus", 9090), ("grafana", 3000)):
        assert services[name]["ports"] == [f"127.0.0.1:{port}:{port}"], name  # loopback only
    assert services["prometheus"]["image"].startswith("prom/prometheus:")
    assert services["grafana"]["image"].startswith("grafana/grafana:")
    mounts = {service: {target: source for source, target, *_ in
                        (volume.split(":") for volume in services[service]["volumes"])}
              for service in ("prometheus", "grafana")}
    prometheus_dir = PROJECT_ROOT / mounts["prometheus"]["/etc/prometheus"]
    assert (prometheus_dir / "prometheus.yml").is_file() and (prometheus_dir / "alerts.yml").is_file()
    assert "--config.file=/etc/prometheus/prometheus.yml" in services["prometheus"]["command"]
    provisioning = PROJECT_ROOT / mounts["grafana"]["/etc/grafana/provisioning"]
    assert (provisioning / "datasources" / "prometheus.yml").is_file()
    provider = yaml.safe_load((provisioning / "dashboards" / "newsclaims.yml").read_text())["providers"][0]
    dashboards = PROJECT_ROOT / mounts["grafana"][provider["options"]["path"]]
    assert (dashboards / "newsclaims.json").is_file()
    assert "${GRAFANA_ADMIN_PASSWORD" in services["grafana"]["environment"]["GF_SECURITY_ADMIN_PASSWORD"]
    assert "GRAFANA_ADMIN_PASSWORD=" in (PROJECT_ROOT / ".env.example").read_text()
    assert {"prometheus-data", "grafana-data"} <= set(compose["volumes"])
