"""Which runs the lake still calls running are dead: Prefect's word, the process table, or their age."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta, timezone

from warehouse.store import RunningRun

TERMINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def dead_runs(runs: list[RunningRun], current_run_id: str, stale_after: timedelta) -> list[RunningRun]:
    """The runs among ``runs`` that will never finish.

    With many writers a 'running' row may belong to a live run on another worker, so a run is only
    declared dead on evidence: Prefect holds its flow run in a final state (a worker killed with the
    heartbeat automation on ends Crashed), its process on this host is gone, or it started longer
    ago than any run lasts.
    """
    runs = [r for r in runs if r.run_id != current_run_id]
    if not runs:
        return []
    final = _flow_runs_in_final_state([r.flow_run_id for r in runs if r.flow_run_id])
    now = datetime.now(timezone.utc)
    host = socket.gethostname()
    return [
        run for run in runs
        if run.flow_run_id in final
        or (run.host == host and run.pid and not _process_alive(run.pid))
        or now - run.started_at > stale_after
    ]


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _flow_runs_in_final_state(flow_run_ids: list[str]) -> set[str]:
    if not flow_run_ids:
        return set()
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    try:
        with get_client(sync_client=True) as client:
            found = client.read_flow_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=flow_run_ids)))
    except Exception:  # no API reachable: the other two signs still apply
        return set()
    return {str(run.id) for run in found if run.state_type and run.state_type.value in TERMINAL_STATES}
