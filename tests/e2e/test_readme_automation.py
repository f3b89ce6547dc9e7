"""The README's automation snippet, run as written against a real Prefect API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("prefect_api")
README = Path(__file__).parents[2] / "README.md"


def readme_snippet(after: str) -> str:
    text = README.read_text()
    start = text.index(after)
    return re.search(r"```python\n(.*?)```", text[start:], re.S).group(1)


def test_the_stale_run_automation_snippet_creates_its_automation():
    from prefect.automations import Automation
    from prefect.blocks.notifications import SlackWebhook

    # The block an operator would create first; the hook URL is never called (nothing triggers here).
    SlackWebhook(url="http://127.0.0.1:9/hooks/newsclaims").save("newsclaims-alerts", overwrite=True)
    code = readme_snippet("An automation that alerts when no `ingest` run has completed")
    assert "._" not in code, "the snippet uses public names only"
    exec(compile(code, "README.md", "exec"), {})
    created = Automation.read(name="newsclaims: no Completed ingest run for twice the interval")
    assert created.trigger.within.total_seconds() == 1800
    assert created.actions[0].block_document_id is not None
