"""Pipeline metrics in Prometheus format, read from the lake on every scrape (``newsclaims metrics``).

Many runs, in many processes and machines, write one lake, and each run is a short-lived process; the
lake is the truth. So the exporter is one long-running process holding one read-only session on the
lake (a held session sees every new commit) and answering each scrape with a few SQL queries, all in
one transaction so that they agree with each other. Nothing is pushed and no run needs to be alive.

Metric (counters' samples end in _total)                 Type     What
-------------------------------------------------------  -------  --------------------------------------------------
newsclaims_runs{status}                                  gauge    runs by current status: running, completed,
                                                                  completed_with_errors, failed, cancelled, crashed
newsclaims_last_run_completed_timestamp_seconds          gauge    when the latest run with status completed or
                                                                  completed_with_errors finished (absent: none yet)
newsclaims_last_run_finished_timestamp_seconds           gauge    when the latest run finished, whatever its status
newsclaims_last_run_errors                               gauge    of the latest finished run: failures (robots.txt
newsclaims_last_run_new_articles                         gauge    skips are not failures), new original articles,
newsclaims_last_run_items_seen                           gauge    feed items seen, feeds polled, wall time
newsclaims_last_run_feeds_polled                         gauge    (finished_at - started_at), HTTP requests, decoded
newsclaims_last_run_duration_seconds                     gauge    bytes fetched, seconds fetching (summed over
newsclaims_last_run_http_requests                        gauge    requests, so more than the wall time when they
newsclaims_last_run_bytes_fetched                        gauge    overlap) and seconds loading; the measures are 0
newsclaims_last_run_fetch_seconds                        gauge    for runs recorded before migration 003
newsclaims_last_run_load_seconds                         gauge
newsclaims_http_requests_total                           counter  HTTP requests, decoded bytes, seconds fetching and
newsclaims_fetched_bytes_total                           counter  seconds loading, summed over all finished runs
newsclaims_fetch_seconds_total                           counter
newsclaims_load_seconds_total                            counter
newsclaims_articles                                      gauge    original articles stored (a copy published earlier
                                                                  but found later demotes an original to duplicate)
newsclaims_duplicates                                    gauge    near-duplicate articles stored
newsclaims_claims                                        gauge    claims stored (a demoted original loses its claims)
newsclaims_errors_total{stage}                           counter  recorded failures by stage: feed, feed-entry,
                                                                  fetch, extract, process, load; stage="robots"
                                                                  counts pages skipped because robots.txt disallows
                                                                  them (skips, not failures)
newsclaims_failed_items_given_up                         gauge    failed items, not stored since, given up
newsclaims_failed_items_pending                          gauge    failed items, not stored since, still retried
newsclaims_feed_last_success_timestamp_seconds{feed}     gauge    the feed's last poll without an error (absent:
                                                                  never)
newsclaims_feed_last_poll_timestamp_seconds{feed}        gauge    the feed's last poll, failed or not
newsclaims_feed_consecutive_failures{feed}               gauge    failed polls of the feed since its last good one
newsclaims_feed_poll_interval_seconds{feed}              gauge    the feed's current adaptive polling interval
newsclaims_scrape_error                                  gauge    1 if the lake could not be read on this scrape
                                                                  (then only it, the next one and process_* are
                                                                  exported), else 0
newsclaims_scrape_duration_seconds                       gauge    seconds reading the lake took on this scrape
process_*                                                         the exporter process's CPU, memory, open files

The exporter never stops because the lake cannot be read (not created yet, catalog down): it exports
``newsclaims_scrape_error 1``, logs one line, and opens a new session on the next scrape.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

from warehouse.lake import LakeLocation, connect

logger = logging.getLogger("newsclaims.metrics")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9108
PREFIX = "newsclaims_"
RUN_STATUSES = ("running", "completed", "completed_with_errors", "failed", "cancelled", "crashed")
# Stages of ingest_errors (README); each is exported from the start, at 0, so that the first failure
# at a stage is an increase rather than a new series.
ERROR_STAGES = ("feed", "feed-entry", "fetch", "robots", "extract", "process", "load")

# The latest finished run's columns: (metric suffix, SQL over ingest_runs, help text).
LAST_RUN = (
    ("errors", "errors", "Failures the latest finished run recorded (robots.txt skips excluded)."),
    ("new_articles", "new_articles", "New original articles the latest finished run stored."),
    ("items_seen", "items_seen", "Feed items the latest finished run saw."),
    ("feeds_polled", "feeds_polled", "Feeds the latest finished run polled."),
    ("duration_seconds", "epoch(finished_at) - epoch(started_at)", "Wall time of the latest finished run."),
    ("http_requests", "http_requests", "HTTP requests the latest finished run sent."),
    ("bytes_fetched", "bytes_fetched", "Decoded bytes the latest finished run fetched."),
    ("fetch_seconds", "fetch_seconds",
     "Seconds the latest finished run spent fetching, summed over requests."),
    ("load_seconds", "load_seconds", "Seconds the latest finished run spent loading into the lake."),
)
# Measures summed over all finished runs: (counter name without _total, ingest_runs column, help text).
RUN_TOTALS = (
    ("http_requests", "http_requests", "HTTP requests sent by all finished runs."),
    ("fetched_bytes", "bytes_fetched", "Decoded bytes fetched by all finished runs."),
    ("fetch_seconds", "fetch_seconds", "Seconds spent fetching by all finished runs, summed over requests."),
    ("load_seconds", "load_seconds", "Seconds spent loading into the lake by all finished runs."),
)


class LakeCollector(Collector):
    """A custom collector answering each scrape from the lake through one held read-only session."""

    def __init__(self, location: LakeLocation):
        self.location = location
        self._con = None
        self._lock = threading.Lock()
        self._last_error: str | None = None

    def describe(self) -> list[Metric]:
        # No lake queries at registration time: the lake may not exist yet.
        return []

    def collect(self) -> Iterator[Metric]:
        started = time.monotonic()
        with self._lock:
            try:
                families = self._read()
                error = None
            except Exception as exc:  # never crash the exporter: report it as a metric
                families = []
                error = " ".join(f"{type(exc).__name__}: {exc}".split())
                self._drop_connection()
            self._note(error)
        yield from families
        yield gauge("scrape_error", "1 if the lake could not be read on this scrape, else 0.", 1 if error else 0)
        yield gauge("scrape_duration_seconds", "Seconds reading the lake took on this scrape.",
                    time.monotonic() - started)

    def close(self) -> None:
        with self._lock:
            self._drop_connection()

    def _note(self, error: str | None) -> None:
        if error and error != self._last_error:
            logger.warning("cannot read the lake %s: %s", self.location.name, self._redacted(error)[:500])
        elif not error and self._last_error:
            logger.warning("reading the lake %s again", self.location.name)
        self._last_error = error

    def _redacted(self, message: str) -> str:
        """``message`` without the catalog's password (DuckDB's errors quote the PostgreSQL URL whole)."""
        if self.location.is_postgres:
            url = self.location.catalog.removeprefix("postgres:")
            message = message.replace(url, self.location.name)
            password = urlsplit(url).password
            if password:
                message = message.replace(password, "***")
        return message

    def _connection(self):
        if self._con is None:
            self._con = connect(self.location, read_only=True)
        return self._con

    def _drop_connection(self) -> None:
        if self._con is not None:
            try:
                self._con.close()
            except Exception:
                pass
            self._con = None

    def _read(self) -> list[Metric]:
        con = self._connection()
        con.execute("BEGIN TRANSACTION")
        try:
            return list(collect(con))
        finally:
            try:
                con.execute("ROLLBACK")
            except Exception:
                pass


def collect(con) -> Iterator[Metric]:
    """Every lake metric, read through ``con`` (a session on the lake, e.g. ``warehouse.lake.connect``)."""
    relations = _relations(con)
    runs = relations.get("ingest_runs", set())

    def measure(expr: str) -> str:
        # Runs recorded before migration 003 (or a lake not migrated yet) have no measures: count them as 0.
        return "0" if expr.isidentifier() and expr not in runs else f"coalesce({expr}, 0)"

    by_status = dict(con.execute("SELECT status, count(*) FROM ingest_runs GROUP BY status").fetchall())
    family = GaugeMetricFamily(PREFIX + "runs", "Runs by current status.", labels=["status"])
    for status in dict.fromkeys(RUN_STATUSES + tuple(sorted(by_status))):
        family.add_metric([status], by_status.get(status, 0))
    yield family

    completed, finished = con.execute(
        "SELECT epoch(max(finished_at) FILTER (WHERE status IN ('completed', 'completed_with_errors'))),"
        " epoch(max(finished_at)) FROM ingest_runs").fetchone()
    if completed is not None:
        yield gauge("last_run_completed_timestamp_seconds",
                    "Unix time the latest completed (or completed_with_errors) run finished.", completed)
    if finished is not None:
        yield gauge("last_run_finished_timestamp_seconds",
                    "Unix time the latest run finished, whatever its status.", finished)

    last = con.execute(
        "SELECT " + ", ".join(measure(expr) for _, expr, _ in LAST_RUN)
        + " FROM ingest_runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, run_id LIMIT 1").fetchone()
    if last is not None:
        for (suffix, _, text), value in zip(LAST_RUN, last):
            yield gauge("last_run_" + suffix, text, value)

    totals = con.execute(
        "SELECT " + ", ".join(f"sum({measure(column)})" for _, column, _ in RUN_TOTALS)
        + " FROM ingest_runs WHERE finished_at IS NOT NULL").fetchone()
    for (name, _, text), value in zip(RUN_TOTALS, totals):
        yield CounterMetricFamily(PREFIX + name, text, value=value or 0)

    originals, duplicates = con.execute(
        "SELECT count(*) FILTER (WHERE duplicate_of IS NULL), count(*) FILTER (WHERE duplicate_of IS NOT NULL)"
        " FROM articles").fetchone()
    yield gauge("articles", "Original articles stored.", originals)
    yield gauge("duplicates", "Near-duplicate articles stored.", duplicates)
    yield gauge("claims", "Claims stored.", con.execute("SELECT count(*) FROM claims").fetchone()[0])

    family = CounterMetricFamily(PREFIX + "errors", "Recorded failures by stage; stage robots counts pages "
                                 "skipped because robots.txt disallows them.", labels=["stage"])
    by_stage = dict(con.execute("SELECT stage, count(*) FROM ingest_errors GROUP BY stage").fetchall())
    for stage in dict.fromkeys(ERROR_STAGES + tuple(sorted(by_stage))):
        family.add_metric([stage], by_stage.get(stage, 0))
    yield family

    if "failed_items" in relations:
        given_up, pending = con.execute(
            "SELECT count(*) FILTER (WHERE given_up), count(*) FILTER (WHERE NOT given_up) FROM failed_items").fetchone()
        yield gauge("failed_items_given_up", "Failed items not stored since that will not be retried.", given_up)
        yield gauge("failed_items_pending", "Failed items not stored since that will be retried.", pending)

    feeds = relations.get("feeds", set())
    interval = "poll_interval_s" if "poll_interval_s" in feeds else "NULL"
    rows = con.execute(
        f"SELECT feed_url, epoch(last_ok_at), epoch(last_polled_at), consecutive_failures, {interval}"
        " FROM feeds ORDER BY feed_url").fetchall()
    per_feed = [
        GaugeMetricFamily(PREFIX + "feed_last_success_timestamp_seconds",
                          "Unix time of the feed's last poll without an error.", labels=["feed"]),
        GaugeMetricFamily(PREFIX + "feed_last_poll_timestamp_seconds",
                          "Unix time of the feed's last poll.", labels=["feed"]),
        GaugeMetricFamily(PREFIX + "feed_consecutive_failures",
                          "Failed polls of the feed since its last good one.", labels=["feed"]),
        GaugeMetricFamily(PREFIX + "feed_poll_interval_seconds",
                          "The feed's current adaptive polling interval.", labels=["feed"]),
    ]
    for feed_url, *values in rows:
        for family, value in zip(per_feed, values):
            if value is not None:
                family.add_metric([feed_url], value)
    yield from per_feed


def gauge(name: str, text: str, value: Any) -> GaugeMetricFamily:
    return GaugeMetricFamily(PREFIX + name, text, value=float(value))


def _relations(con) -> dict[str, set[str]]:
    """The lake's tables and views with their columns, so that a lake on an older schema is read too."""
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database()"
        " AND schema_name = current_schema()").fetchall()
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


