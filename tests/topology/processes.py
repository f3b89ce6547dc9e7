"""Start and stop the production topology as local processes: PostgreSQL, Prefect server, workers."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[-?]([^}]*))?\}")
INIT_DIR = "/docker-entrypoint-initdb.d/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def compose_service(name: str, variables: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The service's command and environment from docker-compose.yml, ${VAR} filled from ``variables``."""
    service = yaml.safe_load(COMPOSE_FILE.read_text())["services"][name]

    def fill(text: str) -> str:
        return INTERPOLATION.sub(lambda m: variables.get(m.group(1)) or m.group(2) or "", str(text))

    command = [fill(part) for part in service.get("command", [])]
    environment = {key: fill(value) for key, value in (service.get("environment") or {}).items()}
    return command, environment


def compose_init_scripts(name: str = "postgres") -> list[Path]:
    """The host files a service mounts into the postgres image's init folder, in the order the image runs them."""
    service = yaml.safe_load(COMPOSE_FILE.read_text())["services"][name]
    mounts = [volume.split(":") for volume in service.get("volumes", []) if isinstance(volume, str)]
    scripts = sorted((target, source) for source, target, *_ in mounts if target.startswith(INIT_DIR))
    return [(PROJECT_ROOT / source).resolve() for _, source in scripts]


def on_loopback(value: str, ports: dict[str, int]) -> str:
    """A compose value with each service's host:port (``postgres:5432``) replaced by 127.0.0.1 and its local port."""
    for service, port in ports.items():
        value = re.sub(rf"(?<=[/@]){re.escape(service)}:\d+(?=[/?]|$)", f"127.0.0.1:{port}", value)
    return value


class Processes:
    """Every process the tier starts, stopped by process id at the end."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.started: list[subprocess.Popen] = []
        self.cleanup: list[Path] = []

    def start(self, name: str, command: list[str], env: dict[str, str], user: str | None = None) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "ab")
        if user:
            command = ["runuser", "-u", user, "--", *command]
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True, cwd=PROJECT_ROOT)
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            kill_tree(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in reversed(self.started):
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                kill_tree(process.pid, signal.SIGKILL)
                process.wait(5)
        for path in self.cleanup:
            shutil.rmtree(path, ignore_errors=True)


def kill_tree(pid: int, sig: int) -> list[int]:
    """Signal a process and all its descendants (what a container's death does to a worker)."""
    try:
        parent = psutil.Process(pid)
        family = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return []
    for process in family:
        try:
            process.send_signal(sig)
        except psutil.NoSuchProcess:
            pass
    return [p.pid for p in family]


def start_postgres(processes: Processes, port: int, password: str, init_scripts: list[Path] = ()) -> str:
    """initdb + postgres on loopback, then ``init_scripts`` as the postgres image runs its init folder;
    returns the asyncpg URL of the ``prefect`` database for Prefect."""
    bin_dir = postgres_bin()
    user = "postgres" if os.geteuid() == 0 else None
    # PostgreSQL refuses to run as root, and the postgres user cannot enter pytest's private tmp folder.
    scratch = Path(tempfile.mkdtemp(prefix="newsclaims-pg-"))
    scratch.chmod(0o755)
    processes.cleanup.append(scratch)
    data_dir = scratch / "data"
    data_dir.mkdir()
    pwfile = scratch / "pgpass"
    pwfile.write_text(password)
    if user:
        shutil.chown(data_dir, user)
        shutil.chown(pwfile, user)
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        ([ "runuser", "-u", user, "--"] if user else []) + [
            str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "prefect", "--auth=scram-sha-256",
            f"--pwfile={pwfile}", "-E", "UTF8"],
        check=True, capture_output=True, env=env)
    processes.start("postgres", [str(bin_dir / "postgres"), "-D", str(data_dir), "-h", "127.0.0.1",
                                 "-p", str(port), "-k", str(data_dir)], env, user=user)
    wait_for(lambda: _accepts(port), 60, "postgres to accept connections")
    subprocess.run(
        [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "prefect", "prefect"],
        check=True, capture_output=True, env={**env, "PGPASSWORD": password})
    for script in init_scripts:
        # What docker-entrypoint.sh does with each *.sql file on a fresh volume.
        result = subprocess.run(
            [str(bin_dir / "psql"), "-v", "ON_ERROR_STOP=1", "--no-psqlrc", "-h", "127.0.0.1", "-p", str(port),
             "-U", "prefect", "-d", "prefect", "-f", str(script)],
            capture_output=True, text=True, env={**env, "PGPASSWORD": password})
        assert result.returncode == 0, f"{script}: {result.stdout}{result.stderr}"
    return f"postgresql+asyncpg://prefect:{password}@127.0.0.1:{port}/prefect"


def _accepts(port: int) -> bool:
    result = subprocess.run([str(postgres_bin() / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                            capture_output=True)
    return result.returncode == 0


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def wait_for(predicate, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f}s")
