"""`kpibot console --demo` on a terminal: typed through a pseudo-terminal, read back."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.console.conftest import kpibot_command, kpibot_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|[\x01\x02\r]")


class Terminal:
    """The far side of a pseudo-terminal: type, and wait for text to appear."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.raw = b""
        self.seen = 0  # where the next wait starts looking

    @property
    def text(self) -> str:
        return ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def wait_for(self, wanted: str, timeout: float = 30.0) -> str:
        """Everything shown since the last wait, up to and including `wanted`."""
        deadline = time.monotonic() + timeout
        while wanted not in self.text[self.seen:]:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{wanted!r} never appeared; the screen:\n{self.text}")
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the program ended and closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"the console ended early; the screen:\n{self.text}")
                self.raw += chunk
        end = self.text.index(wanted, self.seen) + len(wanted)
        shown, self.seen = self.text[self.seen:end], end
        return shown


def test_typing_a_command_on_a_terminal_shows_the_answer(tmp_path: Path) -> None:
    main, secondary = os.openpty()
    env = {**kpibot_env(f"sqlite:///{tmp_path / 'never-used.db'}"), "TERM": "xterm-256color"}
    process = subprocess.Popen([*kpibot_command(), "console", "--demo"], stdin=secondary,
                               stdout=secondary, stderr=secondary, cwd=tmp_path, env=env,
                               start_new_session=True)
    os.close(secondary)
    screen = Terminal(main)
    try:
        banner = screen.wait_for("U0SDR1> ")
        assert "You are U0SDR1 (Maya Patel)" in banner and "U0MGR1" in banner
        screen.type("/mykpis\r")
        card = screen.wait_for("U0SDR1> ")
        assert "Your KPIs · Week" in card and "of 275" in card
        assert b"\x1b[1m" in screen.raw  # bold on a terminal
        screen.type(":as U0SDR3\r")
        assert "You are now U0SDR3 (Sofia Alvarez)." in screen.wait_for("U0SDR3> ")
        screen.type("/kpi log\r")
        screen.wait_for("Day (YYYY-MM-DD) [")
        screen.type("\r")
        screen.wait_for("Calls (optional): ")
        screen.type("17\r")
        for _ in range(11):  # the other fields stay empty
            screen.wait_for(": ")
            screen.type("\r")
        confirmation = screen.wait_for("U0SDR3> ")
        assert "Logged for today: Calls 17." in confirmation
        screen.type("\x04")  # Ctrl-D at an empty prompt leaves
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    assert not (tmp_path / "never-used.db").exists()
