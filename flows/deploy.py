"""The ``ingest`` deployment on a Prefect server: work pool, schedule, concurrency, zombie detection."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from prefect.automations import Automation
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy, StateType
from prefect.events.actions import ChangeFlowRunState
from prefect.events.schemas.automations import EventTrigger, Posture
from prefect.events.schemas.events import ResourceSpecification
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from flows import PRIVACY_DEFAULTS
from flows.config import PROJECT_ROOT, Settings
from warehouse.lake import redacted
from flows.sources import parse_shard

WORK_POOL = "newsclaims"
DEPLOYMENT = "ingest"
FULL_NAME = f"ingest/{DEPLOYMENT}"
ZOMBIE_AUTOMATION = "newsclaims: mark ingest runs without heartbeats as Crashed"


@dataclass(frozen=True)
class DeploymentSpec:
    interval_seconds: int
    parameters: dict = field(default_factory=dict)
    work_pool: str = WORK_POOL
    paused: bool | None = None  # None: a new deployment starts active, an existing one keeps its state
    heartbeat_seconds: int = 30
    # Runs may overlap (a scheduled run and a backfill, or two shards on two workers): the lake takes
    # many writers. The limit only bounds how many of this deployment's runs hold a worker at once.
    concurrency: int = 2
    shard: str | None = None
    tags: tuple[str, ...] = ("newsclaims", "ingest")

    @property
    def name(self) -> str:
        """``ingest``, or ``ingest-shard-K-of-N`` for one share of the feeds."""
        if not self.shard:
            return DEPLOYMENT
        k, n = parse_shard(self.shard)
        return f"{DEPLOYMENT}-shard-{k}-of-{n}"

    def environment(self) -> dict[str, str]:
        """Environment of each deployed run: heartbeats on, and the settings file the deployer used."""
        env = {"PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(self.heartbeat_seconds)}
        # Runs start in fresh processes that import Prefect before this package: they need the defaults too.
        env.update({name: os.environ.get(name, value) for name, value in PRIVACY_DEFAULTS.items()})
        if os.environ.get("NEWSCLAIMS_CONFIG"):
            env["NEWSCLAIMS_CONFIG"] = os.environ["NEWSCLAIMS_CONFIG"]
        return env

    @classmethod
    def from_settings(cls, settings: Settings, **overrides) -> DeploymentSpec:
        # The password stays out of Prefect (UI, API, logs): each run takes it from its own configuration.
        # Scheduled runs poll only the feeds that are due; the schedule interval is how often they look.
        parameters = {"feeds_file": str(settings.feeds_file), "db": redacted(settings.db), "only_due": True}
        if overrides.get("shard"):
            parse_shard(overrides["shard"])
            parameters["shard"] = overrides["shard"]
        values = {"interval_seconds": settings.interval_seconds, "parameters": parameters}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def ensure_work_pool(name: str = WORK_POOL) -> None:
    """Create the process work pool unless it exists."""
    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(WorkPoolCreate(name=name, type="process"))
        except ObjectAlreadyExists:
            pass


def ensure_zombie_automation(heartbeat_seconds: int) -> None:
    """An automation that marks a flow run Crashed when its heartbeats stop (a killed worker or host).

    Prefect's documented recipe: three missed heartbeats and the run is declared dead, which also frees
    the deployment's concurrency slot for the next run.
    """
    with get_client(sync_client=True) as client:
        for existing in client.read_automations_by_name(ZOMBIE_AUTOMATION):
            client.delete_automation(existing.id)
    Automation(
        name=ZOMBIE_AUTOMATION,
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={
                "prefect.flow-run.heartbeat",
                "prefect.flow-run.Completed",
                "prefect.flow-run.Failed",
                "prefect.flow-run.Cancelled",
                "prefect.flow-run.Crashed",
            },
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=timedelta(seconds=heartbeat_seconds * 3),
        ),
        actions=[ChangeFlowRunState(state=StateType.CRASHED, message="No heartbeat: the run's process died.")],
    ).create()


def deploy(spec: DeploymentSpec) -> UUID:
    """Create or update the ``ingest`` deployment (or one shard's); at most ``concurrency`` of its runs at once."""
    from flows.ingest import ingest

    ensure_work_pool(spec.work_pool)
    ensure_zombie_automation(spec.heartbeat_seconds)
    return deploy_flow(
        ingest, "flows/ingest.py:ingest", spec.name, spec.work_pool, spec.interval_seconds, spec.paused,
        spec.parameters, list(spec.tags), spec.concurrency, spec.environment(),
        "Poll the feeds, load new articles and claims into the newsclaims lake.",
    )


def deploy_flow(flow, entrypoint: str, name: str, work_pool: str, interval_seconds: int, paused: bool | None,
                parameters: dict, tags: list[str], concurrency: int, env: dict[str, str], description: str) -> UUID:
    """Deploy one of the project's flows from this checkout on a process pool, CANCEL_NEW beyond ``concurrency``.

    ``paused=None`` keeps an existing deployment's schedule as it is: redeploying (every worker start
    does) must not undo an operator's pause.
    """
    if paused is None:
        paused = schedule_paused(f"{flow.name}/{name}")
    deployment_id = flow.from_source(source=str(PROJECT_ROOT), entrypoint=entrypoint).deploy(
        name=name,
        work_pool_name=work_pool,
        interval=interval_seconds,
        paused=paused,
        parameters=parameters,
        tags=tags,
        concurrency_limit=ConcurrencyLimitConfig(limit=concurrency, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
        job_variables={"env": env},
        description=description,
        print_next_steps=False,
        build=False,
        push=False,
    )
    if paused:
        # Deploying writes the schedule afresh, active; pausing is the schedules' state, so set it again.
        set_schedules(deployment_id, active=False)
    return deployment_id


def set_schedules(deployment_id: UUID, active: bool) -> None:
    """Activate or pause every schedule of one deployment."""
    with get_client(sync_client=True) as client:
        for schedule in client.read_deployment(deployment_id).schedules:
            client.update_deployment_schedule(deployment_id, schedule.id, active=active)


def schedule_paused(full_name: str) -> bool:
    """Whether an existing deployment's schedules are all paused; False for a new one."""
    with get_client(sync_client=True) as client:
        try:
            deployment = client.read_deployment_by_name(full_name)
        except ObjectNotFound:
            return False
    return bool(deployment.schedules) and not any(s.active for s in deployment.schedules)


def set_schedule_active(active: bool) -> list[str]:
    """Pause or resume every schedule of every ``ingest`` deployment (all shards); returns their names."""
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    with get_client(sync_client=True) as client:
        deployments = client.read_deployments(flow_filter=FlowFilter(name=FlowFilterName(any_=["ingest"])))
        if not deployments:
            raise SystemExit(f"no deployment {FULL_NAME}: run `newsclaims deploy` first")
    for deployment in deployments:
        set_schedules(deployment.id, active)
    return sorted(f"ingest/{d.name}" for d in deployments)


def scheduled_ingest_deployments(excluding: str | None = None) -> list[str]:
    """Names of ``ingest`` deployments whose schedule is on (``excluding`` one by its deployment name)."""
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    with get_client(sync_client=True) as client:
        deployments = client.read_deployments(flow_filter=FlowFilter(name=FlowFilterName(any_=["ingest"])))
    return sorted(f"ingest/{d.name}" for d in deployments
                  if d.name != excluding and not d.paused and any(s.active for s in d.schedules))
