"""Progress bars in a terminal, plain log lines elsewhere."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("prefect_api")
NEWSCLAIMS = str(Path(sys.executable).with_name("newsclaims"))


def environment() -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    return {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "COLUMNS": "120", "TERM": "xterm"}


def test_a_terminal_shows_progress(tmp_path):
    leader, follower = pty.openpty()
    run = subprocess.Popen([NEWSCLAIMS, "ingest", "--quiet", "--db", str(tmp_path / "a.ducklake")],
                           stdin=follower, stdout=follower, stderr=follower, env=environment())
    os.close(follower)
    output = b""
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        output += data
    assert run.wait(120) == 0
    text = output.decode(errors="replace")
    assert "feeds polled" in text and "pages processed" in text and "chunks loaded" in text
    assert "1/1" in text and "5/5" in text  # the seed feed and its five articles


def test_without_a_terminal_only_log_lines(tmp_path):
    run = subprocess.run([NEWSCLAIMS, "ingest", "--quiet", "--db", str(tmp_path / "b.ducklake")],
                         capture_output=True, text=True, env=environment(), timeout=120)
    assert run.returncode == 0
    output = run.stdout + run.stderr
    assert "pages processed" not in output and "━" not in output  # no bars
    assert "polled 1 feeds" in output and "chunk 1/1 loaded" in output  # the log lines say the same
