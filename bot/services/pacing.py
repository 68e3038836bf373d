"""How fast scheduled posts go out: many channels at once, each channel at Slack's pace.

Slack allows about one message a second per channel (chat.postMessage's "special" tier, which
also keeps an unpublished workspace-wide limit), and answers 429 with Retry-After when an app
goes faster; the file upload methods are Tier 4 (100+ a minute, generous bursts). So:

- at most `concurrency` posts are worked on at once in the process (`slot`), enough that the
  per-channel pauses overlap, few enough that Slack sees a steady stream;
- at most `database_calls` of their database calls are in the store's line at once
  (`database`): the store refuses a call that waits half a second for a thread (it protects
  the request path), so fifty posts must not queue there together, nor crowd out requests;
- each channel gets one message at a time, the next no sooner than `per_channel` seconds after
  the previous one was answered (`message`): measured from the answer, so two messages can
  never reach Slack closer together than that, however long a call takes;
- a 429 on any call pauses every later message of the process until its Retry-After has
  passed (`pause`): Slack's answer says the workspace is at its limit, not only that channel.

One pacer lives in each process's `Posting`, so the scheduler's jobs, a catch-up and
`kpibot post-scorecards` share it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

PER_CHANNEL = 1.0  # seconds between two messages into one channel (Slack: 1 a second)
CONCURRENCY = 50  # posts in flight at once: each spends most of its time waiting on Slack
DATABASE_CALLS = 2  # the posts' calls in the store's line: a request waits behind two at most
_FORGET_AFTER = 1000  # channels remembered before idle ones are dropped


@dataclass
class _Channel:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last: float = float("-inf")  # when its previous message was answered


class PostPacer:
    """The bound on posts in flight, and each channel's pace. `clock` and `sleep` are the
    monotonic clock and asyncio.sleep; a test may give its own."""

    def __init__(self, *, concurrency: int = CONCURRENCY, per_channel: float = PER_CHANNEL,
                 database_calls: int = DATABASE_CALLS,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if concurrency < 1 or database_calls < 1:
            raise ValueError("concurrency and database_calls must be at least 1")
        self.concurrency = concurrency
        self.per_channel = per_channel
        self._clock, self._sleep = clock, sleep
        self._slots = asyncio.Semaphore(concurrency)
        self._database = asyncio.Semaphore(database_calls)
        self._channels: dict[str, _Channel] = {}
        self._paused_until = float("-inf")

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """One post in flight; waits while `concurrency` others are."""
        async with self._slots:
            yield

    @contextlib.asynccontextmanager
    async def database(self) -> AsyncIterator[None]:
        """One database call of a post; waits (without a time limit) while others are made."""
        async with self._database:
            yield

    @contextlib.asynccontextmanager
    async def message(self, channel: str) -> AsyncIterator[None]:
        """Send one message (or a file shared) into `channel` inside this block."""
        state = self._channels.get(channel)
        if state is None:
            self._forget_idle()
            state = self._channels[channel] = _Channel()
        async with state.lock:
            while True:
                wait = max(state.last + self.per_channel, self._paused_until) - self._clock()
                if wait <= 0:
                    break
                await self._sleep(wait)
            try:
                yield
            finally:
                state.last = self._clock()

    def pause(self, seconds: float) -> None:
        """Slack said 429: no new message for `seconds` (the call itself retries after it)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _forget_idle(self) -> None:
        if len(self._channels) < _FORGET_AFTER:
            return
        now = self._clock()
        for name, state in list(self._channels.items()):
            if not state.lock.locked() and now - state.last > self.per_channel:
                del self._channels[name]
