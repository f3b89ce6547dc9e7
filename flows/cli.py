"""The ``newsclaims`` command: ingest, serve, deploy, worker, maintain, reextract, migrate-store, sql, discover,
metrics, check, info."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from flows.config import Settings, load_settings

CONFLICTS_QUERY = """
SELECT subject, value, modifier, claimant, outlet, claimed_on, claimed_on_precision
FROM figure_conflicts
ORDER BY subject, value, claimed_on, claimant
"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    if args.config:
        # The flow reads its settings itself (also when a worker runs it), so pass the file on.
        os.environ["NEWSCLAIMS_CONFIG"] = str(Path(args.config).resolve())
    from flows.validation import ConfigError

    try:
        settings = load_settings(args.config)
    except ConfigError as error:
        if args.command != "check":  # check lists every mistake itself, not only the first
            print(f"newsclaims: {error}", file=sys.stderr)
            return EXIT_USAGE
        settings = None
    try:
        return args.run(args, settings)
    except Exception as error:  # an expected failure is one line; --debug shows where it came from
        if args.debug:
            raise
        print(f"newsclaims {args.command}: {one_line(error)}", file=sys.stderr)
        return EXIT_FAILED


def sql_error_line(error: BaseException) -> str:
    """DuckDB's error as one line, keeping where in the query it is ('LINE 1: SELEC * …')."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip() and line.strip() != "^"]
    where = next((line for line in lines[1:] if line.startswith("LINE ")), None)
    return lines[0] + (f" ({where})" if where else "") if lines else type(error).__name__


def one_line(error: BaseException) -> str:
    """An exception as the one line an operator needs (the traceback is for --debug)."""
    import duckdb
    import httpx

    from warehouse.lake import LakeError

    if isinstance(error, LakeError):
        return str(error)
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        from prefect.settings import PREFECT_API_URL

        return (f"cannot reach the Prefect API at {PREFECT_API_URL.value() or '(none set)'}: {error}; "
                f"is `prefect server start` running, and PREFECT_API_URL right?")
    if isinstance(error, duckdb.Error):
        return f"warehouse: {str(error).splitlines()[0]}"
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    text = " ".join(str(error).split()) or "(no message)"
    return f"{type(error).__name__}: {text}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclaims", description=__doc__)
    parser.add_argument("--config", help="settings file (default: newsclaims.toml in the project, or NEWSCLAIMS_CONFIG)")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error, not only its line")
    commands = parser.add_subparsers(dest="command")

    ingest = commands.add_parser("ingest", help="poll feeds once and load new articles and claims")
    ingest.add_argument("feeds", nargs="*", metavar="FEED", help="feed URLs or paths (default: the feeds file)")
    ingest.add_argument("--feeds", dest="feeds_file", metavar="FILE", help="a TOML feeds file")
    ingest.add_argument("--db", help="the warehouse: a lake's catalog file or a postgresql:// URL "
                        "(default: NEWSCLAIMS_DB or the config file)")
    ingest.add_argument("--chunk-size", type=int, help="articles per fetch/extract task")
    ingest.add_argument("--shard", metavar="K/N", help="poll only share K of N of the feeds (stable hash of the URL)")
    ingest.add_argument("--due", action="store_true",
                        help="poll only feeds whose adaptive interval has passed (what schedules do)")
    ingest.add_argument("--quiet", action="store_true", help="print the summary only, not the figure conflicts")
    ingest.set_defaults(run=_ingest)

    serve = commands.add_parser("serve", help="serve the ingest flow on an interval schedule (Ctrl-C stops)")
    serve.add_argument("--interval", type=int, help="seconds between runs (default: interval_seconds)")
    serve.add_argument("--feeds", dest="feeds_file", metavar="FILE")
    serve.add_argument("--db")
    serve.add_argument("--force", action="store_true", help="serve even if an ingest deployment is scheduled")
    serve.set_defaults(run=_serve)

    sql = commands.add_parser("sql", help="run SQL on the warehouse, read-only, as of its latest commit")
    sql.add_argument("query", help="one SQL statement")
    sql.add_argument("--db", help="the warehouse (default: NEWSCLAIMS_DB or the config file)")
    sql.add_argument("--json", action="store_true", help="print rows as JSON lines")
    as_of = sql.add_mutually_exclusive_group()
    as_of.add_argument("--snapshot", type=int, help="query the lake as of this snapshot id")
    as_of.add_argument("--as-of-run", metavar="RUN_ID", help="query the lake as it was when this run ended")
    sql.set_defaults(run=_sql)

    maintain = commands.add_parser("maintain", help="compact the lake's files, expire old snapshots, delete orphans")
    maintain.add_argument("--db", help="the lake (default: NEWSCLAIMS_DB or the config file)")
    maintain.add_argument("--retention-days", type=int, help="keep snapshots this many days (default: "
                          "snapshot_retention_days, 30)")
    maintain.set_defaults(run=_maintain)

    reextract = commands.add_parser("reextract", help="rebuild articles and claims from the pages kept in the lake "
                                    "(fetches nothing)")
    reextract.add_argument("--db", help="the lake (default: NEWSCLAIMS_DB or the config file)")
    reextract.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="only pages fetched on or after this day")
    reextract.add_argument("--outlet", help="only articles of this outlet (as in articles.outlet)")
    reextract.add_argument("--chunk-size", type=int, default=200, help="pages per commit (default 200)")
    reextract.set_defaults(run=_reextract)

    deploy_maintain = commands.add_parser("deploy-maintain", help="deploy maintain/maintain, daily by default")
    deploy_maintain.add_argument("--interval", type=int, help="seconds between runs (default 86400)")
    deploy_maintain.add_argument("--pool", help="process work pool name (default: newsclaims)")
    deploy_maintain.add_argument("--db", help="the lake the runs maintain (default: NEWSCLAIMS_DB or the config file)")
    deploy_maintain.add_argument("--paused", action="store_true", help="create the schedule paused")
    deploy_maintain.set_defaults(run=_deploy_maintain)

    move = commands.add_parser("migrate-store", help="move a single-file DuckDB warehouse into the lake")
    move.add_argument("old", metavar="OLD.duckdb", help="the old warehouse file (opened read-only, left as it is)")
    move.add_argument("--db", help="the lake (default: NEWSCLAIMS_DB or the config file)")
    move.set_defaults(run=_migrate_store)

    discover = commands.add_parser("discover", help="find a site's feeds and sitemaps; print the feeds-file lines")
    discover.add_argument("site", metavar="URL", help="the site's home page (or any page of it)")
    discover.add_argument("--common-paths", action="store_true",
                          help="also try common feed paths (/feed, /rss.xml, …) when the site announces feeds")
    discover.set_defaults(run=_discover)

    metrics = commands.add_parser("metrics", help="serve Prometheus metrics read from the lake (Ctrl-C stops)")
    metrics.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    metrics.add_argument("--port", type=int, default=9108, help="port (default 9108)")
    metrics.add_argument("--db", help="the lake (default: NEWSCLAIMS_DB or the config file)")
    metrics.set_defaults(run=_metrics)

    info = commands.add_parser("info", help="print where things are, as one JSON object")
    info.set_defaults(run=_info)

    check = commands.add_parser("check", help="check the settings (file and environment) and the feeds file; "
                                "run nothing")
    check.add_argument("--config", default=argparse.SUPPRESS, help="settings file (as the global --config)")
    check.add_argument("--feeds", dest="feeds_file", metavar="FILE", help="feeds file (default: the settings')")
    check.set_defaults(run=_check)

    deploy = commands.add_parser("deploy", help="create or update the scheduled ingest deployment (PREFECT_API_URL)")
    _deployment_options(deploy)
    deploy.set_defaults(run=_deploy)

    worker = commands.add_parser("worker", help="deploy, then run a process worker for the deployment's pool")
    _deployment_options(worker)
    worker.set_defaults(run=_worker)

    for name, active in (("pause", False), ("resume", True)):
        command = commands.add_parser(name, help=f"{name} the ingest deployment's schedule")
        command.set_defaults(run=lambda args, settings, active=active: _set_schedule(active))
    return parser


def _deployment_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interval", type=int, help="seconds between scheduled runs (default: interval_seconds)")
    parser.add_argument("--pool", help="process work pool name (default: newsclaims)")
    parser.add_argument("--feeds", dest="feeds_file", metavar="FILE", help="feeds file the runs use")
    parser.add_argument("--db", help="database the runs write (default: NEWSCLAIMS_DB or the config file)")
    parser.add_argument("--heartbeat", type=int, help="seconds between flow-run heartbeats (default 30, min 30)")
    parser.add_argument("--shard", metavar="K/N", help="deploy ingest-shard-K-of-N, polling share K of N of the feeds")
    parser.add_argument("--concurrency", type=int, help="runs of the deployment allowed at once (default 2)")
    parser.add_argument("--paused", action="store_true", help="create the schedule paused")


# Exit codes of `newsclaims ingest` (README, "Exit codes"): schedulers and scripts tell the cases apart.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_COMPLETED_WITH_ERRORS = 3
SERVE_DEPLOYMENT = "ingest-serve"


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from prefect.exceptions import CancelledRun

    from flows.ingest import NoFeeds, ingest, resolve_feeds
    from warehouse.lake import LakeError

    # Mistakes an operator can fix are told before a flow run starts (and fails with a traceback).
    settings.lake(args.db)
    try:
        specs = resolve_feeds(settings, args.feeds or None, args.feeds_file)
    except (OSError, ValueError) as error:  # a missing or malformed feeds file, a bad feed URL
        print(f"newsclaims ingest: feeds ({args.feeds_file or settings.feeds_file}): {error}", file=sys.stderr)
        return EXIT_USAGE
    if not args.shard and not specs:
        print(f"newsclaims ingest: no feeds to poll: {args.feeds_file or settings.feeds_file} lists none "
              f"(each needs a [[feed]] table with a url)", file=sys.stderr)
        return EXIT_USAGE
    try:
        summary = ingest(
            feeds=args.feeds or None,
            feeds_file=args.feeds_file,
            db=args.db,
            chunk_size=args.chunk_size,
            shard=args.shard,
            only_due=args.due,
        )
    except (NoFeeds, LakeError) as error:
        print(f"newsclaims ingest: {error}", file=sys.stderr)
        return EXIT_USAGE if isinstance(error, NoFeeds) else EXIT_FAILED
    except CancelledRun as cancelled:  # SIGTERM or Ctrl-C: the run stopped cleanly and says so
        print(f"newsclaims ingest: cancelled: {cancelled}", file=sys.stderr)
        signum = next((s for s in (signal.SIGTERM, signal.SIGINT) if s.name in str(cancelled)), signal.SIGTERM)
        return 128 + signum
    except Exception as error:  # the flow run is Failed and its log has the traceback
        print(f"newsclaims ingest: failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        from warehouse.lake import connect

        print("\nFigure conflicts (SELECT … FROM figure_conflicts):")
        with connect(settings.lake(args.db), read_only=True) as con:
            cursor = con.execute(CONFLICTS_QUERY)
            print(format_table([d[0] for d in cursor.description], cursor.fetchall()))
    # The summary comes last: it is what an operator (or a log tail) reads.
    print()
    print(
        f"newsclaims ingest: {summary['status']} in {summary['duration_s']}s — {summary['feeds_polled']} of "
        f"{summary['feeds']} feeds polled, {summary['items_seen']} items seen, {summary['new_articles']} new articles, "
        f"{summary['duplicates']} duplicates, {summary['claims']} claims, {summary['errors']} errors"
        + (f", {summary['skipped']} pages skipped by robots.txt" if summary["skipped"] else "")
    )
    print(f"warehouse: {summary['database']} (lake snapshot {summary['snapshot_id']})")
    if summary["status"] == "completed":
        return EXIT_OK
    for feed in summary["failing_feeds"]:
        print(f"failing feed: {feed}")
    by_stage = ", ".join(f"{stage} {n}" for stage, n in summary["errors_by_stage"].items())
    print(f"failed items: {summary['errors']} ({by_stage}); details: newsclaims sql "
          f"\"SELECT * FROM ingest_errors WHERE run_id = '{summary['run_id']}'\"")
    return EXIT_COMPLETED_WITH_ERRORS


def _deployment_spec(args: argparse.Namespace, settings: Settings):
    from dataclasses import replace

    from flows.deploy import DeploymentSpec

    if args.db:
        settings = replace(settings, db=args.db if "://" in args.db else settings.lake(args.db).name)
    if args.feeds_file:
        settings = replace(settings, feeds_file=Path(args.feeds_file).resolve())
    return DeploymentSpec.from_settings(
        settings, interval_seconds=args.interval, work_pool=args.pool, heartbeat_seconds=args.heartbeat,
        paused=True if args.paused else None, shard=args.shard, concurrency=args.concurrency,
    )


def _deploy(args: argparse.Namespace, settings: Settings) -> int:
    from flows.deploy import deploy

    spec = _deployment_spec(args, settings)
    deployment_id = deploy(spec)
    print(f"deployment ingest/{spec.name} ({deployment_id}): every {spec.interval_seconds}s on work pool "
          f"'{spec.work_pool}', at most {spec.concurrency} runs at once, parameters {json.dumps(spec.parameters)}")
    return 0


def _maintain(args: argparse.Namespace, settings: Settings) -> int:
    from flows.maintain import maintain

    report = maintain(db=args.db, retention_days=args.retention_days)
    print(json.dumps(report, indent=2, default=str))
    return 0


def _iso_date(value: str):
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {value!r}") from None


def _reextract(args: argparse.Namespace, settings: Settings) -> int:
    from flows.reextract import reextract

    if not settings.lake(args.db).exists():
        print(f"newsclaims reextract: no warehouse at {settings.lake(args.db).name}: nothing to re-extract",
              file=sys.stderr)
        return EXIT_FAILED
    summary = reextract(db=args.db, since=args.since, outlet=args.outlet, chunk_size=args.chunk_size)
    print(json.dumps(summary, indent=2, default=str))
    return 0


def _deploy_maintain(args: argparse.Namespace, settings: Settings) -> int:
    from flows.maintain import FULL_NAME, deploy_maintain

    parameters = {"db": settings.lake(args.db).name}
    deployment_id = deploy_maintain(args.interval, args.pool or "newsclaims", parameters,
                                    paused=True if args.paused else None)
    print(f"deployment {FULL_NAME} ({deployment_id}): every {args.interval or settings.maintain_interval_seconds}s, "
          f"parameters {json.dumps(parameters)}")
    return 0


def _worker(args: argparse.Namespace, settings: Settings) -> int:
    from flows.maintain import deploy_maintain

    spec = _deployment_spec(args, settings)
    _deploy(args, settings)
    # every worker may deploy it: deploying is idempotent, and one lake needs one maintain schedule
    deploy_maintain(work_pool=spec.work_pool, parameters={"db": spec.parameters["db"]}, paused=spec.paused)
    prefect = Path(sys.executable).with_name("prefect")
    command = [str(prefect), "worker", "start", "--pool", spec.work_pool, "--type", "process"]
    sys.stdout.flush()
    os.execv(command[0], command)  # the worker replaces this process, so signals reach it directly


def _set_schedule(active: bool) -> int:
    from flows.deploy import set_schedule_active

    for name in set_schedule_active(active):
        print(f"{name}: {'resumed' if active else 'paused'}")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from prefect.settings import PREFECT_API_URL

    from flows.ingest import ingest

    if not PREFECT_API_URL.value():
        # Prefect's ephemeral API has no scheduler service: a served flow would wait forever.
        print("newsclaims serve needs a Prefect server for its schedule: run `prefect server start` and set "
              "PREFECT_API_URL=http://127.0.0.1:4200/api", file=sys.stderr)
        return 2

    from flows.deploy import scheduled_ingest_deployments

    scheduled = scheduled_ingest_deployments(excluding=SERVE_DEPLOYMENT)
    if scheduled and not args.force:
        # Both would poll the same feeds into the same lake: twice the requests to every site.
        print(f"newsclaims serve: {', '.join(scheduled)} already runs ingest on a schedule on this server; "
              f"pause it (newsclaims pause) or pass --force to serve beside it", file=sys.stderr)
        return EXIT_USAGE
    parameters = {k: v for k, v in {"feeds_file": args.feeds_file, "db": args.db}.items() if v}
    parameters["only_due"] = True
    ingest.serve(
        name=SERVE_DEPLOYMENT,
        interval=args.interval or settings.interval_seconds,
        parameters=parameters,
        tags=["newsclaims"],
    )
    return 0


def _sql(args: argparse.Namespace, settings: Settings) -> int:
    from warehouse.lake import connect

    lake = settings.lake(args.db)
    snapshot = args.snapshot
    if args.as_of_run:
        with connect(lake, read_only=True) as con:
            row = con.execute("SELECT snapshot_id FROM ingest_runs WHERE run_id = ?", [args.as_of_run]).fetchone()
        if not row or row[0] is None:
            print(f"newsclaims sql: no finished run {args.as_of_run} in {lake.name}", file=sys.stderr)
            return 1
        snapshot = row[0]
    try:
        con = connect(lake, read_only=True, snapshot=snapshot)
    except duckdb_error() as error:
        if snapshot is not None and "no snapshot found" in str(error).lower():
            print(f"newsclaims sql: snapshot {snapshot} has expired (maintain keeps snapshot_retention_days="
                  f"{settings.snapshot_retention_days} days of them)", file=sys.stderr)
            return 1
        raise
    with con:
        try:
            cursor = con.execute(args.query)
        except duckdb_error() as error:
            print(f"newsclaims sql: {sql_error_line(error)}", file=sys.stderr)
            return 1
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if cursor.description else []
    if args.json:
        for row in rows:
            print(json.dumps(dict(zip(columns, row)), default=str, ensure_ascii=False))
    else:
        print(format_table(columns, rows))
    return 0


def duckdb_error() -> type[Exception]:
    import duckdb

    return duckdb.Error


def _migrate_store(args: argparse.Namespace, settings: Settings) -> int:
    from warehouse.migrate_store import MigrationMismatch, migrate_store
    from warehouse.store import Warehouse

    lake = settings.lake(args.db)
    try:
        with Warehouse(lake, settings.dedup_window_days) as warehouse:
            counts = migrate_store(args.old, warehouse)
    except (ValueError, MigrationMismatch) as error:
        print(f"newsclaims migrate-store: {error}", file=sys.stderr)
        return 1
    print(f"moved {args.old} into {lake.name}; rows per table (old file → in the lake, verified):")
    print(format_table(["table", "old", "lake"], [(table, old, new) for table, (old, new) in counts.items()]))
    return 0


def _metrics(args: argparse.Namespace, settings: Settings) -> int:
    from flows.metrics import main_metrics

    return main_metrics(args, settings)


def _discover(args: argparse.Namespace, settings: Settings) -> int:
    from flows.discover import discover
    from flows.fetch import FetchError, Fetcher

    try:
        with Fetcher(settings.fetch) as fetcher:
            found = discover(args.site, fetcher, try_common_paths=args.common_paths)
    except FetchError as error:
        print(f"newsclaims discover: {args.site}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not found:
        print(f"newsclaims discover: no feeds or sitemaps found on {args.site}", file=sys.stderr)
        return EXIT_FAILED
    print(f"# {len(found)} found on {args.site}; add what you want to the feeds file "
          f"({settings.feeds_file.name})\n")
    for feed in found:
        print(feed.entry())
        print()
    return EXIT_OK


def _info(args: argparse.Namespace, settings: Settings) -> int:
    from prefect.settings import PREFECT_API_URL

    import shutil

    from flows.config import DEFAULT_CONFIG_FILE
    from warehouse.lake import cli_command, python_expression

    lake = settings.lake()
    duckdb_cli = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb") or "duckdb"
    print(json.dumps({
        "database": lake.name,
        "catalog": lake.catalog if not lake.is_postgres else "postgres",
        "data_path": lake.data_path,
        "analyst_command": cli_command(lake, duckdb_cli),
        "analyst_python": python_expression(lake),
        "feeds_file": str(settings.feeds_file),
        "config_file": str(args.config or os.environ.get("NEWSCLAIMS_CONFIG") or DEFAULT_CONFIG_FILE),
        "prefect_api_url": PREFECT_API_URL.value() or None,
        "prefect_ui_url": (PREFECT_API_URL.value() or "").removesuffix("/api") or None,
        "deployment": "ingest/ingest (sharded: ingest/ingest-shard-K-of-N)",
        "maintenance_deployment": "maintain/maintain",
        "work_pool": "newsclaims",
        "interval_seconds": settings.interval_seconds,
    }, indent=2))
    return 0


def _check(args: argparse.Namespace, settings: Settings | None) -> int:
    """Check the settings and the feeds file without running anything: every mistake on a line of its own."""
    from flows.config import check_settings
    from flows.sources import check_feeds_file
    from flows.validation import ConfigError

    config = check_settings(args.config)
    errors = list(config.errors)
    if not config.found and (args.config or os.environ.get("NEWSCLAIMS_CONFIG")):
        errors.insert(0, ConfigError(config.file, None, None, "no such file"))
    feeds_file = Path(args.feeds_file) if args.feeds_file else config.settings.feeds_file
    specs, feed_errors = check_feeds_file(feeds_file)
    if not specs and not feed_errors:
        feed_errors.append(ConfigError(feeds_file, None, "feed", "no [[feed]] tables, so there are no feeds to poll"))
    errors += feed_errors
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"newsclaims check: {len(errors)} {'mistake' if len(errors) == 1 else 'mistakes'}", file=sys.stderr)
        return EXIT_USAGE
    counted = f"{config.from_file} settings" if config.found else "absent: defaults"
    if config.from_environment:
        counted += f", {config.from_environment} from the environment"
    remote = sum(1 for spec in specs if spec.local_root is None)
    print(f"ok: {config.file} ({counted}), {feeds_file} ({len(specs)} {'feed' if len(specs) == 1 else 'feeds'}: "
          f"{remote} http(s), {len(specs) - remote} local)")
    return EXIT_OK


def format_table(columns: list[str], rows: list[tuple], max_width: int = 60) -> str:
    """A plain-text table for a terminal."""
    if not columns:
        return "(no result)"
    cells = [[_cell(value, max_width) for value in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
    return "\n".join([line, rule, *body, f"({len(rows)} rows)"])


def _cell(value, max_width: int) -> str:
    text = "NULL" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
