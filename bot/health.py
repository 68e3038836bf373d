"""/healthz's view of the database: one cheap query at a time, its answer kept briefly."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from storage.db import DatabaseBusy, Store

logger = logging.getLogger(__name__)
FRESH_FOR = 1.5  # seconds an answer stands: probes every second cost the database one query
ANSWER_WITHIN = 2.0  # a load balancer's probe gives up soon; so does this one


class DatabaseHealth:
    """Whether the database answers `SELECT 1` through the same threads the commands use.

    Concurrent probes share one query, and a query that hangs is waited for, not repeated:
    a stuck database costs one thread, however often /healthz is asked."""

    def __init__(self, store: Store, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.clock = clock
        self._checked_at = -FRESH_FOR
        self._problem: str | None = None
        self._probe: asyncio.Task[str | None] | None = None

    async def problem(self) -> str | None:
        """None while the database answers, else a short reason (no connection details)."""
        if self._probe is None:
            if self.clock() - self._checked_at < FRESH_FOR:
                return self._problem
            self._probe = asyncio.create_task(self._check())
            self._probe.add_done_callback(self._remember)
        probe = self._probe
        done, _ = await asyncio.wait({probe}, timeout=ANSWER_WITHIN)
        return probe.result() if done else "did not answer"

    def _remember(self, probe: asyncio.Task[str | None]) -> None:
        self._problem = "did not answer" if probe.cancelled() else probe.result()
        self._checked_at = self.clock()
        self._probe = None

    async def _check(self) -> str | None:
        try:
            await self.store.ping()
        except DatabaseBusy:
            return "busy"
        except Exception as exc:  # any failure means unhealthy, and the log says which kind
            logger.warning("health check failed: %s", type(exc).__name__)
            return "unreachable"
        return None