@dataclass
class MetricsServer:
    """A running exporter: ``url`` serves the metrics; ``stop()`` shuts it down and closes the session."""

    host: str
    port: int
    collector: LakeCollector
    _server: Any
    _thread: threading.Thread

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/metrics"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        self.collector.close()

    def __enter__(self) -> MetricsServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_metrics_server(location: LakeLocation, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> MetricsServer:
    """Serve the lake's metrics on ``host:port`` (port 0 picks a free one) in background threads."""
    registry = CollectorRegistry()
    collector = LakeCollector(location)
    registry.register(collector)
    ProcessCollector(registry=registry)  # process_* metrics of the exporter itself
    server, thread = start_http_server(port, addr=host, registry=registry)
    return MetricsServer(host, server.server_port, collector, server, thread)


def serve_metrics(settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, db: str | None = None,
                  stop: threading.Event | None = None) -> int:
    """Serve metrics of the lake ``db`` names (default: the settings') until SIGTERM, Ctrl-C or ``stop``."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr)
    location = settings.lake(db)
    stop = stop or threading.Event()
    try:
        server = start_metrics_server(location, host, port)
    except OSError as error:
        print(f"newsclaims metrics: cannot listen on {host}:{port}: {error}", file=sys.stderr)
        return 1
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    logger.info("serving %s for the lake %s", server.url, location.name)
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.stop()
        logger.info("stopped")
    return 0


def main_metrics(args, settings) -> int:
    """``newsclaims metrics [--host H] [--port P] [--db DB]``: ``args.host``, ``args.port``, ``args.db``."""
    return serve_metrics(settings, host=getattr(args, "host", None) or DEFAULT_HOST,
                         port=DEFAULT_PORT if getattr(args, "port", None) is None else int(args.port),
                         db=getattr(args, "db", None))
