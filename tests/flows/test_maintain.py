"""The maintain flow on a real Prefect API (the test harness): a completed run, its artifact, its deployment."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

from flows.config import load_settings
from flows.deploy import ZOMBIE_AUTOMATION
from flows.maintain import ARTIFACT_KEY, FULL_NAME, deploy_maintain, maintain
from tests.warehouse.test_maintenance import contents, load_run
from warehouse.lake import connect, lake_location
from warehouse.store import Warehouse

pytestmark = pytest.mark.usefixtures("prefect_api")


def test_a_maintain_run_compacts_the_lake_and_leaves_a_table_artifact(db_path, monkeypatch):
    monkeypatch.setenv("NEWSCLAIMS_SNAPSHOT_RETENTION_DAYS", "7")
    with Warehouse(db_path) as warehouse:
        load_run(warehouse, "run-1", 0, 10)
        rows = contents(warehouse.con)

    state = maintain(db=str(db_path), return_state=True)
    summary = state.result()
    assert state.is_completed() and summary["status"] == "completed" and summary["retention_days"] == 7
    assert summary["files_after"] < summary["files_before"] and summary["merged_files"] >= 20
    with connect(lake_location(db_path), read_only=True) as con:
        assert contents(con) == rows

    flow_run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(flow_run_id).state.is_completed()
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=[ARTIFACT_KEY]), flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    assert len(artifacts) == 1 and artifacts[0].type == "table"
    table = artifacts[0].data if isinstance(artifacts[0].data, list) else json.loads(artifacts[0].data)
    files = next(row for row in table if row["measure"] == "Parquet files read by queries")
    assert (files["before"], files["after"]) == (summary["files_before"], summary["files_after"])
    assert "merged" in artifacts[0].description


def test_maintaining_a_lake_that_does_not_exist_yet_creates_nothing(tmp_path):
    db = tmp_path / "nowhere" / "newsclaims.ducklake"
    summary = maintain(db=str(db), retention_days=30)
    assert summary["status"] == "no warehouse" and not db.parent.exists()


def test_the_maintain_deployment_runs_daily_one_run_at_a_time(tmp_path):
    db = str(tmp_path / "lake.ducklake")
    deployment_id = deploy_maintain(parameters={"db": db}, paused=True)
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(FULL_NAME)
        automations = client.read_automations_by_name(ZOMBIE_AUTOMATION)
    assert deployment.id == deployment_id and deployment.parameters == {"db": db}
    assert deployment.work_pool_name == "newsclaims" and deployment.global_concurrency_limit.limit == 1
    assert [s.schedule.interval for s in deployment.schedules] == [
        timedelta(seconds=load_settings().maintain_interval_seconds)]
    assert deployment.job_variables["env"]["PREFECT_FLOWS_HEARTBEAT_FREQUENCY"] == "30" and automations
