"""A clock for the posts' pacer that moves only when a task waits: tests of posting keep every
pause (per channel, after a 429) exact and spend no real seconds on them."""

from __future__ import annotations

import asyncio
from typing import Any


class VirtualTime:
    """A monotonic clock that advances only by what tasks sleep."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float, *args: Any) -> None:
        wake = self.now + max(seconds, 0.0)
        await asyncio.sleep(0)  # let every task that is ready run first
        self.now = max(self.now, wake)
