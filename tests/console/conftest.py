"""Running the console: in this process on a copy of the migrated template, or as `kpibot`."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import pytest

from bot.config import Settings
from bot.console.repl import run_console

RunConsole = Callable[..., Awaitable[tuple[int, str]]]


@pytest.fixture
def console_db(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated SQLite database of the test's own."""
    path = tmp_path / "console.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def run_lines(settings: Settings, console_db: str) -> RunConsole:
    """Feed lines to the console as a pipe would; the exit code and everything it printed."""

    async def run(lines: Sequence[str], *, user: str = "U0SDR1", demo: bool = False
                  ) -> tuple[int, str]:
        configured = settings.model_copy(update={"database_url": console_db})
        stdin = io.StringIO("".join(f"{line}\n" for line in lines))
        stdout = io.StringIO()
        code = await run_console(configured, as_user=user, demo=demo, stdin=stdin,
                                 stdout=stdout)
        return code, stdout.getvalue()

    return run


def kpibot_command() -> list[str]:
    """The installed console script, as a user runs it; `python -m bot` without one."""
    script = Path(sys.executable).parent / "kpibot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def kpibot_env(database_url: str) -> dict[str, str]:
    """The environment without Slack tokens, on a database of the test's own."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "KPI_", "DATABASE_URL", "NO_COLOR"))}
    env["DATABASE_URL"] = database_url
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_kpibot(args: Sequence[str], *, stdin: str, cwd: Path, database_url: str
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*kpibot_command(), *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=kpibot_env(database_url), timeout=120,
                          check=False)
