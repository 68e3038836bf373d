"""`kpibot console`: the real app in a terminal, in the manner of Hubot's shell adapter and
errbot's text backend.

This module starts one: the database (a throwaway one filled with a demo team for `--demo`),
a LocalSlack standing in for Slack, the real app through the Harness, and a Console reading
lines from standard input, a terminal or a pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url

from bot.bootstrap import open_store
from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.console.reader import LineReader
from bot.console.render import Style
from bot.console.screen import Screen
from bot.console.session import Console
from bot.deps import Deps
from bot.kpi.periods import local_today
from bot.services.demo_data import (
    DEMO_MANAGER_ID,
    DEMO_MANAGER_NAME,
    DEMO_SDR_PREFIX,
    create_demo_data,
    demo_name,
)
from bot.slack_ids import is_user_id
from storage.db import Store

DEMO_SDRS = 8
DEMO_WEEKS = 12


def _style(stdout: TextIO) -> Style:
    try:
        tty = stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    width = shutil.get_terminal_size((100, 24)).columns if tty else 100
    return Style(ansi=tty and not os.environ.get("NO_COLOR"), width=max(60, min(width, 120)))


def _safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def _banner(*, demo: bool, database: str, you: str) -> list[str]:
    lines = ["kpibot console · the real bot, with a stand-in for Slack on this machine.",
             f"You are {you}. Try /mykpis, /kpi log 25 calls 3 meetings, /kpi help; "
             ":help lists the console's own commands."]
    if demo:
        sdrs = ", ".join(f"{DEMO_SDR_PREFIX}{n} {demo_name(n - 1)}"
                         for n in range(1, DEMO_SDRS + 1))
        lines += [f"Demo team with {DEMO_WEEKS} weeks of history. SDRs: {sdrs}. "
                  f"Manager: {DEMO_MANAGER_ID} {DEMO_MANAGER_NAME}. Switch with :as U0SDR2.",
                  "The demo database is thrown away when you leave."]
    else:
        lines.append(f"Database: {database}")
    return lines


async def run_console(settings: Settings, *, as_user: str, demo: bool, stdin: TextIO,
                      stdout: TextIO) -> int:
    """Run the console until `:quit` or the end of input; the process exit code."""
    user = as_user.strip().lstrip("@").upper()
    if not is_user_id(user):
        print(f"kpibot: --as {as_user} is not a Slack user ID such as U0SDR1", file=sys.stderr)
        return 2
    with contextlib.ExitStack() as stack:
        if demo:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="kpibot-demo-"))
            settings = settings.model_copy(
                update={"database_url": f"sqlite:///{Path(folder) / 'demo.db'}"})
        store = await asyncio.to_thread(open_store, settings)
        stack.callback(store.dispose)
        if demo:
            await store.run(create_demo_data, sdrs=DEMO_SDRS, weeks=DEMO_WEEKS,
                            today=local_today(settings.kpi_timezone))
        return await _serve(settings, store, user=user, demo=demo, stdin=stdin, stdout=stdout)
    return 0  # pragma: no cover  (mypy: ExitStack may swallow exceptions)


async def _serve(settings: Settings, store: Store, *, user: str, demo: bool, stdin: TextIO,
                 stdout: TextIO) -> int:
    slack = await LocalSlack().start()
    restore = _terminal_restorer(stdin)
    try:
        harness = Harness(Deps(settings, store), slack)
        reader = LineReader(stdin, stdout)
        screen = Screen(stdout, _style(stdout), user)
        console = Console(harness, reader, screen)
        reader.complete_with(_completions)
        you = await console.describe(user)
        for text in _banner(demo=demo, database=_safe_url(settings.database_url), you=you):
            for line in textwrap.wrap(text, width=screen.style.width, break_on_hyphens=False):
                screen.say(screen.style.paint(line, "bold") if line.startswith("kpibot console")
                           else line)
        screen.say()
        return await console.run()
    except asyncio.CancelledError:  # Ctrl-C: leave the shell's prompt on a line of its own
        stdout.write("\n")
        stdout.flush()
        raise
    finally:
        restore()
        await slack.stop()


def _completions() -> list[str]:
    from bot.listeners.commands.kpi import SUBCOMMANDS

    return ["/mykpis", "/mykpis today", "/mykpis week", "/mykpis last week", "/mykpis month",
            "/mykpis quarter", *(f"/kpi {word}" for word in SUBCOMMANDS),
            ":as ", ":click ", ":help", ":home", ":quit", ":cancel"]


def _terminal_restorer(stdin: TextIO) -> Callable[[], None]:
    """A function that puts the terminal back as it was (readline changes its modes, and a
    Ctrl-C can leave it mid-read)."""
    try:
        import termios

        fd = stdin.fileno()
        saved = termios.tcgetattr(fd)
    except Exception:
        return lambda: None

    def restore() -> None:
        with contextlib.suppress(Exception):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    return restore
