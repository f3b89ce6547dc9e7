"""Deployments on a real Prefect API (the test harness): shards, overlapping runs, pause and resume."""

from __future__ import annotations

import pytest
from prefect.client.orchestration import get_client

from flows.config import load_settings
from flows.deploy import DeploymentSpec, deploy, set_schedule_active

pytestmark = pytest.mark.usefixtures("prefect_api")


def test_one_deployment_per_shard_each_allowed_to_overlap(tmp_path):
    settings = load_settings(tmp_path / "absent.toml", environ={"NEWSCLAIMS_DB": str(tmp_path / "lake.ducklake")})
    ids = [deploy(DeploymentSpec.from_settings(settings, shard=f"{k}/2", paused=True)) for k in (1, 2)]
    with get_client(sync_client=True) as client:
        deployments = [client.read_deployment(i) for i in ids]
    assert [d.name for d in deployments] == ["ingest-shard-1-of-2", "ingest-shard-2-of-2"]
    assert [d.parameters["shard"] for d in deployments] == ["1/2", "2/2"]
    assert all(d.parameters["db"] == str(tmp_path / "lake.ducklake") for d in deployments)
    assert all(d.global_concurrency_limit.limit == 2 for d in deployments)
    shards = {"ingest/ingest-shard-1-of-2", "ingest/ingest-shard-2-of-2"}
    assert shards <= set(set_schedule_active(True)) and shards <= set(set_schedule_active(False))


def test_redeploying_keeps_a_paused_schedule_paused_and_the_password_out_of_prefect(tmp_path):
    url = "postgresql://lake:s3cret@127.0.0.1:5432/newsclaims"
    settings = load_settings(tmp_path / "absent.toml", environ={"NEWSCLAIMS_DB": url})
    spec = DeploymentSpec.from_settings(settings, shard="1/3")
    deploy(spec)
    assert "ingest/ingest-shard-1-of-3" in set_schedule_active(False)
    deployment_id = deploy(spec)  # what every worker start does
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment(deployment_id)
    assert deployment.schedules and not any(s.active for s in deployment.schedules)
    assert deployment.parameters["db"] == "postgresql://lake@127.0.0.1:5432/newsclaims"
    assert "s3cret" not in str(deployment.parameters) + str(deployment.job_variables)
    # the run gets its password back from its own configuration
    assert settings.lake(deployment.parameters["db"]).catalog == f"postgres:{url}"
    set_schedule_active(True)


def test_a_bad_shard_is_refused_before_anything_is_deployed(tmp_path):
    with pytest.raises(ValueError, match="shard"):
        DeploymentSpec.from_settings(load_settings(tmp_path / "absent.toml", environ={}), shard="3/2")


def test_serve_refuses_to_run_beside_a_scheduled_deployment(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from prefect.settings import PREFECT_API_URL

    settings = load_settings(tmp_path / "absent.toml", environ={"NEWSCLAIMS_DB": str(tmp_path / "lake.ducklake")})
    deploy(DeploymentSpec.from_settings(settings, shard="1/5"))
    set_schedule_active(True)
    try:
        serve = subprocess.run([str(Path(sys.executable).with_name("newsclaims")), "serve"], capture_output=True,
                               text=True, timeout=120, env={**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()})
    finally:
        set_schedule_active(False)
    assert serve.returncode == 2 and "ingest/ingest-shard-1-of-5" in serve.stderr and "--force" in serve.stderr
    assert "Traceback" not in serve.stderr
