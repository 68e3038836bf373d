"""`kpibot import` and `kpibot export`: added to the `kpibot` parser by add_ingest_commands."""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.ingest.mapping import SHIPPED

if TYPE_CHECKING:  # the commands' own imports wait until one runs: `kpibot run` starts faster
    from slack_sdk import WebClient

    from storage.db import Store

INGEST_COMMANDS = ("import", "export")


def add_ingest_commands(sub: Any) -> None:  # argparse's subparsers action is not public
    imp = sub.add_parser("import", help="import activity from a CSV file (or a CRM export)")
    imp.add_argument("file", type=Path, help="the CSV file")
    imp.add_argument("--map", dest="mapping", metavar="FILE",
                     help=f"a mapping file for a CRM export, or one shipped: {', '.join(SHIPPED)}")
    imp.add_argument("--date-format", help="strptime format of the date column, e.g. %%d.%%m.%%Y"
                     " (default: detected)")
    imp.add_argument("--timezone", help="time zone of times without an offset (default: the"
                     " mapping's, else UTC)")
    imp.add_argument("--skip-bad", action="store_true",
                     help="import the good rows; write the bad ones to a reject file")
    imp.add_argument("--rejects", type=Path, help="where --skip-bad writes the bad rows"
                     " (default FILE.rejects.csv)")
    imp.add_argument("--dry-run", action="store_true", help="check and count; store nothing")
    exp = sub.add_parser("export", help="write activity (or the audit trail) as CSV")
    exp.add_argument("--team", help="only this team's SDRs (name or id)")
    exp.add_argument("--from", dest="start", type=date.fromisoformat, help="first day, YYYY-MM-DD")
    exp.add_argument("--to", dest="end", type=date.fromisoformat, help="last day, YYYY-MM-DD")
    exp.add_argument("--audit", action="store_true", help="the audit trail instead of activity")
    exp.add_argument("--user", help="--audit: only what was done by or to this user")
    exp.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")


def run_ingest_command(settings: Settings, args: argparse.Namespace) -> int:
    from bot.bootstrap import open_store

    store = open_store(settings)
    try:
        if args.command == "import":
            return _import(settings, store, args)
        return _export(store, args)
    finally:
        store.dispose()


def slack_client(settings: Settings) -> WebClient | None:
    from slack_sdk import WebClient

    if settings.slack_bot_token is None:
        return None
    return WebClient(token=settings.slack_bot_token.get_secret_value(),
                     base_url=settings.slack_api_url or WebClient.BASE_URL)


def _import(settings: Settings, store: Store, args: argparse.Namespace) -> int:
    from bot.deps import utc_now
    from bot.ingest.csv_import import (
        ImportError_,
        ImportOptions,
        print_report,
        run_import,
        stderr_is_terminal,
    )
    from bot.ingest.mapping import SPEC_COLUMNS, MappingError, load_mapping
    from bot.ingest.users import UserDirectory

    if not args.file.is_file():
        print(f"kpibot: {args.file}: no such file", file=sys.stderr)
        return 2
    try:
        mapping = load_mapping(args.mapping) if args.mapping else SPEC_COLUMNS
        options = ImportOptions(
            path=args.file, mapping=mapping, date_format=args.date_format,
            timezone=args.timezone, skip_bad=args.skip_bad, rejects=args.rejects,
            dry_run=args.dry_run, progress=stderr_is_terminal())
        report = run_import(store, UserDirectory(store, slack_client(settings)), options,
                            now=utc_now(), status=lambda line: print(line, flush=True))
    except (MappingError, ImportError_) as exc:
        print(f"kpibot: {exc}", file=sys.stderr)
        return 2
    print_report(report, dry_run=args.dry_run, out=print)
    return 0 if report.ok else 1


def _export(store: Store, args: argparse.Namespace) -> int:
    from bot.services.activity_export import write_activity_csv, write_audit_csv
    from storage import people

    with contextlib.ExitStack() as stack:
        out = (stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
               if args.output else sys.stdout)
        if args.audit:
            since = (datetime.combine(args.start, datetime.min.time()).astimezone()
                     if args.start else None)
            count = store.run_sync(write_audit_csv, out=out, since=since, user_id=args.user)
        else:
            user_ids = None
            if args.team:
                team = store.run_sync(people.find_team, name_or_id=args.team)
                if team is None or team.id is None:
                    print(f"kpibot: no team {args.team!r}", file=sys.stderr)
                    return 2
                user_ids = store.run_sync(people.team_sdr_ids, team_id=team.id)
            count = store.run_sync(write_activity_csv, out=out, user_ids=user_ids,
                                   start=args.start, end=args.end)
    print(f"exported {count} row(s)", file=sys.stderr)
    return 0
