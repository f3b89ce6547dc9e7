"""Progress of a run in a terminal (feeds polled, pages fetched and extracted, chunks loaded), with rich.

Only when the run's stderr is a terminal and it runs in this process (``newsclaims ingest``); elsewhere
(workers, CI, log files) the log lines say the same and nothing else is printed.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def wanted() -> bool:
    return sys.stderr.isatty() and os.environ.get("NEWSCLAIMS_PROGRESS", "1") not in ("0", "false", "no")


class RunProgress:
    """Three bars, advanced from the flow's own thread; a no-op when not wanted."""

    def __init__(self, enabled: bool | None = None):
        self.enabled = wanted() if enabled is None else enabled
        self._progress: Progress | None = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> RunProgress:
        if self.enabled:
            self._progress = Progress(
                TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=False)
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage(self, name: str, total: int) -> None:
        """Start (or resize) a bar: ``feeds polled``, ``pages processed``, ``chunks loaded``."""
        if self._progress is None:
            return
        if name in self._tasks:
            self._progress.update(self._tasks[name], total=total)
        else:
            self._tasks[name] = self._progress.add_task(name, total=total)

    def advance(self, name: str, amount: int = 1) -> None:
        if self._progress is not None and name in self._tasks:
            self._progress.advance(self._tasks[name], amount)
