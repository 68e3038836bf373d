"""`kpibot` as a real process, with a claim stale window of a few seconds (argv[1]).

The kill -9 tests need a dead process's claim to go stale; the production window is two
minutes, which no test should wait out. Everything else is the real command.
"""

from __future__ import annotations

import functools
import sys
from datetime import timedelta

import bot.services.posting as posting

posting.Posting = functools.partial(  # type: ignore[misc, assignment]
    posting.Posting, stale_after=timedelta(seconds=float(sys.argv[1])))

from bot.cli import main  # noqa: E402  # after the patch: the command reads it when it runs

raise SystemExit(main(sys.argv[2:]))
