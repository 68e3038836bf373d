"""The `kpibot` command: run, console, db upgrade, demo-data."""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import sys
from collections.abc import Sequence

from bot.config import ConfigError, Settings, StartupError, load_settings
from bot.ingest.cli import INGEST_COMMANDS, add_ingest_commands, run_ingest_command
from bot.posts_cli import POST_COMMANDS, add_post_commands, run_post_command
from bot.sync_cli import SYNC_COMMANDS, add_sync_command, run_sync_command

logger = logging.getLogger("kpibot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kpibot", description="The SDR KPI Slack bot.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot: Socket Mode, HTTP mode, or the console without tokens")
    console = sub.add_parser("console", help="the bot in this terminal, no Slack needed")
    console.add_argument("--as", dest="as_user", default="U0SDR1",
                         help="Slack user ID to act as (default U0SDR1)")
    console.add_argument("--demo", action="store_true", help="load a demo team with history")
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply migrations")
    demo = sub.add_parser("demo-data", help="fill the database with realistic synthetic history")
    demo.add_argument("--sdrs", type=int, default=8, help="SDRs in the demo team (1-500)")
    demo.add_argument("--weeks", type=int, default=12, help="weeks of history (1-156)")
    demo.add_argument("--yes", action="store_true",
                      help="add the demo even though the database holds real users")
    add_post_commands(sub)  # post-scorecards, nudge
    add_ingest_commands(sub)  # import, export
    add_sync_command(sub)  # sync hubspot|salesforce
    return parser


def _console(settings: Settings, *, as_user: str, demo: bool) -> int:
    from bot.console.repl import run_console

    # The console's output is the conversation: log only real trouble, to stderr.
    logging.basicConfig(level=logging.WARNING, format="kpibot %(levelname)s %(name)s: %(message)s")
    for noisy in ("slack_bolt", "slack_sdk"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if isinstance(sys.stdout, io.TextIOWrapper):  # emoji on a terminal that cannot show them
        sys.stdout.reconfigure(errors="replace")
    return asyncio.run(run_console(settings, as_user=as_user, demo=demo,
                                   stdin=sys.stdin, stdout=sys.stdout))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "run":
            mode = settings.run_mode()
            if mode == "console":
                print(_console_notice(settings), file=sys.stderr)
                return _console(settings, as_user="U0SDR1", demo=True)
            from bot.logs import configure_logging
            from bot.runner import run_slack

            configure_logging()

            asyncio.run(run_slack(settings, mode))
            return 0
        if args.command == "console":
            return _console(settings, as_user=args.as_user, demo=args.demo)
        if args.command == "db":
            from bot.bootstrap import open_store

            open_store(settings).dispose()
            print("database is up to date")
            return 0
        if args.command == "demo-data":
            return _demo_data(settings, sdrs=args.sdrs, weeks=args.weeks, yes=args.yes)
        if args.command in POST_COMMANDS:
            return run_post_command(settings, args)
        if args.command in INGEST_COMMANDS:
            return run_ingest_command(settings, args)
        if args.command in SYNC_COMMANDS:
            return run_sync_command(settings, args)
    except ConfigError as exc:
        print(f"kpibot: configuration error: {exc}", file=sys.stderr)
        return 2
    except StartupError as exc:  # Slack refused a token, the database cannot be opened
        print(f"kpibot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 1


def _console_notice(settings: Settings) -> str:
    """What `kpibot run` without tokens does; a DATABASE_URL the user set is left untouched
    (demo data in a real database would mix fake SDRs into the real team), and said so."""
    notice = ("No Slack tokens set: starting the console on a throwaway demo database. "
              "See README.md to connect Slack.")
    if "database_url" in settings.model_fields_set:
        notice += (" DATABASE_URL is not used here; `kpibot console` opens it without the "
                   "demo.")
    return notice


def _demo_data(settings: Settings, *, sdrs: int, weeks: int, yes: bool) -> int:
    from bot.bootstrap import open_store
    from bot.database_errors import masked_url
    from bot.kpi.periods import local_today
    from bot.services.demo_data import RealDataPresent, create_demo_data

    if not 1 <= sdrs <= 500 or not 1 <= weeks <= 156:
        print("kpibot: --sdrs takes 1 to 500 and --weeks 1 to 156", file=sys.stderr)
        return 2
    store = open_store(settings)
    try:
        summary = store.run_sync(create_demo_data, sdrs=sdrs, weeks=weeks,
                                 today=local_today(settings.kpi_timezone),
                                 beside_real_data=yes)
    except RealDataPresent as exc:
        print(f"kpibot: DATABASE_URL {masked_url(settings.database_url)} holds {exc}: the demo "
              "would add fake SDRs and a manager to the real default team. Use an empty "
              "database, or --yes to add them anyway.", file=sys.stderr)
        return 2
    finally:
        store.dispose()
    print(summary)
    return 0
