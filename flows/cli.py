"""The ``newsclaims`` command: ingest, serve, deploy, sql, info."""

from __future__ import annotations

import argparse
import json
import os
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
    settings = load_settings(args.config)
    return args.run(args, settings)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclaims", description=__doc__)
    parser.add_argument("--config", help="settings file (default: newsclaims.toml in the project, or NEWSCLAIMS_CONFIG)")
    commands = parser.add_subparsers(dest="command")

    ingest = commands.add_parser("ingest", help="poll feeds once and load new articles and claims")
    ingest.add_argument("feeds", nargs="*", metavar="FEED", help="feed URLs or paths (default: the feeds file)")
    ingest.add_argument("--feeds", dest="feeds_file", metavar="FILE", help="a TOML feeds file")
    ingest.add_argument("--db", help="the flows' database (default: NEWSCLAIMS_DB or the config file)")
    ingest.add_argument("--chunk-size", type=int, help="articles per fetch/extract task")
    ingest.add_argument("--no-publish", action="store_true", help="do not refresh the analysts' copy")
    ingest.add_argument("--quiet", action="store_true", help="print the summary only, not the figure conflicts")
    ingest.set_defaults(run=_ingest)

    serve = commands.add_parser("serve", help="serve the ingest flow on an interval schedule (Ctrl-C stops)")
    serve.add_argument("--interval", type=int, help="seconds between runs (default: interval_seconds)")
    serve.add_argument("--feeds", dest="feeds_file", metavar="FILE")
    serve.add_argument("--db")
    serve.set_defaults(run=_serve)

    sql = commands.add_parser("sql", help="run SQL against the analysts' copy (read-only)")
    sql.add_argument("query", help="one SQL statement")
    sql.add_argument("--db", help="database to open read-only (default: the analysts' copy)")
    sql.add_argument("--json", action="store_true", help="print rows as JSON lines")
    sql.set_defaults(run=_sql)

    info = commands.add_parser("info", help="print where things are, as one JSON object")
    info.set_defaults(run=_info)
    return parser


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from flows.ingest import ingest

    summary = ingest(
        feeds=args.feeds or None,
        feeds_file=args.feeds_file,
        db=args.db,
        chunk_size=args.chunk_size,
        publish=not args.no_publish,
    )
    print()
    print(
        f"newsclaims ingest: {summary['status']} in {summary['duration_s']}s — {summary['feeds']} feeds, "
        f"{summary['items_seen']} items seen, {summary['new_articles']} new articles, "
        f"{summary['duplicates']} duplicates, {summary['claims']} claims, {summary['errors']} errors"
    )
    print(f"database: {summary['database']}")
    if summary["analyst_database"]:
        print(f"analysts' copy: {summary['analyst_database']}")
    for feed in summary["failing_feeds"]:
        print(f"failing feed: {feed}")
    if not args.quiet:
        from warehouse.store import Warehouse

        print("\nFigure conflicts (SELECT … FROM figure_conflicts):")
        with Warehouse(summary["database"]) as warehouse:
            print(format_table(*warehouse.query(CONFLICTS_QUERY)))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from flows.ingest import ingest

    parameters = {k: v for k, v in {"feeds_file": args.feeds_file, "db": args.db}.items() if v}
    ingest.serve(
        name="ingest-serve",
        interval=args.interval or settings.interval_seconds,
        parameters=parameters,
        tags=["newsclaims"],
    )
    return 0


def _sql(args: argparse.Namespace, settings: Settings) -> int:
    import duckdb

    path = Path(args.db) if args.db else settings.analyst_path
    if not path.exists():
        print(f"newsclaims sql: {path} does not exist yet; run `newsclaims ingest` first", file=sys.stderr)
        return 1
    with duckdb.connect(str(path), read_only=True) as con:
        cursor = con.execute(args.query)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if cursor.description else []
    if args.json:
        for row in rows:
            print(json.dumps(dict(zip(columns, row)), default=str, ensure_ascii=False))
    else:
        print(format_table(columns, rows))
    return 0


def _info(args: argparse.Namespace, settings: Settings) -> int:
    from prefect.settings import PREFECT_API_URL

    analyst = settings.analyst_path
    print(json.dumps({
        "database": str(settings.db_path),
        "analyst_database": str(analyst),
        "analyst_command": f"duckdb -readonly {_shell_quote(analyst)}",
        "analyst_python": f"duckdb.connect({str(analyst)!r}, read_only=True)",
        "feeds_file": str(settings.feeds_file),
        "config_file": os.environ.get("NEWSCLAIMS_CONFIG") or str(args.config or "newsclaims.toml"),
        "prefect_api_url": PREFECT_API_URL.value() or "ephemeral (Prefect's local API, started per command)",
        "interval_seconds": settings.interval_seconds,
    }, indent=2))
    return 0


def _shell_quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


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
