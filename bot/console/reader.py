"""Reading the console's input lines without blocking the event loop.

Each read runs in a daemon thread, so the loop keeps serving the LocalSlack meanwhile and a
Ctrl-C never waits for a read to finish. On a terminal the prompt comes from `input()` with
readline (line editing, history, tab completion); from a pipe each line is echoed after its
prompt, so a transcript reads like the session it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TextIO

try:  # line editing and history for input(); absent on some platforms, and that is fine
    import readline
except ImportError:  # pragma: no cover
    readline = None  # type: ignore[assignment]


class LineReader:
    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stdin_tty = _isatty(stdin)
        self.stdout_tty = _isatty(stdout)
        # input() prompts and edits only on the process's own terminal
        self.uses_input = (self.stdin_tty and self.stdout_tty and stdin is sys.stdin
                           and stdout is sys.stdout)

    @property
    def interactive(self) -> bool:
        return self.stdin_tty

    def complete_with(self, words: Callable[[], Sequence[str]]) -> None:
        """Tab completion of whole lines (slash commands, console commands)."""
        if not self.uses_input or readline is None:
            return

        def complete(text: str, state: int) -> str | None:
            line = readline.get_line_buffer()
            matches = [w for w in words() if w.startswith(line)]
            if state >= len(matches):
                return None
            # readline replaces only the current word: hand back the rest of the match
            return matches[state][len(line) - len(text):]

        readline.set_completer(complete)
        readline.parse_and_bind("tab: complete")

    async def read(self, prompt: str, *, shown_prompt: str | None = None) -> str | None:
        """The next line without its newline, or None at the end of input.

        `shown_prompt` is the terminal's version of the prompt (it may carry colour).
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str | None] = loop.create_future()

        def deliver(result: str | None, error: BaseException | None) -> None:
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)

        def work() -> None:
            result: str | None = None
            error: BaseException | None = None
            try:
                result = self._read_blocking(shown_prompt or prompt)
            except EOFError:
                result = None
            except Exception as exc:
                error = exc
            with contextlib.suppress(RuntimeError):  # the loop closed while we waited
                loop.call_soon_threadsafe(deliver, result, error)

        threading.Thread(target=work, name="console-input", daemon=True).start()
        line = await future
        if line is not None:
            self._echo(prompt, line)
        return line

    def _read_blocking(self, prompt: str) -> str | None:
        if self.uses_input:
            return input(_readline_safe(prompt))
        if self.stdin_tty:
            self.stdout.write(prompt)
            self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            return None
        return line.rstrip("\r\n")

    def _echo(self, prompt: str, line: str) -> None:
        """Put the input into the output where no terminal did it already."""
        if not self.stdin_tty:
            self.stdout.write(f"{prompt}{line}\n")
        elif not self.stdout_tty:
            self.stdout.write(f"{line}\n")
        self.stdout.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _readline_safe(prompt: str) -> str:
    """Wrap ANSI codes in \\001..\\002 so readline counts the prompt's width right."""
    if "\x1b[" not in prompt or readline is None:
        return prompt
    out = []
    index = 0
    while index < len(prompt):
        if prompt.startswith("\x1b[", index):
            end = prompt.index("m", index) + 1
            out.append("\001" + prompt[index:end] + "\002")
            index = end
        else:
            out.append(prompt[index])
            index += 1
    return "".join(out)
