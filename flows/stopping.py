"""Stopping a run on SIGTERM or Ctrl-C: the signal becomes an exception the flow handles, once."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator


class RunStopped(BaseException):
    """The process was asked to stop (SIGTERM, SIGINT). A BaseException, like KeyboardInterrupt, so that
    the flow's "record this failure and go on" handlers do not swallow it."""

    def __init__(self, signum: int):
        self.signum = signum
        self.signal_name = signal.Signals(signum).name
        super().__init__(f"stopped by {self.signal_name}")


@contextlib.contextmanager
def stop_on_signals(signals: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT)) -> Iterator[None]:
    """Within the block, SIGTERM and SIGINT raise RunStopped in the main thread, once: a second signal
    while the run cleans up gets the signal's default action (ends the process at once). Outside the main
    thread (where Python cannot take signals) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping = threading.Event()

    def handle(signum, frame):
        if stopping.is_set():
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        stopping.set()
        raise RunStopped(signum)

    previous = {signum: signal.signal(signum, handle) for signum in signals}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
