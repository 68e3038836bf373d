"""`kpibot sync hubspot|salesforce [--since DATE] [--dry-run]`: pull CRM activity now.

The same run as the scheduled job (bot/services/crm_sync.py), with progress on a terminal and
a summary: records read, rows changed, owners unmatched, errors. A token the CRM refuses ends
it with one line naming the variable and exit status 1; a CRM that is not configured, 2.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bot.config import Settings

if TYPE_CHECKING:  # the CRM clients are heavy: imported when the command runs
    from rich.progress import Progress

    from bot.services.crm_sync import SyncProgress, SyncReport

SYNC_COMMANDS = ("sync",)


def add_sync_command(sub: Any) -> None:  # argparse's subparsers action is not public
    sync = sub.add_parser("sync", help="pull CRM activity now (HubSpot or Salesforce)")
    sync.add_argument("source", choices=("hubspot", "salesforce"), help="the CRM to read")
    sync.add_argument("--since", type=date.fromisoformat, metavar="DATE",
                      help="read everything changed since this day (YYYY-MM-DD, in the default "
                           "team's time zone) instead of since the last sync")
    sync.add_argument("--dry-run", action="store_true",
                      help="read, match and count; store nothing, move no cursor")


def run_sync_command(settings: Settings, args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from sqlalchemy.exc import OperationalError

    from bot.bootstrap import open_store
    from bot.crm.errors import CrmAuthError, CrmError
    from bot.crm.sources import open_reader
    from bot.deps import utc_now
    from bot.ingest.cli import slack_client
    from bot.ingest.users import UserDirectory
    from bot.services.crm_sync import note_failure, sync_source
    from storage import imports

    store = open_store(settings)
    now = utc_now()
    try:
        zone = ZoneInfo(store.run_sync(imports.default_timezone))
        since = (datetime.combine(args.since, datetime.min.time(), tzinfo=zone)
                 if args.since else None)
        try:
            reader = open_reader(args.source, settings, tz=zone)
            with ExitStack() as stack:
                progress = _progress(stack) if sys.stderr.isatty() else None
                report = sync_source(store, reader, UserDirectory(store, slack_client(settings)),
                                     source=args.source, now=now, since=since,
                                     dry_run=args.dry_run, progress=progress)
        except CrmAuthError as exc:
            note_failure(store, source=args.source, error=exc, now=now, auth=True, tell=False)
            print(f"kpibot: {one_line(str(exc))}", file=sys.stderr)
            return 1
        except CrmError as exc:
            print(f"kpibot: {one_line(str(exc))}", file=sys.stderr)
            return 2
        except OperationalError as exc:  # SQLite: another sync holds the write lock
            from bot.database_errors import reason

            print(f"kpibot: nothing was stored, the database refused: {reason(exc)}; try again",
                  file=sys.stderr)
            return 1
    finally:
        store.dispose()
    for line in summary_lines(report):
        print(line)
    return 0


def one_line(text: str) -> str:
    return " ".join(text.split())


def summary_lines(report: SyncReport) -> list[str]:
    head = "dry run, nothing stored: " if report.dry_run else ""
    lines = [f"{report.source}: {head}{report.records_read:,} record(s) read, "
             f"{report.rows_changed:,} row(s) changed, {len(report.unmatched):,} owner(s) "
             f"unmatched, {report.error_count:,} error(s)"]
    if report.restored:
        lines.append(f"  {report.restored} row(s) deleted in Slack count again: the CRM still "
                     "has them (see `kpibot export --audit`)")
    lines += [f"  owner with no Slack user (their records are not counted): {owner}"
              for owner in report.unmatched]
    lines += [f"  error: {reason}" for reason in report.errors]
    if report.error_count > len(report.errors):
        lines.append(f"  ... and {report.error_count - len(report.errors)} more error(s)")
    return lines


def _progress(stack: ExitStack) -> SyncProgress:
    from rich.console import Console
    from rich.progress import Progress

    from bot.services.crm_sync import SyncProgress

    bar: Progress = stack.enter_context(Progress(transient=True, console=Console(stderr=True)))
    task = bar.add_task("starting", total=None)

    def step(name: str, total: int | None) -> None:
        bar.update(task, description=name, total=total, completed=0)

    return SyncProgress(step=step, tick=lambda: bar.advance(task))
