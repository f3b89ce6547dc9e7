"""What each run tells dashboards: a summary table, failing feeds, and feed events."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.events import emit_event

from warehouse.store import FeedHealth, FeedPoll, LoadResult

# Stages that are not failures: a page robots.txt asks us not to fetch is skipped, on purpose.
SKIP_STAGES = frozenset({"robots"})
MAX_SCHEDULE_ROWS = 1000


@dataclass
class FeedStatus:
    feed_url: str
    items: int
    error: str | None


@dataclass
class RunSummary:
    run_id: str
    database: str
    feeds: int
    items_seen: int = 0
    errors: int = 0
    duration_s: float = 0.0
    status: str = "running"
    load_failures: int = 0
    snapshot_id: int | None = None
    errors_by_stage: dict[str, int] = field(default_factory=dict)
    load: LoadResult = field(default_factory=LoadResult)
    feed_statuses: list[FeedStatus] = field(default_factory=list)
    chunks_loaded: int = 0
    feeds_polled: int = 0
    retried_items: int = 0
    skipped: int = 0
    http_requests: int = 0
    bytes_fetched: int = 0
    fetch_seconds: float = 0.0
    load_seconds: float = 0.0
    polls: list[FeedPoll] = field(default_factory=list)
    last_load_error: str | None = None
    previous_validators: dict[str, tuple] = field(default_factory=dict)

    def measures(self) -> dict:
        """The run's measures as run_log stores them."""
        return {"feeds_polled": self.feeds_polled, "http_requests": self.http_requests,
                "bytes_fetched": self.bytes_fetched, "fetch_seconds": round(self.fetch_seconds, 3),
                "load_seconds": round(self.load_seconds, 3), "skipped": self.skipped}

    def count_errors(self, by_stage: dict[str, int]) -> None:
        self.errors_by_stage = by_stage
        self.errors = sum(n for stage, n in by_stage.items() if stage not in SKIP_STAGES)
        self.skipped = sum(n for stage, n in by_stage.items() if stage in SKIP_STAGES)

    def add(self, loaded: LoadResult) -> None:
        self.chunks_loaded += 1
        self.load = LoadResult(
            new_articles=self.load.new_articles + loaded.new_articles,
            duplicates=self.load.duplicates + loaded.duplicates,
            claims=self.load.claims + loaded.claims,
            already_loaded=self.load.already_loaded + loaded.already_loaded,
        )

    def failure_reason(self) -> str | None:
        if self.load_failures and not self.chunks_loaded:
            return f"every chunk failed to load ({self.load_failures} chunks): {self.last_load_error}"
        return None

    def final_status(self) -> str:
        if self.load_failures and not self.chunks_loaded:
            return "failed"
        if self.errors:
            return "completed_with_errors"
        return "completed"

    def as_dict(self) -> dict:
        row = {k: v for k, v in asdict(self).items() if k not in ("load", "feed_statuses", "polls", "previous_validators", "last_load_error")}
        row.update(asdict(self.load))
        row["failing_feeds"] = [f.feed_url for f in self.feed_statuses if f.error]
        return row

    def table_row(self) -> dict:
        statuses = {poll.status: 0 for poll in self.polls}
        for poll in self.polls:
            statuses[poll.status] += 1
        return {
            "feeds": self.feeds,
            "feeds polled": self.feeds_polled,
            "unchanged feeds": statuses.get("not_modified", 0) + statuses.get("unchanged", 0),
            "failing feeds": sum(1 for f in self.feed_statuses if f.error),
            "HTTP requests": self.http_requests,
            "items seen": self.items_seen,
            "new articles": self.load.new_articles,
            "duplicates": self.load.duplicates,
            "claims": self.load.claims,
            "failed items retried": self.retried_items,
            "skipped (robots.txt)": self.skipped,
            "errors": self.errors,
            "errors by stage": ", ".join(f"{stage} {n}" for stage, n in self.errors_by_stage.items()) or "none",
            "duration (s)": self.duration_s,
            "status": self.status,
        }


def publish_run_artifacts(summary: RunSummary, failing: list[tuple[str, int, str]]) -> None:
    """A table artifact with the run's counts and a markdown artifact of failing feeds."""
    create_table_artifact(
        key="ingest-summary", table=[summary.table_row()], description=f"newsclaims ingest run {summary.run_id}"
    )
    if failing:
        lines = ["| feed | consecutive failures | last error |", "| --- | --- | --- |"]
        lines += [f"| {url} | {count} | {error.replace('|', '/')} |" for url, count, error in failing]
        markdown = "## Failing feeds\n\n" + "\n".join(lines)
    else:
        markdown = "## Failing feeds\n\nNone: every feed was polled successfully."
    create_markdown_artifact(key="failing-feeds", markdown=markdown, description="feeds whose last poll failed")
    if summary.polls:
        create_table_artifact(key="feed-schedule", table=schedule_rows(summary.polls),
                              description="each polled feed: what the poll found and when the next one is due")


def schedule_rows(polls: list[FeedPoll]) -> list[dict]:
    """One row per polled feed, soonest next poll first (capped, the full list is the feeds view)."""
    ordered = sorted(polls, key=lambda poll: (poll.next_poll_at is None, poll.next_poll_at, poll.feed_url))
    return [{"feed": poll.feed_url, "status": poll.status, "items": poll.items, "new items": poll.new_items,
             "interval (s)": round(poll.interval_s or 0), "next poll (UTC)":
                 poll.next_poll_at.strftime("%Y-%m-%d %H:%M:%S") if poll.next_poll_at else None}
            for poll in ordered[:MAX_SCHEDULE_ROWS]]


def emit_run_event(summary: RunSummary) -> None:
    """``newsclaims.run.completed_with_errors`` when a run finished but something in it failed.

    The flow run itself stays Completed (the schedule must go on); this event, the run artifact and
    ``ingest_errors`` say what failed, and automations can match it.
    """
    if summary.status != "completed_with_errors":
        return
    emit_event(
        event="newsclaims.run.completed_with_errors",
        resource={"prefect.resource.id": f"newsclaims.run.{summary.run_id}", "prefect.resource.name": "ingest"},
        payload={"errors": summary.errors, "errors_by_stage": summary.errors_by_stage,
                 "failing_feeds": [f.feed_url for f in summary.feed_statuses if f.error]},
    )


def emit_feed_event(health: FeedHealth) -> None:
    """``newsclaims.feed.failed`` on each failed poll, ``newsclaims.feed.recovered`` on the first good one."""
    if health.last_error:
        name, payload = "newsclaims.feed.failed", {
            "error": health.last_error, "consecutive_failures": health.consecutive_failures,
        }
    elif health.previous_failures:
        name, payload = "newsclaims.feed.recovered", {"failures_before_recovery": health.previous_failures}
    else:
        return
    emit_event(
        event=name,
        resource={"prefect.resource.id": f"newsclaims.feed.{health.feed_url}", "prefect.resource.name": health.feed_url},
        payload=payload,
    )
