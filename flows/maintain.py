"""The ``maintain`` flow: compact the lake's small files and expire old snapshots, on its own schedule."""

from __future__ import annotations

import os
from uuid import UUID

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.client.orchestration import get_client

from flows.config import load_settings
from flows.deploy import WORK_POOL, ZOMBIE_AUTOMATION, deploy_flow, ensure_work_pool, ensure_zombie_automation
from warehouse.lake import redacted
from warehouse.maintenance import MaintenanceReport, maintain_lake
from warehouse.store import Warehouse

DEPLOYMENT = "maintain"
FULL_NAME = f"maintain/{DEPLOYMENT}"
ARTIFACT_KEY = "lake-maintenance"
HEARTBEAT_SECONDS = 30


@flow(name="maintain", log_prints=True)
def maintain(db: str | None = None, retention_days: int | None = None) -> dict:
    """Merge the lake's small Parquet files, expire snapshots past the retention, delete files nothing needs."""
    logger = get_run_logger()
    settings = load_settings()
    lake = settings.lake(db)
    retention = settings.snapshot_retention_days if retention_days is None else retention_days
    if not lake.exists():
        logger.warning("no warehouse at %s yet: nothing to maintain", lake.name)
        return {"database": lake.name, "retention_days": retention, "status": "no warehouse"}

    with Warehouse(lake) as warehouse:
        # Pages go first, so that the compaction below already leaves their files out.
        dropped_pages = warehouse.drop_pages_older_than(settings.page_retention_days) \
            if settings.page_retention_days else 0
        report = maintain_lake(warehouse, retention)
    publish_maintenance_artifact(report, lake.name, retention)
    logger.info(
        "lake %s: %d → %d Parquet files read by queries, %d → %d on storage; merged %d, expired %d snapshots "
        "(retention %d days), deleted %d set-aside and %d orphaned files in %.1fs (%d commit conflicts retried)",
        lake.name, report.files_before, report.files_after, report.stored_files_before, report.stored_files_after,
        report.merged_files, report.expired_snapshots, retention, report.deleted_files, report.orphaned_files,
        report.duration_s, report.conflicts_retried,
    )
    if dropped_pages:
        logger.info("dropped %d kept pages fetched more than %d days ago (page_retention_days)", dropped_pages,
                    settings.page_retention_days)
    return {"database": lake.name, "retention_days": retention, "status": "completed",
            "dropped_pages": dropped_pages, **report.as_dict()}


def publish_maintenance_artifact(report: MaintenanceReport, database: str, retention_days: int) -> None:
    """A table artifact with the lake's files, bytes and snapshots before and after maintenance."""
    rows = [
        ("Parquet files read by queries", report.files_before, report.files_after),
        ("bytes read by queries", report.bytes_before, report.bytes_after),
        ("Parquet files on storage", report.stored_files_before, report.stored_files_after),
        ("bytes on storage", report.stored_bytes_before, report.stored_bytes_after),
        ("snapshots", report.snapshots_before, report.snapshots_after),
    ]
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=[{"measure": measure, "before": before, "after": after} for measure, before, after in rows],
        description=(
            f"Maintenance of {database}: merged {report.merged_files} small files, flushed "
            f"{report.flushed_rows} inlined rows, expired {report.expired_snapshots} snapshots older than "
            f"{retention_days} days, deleted {report.deleted_files} set-aside and {report.orphaned_files} "
            f"orphaned files in {report.duration_s}s. Files that merging sets aside stay on storage until a run "
            f"on a later day, so that queries begun before the merge can finish."
        ),
    )


def deploy_maintain(interval_seconds: int | None = None, work_pool: str = WORK_POOL,
                    parameters: dict | None = None, paused: bool | None = None) -> UUID:
    """Create or update the ``maintain/maintain`` deployment (daily by default); its runs never overlap."""
    settings = load_settings()
    ensure_work_pool(work_pool)
    _ensure_zombie_automation()
    env = {"PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(HEARTBEAT_SECONDS)}
    if os.environ.get("NEWSCLAIMS_CONFIG"):
        env["NEWSCLAIMS_CONFIG"] = os.environ["NEWSCLAIMS_CONFIG"]
    return deploy_flow(
        maintain, "flows/maintain.py:maintain", DEPLOYMENT, work_pool,
        interval_seconds or settings.maintain_interval_seconds, paused,
        {"db": redacted(settings.db)} if parameters is None else parameters, ["newsclaims", "maintenance"],
        # A second maintenance run would only race the first one's merges; ingest runs go on meanwhile.
        1, env, "Merge the lake's small Parquet files, expire old snapshots, delete files nothing needs.",
    )


def _ensure_zombie_automation() -> None:
    # The automation declares any flow run dead whose heartbeats stop, which frees this deployment's
    # concurrency slot. Ingest's deploy sets it up with its own heartbeat interval: keep that one.
    with get_client(sync_client=True) as client:
        if client.read_automations_by_name(ZOMBIE_AUTOMATION):
            return
    ensure_zombie_automation(HEARTBEAT_SECONDS)
